// The checks of the connections a KPI file's table sources name, against the git-ignored
// kpilens.connections.yaml (next to the KPI file, else at the project root): the file exists
// and reads, it defines each name (with a did-you-mean fix), and a file uses one connection.
// Run by the editor (withConnectionChecks on its check result), where that local file lives;
// not by `kpilens check` in CI, where it is absent by design. Reads no secret: passwords are
// looked up only when the file runs. `connectionFailure` places a failure of the connection
// at run time (wrong password, refused, timeout) on the same values.
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import type { CheckResult } from '../../kpifile/checkFile';
import { compareDiagnostics, type Diagnostic, type Fix } from '../../kpifile/diagnostic';
import type { SourceSpec, SpecModel } from '../../kpifile/model';
import type { YamlDocument } from '../../kpifile/yamlDocument';
import { CONNECTIONS_FILE, findConnectionsFile, parseConnections } from './connections';
import { changeToTitle, closest, didYouMean } from '../../util/suggest';
import * as l10n from '../../l10n/l10n';

/** Table sources with a connection (a source that also names a file is a source-location error already). */
function tableSources(model: SpecModel): SourceSpec[] {
  return [...model.sources.values()].filter(
    (s) => s.connection !== undefined && s.table !== undefined && s.file === undefined,
  );
}

/** `check` with the diagnostics of its table sources' connections added (itself when there are none). */
export function withConnectionChecks(check: CheckResult, dataRoot?: string): CheckResult {
  // A file that does not parse is reported for its syntax only (as checkKpiFile does).
  if (check.diagnostics.some((d) => d.code === 'yaml-syntax' && d.severity === 'error')) return check;
  const found = checkConnections(check.document, check.model, dataRoot);
  return found.length ? { ...check, diagnostics: [...check.diagnostics, ...found].sort(compareDiagnostics) } : check;
}

export function checkConnections(doc: YamlDocument, model: SpecModel, dataRoot?: string): Diagnostic[] {
  const sources = tableSources(model);
  if (sources.length === 0) return [];
  const diagnostics: Diagnostic[] = [];
  const at = (s: SourceSpec) => doc.rangeOf(['sources', s.name, 'connection']);
  const specDir = path.dirname(path.resolve(doc.file));
  const root = dataRoot ? path.resolve(dataRoot) : undefined;
  const file = findConnectionsFile(specDir, root);
  if (!file) {
    const where =
      root && root !== specDir
        ? l10n.t('next to this file ({0}) or at the project root ({1})', specDir, root)
        : l10n.t('next to this file ({0})', specDir);
    for (const s of sources) {
      diagnostics.push({
        file: doc.file,
        range: at(s),
        severity: 'error',
        code: 'unknown-connection',
        message: l10n.t(
          "source '{0}' reads table '{1}' on connection '{2}', but there is no {3} {4}: create it with 'connections:' → '{2}:' (dialect: postgres, host, port, database, user) and keep it out of git; the password goes to \"KPI Lens: Set connection password…\" or KPILENS_PG_PASSWORD_<NAME>",
          s.name,
          s.table ?? '',
          s.connection ?? '',
          CONNECTIONS_FILE,
          where,
        ),
      });
    }
    return diagnostics;
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? String(err);
    return sources.map((s) => ({
      file: doc.file,
      range: at(s),
      severity: 'error',
      code: 'unknown-connection',
      message: l10n.t(
        "cannot read {0} ({1}) for connection '{2}' of source '{3}'",
        file,
        why,
        s.connection ?? '',
        s.name,
      ),
    }));
  }
  // No passwords are looked up here: the environment is not consulted.
  const found = parseConnections(text, file, {});
  const first = sources[0].connection;
  for (const s of sources) {
    const name = s.connection as string;
    // A problem of the whole file (nothing else was read then) concerns every connection; one of a connection, only its sources.
    const own = found.connectionErrors.size > 0 ? (found.connectionErrors.get(name) ?? []) : found.errors;
    if (own.length) {
      diagnostics.push({
        file: doc.file,
        range: at(s),
        severity: 'error',
        code: 'unknown-connection',
        message: l10n.t("connection '{0}' of source '{1}' cannot be used: {2}", name, s.name, own.join('; ')),
      });
      continue;
    }
    if (!found.connections.has(name)) {
      // Names the file declares, even those with errors (a typo is still the likely cause).
      const known = [...new Set([...found.connections.keys(), ...declaredNames(text)])];
      const suggestion = closest(name, known);
      const fixes: Fix[] | undefined = suggestion
        ? [{ title: changeToTitle(suggestion), range: at(s), newText: suggestion }]
        : undefined;
      const list = suggestion
        ? ''
        : known.length
          ? l10n.t('; it defines {0}', `${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''}`)
          : l10n.t('; it defines no connection');
      diagnostics.push({
        file: doc.file,
        range: at(s),
        severity: 'error',
        code: 'unknown-connection',
        message: `${l10n.t("connection '{0}' of source '{1}' is not defined in {2}", name, s.name, file)}${didYouMean(suggestion)}${list}`,
        ...(fixes ? { fixes } : {}),
      });
      continue;
    }
    if (name !== first) {
      diagnostics.push({
        file: doc.file,
        range: at(s),
        severity: 'error',
        code: 'unsupported-feature',
        message: l10n.t(
          "source '{0}' reads connection '{1}' but source '{2}' reads '{3}': a KPI file runs on one connection",
          s.name,
          name,
          sources[0].name,
          first ?? '',
        ),
      });
    }
  }
  return diagnostics;
}

/** The names under `connections:` of a connections file's text, whatever their settings. */
function declaredNames(text: string): string[] {
  try {
    const list = (parse(text) as { connections?: unknown } | null)?.connections;
    return typeof list === 'object' && list !== null && !Array.isArray(list) ? Object.keys(list) : [];
  } catch {
    return [];
  }
}

/** A failure of connection `name` when the file ran, on the `connection` value of each source using it. */
export function connectionFailure(doc: YamlDocument, model: SpecModel, name: string, message: string): Diagnostic[] {
  return tableSources(model)
    .filter((s) => s.connection === name)
    .map((s) => ({
      file: doc.file,
      range: doc.rangeOf(['sources', s.name, 'connection']),
      severity: 'error',
      code: 'connection-failed',
      message,
    }));
}
