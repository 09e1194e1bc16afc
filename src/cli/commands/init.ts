// `kpilens init [DIR] [--template loyalty|empty] [--force]`: starts a KPI project — writes the
// loyalty pack (loyalty.kpi.yaml) or an empty file (kpis.kpi.yaml) into DIR (created if
// needed), atomically, and says which data files it expects. An existing file is never
// replaced without --force (wrong usage, exit 2).
import * as fs from 'fs';
import * as path from 'path';
import { buildModel } from '../../core/kpifile/model';
import { YamlDocument } from '../../core/kpifile/yamlDocument';
import { EMPTY_KPI_FILE, LOYALTY_PACK } from '../../core/templates/kpiTemplates';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import { displayPath } from '../findKpiFiles';
import { UsageError } from '../io';
import type { CliIo } from '../io';
import * as l10n from '../../core/l10n/l10n';

export const INIT_TEMPLATES = {
  loyalty: {
    file: 'loyalty.kpi.yaml',
    text: LOYALTY_PACK,
    what: () => l10n.t('the loyalty pack: revenue, NPS, CSAT, churn, retention, CAC, CLV…'),
  },
  empty: { file: 'kpis.kpi.yaml', text: EMPTY_KPI_FILE, what: () => l10n.t('one source, one period, one KPI') },
} as const;

export interface InitCommandOptions {
  template: string;
  force?: boolean;
}

export async function initCommand(io: CliIo, dir: string | undefined, options: InitCommandOptions): Promise<number> {
  if (!(options.template in INIT_TEMPLATES))
    throw new UsageError(
      l10n.t(
        "unknown template '{0}': use {1}",
        options.template,
        Object.keys(INIT_TEMPLATES).reduce((a, b) => l10n.t('{0} or {1}', a, b)),
      ),
    );
  const template = INIT_TEMPLATES[options.template as keyof typeof INIT_TEMPLATES];
  const folder = path.resolve(io.cwd, dir ?? '.');
  if (fs.existsSync(folder) && !fs.statSync(folder).isDirectory())
    throw new UsageError(l10n.t('{0} is not a folder', dir ?? '.'));
  const file = path.join(folder, template.file);
  const shown = displayPath(io.cwd, file);
  if (fs.existsSync(file) && !options.force)
    throw new UsageError(l10n.t('{0} exists: use --force to replace it', shown));
  await fs.promises.mkdir(folder, { recursive: true });
  await writeFileAtomic(file, template.text);
  io.out(`${l10n.t('created {0} ({1})', shown, template.what())}\n`);
  const model = buildModel(file, new YamlDocument(file, template.text).value);
  const expected = [...model.sources.values()].flatMap((s) => (s.file !== undefined ? [s.file] : []));
  const missing = expected.filter((f) => !fs.existsSync(path.join(folder, f)));
  if (missing.length > 0) {
    const where =
      path.resolve(io.cwd) === folder
        ? l10n.t('next: put your data in {0} (relative to this folder), or edit the sources', missing.join(', '))
        : l10n.t(
            'next: put your data in {0} (relative to {1}), or edit the sources',
            missing.join(', '),
            displayPath(io.cwd, folder),
          );
    io.out(`${where}\n`);
  }
  io.out(`${l10n.t('then: {0}', `kpilens check ${shown} && kpilens run ${shown}`)}\n`);
  return 0;
}
