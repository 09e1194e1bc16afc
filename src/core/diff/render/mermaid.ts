// The diff's graph for a pull-request comment: a Mermaid flowchart of the changed, added,
// removed and affected KPIs and what they read (sources and input KPIs), each KPI's node
// labelled with its change. GitHub draws ```mermaid blocks; elsewhere the text stays readable.
import type { SpecDiff } from '../specDiff';
import { changedKpis } from '../specDiff';
import { kindText } from './diffText';

/** A node id Mermaid accepts: letters, digits and `_` only, prefixed by its kind. */
const id = (prefix: string, name: string) =>
  `${prefix}_${name.replace(/[^A-Za-z0-9_]/g, (c) => `_${c.codePointAt(0)?.toString(16) ?? ''}_`)}`;

/** A label in double quotes: `"` and characters Mermaid reads as markup written as entities. */
const label = (text: string) => `"${text.replace(/[&"<>#]/g, (c) => `#${c.codePointAt(0)};`)}"`;

/** The graph's lines (without the fence), or [] when no KPI changed. */
export function mermaidGraph(diff: SpecDiff): string[] {
  const changed = changedKpis(diff);
  if (changed.length === 0) return [];
  const lines = ['graph LR'];
  const nodes = new Set<string>();
  const edges = new Set<string>();
  const kinds = new Map(diff.kpis.map((k) => [k.name, k]));
  for (const k of changed) {
    const node = id('k', k.name);
    lines.push(`  ${node}[${label(`${k.name} (${kindText(k)})`)}]:::${k.kind}`);
    nodes.add(node);
  }
  for (const k of changed) {
    for (const s of k.inputs?.sources ?? []) {
      const node = id('s', s);
      if (!nodes.has(node)) {
        lines.push(`  ${node}[(${label(s)})]`);
        nodes.add(node);
      }
      edges.add(`  ${node} --> ${id('k', k.name)}`);
    }
    for (const input of k.inputs?.kpis ?? []) {
      const node = id('k', input);
      if (!nodes.has(node)) {
        const other = kinds.get(input);
        lines.push(`  ${node}[${label(other ? `${input} (${kindText(other)})` : input)}]`);
        nodes.add(node);
      }
      edges.add(`  ${node} --> ${id('k', k.name)}`);
    }
  }
  lines.push(...edges);
  lines.push(
    '  classDef changed stroke:#d4a72c,stroke-width:2px',
    '  classDef affected stroke:#bf8700,stroke-dasharray:4',
    '  classDef added stroke:#1a7f37,stroke-width:2px',
    '  classDef removed stroke:#cf222e,stroke-dasharray:4',
    '  classDef renamed stroke:#0969da',
  );
  return lines;
}
