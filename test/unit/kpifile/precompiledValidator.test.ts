// The KPI file schema's validator compiled ahead of time (dist/kpi-schema-validator.js, written
// by esbuild.mjs from scripts/schemaValidatorCode.ts; `npm test` builds before mocha): it gives
// ajv's errors field for field, on every KPI file of the repository, each diagnostic case and
// mutations of them; and the bundled CLI checks with it, with the core's diagnostics.
import { strict as assert } from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { buildSchema } from '../../../src/core/kpifile/buildSchema';
import { VALIDATOR_OPTIONS } from '../../../src/core/kpifile/validatorOptions';
import { REPO_ROOT, runCli } from '../helpers';
import { SPEC_CASES } from './diagnosticCasesSpec';
import { EXPRESSION_CASES } from './diagnosticCasesExpressions';

const PRECOMPILED = path.join(REPO_ROOT, 'dist', 'kpi-schema-validator.js');

/** Every KPI file the repository tracks (samples, fixtures, examples), parsed. */
function repositoryDocuments(): unknown[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (['node_modules', 'out', 'dist', 'build', '.git', '.bench-data', 'dist-vsix'].includes(e.name)) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.kpi\.ya?ml$/.test(e.name)) files.push(p);
    }
  };
  walk(REPO_ROOT);
  const docs: unknown[] = [];
  for (const f of files) {
    try {
      docs.push(parse(fs.readFileSync(f, 'utf8')));
    } catch {
      // A fixture of broken YAML: nothing to validate.
    }
  }
  return docs;
}

/** Deterministic mutations of a document: fields dropped, misspelt, given a wrong type or a list. */
function mutants(doc: unknown, count: number, seed: number): unknown[] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const out: unknown[] = [];
  for (let k = 0; k < count; k++) {
    const copy = JSON.parse(JSON.stringify(doc)) as unknown;
    const walk = (o: unknown) => {
      if (!o || typeof o !== 'object') return;
      const rec = o as Record<string, unknown>;
      for (const key of Object.keys(rec)) {
        const r = next();
        if (r < 0.03) delete rec[key];
        else if (r < 0.06) rec[`${key}x`] = rec[key];
        else if (r < 0.09) rec[key] = typeof rec[key] === 'string' ? 5 : 'zz';
        else if (r < 0.1) rec[key] = [];
        else if (r < 0.11) rec[key] = ['previous', 'yearago'];
        else walk(rec[key]);
      }
    };
    walk(copy);
    out.push(copy);
  }
  return out;
}

/** An error as text: every field, the schema parts by value. */
function errorsText(errors: readonly ErrorObject[] | null | undefined): string {
  return JSON.stringify(
    (errors ?? []).map((e) => ({
      ...e,
      schema: JSON.stringify(e.schema),
      parentSchema: JSON.stringify(e.parentSchema),
    })),
  );
}

describe('the schema validator compiled ahead of time', () => {
  it("gives ajv's errors field for field on every KPI file of the repository, each diagnostic case and mutations of them", () => {
    assert.ok(fs.existsSync(PRECOMPILED), `${PRECOMPILED} is missing: run npm run build`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built file itself
    const precompiled = require(PRECOMPILED) as ValidateFunction;
    const compiled = new Ajv(VALIDATOR_OPTIONS).compile(buildSchema());
    const cases = [...SPEC_CASES, ...EXPRESSION_CASES].flatMap((c) => {
      try {
        return [parse(c.text) as unknown];
      } catch {
        return [];
      }
    });
    const base = [...repositoryDocuments(), ...cases];
    const docs = [...base, ...base.flatMap((d, i) => mutants(d, 15, i + 1))];
    let errors = 0;
    for (const doc of docs) {
      const a = compiled(doc);
      const b = precompiled(doc);
      assert.equal(b, a);
      assert.equal(errorsText(precompiled.errors), errorsText(compiled.errors));
      errors += compiled.errors?.length ?? 0;
    }
    assert.ok(docs.length > 500, `${docs.length} documents`);
    assert.ok(errors > 1000, `${errors} errors compared`);
  });

  it("the bundled CLI (bin/kpilens.js → dist/cli.js) checks with it: the core's diagnostics, line for line", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-precompiled-'));
    try {
      const cases = SPEC_CASES.filter((c) => !c.connections).slice(0, 40);
      assert.ok(cases.length >= 20);
      for (const [i, c] of cases.entries()) fs.writeFileSync(path.join(dir, `c${i}.kpi.yaml`), c.text);
      const args = ['check', ...cases.map((_, i) => `c${i}.kpi.yaml`), '--format', 'json'];
      const core = await runCli(args, dir);
      // A preload that lists, at exit, the modules the bundled CLI loaded.
      const loaded = path.join(dir, 'loaded.json');
      const preload = path.join(dir, 'preload.js');
      fs.writeFileSync(
        preload,
        `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(loaded)}, JSON.stringify(Object.keys(require.cache))));`,
      );
      const bundled = await promisify(execFile)(
        process.execPath,
        ['--require', preload, path.join(REPO_ROOT, 'bin', 'kpilens.js'), ...args],
        { cwd: dir, maxBuffer: 16 << 20 },
      ).catch((err: { stdout: string; code: number }) => ({ stdout: err.stdout, code: err.code }));
      assert.equal(bundled.stdout, core.out);
      assert.ok(core.out.split('"code"').length > cases.length, 'a diagnostic per case at least');
      assert.ok((JSON.parse(fs.readFileSync(loaded, 'utf8')) as string[]).includes(PRECOMPILED), 'the CLI loaded it');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
