// Writes the French sample export (samples/fr/): clients.xlsx, a workbook as a CRM exports
// it (a read-me sheet first, then 'Clients' with date cells); avis.csv, survey answers as a
// survey tool exports them for Excel in France (windows-1252, ';', CRLF, ’ € Œ – in the
// comments); and ventes.csv, an order export as Excel writes it in France (windows-1252, ';',
// decimal comma, dd/mm/yyyy hh:mm, CRLF).
// The rows are small and written out below (tests compute their KPIs by hand); the workbook's
// dates are fixed so its content is the same on every run. `npm run compile && node
// out/scripts/generate-french-sample.js [DIR]`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';

/** client, Nom, Région, formule, inscription (a date cell). */
export const CLIENTS: readonly [string, string, string, string, Date][] = [
  ['C001', 'Dupont', 'Île-de-France', 'premium', new Date(Date.UTC(2025, 0, 3))],
  ['C002', 'Martin', 'Bretagne', 'standard', new Date(Date.UTC(2025, 0, 10))],
  ['C003', 'Lefèvre', 'Provence-Alpes-Côte d’Azur', 'standard', new Date(Date.UTC(2025, 1, 2))],
  ['C004', 'Cœurdevey', 'Île-de-France', 'premium', new Date(Date.UTC(2025, 1, 14))],
  ['C005', 'Müller', 'Grand Est', 'standard', new Date(Date.UTC(2025, 2, 1))],
];

/** The survey answers: a note from 0 to 10 (the NPS question) and a comment. */
export const AVIS = [
  'client;date de réponse;note;commentaire',
  'C001;2025-01-20 10:30:00;10;Très bien – livraison rapide',
  'C002;2025-01-25 18:00:00;6;Prix élevé : 5 € de frais',
  'C003;2025-02-05 09:15:00;9;L’équipe est top',
  'C004;2025-02-20 14:00:00;7;Œuvre d’art bien emballée',
  'C005;2025-03-10 11:45:00;8;',
  'C001;2025-03-15 16:20:00;9;Toujours parfait',
];

/** The order export's lines, as Excel writes them in France. */
export const VENTES = [
  'n° commande;client;date;Montant TTC;canal;commentaire',
  '1;C001;05/01/2025 14:05;12,50;web;l’été',
  '2;C002;12/01/2025 09:30;40,00;magasin;',
  '3;C001;31/01/2025 23:45;7,50;web;Œuf – promo',
  '4;C003;03/02/2025 10:00;100,00;magasin;5 € offerts',
  '5;C004;15/02/2025 18:20;25,25;web;',
  '6;C001;20/02/2025 11:11;9,75;web;',
  '7;C005;02/03/2025 08:00;60,00;magasin;',
  '8;C002;15/03/2025 16:40;30,00;web;',
];

export async function writeFrenchSample(dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const wb = new ExcelJS.Workbook();
  wb.creator = 'KPI Lens sample';
  wb.created = wb.modified = new Date(Date.UTC(2025, 3, 1));
  wb.addWorksheet('Lisez-moi').addRow(['Export CRM du 01/04/2025 — clients actifs']);
  const ws = wb.addWorksheet('Clients');
  ws.addRow(['client', 'Nom', 'Région', 'formule', 'inscription']);
  for (const c of CLIENTS) ws.addRow([...c]);
  ws.getColumn(5).numFmt = 'dd/mm/yyyy';
  await wb.xlsx.writeFile(path.join(dir, 'clients.xlsx'));
  fs.writeFileSync(path.join(dir, 'avis.csv'), iconv.encode(AVIS.join('\r\n') + '\r\n', 'windows-1252'));
  fs.writeFileSync(path.join(dir, 'ventes.csv'), iconv.encode(VENTES.join('\r\n') + '\r\n', 'windows-1252'));
}

if (require.main === module) {
  const dir = process.argv[2] ?? path.join(__dirname, '..', '..', 'samples', 'fr');
  writeFrenchSample(dir).then(
    () => console.log(`wrote ${dir}/clients.xlsx, avis.csv and ventes.csv`),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
