// `kpilens list FILE`: the KPIs a file declares — type, source, period, segments, target and
// the exact definition — so a reader sees what will be computed without reading the YAML.
import { formatDiagnosticLine } from '../../core/kpifile/diagnostic';
import { kpiType } from '../../core/kpis/registry';
import type { KpiSpec } from '../../core/kpifile/model';
import { formatValue } from '../../core/report/formatValue';
import { renderTextTable } from '../textTable';
import { checkKpiFileArg } from '../kpiFileArg';
import { UsageError } from '../io';
import type { CliIo } from '../io';
import * as path from 'path';
import * as l10n from '../../core/l10n/l10n';
import { countText } from '../countText';
import { referenceFields } from '../../core/kpis/kpiRules';

export function describeTarget(kpi: KpiSpec): string {
  const t = kpi.target;
  if (!t) return '';
  const parts: string[] = [];
  const show = (v: number) => formatValue(v, kpi.format, { currency: kpi.currency });
  if (t.min !== undefined) parts.push(`≥ ${show(t.min)}`);
  if (t.max !== undefined) parts.push(`≤ ${show(t.max)}`);
  return parts.length === 2 ? l10n.t('{0} and {1}', parts[0], parts[1]) : parts.join('');
}

function inputsOf(kpi: KpiSpec): string {
  if (kpi.source) {
    const column = typeof kpi.fields.column === 'string' ? `.${kpi.fields.column}` : '';
    return `${kpi.source}${column}`;
  }
  // The KPIs and source columns its type's fields name.
  const def = kpiType(kpi.type);
  const refs = (def ? referenceFields(def) : [])
    .filter(([, f]) => f.ref?.kind !== 'column' && f.ref?.kind !== 'source')
    .map(([name]) => kpi.fields[name])
    .filter((v): v is string => typeof v === 'string');
  return refs.join(', ');
}

export async function listCommand(io: CliIo, file: string, options: { format: string }): Promise<number> {
  if (!['table', 'json'].includes(options.format))
    throw new UsageError(
      l10n.t("unknown format '{0}' for {1}: use {2}", options.format, 'list', l10n.t('{0} or {1}', 'table', 'json')),
    );
  const {
    check: { model, diagnostics },
  } = await checkKpiFileArg(io, file);
  for (const d of diagnostics) io.err(formatDiagnosticLine(d, file) + '\n');
  const kpis = [...model.kpis.values()];
  if (options.format === 'json') {
    io.out(
      JSON.stringify(
        {
          title: model.title ?? null,
          kpis: kpis.map((k) => ({
            name: k.name,
            title: k.title,
            type: k.type,
            inputs: inputsOf(k),
            period: k.period ?? null,
            segments: k.segments,
            format: k.format,
            target: k.target ?? null,
            direction: k.direction,
            definition: kpiType(k.type)?.formula ?? null,
          })),
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    io.out(`${model.title ?? path.basename(file)} — ${countText(kpis.length, 'KPI')}\n\n`);
    io.out(
      renderTextTable(
        [l10n.t('KPI'), l10n.t('Type'), l10n.t('Reads'), l10n.t('Period'), l10n.t('Segments'), l10n.t('Target')],
        kpis.map((k) => [k.name, k.type, inputsOf(k), k.period ?? '', k.segments.join(', '), describeTarget(k)]),
      ),
    );
  }
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}
