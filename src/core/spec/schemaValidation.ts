// Checks a parsed KPI file against the JSON Schema with ajv and maps every ajv error to the
// smallest YAML node it concerns, with a stable code and a did-you-mean when one is likely.
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { buildSchema } from './buildSchema';
import type { DiagnosticCode } from './codes';
import type { Diagnostic, Fix } from './diagnostic';
import { isMap, isPair } from 'yaml';
import type { YamlDocument, YamlPath } from './yamlDocument';
import { closest, didYouMean } from '../util/suggest';
import { fieldsOf, kpiType, KPI_TYPES } from '../kpis/registry';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
    compiled = ajv.compile(buildSchema());
  }
  return compiled;
}

function pathOf(instancePath: string): YamlPath {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Words for where a path is, e.g. "KPI 'nps'", "source 'orders'". */
export function describePlace(path: YamlPath): string {
  const [section, name] = path;
  const singular: Record<string, string> = { sources: 'source', periods: 'period', segments: 'segment', kpis: 'KPI' };
  if (typeof section === 'string' && singular[section] && name !== undefined) return `${singular[section]} '${name}'`;
  if (section === 'defaults') return 'defaults';
  return 'the file';
}

function show(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'a mapping';
  return String(value);
}

function typeWord(t: unknown): string {
  const words: Record<string, string> = { string: 'text', number: 'a number', integer: 'a whole number', boolean: 'true or false', object: 'a mapping', array: 'a list', null: 'nothing' };
  const list = Array.isArray(t) ? t : [t];
  return list.map((x) => words[String(x)] ?? String(x)).join(' or ');
}

function keyFix(doc: YamlDocument, path: YamlPath, replacement: string): Fix {
  return { title: `Change to '${replacement}'`, range: doc.rangeOf(path, 'key'), newText: replacement };
}

function valueFix(doc: YamlDocument, path: YamlPath, replacement: string): Fix {
  return { title: `Change to '${replacement}'`, range: doc.rangeOf(path, 'value'), newText: replacement };
}

export function validateAgainstSchema(doc: YamlDocument): Diagnostic[] {
  const value = doc.value;
  const out: Diagnostic[] = [];
  const push = (path: YamlPath, part: 'key' | 'value', code: DiagnosticCode, message: string, fixes?: Fix[]) => {
    out.push({ file: doc.file, range: doc.rangeOf(path, part), severity: 'error', code, message, ...(fixes && fixes.length ? { fixes } : {}) });
  };
  if (value === null || value === undefined) {
    push([], 'value', 'not-a-mapping', 'the file is empty: a KPI file is a mapping that starts with `kpilens: 1`');
    return out;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    push([], 'value', 'not-a-mapping', 'a KPI file is a mapping of keys (kpilens, sources, periods, segments, kpis…), not ' + show(value));
    return out;
  }
  const validate = validator();
  if (validate(value)) return out;
  const seen = new Set<string>();
  for (const err of validate.errors ?? []) {
    const d = mapError(doc, err);
    if (!d) continue;
    const id = `${d.path.join('/')}|${d.code}|${d.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    push(d.path, d.part, d.code, d.message, d.fixes);
  }
  return out;
}

interface Mapped {
  path: YamlPath;
  part: 'key' | 'value';
  code: DiagnosticCode;
  message: string;
  fixes?: Fix[];
}

function mapError(doc: YamlDocument, err: ErrorObject): Mapped | undefined {
  const path = pathOf(err.instancePath);
  const place = describePlace(path);
  const last = path[path.length - 1];
  const params = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'if':
    case 'allOf':
    case 'propertyNames':
      return undefined;
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const parent = err.parentSchema as { properties?: Record<string, unknown> } | undefined;
      const allowed = Object.keys(parent?.properties ?? {});
      const suggestion = closest(key, allowed);
      const keyPath = [...path, key];
      const owner = path.length === 0 ? 'at the top level of a KPI file' : `in ${place}`;
      let message = `unknown key '${key}' ${owner}${didYouMean(suggestion)}`;
      if (path[0] === 'kpis' && path.length === 2 && !suggestion) {
        const t = kpiTypeOf(doc.value, String(path[1]));
        const others = KPI_TYPES.filter((d) => d.type !== t && key in fieldsOf(d)).map((d) => d.type);
        if (t && others.length) message = `'${key}' is not a field of a ${t} KPI (it is one of ${others.slice(0, 3).join(', ')}${others.length > 3 ? '…' : ''})`;
      }
      if (path.length === 0 && !suggestion) message += '; keys of your own tooling start with x-';
      return { path: keyPath, part: 'key', code: 'unknown-key', message, fixes: suggestion ? [keyFix(doc, keyPath, suggestion)] : undefined };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      const target = path.length === 0 ? 'the file' : place;
      const hint = path.length === 0 && missing === 'kpilens' ? ' (add `kpilens: 1` at the top)' : '';
      const fix = insertFieldFix(doc, path, missing);
      return { path, part: 'key', code: 'missing-field', message: `${target} is missing the required field '${missing}'${hint}`, fixes: fix ? [fix] : undefined };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const got = err.data;
      if (path.length === 1 && path[0] === 'kpilens') {
        return { path, part: 'value', code: 'unsupported-version', message: `unsupported language version ${show(got)}: this release reads \`kpilens: 1\`` };
      }
      const suggestion = typeof got === 'string' ? closest(got, allowed) : undefined;
      const fixes = suggestion ? [valueFix(doc, path, suggestion)] : undefined;
      if (path[0] === 'kpis' && path.length === 3 && last === 'type') {
        return { path, part: 'value', code: 'unknown-kpi-type', message: `unknown KPI type ${show(got)}${didYouMean(suggestion)}${suggestion ? '' : `; the types are ${allowed.join(', ')}`}`, fixes };
      }
      return { path, part: 'value', code: 'invalid-value', message: `${show(got)} is not allowed for '${String(last)}' in ${place}${didYouMean(suggestion)}${suggestion ? '' : `; use one of ${allowed.join(', ')}`}`, fixes };
    }
    case 'type':
      return { path, part: 'value', code: path.length === 0 ? 'not-a-mapping' : 'invalid-type', message: `'${String(last ?? 'file')}' in ${place} must be ${typeWord(params.type)}, not ${show(err.data)}` };
    case 'pattern': {
      if (err.propertyName !== undefined) {
        const name = err.propertyName;
        return { path: [...path, name], part: 'key', code: 'invalid-name', message: `invalid name '${name}': names are lower-case letters, digits and _ and start with a letter (e.g. '${toName(name)}')`, fixes: [keyFix(doc, [...path, name], toName(name))] };
      }
      const pattern = String(params.pattern);
      if (pattern.includes('\\d{4}')) {
        return { path, part: 'value', code: 'invalid-date', message: `${show(err.data)} is not a date: write YYYY-MM-DD, e.g. 2025-01-31` };
      }
      if (pattern === '^[a-z][a-z0-9_]*$') {
        return { path, part: 'value', code: 'invalid-name', message: `invalid name ${show(err.data)}: names are lower-case letters, digits and _ and start with a letter` };
      }
      if (pattern.includes('[A-Z]{3}')) {
        return { path, part: 'value', code: 'invalid-value', message: `${show(err.data)} is not an ISO 4217 currency code (three capital letters, e.g. EUR)` };
      }
      if (last === 'revenue') {
        return { path, part: 'value', code: 'invalid-value', message: `${show(err.data)} must name a column as source.column, e.g. orders.amount` };
      }
      return { path, part: 'value', code: 'invalid-value', message: `${show(err.data)} does not have the expected form for '${String(last)}'` };
    }
    case 'const':
      return { path, part: 'value', code: 'invalid-value', message: `'${String(last)}' in ${place} must be ${show(params.allowedValue)}` };
    default: {
      const what = typeof last === 'number' ? `item ${last + 1} of '${String(path[path.length - 2])}'` : `'${String(last ?? 'file')}'`;
      return { path, part: 'value', code: 'invalid-value', message: `${what} in ${place} ${err.message ?? 'is not valid'}` };
    }
  }
}

/**
 * A fix adding `key: ` to the mapping at `path`: a new line at the indentation of its keys
 * (block style), or `, key: ` before the closing brace (flow style); `kpilens: 1` at the top.
 */
export function insertFieldFix(doc: YamlDocument, path: YamlPath, key: string): Fix | undefined {
  if (path.length === 0 && key === 'kpilens') return { title: 'Add kpilens: 1', range: doc.source.range(0, 0), newText: 'kpilens: 1\n' };
  const node = path.length === 0 ? doc.doc.contents : doc.node(path);
  if (!isMap(node) || !node.range || node.items.length === 0) return undefined;
  const value = key === 'kpilens' ? '1' : '';
  if (node.flow) {
    const close = node.range[1] - 1;
    const at = doc.source.text.lastIndexOf('}', close);
    if (at < 0) return undefined;
    const before = doc.source.text.slice(0, at).trimEnd().length;
    return { title: `Add '${key}'`, range: doc.source.range(before, before), newText: value ? `, ${key}: ${value}` : `, ${key}:` };
  }
  const first = node.items[0];
  const last = node.items[node.items.length - 1];
  const keyNode = isPair(first) && first.key && typeof first.key === 'object' && 'range' in first.key ? (first.key as { range?: [number, number, number] }) : undefined;
  const lastValue = isPair(last) ? (last.value as { range?: [number, number, number] } | null) : null;
  const lastKey = isPair(last) ? (last.key as { range?: [number, number, number] } | null) : null;
  if (!keyNode?.range) return undefined;
  const indent = doc.source.position(keyNode.range[0]).column - 1;
  const end = lastValue?.range ? lastValue.range[1] : lastKey?.range ? lastKey.range[1] : node.range[1];
  return { title: `Add '${key}'`, range: doc.source.range(end, end), newText: `\n${' '.repeat(indent)}${key}: ${value}` };
}

function kpiTypeOf(value: unknown, kpi: string): string | undefined {
  const kpis = (value as { kpis?: Record<string, { type?: unknown }> } | null)?.kpis;
  const t = kpis?.[kpi]?.type;
  return typeof t === 'string' && kpiType(t) ? t : undefined;
}

/** A valid name close to an invalid one: lower-cased, other characters as _. */
export function toName(name: string): string {
  let n = name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (!/^[a-z]/.test(n)) n = `k_${n}`;
  return n;
}
