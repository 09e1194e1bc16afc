// Score segments (docs/DSL.md `segments: { x: { score: … } }`): before the scans, for each
// purchase source and revenue column that score segments read, one customer summary per
// period end (sql/scoreSegmentQuery.ts, kept as a temporary table), the models fitted per end
// in JavaScript (BG/NBD for p_alive; BG/NBD + Gamma-Gamma for clv_decile), each customer's value
// per segment (stats/customerSegments.ts), and a temporary table (end, customer, one column per
// segment) that the scans join on the customer key and the end of each row's window
// (sql/scanQuery.ts `score`). A row whose customer has no purchase on or before the window's
// end falls in the null slice. On DuckDB and PostgreSQL (where the run holds one connection,
// engineSession.ts); the tables are dropped when the run ends.
import type { Engine } from '../backends/engine';
import type { Dialect } from '../sql/dialect';
import type { SourceContext } from '../sources/sourceContext';
import type { PeriodWindow } from './periods';
import type { SegmentSpec, SpecModel } from '../../kpifile/model';
import { CompileError } from '../sql/exprToSql';
import { dropTableSql, scoreLabelsTableSql, scoreSummaryRowsSql, scoreSummaryTableSql } from '../sql/scoreSegmentQuery';
import { EngineError } from '../backends/engine';
import { fitBgnbd } from '../../stats/bgnbd';
import type { BgnbdParams } from '../../stats/bgnbd';
import { ClvScorer, fitClvModel, MIN_CUSTOMERS, MIN_REPEAT_CUSTOMERS } from '../../stats/clvModel';
import { FITTED_KINDS, scoreSegmentValues } from '../../stats/customerSegments';
import type { ScoredCustomer, ScoreModels } from '../../stats/customerSegments';
import type { EvaluationState, Request } from './evaluationState';
import * as l10n from '../../l10n/l10n';

import type { ScoreLookup } from '../sql/scanQuery';
import { uniqueRanges } from './windowRanges';
export type { ScoreLookup };

export interface ScoreNote {
  segment: string;
  message: string;
}

/** Every customer's value in each score segment at one period end (the customer listing). */
export interface ScoreSegmentValues {
  end: string;
  customers: string[];
  values: Record<string, (string | null)[]>;
}

export interface ScoreSegmentsInput {
  engine: Engine;
  dialect: Dialect;
  signal?: AbortSignal;
  model: SpecModel;
  /** The segments of each request and the windows of its period. */
  uses: { segments: string[]; windows: PeriodWindow[] }[];
  sources: ReadonlyMap<string, SourceContext>;
  /** Every declared score segment is also computed at these ends and given here with its customers. */
  /**
   * Every declared score segment is also computed at these ends (default: the latest window end
   * of the run) and given here with its customers.
   */
  listing?: { ends?: string[]; onValues: (values: ScoreSegmentValues) => void };
}

let tableCounter = 0;

export class ScoreSegments {
  private readonly lookups = new Map<string, ScoreLookup>();
  private readonly tables: string[] = [];
  private listingEnds: string[] = [];
  /** Ends without a fit, by segment and reason. */
  private readonly failures = new Map<string, { segment: string; reason: string; ends: string[] }>();

  private constructor(private readonly input: ScoreSegmentsInput) {}

  /** One note per segment and reason of a missing fit, with its ends. */
  get notes(): ScoreNote[] {
    return [...this.failures.values()].map(({ segment, reason, ends }) => ({
      segment,
      message:
        ends.length === 1
          ? l10n.t("segment '{0}': no value at {1}: {2}", segment, ends[0], reason)
          : l10n.t(
              "segment '{0}': no value at {1} period ends ({2}): {3}",
              segment,
              ends.length,
              `${ends.slice(0, 3).join(', ')}${ends.length > 3 ? ', …' : ''}`,
              reason,
            ),
    }));
  }

  /** The segment's lookup, or undefined when it is not a score segment. */
  lookup(name: string): ScoreLookup | undefined {
    return this.lookups.get(name);
  }

  static async prepare(input: ScoreSegmentsInput): Promise<ScoreSegments> {
    const s = new ScoreSegments(input);
    await s.build();
    return s;
  }

  async drop(): Promise<void> {
    for (const t of this.tables.splice(0)) {
      try {
        await this.input.engine.query(dropTableSql(t));
      } catch {
        // A stopped engine took its temporary tables with it.
      }
    }
  }

  private async build(): Promise<void> {
    const { model } = this.input;
    const endsOf = new Map<string, Set<string>>();
    const add = (seg: string, end: string) => endsOf.set(seg, (endsOf.get(seg) ?? new Set()).add(end));
    for (const use of this.input.uses)
      for (const name of use.segments) {
        if (!model.segments.get(name)?.score) continue;
        // Every window's end and each of its comparisons' (`compare: [previous, year_ago]`).
        for (const range of uniqueRanges(use.windows)) add(name, range.end);
      }
    const listing = this.input.listing;
    if (listing) {
      const latest = this.input.uses.flatMap((u) => u.windows.map((w) => w.end)).sort();
      this.listingEnds = listing.ends ?? latest.slice(-1);
      for (const seg of model.segments.values()) if (seg.score) for (const e of this.listingEnds) add(seg.name, e);
    }
    // Segments reading the same revenue column share one summary.
    const groups = new Map<string, SegmentSpec[]>();
    for (const name of endsOf.keys()) {
      const seg = model.segments.get(name) as SegmentSpec;
      const revenue = seg.score?.revenue ?? '';
      groups.set(revenue, [...(groups.get(revenue) ?? []), seg]);
    }
    for (const [revenue, segs] of groups) {
      const ends = [...new Set(segs.flatMap((g) => [...(endsOf.get(g.name) ?? [])]))].sort();
      try {
        await this.buildGroup(revenue, segs, ends, endsOf);
      } catch (err) {
        const why =
          err instanceof CompileError
            ? err.message
            : err instanceof EngineError && err.kind === 'query'
              ? err.message
              : undefined;
        if (why === undefined) throw err;
        for (const g of segs) this.lookups.set(g.name, { error: why });
      }
    }
  }

  /**
   * The segments of one revenue column at `ends` (the union of theirs, one summary); each
   * segment's values are computed — its models fitted — only at its own ends (`endsOf`): a fit
   * nothing reads would cost its time and could warn of a date no KPI shows.
   */
  private async buildGroup(
    revenue: string,
    segs: SegmentSpec[],
    ends: string[],
    endsOf: ReadonlyMap<string, ReadonlySet<string>>,
  ): Promise<void> {
    const { engine, dialect, signal } = this.input;
    const [sourceName, column] = revenue.split('.');
    const source = this.input.sources.get(sourceName);
    if (!source || !column) throw new CompileError(l10n.t("its source '{0}' cannot be read", sourceName));
    if (!dialect.runs)
      throw new CompileError(
        l10n.t(
          'score segments are computed where KPI Lens runs the SQL (DuckDB, PostgreSQL): {0} SQL is printed only',
          dialect.title,
        ),
      );
    const id = `${process.pid}_${++tableCounter}`;
    const summary = `__kpilens_summary_${id}`;
    const labels = `__kpilens_scores_${id}`;
    this.tables.push(summary);
    const summarySql = scoreSummaryTableSql(summary, source, column, ends, dialect);
    await engine.query(summarySql.sql, summarySql.params, { signal });
    const listing = this.input.listing;
    const rows = await engine.query(scoreSummaryRowsSql(summary, listing !== undefined), [], { signal });
    // Rows come in (end, customer) order: each end's customers are one run of rows.
    const values = segs.map(() => [] as (string | null)[]);
    let from = 0;
    while (from < rows.length) {
      const end = String(rows[from].__e);
      let to = from;
      while (to < rows.length && String(rows[to].__e) === end) to++;
      const customers: ScoredCustomer[] = [];
      for (let i = from; i < to; i++) {
        const r = rows[i];
        customers.push({
          summary: {
            frequency: Number(r.frequency),
            recency: Number(r.recency),
            T: Number(r.age),
            monetary: Number(r.monetary),
          },
          total: Number(r.total),
        });
      }
      const atEnd = segs.map((g) => {
        const score = g.score;
        if (!score || !endsOf.get(g.name)?.has(end)) return customers.map(() => null);
        return scoreSegmentValues(score.kind, customers, end, this.models(g, customers, end), score.bands);
      });
      atEnd.forEach((v, i) => values[i].push(...v));
      if (listing && this.listingEnds.includes(end))
        listing.onValues({
          end,
          customers: rows.slice(from, to).map((r) => String(r.__k)),
          values: Object.fromEntries(segs.map((g, i) => [g.name, atEnd[i]])),
        });
      from = to;
    }
    // Each value as its index in the segment's sorted list of values.
    const columns = segs.map((_g, i) => {
      const dict = [...new Set(values[i].filter((v): v is string => v !== null))].sort();
      const index = new Map(dict.map((v, j) => [v, j]));
      return { name: `v${i}`, dict, indices: values[i].map((v) => (v === null ? null : (index.get(v) ?? null))) };
    });
    this.tables.push(labels);
    const labelsSql = scoreLabelsTableSql(labels, summary, columns, dialect);
    await engine.query(labelsSql.sql, labelsSql.params, { signal });
    segs.forEach((g, i) => this.lookups.set(g.name, { table: labels, column: `v${i}` }));
  }

  /** The fits a segment needs at one end, fitted once per end and kind of model; notes when none. */
  private readonly fits = new Map<string, { bgnbd?: BgnbdParams; clv?: ClvScorer; why?: string }>();

  private models(seg: SegmentSpec, customers: ScoredCustomer[], end: string): ScoreModels {
    const score = seg.score;
    if (!score || !FITTED_KINDS.includes(score.kind)) return {};
    const summaries = customers.map((c) => c.summary);
    const clv = score.kind === 'clv_decile';
    const key = clv
      ? `clv|${score.revenue}|${end}|${score.horizonMonths}|${score.discountRate}`
      : `bg|${score.revenue}|${end}`;
    let fit = this.fits.get(key);
    if (!fit) {
      if (clv) {
        const f = fitClvModel(summaries);
        fit = f.ok
          ? {
              bgnbd: f.model.bgnbd.params,
              clv: new ClvScorer(
                f.model.bgnbd.params,
                f.model.gammaGamma.params,
                score.horizonMonths,
                score.discountRate,
              ),
            }
          : { why: f.reason };
      } else {
        fit = bgnbdOnly(summaries);
      }
      this.fits.set(key, fit);
    }
    if (fit.why) {
      const f = this.failures.get(`${seg.name}|${fit.why}`) ?? { segment: seg.name, reason: fit.why, ends: [] };
      f.ends.push(end);
      this.failures.set(`${seg.name}|${fit.why}`, f);
    }
    return clv ? { clv: fit.clv } : { bgnbd: fit.bgnbd };
  }
}

/** The BG/NBD fit alone (p_alive), with the same guards as the predictive CLV. */
function bgnbdOnly(summaries: ScoredCustomer['summary'][]): { bgnbd?: BgnbdParams; why?: string } {
  const n = summaries.length;
  const repeat = summaries.filter((c) => c.frequency > 0).length;
  if (n < MIN_CUSTOMERS) return { why: l10n.t('only {0} customers: the model needs at least {1}', n, MIN_CUSTOMERS) };
  if (repeat < MIN_REPEAT_CUSTOMERS)
    return {
      why: l10n.t(
        'only {0} of {1} customers bought again: the model needs at least {2} repeat buyers',
        repeat,
        n,
        MIN_REPEAT_CUSTOMERS,
      ),
    };
  const fit = fitBgnbd(summaries);
  return fit
    ? { bgnbd: fit.params }
    : { why: l10n.t('the BG/NBD likelihood could not be maximised (no finite value)') };
}

/** The evaluation's phase: the score segments of the requests, before the scans; their notes as warnings. */
export async function prepareScoreSegments(st: EvaluationState, requests: Request[]): Promise<void> {
  st.scores = await ScoreSegments.prepare({
    engine: st.options.engine,
    dialect: st.dialect,
    signal: st.options.signal,
    model: st.model,
    uses: requests.map((r) => ({ segments: r.segments, windows: st.windows.get(r.period) ?? [] })),
    sources: st.sources,
    listing: st.options.scoreListing,
  });
  for (const n of st.scores.notes)
    st.diag(st.check.document.rangeOf(['segments', n.segment]), 'warning', 'clv-fit', n.message);
}
