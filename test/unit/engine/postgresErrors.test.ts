// How a `pg` failure becomes an EngineError (postgresError): a network failure of any kind is
// "unavailable" with the hint to check the server, host and port — whatever the machine's
// network makes of an unroutable host (a timeout here, ENETUNREACH at once elsewhere) — and a
// server's SQLSTATE keeps its meaning. No server is needed: the errors are built as `pg` and
// Node throw them.
import { strict as assert } from 'assert';
import { postgresError } from '../../../src/core/engine/backends/postgresEngine';
import type { PostgresConnectionSettings } from '../../../src/core/engine/backends/postgresEngine';

const settings: PostgresConnectionSettings = {
  name: 'wh',
  host: '10.255.255.1',
  port: 5432,
  database: 'shop',
  user: 'kpi',
};

function systemError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 10.255.255.1:5432`), { code, syscall: 'connect' });
}

describe('engine: PostgreSQL failures as engine errors', () => {
  for (const code of ['ENETUNREACH', 'EHOSTUNREACH', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNRESET', 'ENOTFOUND']) {
    it(`${code} is an unreachable server, with what to check`, () => {
      const e = postgresError(systemError(code), settings);
      assert.equal(e.kind, 'unavailable');
      assert.match(
        e.message,
        /cannot reach the PostgreSQL connection 'wh' \(10\.255\.255\.1:5432.*Is the server running/,
      );
    });
  }

  it("a server's SQLSTATE keeps its meaning (42P01: a missing table is the query's fault)", () => {
    const missing = Object.assign(new Error('relation "x" does not exist'), { code: '42P01' });
    assert.equal(postgresError(missing, settings).kind, 'query');
    const other = Object.assign(new Error('division by zero'), { code: '22012' });
    const e = postgresError(other, settings);
    assert.equal(e.kind, 'query');
    assert.match(e.message, /SQLSTATE 22012/);
  });
});
