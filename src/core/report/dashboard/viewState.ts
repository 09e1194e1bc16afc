// The report view's own state — search text, tag and owner filters, sort order, the segment
// chosen per KPI, the scroll position — with its defaults and a sanitizer for state read back
// from storage (a webview's saved state is untrusted input like any other).
import * as l10n from '../../l10n/l10n';

export const SORT_ORDERS = ['file', 'name', 'change', 'status'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** How the view's sort menu names an order, in the display language. */
export function sortLabel(order: SortOrder): string {
  switch (order) {
    case 'file':
      return l10n.t('Order of the file');
    case 'name':
      return l10n.t('Name');
    case 'change':
      return l10n.t('Largest change');
    case 'status':
      return l10n.t('Targets missed first');
  }
}

export interface ReportViewState {
  search: string;
  /** '' for every tag. */
  tag: string;
  /** '' for every owner. */
  owner: string;
  sort: SortOrder;
  /** The segment each KPI's charts break down by (KPI name → segment name); absent: the KPI's first segment. */
  segments: Record<string, string>;
  scrollY: number;
}

export function defaultViewState(): ReportViewState {
  return { search: '', tag: '', owner: '', sort: 'file', segments: {}, scrollY: 0 };
}

const MAX_TEXT = 200;

function text(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, MAX_TEXT) : '';
}

/** A view state from anything: unknown or ill-typed fields fall back to their defaults. */
export function sanitizeViewState(value: unknown): ReportViewState {
  const state = defaultViewState();
  if (typeof value !== 'object' || value === null) return state;
  const v = value as Record<string, unknown>;
  state.search = text(v.search);
  state.tag = text(v.tag);
  state.owner = text(v.owner);
  if (typeof v.sort === 'string' && (SORT_ORDERS as readonly string[]).includes(v.sort))
    state.sort = v.sort as SortOrder;
  if (typeof v.segments === 'object' && v.segments !== null && !Array.isArray(v.segments)) {
    for (const [kpi, segment] of Object.entries(v.segments as Record<string, unknown>).slice(0, 1000)) {
      if (typeof segment === 'string') state.segments[kpi.slice(0, MAX_TEXT)] = segment.slice(0, MAX_TEXT);
    }
  }
  if (typeof v.scrollY === 'number' && Number.isFinite(v.scrollY) && v.scrollY >= 0)
    state.scrollY = Math.round(v.scrollY);
  return state;
}
