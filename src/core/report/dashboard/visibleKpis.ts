// Which KPI cards the report view shows, in which order: the search text (name or title), the
// tag and owner filters, and the sort order of the view state; plus the filter choices a
// result offers and the count of targets met and missed among what is shown.
import type { KpiResult, RunResult, Status } from '../resultModel';
import { layoutKpi } from '../render/layout';
import { headlineOf } from '../render/kpiText';
import type { ReportViewState } from './viewState';

export interface FilterChoices {
  tags: string[];
  owners: string[];
}

/** Every tag and owner of the result's KPIs, sorted, for the view's filters. */
export function filterChoices(result: RunResult): FilterChoices {
  const tags = new Set<string>();
  const owners = new Set<string>();
  for (const kpi of result.kpis) {
    for (const tag of kpi.tags ?? []) tags.add(tag);
    if (kpi.owner) owners.add(kpi.owner);
  }
  const sort = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b));
  return { tags: sort(tags), owners: sort(owners) };
}

/** The KPI's headline row's change and status (the latest whole-population figure). */
export function headlineFacts(kpi: KpiResult): { change: number | null; status: Status } {
  const headline = headlineOf(layoutKpi(kpi));
  return { change: headline?.row.change ?? null, status: headline?.row.status ?? null };
}

function matches(kpi: KpiResult, search: string): boolean {
  const words = search
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  const hay = `${kpi.name} ${kpi.title}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

const STATUS_RANK: Record<string, number> = { missed: 0, met: 1, none: 2 };

/** The KPIs the view shows, filtered and sorted as the state says (the file's order breaks ties). */
export function visibleKpis(result: RunResult, state: ReportViewState): KpiResult[] {
  const shown = result.kpis
    .map((kpi, index) => ({ kpi, index }))
    .filter(({ kpi }) => matches(kpi, state.search))
    .filter(({ kpi }) => state.tag === '' || (kpi.tags ?? []).includes(state.tag))
    .filter(({ kpi }) => state.owner === '' || kpi.owner === state.owner);
  if (state.sort === 'file') return shown.map((s) => s.kpi);
  const facts = new Map(shown.map(({ kpi }) => [kpi.name, headlineFacts(kpi)]));
  const key = (kpi: KpiResult): number | string => {
    const f = facts.get(kpi.name) ?? { change: null, status: null };
    switch (state.sort) {
      case 'name':
        return kpi.title.toLowerCase();
      case 'change':
        return f.change === null || !Number.isFinite(f.change) ? Number.POSITIVE_INFINITY : -Math.abs(f.change);
      default:
        return STATUS_RANK[f.status ?? 'none'];
    }
  };
  return shown
    .sort((a, b) => {
      const ka = key(a.kpi);
      const kb = key(b.kpi);
      const order =
        typeof ka === 'string' && typeof kb === 'string' ? ka.localeCompare(kb) : (ka as number) - (kb as number);
      return order !== 0 && !Number.isNaN(order) ? order : a.index - b.index;
    })
    .map((s) => s.kpi);
}

/** How many of these KPIs meet and miss their target at their headline figure. */
export function targetSummary(kpis: KpiResult[]): { met: number; missed: number } {
  let met = 0;
  let missed = 0;
  for (const kpi of kpis) {
    const { status } = headlineFacts(kpi);
    if (status === 'met') met++;
    else if (status === 'missed') missed++;
  }
  return { met, missed };
}
