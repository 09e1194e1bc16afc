// `kpilens customers FILE [--kpi NAME] [--segment [SEGMENT=]VALUE]`: the customers of a
// predictive clv KPI at its latest period end, with their scores and their value in each score
// segment of the file (engine/evaluation/scoreSegments.ts), optionally only those of one
// segment value, sorted by CLV — as CSV or JSON, written atomically to --out or printed. The
// only way customer-level values leave the engine (SECURITY.md).
import * as path from 'path';
import type { CheckResult } from '../../core/kpifile/checkFile';
import { isValidDate } from '../../core/expr';
import { ConnectionChoiceError } from '../../core/run/kpiFileEngine';
import { runCustomerListing } from '../../core/run/customerListingRun';
import { renderCustomerListingCsv, renderCustomerListingJson } from '../../core/report/customerListing';
import type { SegmentFilter } from '../../core/report/customerListing';
import { scoresCustomers } from '../../core/kpis/kpiRules';
import { RFM_GROUP_NAMES } from '../../core/stats/customerSegments';
import { closest, didYouMean } from '../../core/util/suggest';
import { withInterrupt, writeReport } from '../commandRun';
import { engineFailure } from '../engineFailure';
import { checkKpiFileArg } from '../kpiFileArg';
import { UsageError } from '../io';
import type { CliIo } from '../io';
import * as l10n from '../../core/l10n/l10n';
import { printable } from '../../core/util/quote';

export interface CustomersCommandOptions {
  kpi?: string;
  segment?: string;
  format: string;
  out?: string;
  asOf?: string;
  /** commander's --no-cache: false when given. */
  cache?: boolean;
}

const FORMATS = ['csv', 'json'];

export async function customersCommand(io: CliIo, file: string, options: CustomersCommandOptions): Promise<number> {
  if (!FORMATS.includes(options.format))
    throw new UsageError(l10n.t("unknown format '{0}': use {1}", options.format, FORMATS.join(', ')));
  if (options.asOf !== undefined && !isValidDate(options.asOf))
    throw new UsageError(l10n.t("--as-of '{0}' is not a date: write YYYY-MM-DD", options.asOf));
  const { abs, check } = await checkKpiFileArg(io, file, options.kpi ? [options.kpi] : []);
  const kpi = predictiveClvOf(check, options.kpi, file);
  const filter = options.segment !== undefined ? segmentFilter(check, options.segment, file) : undefined;
  let diagnostics;
  try {
    const run = await withInterrupt((signal) =>
      runCustomerListing(abs, check, kpi, filter, {
        asOf: options.asOf,
        displayPath: file,
        signal,
        ...(options.cache === false ? {} : { cacheDir: path.join(path.dirname(abs), '.kpilens', 'cache') }),
      }),
    );
    diagnostics = run.diagnostics;
    for (const d of diagnostics)
      io.err(`${printable(`${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`)}\n`);
    const listing = run.listing;
    if (!listing) {
      io.err(
        `kpilens: ${l10n.t("no customer scores for KPI '{0}' (no fit at its latest period end, see the diagnostics)", kpi)}\n`,
      );
      return 1;
    }
    // `--segment champion` matching no value of the segments at that date: a typo, not an empty list.
    if (filter && listing.rows.length === 0 && !(run.values ?? []).includes(filter.value)) {
      io.err(
        `kpilens: ${l10n.t("--segment: '{0}' is no value of the score segments at {1} ({2})", filter.value, listing.at, (run.values ?? []).slice(0, 12).join(', '))}${didYouMean(closest(filter.value, run.values ?? []))}\n`,
      );
      return 2;
    }
    const text = options.format === 'json' ? renderCustomerListingJson(listing) : renderCustomerListingCsv(listing);
    await writeReport(io, text, options.out);
    if (options.out) io.err(`${l10n.t("{0} customers of KPI '{1}' at {2}", listing.rows.length, kpi, listing.at)}\n`);
  } catch (err) {
    if (err instanceof ConnectionChoiceError) {
      io.err(`kpilens: ${err.message}\n`);
      return 1;
    }
    const code = engineFailure(io, err, 'run');
    if (code !== undefined) return code;
    throw err;
  }
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

/** The predictive clv KPI to list (--kpi, else the file's only one), or a usage error. */
export function predictiveClvOf(check: CheckResult, kpi: string | undefined, file: string): string {
  const isPredictive = (name: string) => {
    const k = check.model.kpis.get(name);
    return k !== undefined && scoresCustomers(k);
  };
  const all = [...check.model.kpis.keys()].filter(isPredictive);
  if (kpi !== undefined) {
    if (isPredictive(kpi)) return kpi;
    throw new UsageError(
      l10n.t(
        "KPI '{0}' is not a predictive clv (type: clv, method: predictive); {1}",
        kpi,
        all.length ? l10n.t('the predictive clv KPIs of {0}: {1}', file, all.join(', ')) : l10n.t('{0} has none', file),
      ),
    );
  }
  if (all.length === 1) return all[0];
  if (all.length === 0)
    throw new UsageError(l10n.t('{0} has no predictive clv KPI (type: clv, method: predictive)', file));
  throw new UsageError(l10n.t('choose one of the predictive clv KPIs of {0} with --kpi: {1}', file, all.join(', ')));
}

/** `--segment VALUE` or `--segment SEGMENT=VALUE`, checked against the file's score segments. */
export function segmentFilter(check: CheckResult, text: string, file: string): SegmentFilter {
  const scored = [...check.model.segments.values()].filter((s) => s.score);
  if (scored.length === 0)
    throw new UsageError(
      l10n.t(
        '--segment needs a score segment in {0} (e.g. rfm_group: {1})',
        file,
        '{ score: rfm_group, revenue: orders.amount }',
      ),
    );
  const eq = text.indexOf('=');
  const name = eq >= 0 ? text.slice(0, eq) : undefined;
  const value = eq >= 0 ? text.slice(eq + 1) : text;
  if (name !== undefined && !scored.some((s) => s.name === name))
    throw new UsageError(
      `${l10n.t("--segment: '{0}' is not a score segment of {1}", name, file)}${didYouMean(
        closest(
          name,
          scored.map((s) => s.name),
        ),
      )}`,
    );
  // A group name is known before the run: a typo is told now.
  const groups = scored.filter((s) => s.score?.kind === 'rfm_group' && (name === undefined || s.name === name));
  const onlyGroups = name !== undefined && groups.length === 1;
  if (onlyGroups && !(RFM_GROUP_NAMES as readonly string[]).includes(value))
    throw new UsageError(
      `${l10n.t("--segment: '{0}' is not an RFM group ({1})", value, RFM_GROUP_NAMES.join(', '))}${didYouMean(closest(value, RFM_GROUP_NAMES))}`,
    );
  return { ...(name !== undefined ? { segment: name } : {}), value };
}
