// Checks a parsed KPI file against the JSON Schema with ajv and maps every ajv error to the
// smallest YAML node it concerns, with a stable code and a did-you-mean when one is likely.
import type { default as AjvClass, ErrorObject, ValidateFunction } from 'ajv';
import { isScalar } from 'yaml';
import { buildSchema } from './buildSchema';
import type { DiagnosticCode } from './codes';
import type { Diagnostic, Fix } from './diagnostic';
import type { YamlDocument, YamlPath } from './yamlDocument';
import { freeName, insertFieldFix, keyFix, valueFix } from './schemaFixes';
import { closest, didYouMean } from '../util/suggest';
import { fieldsOf, kpiType, KPI_TYPES } from '../kpis/registry';
import * as l10n from '../l10n/l10n';
import { quote } from '../util/quote';
import { narrowAnyOfErrors } from './anyOfErrors';
import { VALIDATOR_OPTIONS } from './validatorOptions';

let compiled: ValidateFunction | undefined;

/**
 * The validator: the one compiled ahead of time next to the bundle when there is one
 * (dist/kpi-schema-validator.js, see esbuild.mjs), else compiled now from the schema (running
 * from tsc's out/, in the tests) — the same code either way, as ajv writes it. Compiling takes
 * about 250 ms, before the first check of every CLI command, language server and extension host.
 */
function validator(): ValidateFunction {
  compiled ??= precompiledValidator() ?? compileValidator();
  return compiled;
}

/**
 * The validator compiled now by ajv, loaded only then: with the precompiled one, no command,
 * language server or extension host spends the ~15 ms of initialising ajv at its start.
 */
function compileValidator(): ValidateFunction {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use only
  const Ajv = (require('ajv') as { default: typeof AjvClass }).default;
  return new Ajv(VALIDATOR_OPTIONS).compile(buildSchema());
}

function precompiledValidator(): ValidateFunction | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file beside the bundle, read on first use
    return require('./kpi-schema-validator.js') as ValidateFunction;
  } catch (err) {
    // Only this file missing: anything else (a broken file, a module it needs) is not hidden.
    const missing = err as NodeJS.ErrnoException;
    if (missing.code === 'MODULE_NOT_FOUND' && missing.message.includes('kpi-schema-validator.js')) return undefined;
    throw err;
  }
}

function pathOf(instancePath: string): YamlPath {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * Words for where a path is, e.g. "KPI 'nps'", "source 'orders'" — in French a noun phrase with
 * its article ("le KPI « nps »"), so sentences put it after "in"/"dans" or as their subject.
 */
export function describePlace(path: YamlPath): string {
  const [section, name] = path;
  if (typeof section === 'string' && name !== undefined) {
    const place = String(name);
    if (section === 'sources') return l10n.t("source '{0}'", place);
    if (section === 'periods') return l10n.t("period '{0}'", place);
    if (section === 'segments') return l10n.t("segment '{0}'", place);
    if (section === 'kpis') return l10n.t("KPI '{0}'", place);
  }
  if (section === 'defaults') return l10n.t('defaults');
  return l10n.t('the file');
}

function show(value: unknown): string {
  if (value === null || value === undefined) return l10n.t('nothing');
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'object') return Array.isArray(value) ? l10n.t('a list') : l10n.t('a mapping');
  return String(value);
}

function typeWord(t: unknown): string {
  const words: Record<string, () => string> = {
    string: () => l10n.t('text'),
    number: () => l10n.t('a number'),
    integer: () => l10n.t('a whole number'),
    boolean: () => l10n.t('true or false'),
    object: () => l10n.t('a mapping'),
    array: () => l10n.t('a list'),
    null: () => l10n.t('nothing'),
  };
  const list = (Array.isArray(t) ? t : [t]).map((x) => words[String(x)]?.() ?? String(x));
  return list.reduce((all, word) => l10n.t('{0} or {1}', all, word));
}

/**
 * The rest of ajv's message for the range keywords the schema uses, in the display language;
 * ajv's own English text for any other keyword (and whenever ajv words it differently).
 */
function limitMessage(err: ErrorObject, what: string, place: string): string {
  const params = err.params as Record<string, unknown>;
  const limit = String(params.limit);
  const ajvText = err.message ?? 'is not valid';
  switch (err.keyword) {
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      if (ajvText === `must be ${String(params.comparison)} ${limit}`)
        return l10n.t('{0} in {1} must be {2} {3}', what, place, String(params.comparison), limit);
      break;
    case 'minItems':
      if (ajvText === 'must NOT have fewer than 1 items')
        return l10n.t('{0} in {1} must NOT have fewer than 1 items', what, place);
      if (ajvText === `must NOT have fewer than ${limit} items`)
        return l10n.t('{0} in {1} must NOT have fewer than {2} items', what, place, limit);
      break;
    case 'minLength':
      if (ajvText === 'must NOT have fewer than 1 characters')
        return l10n.t('{0} in {1} must NOT have fewer than 1 characters', what, place);
      if (ajvText === `must NOT have fewer than ${limit} characters`)
        return l10n.t('{0} in {1} must NOT have fewer than {2} characters', what, place, limit);
      break;
    case 'minProperties':
      if (ajvText === 'must NOT have fewer than 1 properties')
        return l10n.t('{0} in {1} must NOT have fewer than 1 properties', what, place);
      if (ajvText === `must NOT have fewer than ${limit} properties`)
        return l10n.t('{0} in {1} must NOT have fewer than {2} properties', what, place, limit);
      break;
  }
  return l10n.t('{0} in {1} {2}', what, place, ajvText);
}

export function validateAgainstSchema(doc: YamlDocument): Diagnostic[] {
  const value = doc.value;
  const out: Diagnostic[] = [];
  const push = (path: YamlPath, part: 'key' | 'value', code: DiagnosticCode, message: string, fixes?: Fix[]) => {
    out.push({
      file: doc.file,
      range: doc.rangeOf(path, part),
      severity: 'error',
      code,
      message,
      ...(fixes && fixes.length ? { fixes } : {}),
    });
  };
  if (value === null || value === undefined) {
    push(
      [],
      'value',
      'not-a-mapping',
      l10n.t('the file is empty: a KPI file is a mapping that starts with `kpilens: 1`'),
    );
    return out;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    push(
      [],
      'value',
      'not-a-mapping',
      l10n.t('a KPI file is a mapping of keys (kpilens, sources, periods, segments, kpis…), not {0}', show(value)),
    );
    return out;
  }
  const validate = validator();
  if (validate(value)) return out;
  const seen = new Set<string>();
  for (const err of narrowAnyOfErrors(validate.errors ?? [])) {
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
      // A key the mapping already has is never suggested: the fix would write it twice
      // (`kpi:` beside `kpilens:` is `kpis`, not `kpilens`).
      const present = new Set(Object.keys(mappingAt(doc.value, path) ?? {}));
      const allowed = Object.keys(parent?.properties ?? {}).filter((k) => !present.has(k));
      const suggestion = closest(key, allowed);
      const keyPath = [...path, key];
      const unknownKey =
        path.length === 0
          ? l10n.t("unknown key '{0}' at the top level of a KPI file", key)
          : l10n.t("unknown key '{0}' in {1}", key, place);
      let message = `${unknownKey}${didYouMean(suggestion)}`;
      if (path[0] === 'kpis' && path.length === 2 && !suggestion) {
        const t = kpiTypeOf(doc.value, String(path[1]));
        const others = KPI_TYPES.filter((d) => d.type !== t && key in fieldsOf(d)).map((d) => d.type);
        if (t && others.length)
          message = l10n.t(
            "'{0}' is not a field of a {1} KPI (it is one of {2})",
            key,
            t,
            `${others.slice(0, 3).join(', ')}${others.length > 3 ? '…' : ''}`,
          );
      }
      if (path.length === 0 && !suggestion) message += l10n.t('; keys of your own tooling start with x-');
      return {
        path: keyPath,
        part: 'key',
        code: 'unknown-key',
        message,
        fixes: suggestion ? [keyFix(doc, keyPath, suggestion)] : undefined,
      };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      const message =
        path.length === 0 && missing === 'kpilens'
          ? l10n.t("the file is missing the required field 'kpilens' (add `kpilens: 1` at the top)")
          : l10n.t("{0} is missing the required field '{1}'", path.length === 0 ? l10n.t('the file') : place, missing);
      const fix = insertFieldFix(doc, path, missing);
      return { path, part: 'key', code: 'missing-field', message, fixes: fix ? [fix] : undefined };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const got = err.data;
      if (path.length === 1 && path[0] === 'kpilens') {
        return {
          path,
          part: 'value',
          code: 'unsupported-version',
          message: l10n.t('unsupported language version {0}: this release reads `kpilens: 1`', show(got)),
        };
      }
      const suggestion = typeof got === 'string' ? closest(got, allowed) : undefined;
      const fixes = suggestion ? [valueFix(doc, path, suggestion)] : undefined;
      if (path[0] === 'kpis' && path.length === 3 && last === 'type') {
        return {
          path,
          part: 'value',
          code: 'unknown-kpi-type',
          message: suggestion
            ? `${l10n.t('unknown KPI type {0}', show(got))}${didYouMean(suggestion)}`
            : l10n.t('unknown KPI type {0}; the types are {1}', show(got), allowed.join(', ')),
          fixes,
        };
      }
      return {
        path,
        part: 'value',
        code: 'invalid-value',
        message: suggestion
          ? `${l10n.t("{0} is not allowed for '{1}' in {2}", show(got), String(last), place)}${didYouMean(suggestion)}`
          : l10n.t(
              "{0} is not allowed for '{1}' in {2}; use one of {3}",
              show(got),
              String(last),
              place,
              allowed.join(', '),
            ),
        fixes,
      };
    }
    case 'type':
      return {
        path,
        part: 'value',
        code: path.length === 0 ? 'not-a-mapping' : 'invalid-type',
        message: l10n.t(
          "'{0}' in {1} must be {2}, not {3}",
          String(last ?? 'file'),
          place,
          typeWord(params.type),
          show(err.data),
        ),
      };
    case 'pattern': {
      if (err.propertyName !== undefined) {
        const name = err.propertyName;
        const taken = new Set(doc.pairs(path).map((p) => String(isScalar(p.key) ? p.key.value : p.key)));
        const suggested = freeName(name, taken);
        return {
          path: [...path, name],
          part: 'key',
          code: 'invalid-name',
          message: l10n.t(
            "invalid name '{0}': names are lower-case letters, digits and _ and start with a letter (e.g. '{1}')",
            name,
            suggested,
          ),
          fixes: [keyFix(doc, [...path, name], suggested)],
        };
      }
      const pattern = String(params.pattern);
      if (pattern.includes('\\d{4}')) {
        return {
          path,
          part: 'value',
          code: 'invalid-date',
          message: l10n.t('{0} is not a date: write YYYY-MM-DD, e.g. 2025-01-31', show(err.data)),
        };
      }
      if (pattern === '^[a-z][a-z0-9_]*$') {
        return {
          path,
          part: 'value',
          code: 'invalid-name',
          message: l10n.t(
            'invalid name {0}: names are lower-case letters, digits and _ and start with a letter',
            show(err.data),
          ),
        };
      }
      if (pattern.includes('[A-Z]{3}')) {
        return {
          path,
          part: 'value',
          code: 'invalid-value',
          message: l10n.t('{0} is not an ISO 4217 currency code (three capital letters, e.g. EUR)', show(err.data)),
        };
      }
      if (last === 'revenue') {
        return {
          path,
          part: 'value',
          code: 'invalid-value',
          message: l10n.t('{0} must name a column as source.column, e.g. orders.amount', show(err.data)),
        };
      }
      return {
        path,
        part: 'value',
        code: 'invalid-value',
        message: l10n.t("{0} does not have the expected form for '{1}'", show(err.data), String(last)),
      };
    }
    case 'uniqueItems': {
      // `compare: [previous, previous]`: told at the second one, with its words (not ajv's
      // "must NOT have duplicate items (items ## 0 and 1 are identical)").
      const [a, b] = [Number(params.j), Number(params.i)].sort((x, y) => x - y);
      const list = Array.isArray(err.data) ? (err.data as unknown[]) : [];
      return {
        path: [...path, b],
        part: 'value',
        code: 'invalid-value',
        message: l10n.t(
          "{0} is listed twice in '{1}' of {2} (items {3} and {4}): keep it once",
          show(list[b]),
          String(last),
          place,
          a + 1,
          b + 1,
        ),
      };
    }
    case 'const':
      return {
        path,
        part: 'value',
        code: 'invalid-value',
        message: l10n.t("'{0}' in {1} must be {2}", String(last), place, show(params.allowedValue)),
      };
    default: {
      const what =
        typeof last === 'number'
          ? l10n.t("item {0} of '{1}'", last + 1, String(path[path.length - 2]))
          : quote(String(last ?? 'file'));
      return { path, part: 'value', code: 'invalid-value', message: limitMessage(err, what, place) };
    }
  }
}

function kpiTypeOf(value: unknown, kpi: string): string | undefined {
  const kpis = (value as { kpis?: Record<string, { type?: unknown }> } | null)?.kpis;
  const t = kpis?.[kpi]?.type;
  return typeof t === 'string' && kpiType(t) ? t : undefined;
}

/** The mapping at `path` of the parsed file, if it is one. */
function mappingAt(value: unknown, path: readonly (string | number)[]): Record<string, unknown> | undefined {
  let at = value;
  for (const p of path)
    at = at !== null && typeof at === 'object' ? (at as Record<string | number, unknown>)[p] : undefined;
  return at !== null && typeof at === 'object' && !Array.isArray(at) ? (at as Record<string, unknown>) : undefined;
}
