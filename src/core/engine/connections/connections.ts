// Database connections, configured outside KPI files: `kpilens.connections.yaml` next to
// the KPI file or at the project root (git-ignored: it says where the data lives), with
// passwords from the environment only (KPILENS_PG_PASSWORD_<NAME>, else libpq's
// PGPASSWORD). A KPI file names a connection; it never holds a host, a user or a secret.
//
//   connections:
//     analytics:
//       dialect: postgres
//       host: db.internal
//       port: 5432
//       database: shop
//       user: kpi_reader
//       connect_timeout_ms: 10000      # optional
//       statement_timeout_ms: 600000   # optional
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { envName, type PostgresConnectionSettings } from '../backends/postgresEngine';
import * as l10n from '../../l10n/l10n';

export const CONNECTIONS_FILE = 'kpilens.connections.yaml';

export interface ConnectionsResult {
  /** The file read, if one was found. */
  file?: string;
  connections: Map<string, PostgresConnectionSettings>;
  /**
   * Problems of the file, one sentence each: either the whole file's (not YAML, no `connections:`
   * map — then nothing else is read) or those of its connections.
   */
  errors: string[];
  /** The problems of each named connection (also in `errors`). */
  connectionErrors: Map<string, string[]>;
}

/** The connections file for a KPI file: next to it, else at the project root. */
export function findConnectionsFile(specDir: string, dataRoot?: string): string | undefined {
  for (const dir of [specDir, ...(dataRoot ? [dataRoot] : [])]) {
    const file = path.join(dir, CONNECTIONS_FILE);
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

const KNOWN_KEYS = new Set([
  'dialect',
  'host',
  'port',
  'database',
  'user',
  'connect_timeout_ms',
  'statement_timeout_ms',
]);

/** Parses a connections file's text; `env` gives the passwords. */
export function parseConnections(text: string, file: string, env: NodeJS.ProcessEnv = process.env): ConnectionsResult {
  const out: ConnectionsResult = { file, connections: new Map(), errors: [], connectionErrors: new Map() };
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    out.errors.push(
      l10n.t('{0}: not valid YAML ({1})', file, error instanceof Error ? error.message.split('\n')[0] : String(error)),
    );
    return out;
  }
  const list = (doc as { connections?: unknown } | null)?.connections;
  if (typeof list !== 'object' || list === null || Array.isArray(list)) {
    out.errors.push(l10n.t("{0}: expected a 'connections:' map of named connections", file));
    return out;
  }
  for (const [name, raw] of Object.entries(list as Record<string, unknown>)) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      const problem = l10n.t("{0}: connection '{1}' must be a map (dialect, host, port, database, user)", file, name);
      out.errors.push(problem);
      out.connectionErrors.set(name, [problem]);
      continue;
    }
    const c = raw as Record<string, unknown>;
    // Each problem is a whole sentence about connection `name` of `file`; `badKeys`: settings already reported.
    const problems: string[] = [];
    const badKeys = new Set<string>();
    if ('password' in c)
      problems.push(
        l10n.t(
          "{0}: connection '{1}' holds a password: remove it and set KPILENS_PG_PASSWORD_{2} (or PGPASSWORD) in the environment instead",
          file,
          name,
          envName(name),
        ),
      );
    for (const key of Object.keys(c))
      if (key !== 'password' && !KNOWN_KEYS.has(key))
        problems.push(
          l10n.t(
            "{0}: connection '{1}' has an unknown setting '{2}' (known: {3})",
            file,
            name,
            key,
            [...KNOWN_KEYS].join(', '),
          ),
        );
    if (c.dialect !== 'postgres')
      problems.push(
        l10n.t(
          "{0}: connection '{1}' needs 'dialect: postgres' (the only database dialect this release runs)",
          file,
          name,
        ),
      );
    const text = (key: string, fallback?: string): string | undefined => {
      const v = c[key];
      if (v === undefined) return fallback;
      if (typeof v !== 'string' || v.length === 0) {
        problems.push(l10n.t("{0}: connection '{1}' '{2}' must be a non-empty string", file, name, key));
        badKeys.add(key);
        return undefined;
      }
      return v;
    };
    const integer = (key: string, fallback: number | undefined, min: number, max: number): number | undefined => {
      const v = c[key];
      if (v === undefined) return fallback;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
        problems.push(
          l10n.t("{0}: connection '{1}' '{2}' must be an integer from {3} to {4}", file, name, key, min, max),
        );
        badKeys.add(key);
        return undefined;
      }
      return v;
    };
    const host = text('host', 'localhost');
    const database = text('database');
    const user = text('user');
    const port = integer('port', 5432, 1, 65535);
    const connectTimeoutMs = integer('connect_timeout_ms', undefined, 100, 600_000);
    const statementTimeoutMs = integer('statement_timeout_ms', undefined, 100, 86_400_000);
    if (database === undefined && !badKeys.has('database'))
      problems.push(l10n.t("{0}: connection '{1}' needs 'database'", file, name));
    if (user === undefined && !badKeys.has('user'))
      problems.push(l10n.t("{0}: connection '{1}' needs 'user'", file, name));
    if (problems.length || !host || !database || !user || port === undefined) {
      out.errors.push(...problems);
      if (problems.length) out.connectionErrors.set(name, problems);
      continue;
    }
    const password = env[`KPILENS_PG_PASSWORD_${envName(name)}`] ?? env.PGPASSWORD;
    out.connections.set(name, {
      name,
      host,
      port,
      database,
      user,
      ...(password !== undefined ? { password } : {}),
      ...(connectTimeoutMs !== undefined ? { connectTimeoutMs } : {}),
      ...(statementTimeoutMs !== undefined ? { statementTimeoutMs } : {}),
    });
  }
  return out;
}

/** Reads the connections file for a KPI file, if there is one. */
export function loadConnections(
  specDir: string,
  dataRoot?: string,
  env: NodeJS.ProcessEnv = process.env,
): ConnectionsResult {
  const file = findConnectionsFile(specDir, dataRoot);
  if (!file) return { connections: new Map(), errors: [], connectionErrors: new Map() };
  return parseConnections(fs.readFileSync(file, 'utf8'), file, env);
}
