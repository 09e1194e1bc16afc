// A throwaway PostgreSQL server for tests: Debian's binaries (/usr/lib/postgresql/N/bin),
// initdb into a temporary folder, started on 127.0.0.1 on a free port with its unix socket
// in that folder, password authentication (scram-sha-256) for the user `kpilens`. As root,
// the server runs as the `postgres` system user (runuser). stop() removes everything.

import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { PostgresEngine, type PostgresConnectionSettings } from '../../../src/core/engine/backends/postgresEngine';

export interface PostgresServer {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** Copies a file where the server process may read it (for COPY … FROM); returns its path. */
  stage(file: string): string;
  stop(): void;
}

/** The bin folder of the newest installed PostgreSQL, or undefined when there is none. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `parent`: where its temporary folder goes (default the OS's; the server user must be able to reach it). */
export async function startPostgres(bin: string, parent: string = os.tmpdir()): Promise<PostgresServer> {
  const dir = fs.mkdtempSync(path.join(parent, 'kpilens-pg-'));
  const isRoot = process.getuid?.() === 0;
  const asServerUser = (cmd: string, args: string[]) => {
    const file = path.join(bin, cmd);
    if (isRoot) execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'pipe', timeout: 60_000 });
    else execFileSync(file, args, { stdio: 'pipe', timeout: 60_000 });
  };
  const password = 'kpilens-test-pw';
  fs.writeFileSync(path.join(dir, 'pw'), password);
  if (isRoot) execFileSync('chown', ['-R', 'postgres', dir]);
  const data = path.join(dir, 'data');
  asServerUser('initdb', [
    '-D',
    data,
    '-U',
    'kpilens',
    '--auth=scram-sha-256',
    `--pwfile=${path.join(dir, 'pw')}`,
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  const port = await freePort();
  asServerUser('pg_ctl', [
    '-D',
    data,
    '-l',
    path.join(dir, 'log'),
    '-w',
    '-t',
    '30',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    'start',
  ]);
  return {
    host: '127.0.0.1',
    port,
    user: 'kpilens',
    password,
    database: 'postgres',
    stage: (file) => {
      const staged = path.join(dir, path.basename(file));
      fs.copyFileSync(file, staged);
      if (isRoot) execFileSync('chown', ['postgres', staged]);
      return staged;
    },
    stop: () => {
      try {
        asServerUser('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        /* already stopped */
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * For a mocha suite's `before`: a throwaway server, or the suite skipped with the reason when this
 * machine has no PostgreSQL binaries (`npm test`'s pretest and .ci/run install them).
 */
export async function startPostgresForSuite(ctx: Mocha.Context): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (!bin) {
    console.warn(
      '    PostgreSQL tests skipped: no PostgreSQL binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql; .ci/run does)',
    );
    ctx.skip();
  }
  return startPostgres(bin);
}

/** Connection settings for the throwaway server (`extra`: timeouts). */
export function serverSettings(
  server: PostgresServer,
  name = 'pg',
  extra: Partial<PostgresConnectionSettings> = {},
): PostgresConnectionSettings {
  return {
    name,
    host: server.host,
    port: server.port,
    database: server.database,
    user: server.user,
    password: server.password,
    ...extra,
  };
}

/**
 * Writes `dir`/kpilens.connections.yaml naming the throwaway server as connection `name`; its
 * password stays out of the file (KPILENS_PG_PASSWORD_<NAME>, see withEnv in ../helpers.ts).
 */
export function writeConnectionsFile(dir: string, server: PostgresServer, name = 'pg'): void {
  fs.writeFileSync(
    path.join(dir, 'kpilens.connections.yaml'),
    [
      'connections:',
      `  ${name}:`,
      '    dialect: postgres',
      `    host: ${server.host}`,
      `    port: ${server.port}`,
      `    database: ${server.database}`,
      `    user: ${server.user}`,
      '',
    ].join('\n'),
  );
}

/** What postgresSuite gives a suite once its `before` ran: the server, an engine on it, a temporary folder. */
export interface PostgresSuite {
  server: PostgresServer;
  pg: PostgresEngine;
  dir: string;
}

/**
 * A mocha suite's throwaway server, an engine connected to it as `pg` and a temporary folder
 * (`prefix`), made in `before` (then `setup` runs on the engine) and removed in `after`.
 */
export function postgresSuite(prefix: string, setup: (pg: PostgresEngine) => Promise<void>): PostgresSuite {
  const suite = {} as PostgresSuite;
  before(async function () {
    suite.server = await startPostgresForSuite(this);
    suite.pg = new PostgresEngine(serverSettings(suite.server));
    suite.dir = fs.mkdtempSync(path.join(os.tmpdir(), `kpilens-${prefix}-`));
    await setup(suite.pg);
  });
  after(async () => {
    await suite.pg?.close();
    suite.server?.stop();
    if (suite.dir) fs.rmSync(suite.dir, { recursive: true, force: true });
  });
  return suite;
}
