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
import { envName, type PostgresConnectionSettings } from './postgresEngine';

export const CONNECTIONS_FILE = 'kpilens.connections.yaml';

export interface ConnectionsResult {
  /** The file read, if one was found. */
  file?: string;
  connections: Map<string, PostgresConnectionSettings>;
  /** Problems of the file, one sentence each. */
  errors: string[];
}

/** The connections file for a KPI file: next to it, else at the project root. */
export function findConnectionsFile(specDir: string, dataRoot?: string): string | undefined {
  for (const dir of [specDir, ...(dataRoot ? [dataRoot] : [])]) {
    const file = path.join(dir, CONNECTIONS_FILE);
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

const KNOWN_KEYS = new Set(['dialect', 'host', 'port', 'database', 'user', 'connect_timeout_ms', 'statement_timeout_ms']);

/** Parses a connections file's text; `env` gives the passwords. */
export function parseConnections(text: string, file: string, env: NodeJS.ProcessEnv = process.env): ConnectionsResult {
  const out: ConnectionsResult = { file, connections: new Map(), errors: [] };
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    out.errors.push(`${file}: not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    return out;
  }
  const list = (doc as { connections?: unknown } | null)?.connections;
  if (typeof list !== 'object' || list === null || Array.isArray(list)) {
    out.errors.push(`${file}: expected a 'connections:' map of named connections`);
    return out;
  }
  for (const [name, raw] of Object.entries(list as Record<string, unknown>)) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      out.errors.push(`${file}: connection '${name}' must be a map (dialect, host, port, database, user)`);
      continue;
    }
    const c = raw as Record<string, unknown>;
    const problems: string[] = [];
    if ('password' in c) problems.push(`holds a password: remove it and set KPILENS_PG_PASSWORD_${envName(name)} (or PGPASSWORD) in the environment instead`);
    for (const key of Object.keys(c)) if (key !== 'password' && !KNOWN_KEYS.has(key)) problems.push(`has an unknown setting '${key}' (known: ${[...KNOWN_KEYS].join(', ')})`);
    if (c.dialect !== 'postgres') problems.push(`needs 'dialect: postgres' (the only database dialect this release runs)`);
    const text = (key: string, fallback?: string): string | undefined => {
      const v = c[key];
      if (v === undefined) return fallback;
      if (typeof v !== 'string' || v.length === 0) { problems.push(`'${key}' must be a non-empty string`); return undefined; }
      return v;
    };
    const integer = (key: string, fallback: number | undefined, min: number, max: number): number | undefined => {
      const v = c[key];
      if (v === undefined) return fallback;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) { problems.push(`'${key}' must be an integer from ${min} to ${max}`); return undefined; }
      return v;
    };
    const host = text('host', 'localhost');
    const database = text('database');
    const user = text('user');
    const port = integer('port', 5432, 1, 65535);
    const connectTimeoutMs = integer('connect_timeout_ms', undefined, 100, 600_000);
    const statementTimeoutMs = integer('statement_timeout_ms', undefined, 100, 86_400_000);
    if (database === undefined && !problems.some((p) => p.includes("'database'"))) problems.push(`needs 'database'`);
    if (user === undefined && !problems.some((p) => p.includes("'user'"))) problems.push(`needs 'user'`);
    if (problems.length || !host || !database || !user || port === undefined) {
      for (const p of problems) out.errors.push(`${file}: connection '${name}' ${p}`);
      continue;
    }
    const password = env[`KPILENS_PG_PASSWORD_${envName(name)}`] ?? env.PGPASSWORD;
    out.connections.set(name, {
      name, host, port, database, user,
      ...(password !== undefined ? { password } : {}),
      ...(connectTimeoutMs !== undefined ? { connectTimeoutMs } : {}),
      ...(statementTimeoutMs !== undefined ? { statementTimeoutMs } : {}),
    });
  }
  return out;
}

/** Reads the connections file for a KPI file, if there is one. */
export function loadConnections(specDir: string, dataRoot?: string, env: NodeJS.ProcessEnv = process.env): ConnectionsResult {
  const file = findConnectionsFile(specDir, dataRoot);
  if (!file) return { connections: new Map(), errors: [] };
  return parseConnections(fs.readFileSync(file, 'utf8'), file, env);
}
