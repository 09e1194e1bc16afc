// The CLI in French end to end: `kpilens … --locale fr` on the sample KPI file and its real data
// (DuckDB), reading the actual lines. The figures are the English run's (the same rows), written
// the French way: 219602.53 EUR → 219 602,53 €, ▲22.5 % → ▲22,5 %, with U+00A0 (S below) between
// digit groups and before units. JSON stays the machine format (English keys, raw numbers).
import { strict as assert } from 'assert';
import { useLocale } from '../../../src/core/l10n/l10n';
import { runCli } from '../helpers';

const S = '\u00A0';
const SAMPLE = 'samples/loyalty.kpi.yaml';

describe('CLI in French', () => {
  afterEach(() => useLocale('en', undefined));

  it('run: the terminal report reads French, with French figures', async () => {
    const en = await runCli(['run', SAMPLE]);
    const fr = await runCli(['run', SAMPLE, '--locale', 'fr']);
    assert.equal(fr.code, 0, fr.err);
    const lines = fr.out.split('\n');
    assert.equal(lines[0], `Customer loyalty — au 31${S}décembre${S}2025`);
    assert.equal(lines[2], 'Revenue (revenue) — sum · monthly · par channel, plan');
    assert.equal(lines[3], `par channel${S}:`);
    assert.match(lines[4], /^Période {2}Ensemble {14}channel=marketplace/);
    // The same December row as in English (digit groups with commas): 219,602.53 EUR ▲22.5 %, 20,961.29 EUR ▲16 %…
    assert.ok(
      en.out.includes('2025-12  219,602.53 EUR ▲22.5 %  20,961.29 EUR ▲16 %  69,861.16 EUR ▲34.9 %'),
      en.out.slice(0, 2000),
    );
    assert.ok(
      lines.includes(
        `2025-12  219${S}602,53${S}€ ▲22,5${S}%  20${S}961,29${S}€ ▲16${S}%    69${S}861,16${S}€ ▲34,9${S}%  44${S}653,32${S}€ ▲24,9${S}%  84${S}126,76${S}€ ▲14,3${S}%`,
      ),
      fr.out.slice(0, 2000),
    );
    assert.ok(lines.includes('Cohorte  J30      J60      J90'));
    assert.ok(
      lines.includes(
        `† sous le minimum (min_sample 30)${S}: 2025-10${S}: n = 6${S}; 2025-11${S}: n = 4${S}; 2025-12${S}: n = 2`,
      ),
    );
    assert.ok(
      lines.includes(
        `[bas – haut]${S}: intervalle de confiance à 95${S}%${S}; sig. / n.s.${S}: la variation est / n’est pas significative au seuil p < 0,05`,
      ),
    );
    assert.ok(
      lines.some((l) => /^spec [0-9a-f]{12} · données [0-9a-f]{12} \(4 fichiers\)$/.test(l)),
      fr.out.slice(-300),
    );
    // The diagnostics keep the contract's `warning` and code.
    assert.match(fr.out, /^samples\/loyalty\.kpi\.yaml:70:13: warning: .* \[invalid-values\]$/m);
    // English is what it always was.
    assert.equal(en.out.split('\n')[0], 'Customer loyalty — as of 2025-12-31');
  });

  it('run --format md in French; --format json is the same as in English', async () => {
    const md = await runCli(['run', SAMPLE, '--format', 'md', '--locale', 'fr']);
    assert.equal(md.code, 0, md.err);
    assert.ok(md.out.startsWith(`## Customer loyalty — au 31${S}décembre${S}2025\n`));
    assert.ok(
      md.out.includes(`Dernière valeur (2025-12)${S}: **219${S}602,53${S}€** ▲22,5${S}% vs période précédente`),
      md.out.slice(0, 800),
    );
    assert.ok(
      md.out.includes(
        `Dernière valeur (2025-12)${S}: **68,07${S}€** ▲4,5${S}% vs période précédente · cible ≥ 45${S}€ ✅`,
      ),
    );
    const jsonFr = await runCli(['run', SAMPLE, '--format', 'json', '--locale', 'fr']);
    const jsonEn = await runCli(['run', SAMPLE, '--format', 'json']);
    // The same JSON — raw numbers, English messages (the sample's invalid-values warning) — to 9 significant digits: DuckDB's
    // parallel float sums may differ in the last bits between any two runs.
    const frDiagnostics = (JSON.parse(jsonFr.out) as { diagnostics: Array<{ code: string; message: string }> })
      .diagnostics;
    assert.ok(
      frDiagnostics.some(
        (d) => d.code === 'invalid-values' && d.message.includes('answer(s) skipped, not an integer 0..10'),
      ),
      jsonFr.out.slice(-600),
    );
    const rounded = (text: string) =>
      JSON.stringify(JSON.parse(text), (_k, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(9)) : v));
    assert.equal(rounded(jsonFr.out), rounded(jsonEn.out));
    assert.ok(!jsonFr.out.includes('€') && !jsonFr.out.includes('Ensemble'));
    assert.equal((JSON.parse(jsonFr.out) as { as_of: string }).as_of, '2025-12-31');
  });

  it('check, help and usage errors in French', async () => {
    const check = await runCli(['check', SAMPLE, '--locale', 'fr']);
    assert.equal(check.code, 0);
    // 0 takes the singular in French.
    assert.equal(check.err, `vérification de 1 fichier${S}: 0 erreur, 0 avertissement\n`);
    const checkEn = await runCli(['check', SAMPLE]);
    assert.equal(checkEn.err, 'checked 1 file: 0 errors, 0 warnings\n');
    const help = await runCli(['run', '--help', '--locale', 'fr']);
    assert.ok(
      help.out.startsWith(
        `Utilisation${S}: kpilens run [options] <file>\n\ncalculer les KPI d’un fichier sur ses données et afficher le rapport\n`,
      ),
      help.out,
    );
    assert.ok(help.out.includes(`table, json, csv, md ou html (par défaut${S}: "table")`), help.out);
    assert.ok(help.out.includes('afficher l’aide de la commande'), help.out);
    // Never wrapped at a no-break space: no line of the help starts with « : ».
    const main = await runCli(['--help', '--locale', 'fr']);
    assert.ok(
      !/\n\s*:/.test(main.out) && main.out.includes(`langue des messages et des formats de nombres${S}:`),
      main.out,
    );
    const unknown = await runCli(['run', SAMPLE, '--bogus', '--locale', 'fr']);
    assert.equal(unknown.code, 2);
    assert.equal(unknown.err, `erreur${S}: option inconnue «${S}--bogus${S}»\n`);
    const typo = await runCli(['chek', '--locale', 'fr']);
    assert.equal(typo.err, `erreur${S}: commande inconnue «${S}chek${S}»\n(Vouliez-vous dire check${S}?)\n`);
    const missing = await runCli(['run', 'missing.kpi.yaml', '--locale', 'fr']);
    assert.equal(missing.code, 2);
    assert.equal(missing.err, `kpilens: impossible de lire missing.kpi.yaml${S}: fichier introuvable\n`);
    const format = await runCli(['run', SAMPLE, '--format', 'xls', '--locale', 'fr']);
    assert.equal(format.err, `kpilens: format inconnu «${S}xls${S}»${S}: utilisez table, json, csv, md, html\n`);
  });
});
