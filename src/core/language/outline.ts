// The outline of a KPI file: its sections and, in each, the declared names (KPIs with
// their type), for the editor's Outline view and breadcrumbs.
import type { CheckResult } from '../kpifile/checkFile';
import type { Range } from '../kpifile/diagnostic';
import type { SymbolIndex, SymbolKind } from './symbols';
import { SECTION_OF } from './symbols';

export interface OutlineItem {
  name: string;
  detail: string;
  kind: SymbolKind | 'section';
  range: Range;
  selectionRange: Range;
  children: OutlineItem[];
}

export function outline(check: CheckResult, index: SymbolIndex): OutlineItem[] {
  const out: OutlineItem[] = [];
  for (const kind of ['source', 'period', 'segment', 'kpi'] as SymbolKind[]) {
    const section = SECTION_OF[kind];
    const decls = index.declarations.filter((d) => d.kind === kind);
    const key = check.document.keyNode([section]);
    if (!key?.range) continue;
    const children = decls.map((d) => {
      const kpi = kind === 'kpi' ? check.model.kpis.get(d.name) : undefined;
      const detail = kpi
        ? `${kpi.type}${kpi.title !== kpi.name ? ` · ${kpi.title}` : ''}`
        : kind === 'source'
          ? (check.model.sources.get(d.name)?.file ?? '')
          : '';
      return { name: d.name, detail, kind, range: d.fullRange, selectionRange: d.range, children: [] };
    });
    const keyRange = check.document.source.range(key.range[0], key.range[1]);
    const end = children.length ? children[children.length - 1].range.endOffset : keyRange.endOffset;
    out.push({
      name: section,
      detail: `${children.length}`,
      kind: 'section',
      range: check.document.source.range(keyRange.startOffset, end),
      selectionRange: keyRange,
      children,
    });
  }
  return out;
}
