// docs/language.md, the reference of the KPI language, generated from the JSON Schema
// (src/core/kpifile/buildSchema.ts, = schemas/kpi.schema.json): every top-level section, the
// fields of sources, periods, segments, defaults, targets and KPIs (common and per type),
// with their types, allowed values and descriptions. Written by `npm run docs`; a unit test
// keeps the committed file equal to this.
import type { JsonSchema } from '../src/core/kpis/kpiType';

type Schema = JsonSchema & {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  description?: string;
  title?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  default?: unknown;
  items?: Schema;
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  propertyNames?: Schema;
  required?: string[];
  definitions?: Record<string, Schema>;
};

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

const NAME_PATTERN = '^[a-z][a-z0-9_]*$';

/** A short description of the values a field takes. */
function typeText(s: Schema, defs: Record<string, Schema>): string {
  if (s.$ref) {
    const name = s.$ref.replace('#/definitions/', '');
    const target = defs[name];
    if (name === 'target') return 'object `{min, max}` (see [Targets](#targets))';
    return target ? typeText(target, defs) : name;
  }
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(' | ');
  if (s.anyOf) return s.anyOf.map((b) => typeText(b, defs)).join(', or ');
  if (s.const !== undefined) return `\`${String(s.const)}\``;
  const bounds = [s.minimum !== undefined ? `≥ ${s.minimum}` : '', s.maximum !== undefined ? `≤ ${s.maximum}` : '']
    .filter(Boolean)
    .join(', ');
  const types = Array.isArray(s.type) ? s.type.join(' or ') : s.type;
  switch (types) {
    case 'array': {
      const items = s.items ? typeText(s.items, defs) : 'value';
      return `list of ${items}${s.minItems ? ` (at least ${s.minItems})` : ''}`;
    }
    case 'object':
      if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        const ref = s.additionalProperties.$ref?.replace('#/definitions/', '');
        return `map of name → ${ref && defs[ref]?.type === 'object' ? ref : typeText(s.additionalProperties, defs)}`;
      }
      return 'object';
    case 'string':
      if (s.pattern === NAME_PATTERN) return 'name';
      if (s.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return 'date `YYYY-MM-DD`';
      if (s.pattern === '^[A-Z]{3}$') return 'currency code `XXX`';
      return 'text';
    default:
      return `${types ?? 'any'}${bounds ? ` (${bounds})` : ''}`;
  }
}

function describe(s: Schema, defs: Record<string, Schema>): string {
  if (s.description) return s.description;
  if (s.$ref) {
    const target = defs[s.$ref.replace('#/definitions/', '')];
    if (target) return describe(target, defs);
  }
  return '';
}

function fieldTable(properties: Record<string, Schema>, required: string[], defs: Record<string, Schema>): string[] {
  return [
    '| field | values | meaning |',
    '|---|---|---|',
    ...Object.entries(properties).map(
      ([n, f]) =>
        `| \`${n}\`${required.includes(n) ? ' (required)' : ''} | ${cell(typeText(f, defs))} | ${cell(describe(f, defs))} |`,
    ),
  ];
}

/** The sections of the file and the definition of each entry of the named maps. */
const MAP_SECTIONS: Record<string, { definition: string; heading: string }> = {
  sources: { definition: 'source', heading: 'Sources' },
  periods: { definition: 'period', heading: 'Periods' },
  segments: { definition: 'segment', heading: 'Segments' },
};

/** The expression language of `where` and `expr` (written by hand: the schema sees only text). */
const EXPRESSIONS = [
  '## Expressions',
  '',
  '`where` (of a source, a segment or a KPI) and `expr` (of a formula) are expressions, parsed by KPI Lens into a typed tree; no text is pasted into SQL.',
  '',
  "- Literals: numbers, text in single quotes (`'paid'`, `''` for a quote inside), dates as `date '2025-01-31'`, `true`, `false`, `null`.",
  '- Names: columns in filters, KPI names in formulas; `source.column` for a column of a joined source. A bare name is letters, digits and `_`, starting with a letter or `_`, and not a keyword.',
  '- Double-quoted names: any other column name, with spaces, accents or punctuation: `"Région" = \'Île-de-France\'`, `"Montant TTC" > 10`, `customers."Formule"`, `"date"` (a keyword as a name); `""` is a quote inside. Double quotes are for names only: `"paid"` is a column named paid, text is `\'paid\'`. Completion writes the quotes for you.',
  '- Operators: `+ - * /` (a division by zero gives null), `= != <> < <= > >=`, `and`, `or`, `not`, `in (…)`, `not in (…)`, `between … and …`, `is null`, `is not null`, parentheses.',
  '- Functions: `coalesce`, `abs`, `round`, `least`, `greatest`, `lower`, `upper`, `year`, `month`, `day`.',
  '',
  "In YAML a value that starts with `\"` is a YAML double-quoted string: write such an expression in single quotes (`where: '\"Région\" = ''Bretagne'''`, a `'` doubled inside) or as a block (`where: >-` and the expression on the next line).",
  '',
  '## Joined sources and duplicate keys',
  '',
  "A `source.column` name (a segment `by: customers.plan`, a filter `customers.plan = 'premium'`) joins the other source on `key`; a `cohort_retention` KPI reads its `cohort` source by `key` too. Such a dimension source should hold one row per customer. When a key is on several rows nothing fans out — each customer counts once — and the row used is fixed: a joined column takes its value on the row with the latest `time` of that source (rows where the column is empty are skipped; among rows with that same latest time, the greatest value as text, in byte order), or its smallest value when the source has no `time` or none of the key's rows with a value has one (a customer whose signup date is empty keeps their plan); a cohort starts at the customer's earliest start date and takes its segment from that row (among rows with that same start, the smallest segment value as text). So the numbers never depend on the order the rows are read in. The run warns (`duplicate-keys`, on the source's `key`) with the number of such keys and a few of them with their `file:line`.",
];

export function languageDoc(jsonSchema: JsonSchema): string {
  const schema = jsonSchema as Schema;
  const defs = schema.definitions ?? {};
  const top = schema.properties ?? {};
  const topRequired = schema.required ?? [];
  const out = [
    '# The KPI language',
    '',
    '<!-- Generated by `npm run docs` from the JSON Schema (schemas/kpi.schema.json); do not edit by hand. -->',
    '',
    `${schema.description ?? ''} A KPI file is a YAML file named \`*.kpi.yaml\` (or \`.kpi.yml\`).`,
    'Names of sources, periods, segments and KPIs are lower case: a letter, then letters, digits',
    'or `_`. Keys starting with `x-` are free (your own notes) at the top, in a source, period,',
    'segment, the defaults and a KPI. The formulas of the KPI types are in [kpis.md](kpis.md); the',
    'codes of the problems the checker reports in [diagnostics.md](diagnostics.md).',
    '',
    '## Top-level sections',
    '',
    ...fieldTable(top, topRequired, defs),
    '',
  ];
  for (const [key, { definition, heading }] of Object.entries(MAP_SECTIONS)) {
    const def = defs[definition];
    out.push(
      `## ${heading}`,
      '',
      `\`${key}\`: ${describe(top[key], defs)} Each entry (\`name: { … }\`): ${def.description ?? ''}`,
      '',
    );
    out.push(...fieldTable(def.properties ?? {}, def.required ?? [], defs), '');
  }
  const defaults = defs.defaults;
  out.push(
    '## Defaults',
    '',
    `\`defaults\`: ${defaults.description ?? ''}`,
    '',
    ...fieldTable(defaults.properties ?? {}, defaults.required ?? [], defs),
    '',
  );
  const target = defs.target;
  out.push(
    '## Targets',
    '',
    `A KPI's \`target\`: ${target.description ?? ''}`,
    '',
    ...fieldTable(target.properties ?? {}, target.required ?? [], defs),
    '',
  );
  out.push(...EXPRESSIONS, '');

  const kpiDefs = Object.entries(defs).filter(([n]) => n.startsWith('kpi_'));
  // The shared fields (the field_* definitions) and which KPI types take each.
  const common: Record<string, Schema> = {};
  const takenBy = new Map<string, string[]>();
  for (const [, def] of kpiDefs) {
    for (const [n, f] of Object.entries(def.properties ?? {})) {
      if (n === 'type' || !f.$ref?.startsWith('#/definitions/field_')) continue;
      common[n] = f;
      takenBy.set(n, [...(takenBy.get(n) ?? []), String(def.properties?.type?.const)]);
    }
  }
  const commonNames = new Set(Object.keys(common));
  const everywhere = Object.fromEntries(
    Object.entries(common).filter(([n]) => takenBy.get(n)?.length === kpiDefs.length),
  );
  const some = Object.fromEntries(Object.entries(common).filter(([n]) => takenBy.get(n)?.length !== kpiDefs.length));
  const sourceTypes = takenBy.get('source') ?? [];
  out.push(
    '## KPIs',
    '',
    `\`kpis\`: ${describe(top.kpis, defs)} Each entry is \`name: { type: …, … }\`; the \`type\` says how the value is computed and which other fields the KPI takes.`,
    '',
    '### Fields of every KPI',
    '',
    ...fieldTable(everywhere, [], defs),
    '',
    '### Fields of KPIs that read rows of a source',
    '',
    `The types ${sourceTypes.map((t) => `\`${t}\``).join(', ')} also take:`,
    '',
    ...fieldTable(some, [], defs),
    '',
    '### Fields of each KPI type',
    '',
  );
  for (const [, def] of kpiDefs) {
    const type = String(def.properties?.type?.const ?? '');
    const title = def.title ?? type;
    const own = Object.fromEntries(
      Object.entries(def.properties ?? {}).filter(([n]) => n !== 'type' && !commonNames.has(n)),
    );
    const shared = [...commonNames].filter((n) => n in (def.properties ?? {}));
    out.push(
      `#### \`${type}\` — ${title}`,
      '',
      `Formula: see [kpis.md](kpis.md#${headingAnchor(`\`${type}\` — ${title}`)}).`,
      '',
    );
    const required = (def.required ?? []).filter((n) => n !== 'type');
    if (Object.keys(own).length) out.push(...fieldTable(own, required, defs), '');
    const requiredShared = required.filter((n) => commonNames.has(n));
    out.push(
      `Also takes: ${shared.map((n) => `\`${n}\`${requiredShared.includes(n) ? ' (required)' : ''}`).join(', ')}.`,
      '',
    );
  }
  return out.join('\n');
}
