// The nightly fuzz run (`npm run fuzz`): the property tests of test/unit/fuzz on 100 000+
// cases with a fresh seed (or FUZZ_SEED), plus a generous per-case time bound (a case that
// takes longer than FUZZ_CASE_MS, default 2000 ms, fails). Prints the counts; exit 1 on a
// counterexample, which fast-check shrinks and prints with the seed to replay it. Also: the
// editor's incremental checker equals a whole-file check after random edit sequences.
//   npm run fuzz                      # 120 000 cases
//   npm run fuzz -- --cases 10000     # scaled down
import fc from 'fast-check';
import * as path from 'path';
import { HeaderCache } from '../src/core/data/headerCache';
import { checkKpiFile } from '../src/core/kpifile/checkFile';
import { editArb, incrementalProperty, manyKpiFile } from '../test/fuzz/editArbitraries';
import { expressionText } from '../test/fuzz/expressionArbitraries';
import { anySpec, randomSpec, specWithCursors } from '../test/fuzz/randomSpecs';
import { assertDiagnosticsSound, languageProperty, parserProperty } from '../test/fuzz/specProperties';

const FILE = path.resolve(__dirname, '..', '..', 'samples', 'fuzz.kpi.yaml');

interface Stats {
  cases: number;
  withErrors: number;
  diagnostics: number;
  maxMs: number;
  maxText: string;
}

/** A wrong command line: said in one line, without a stack trace. */
class FuzzUsageError extends Error {}

function argCases(): number {
  const i = process.argv.indexOf('--cases');
  const n = i >= 0 ? Number(process.argv[i + 1]) : 120_000;
  // At least 100: the shares below leave every kind of case at least one run (10 cases gave
  // the expressions -6).
  if (!Number.isSafeInteger(n) || n < 100)
    throw new FuzzUsageError(`--cases needs a whole number of at least 100, not ${process.argv[i + 1]}`);
  return n;
}

async function main(): Promise<number> {
  const total = argCases();
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2_147_483_647;
  const caseMs = Number(process.env.FUZZ_CASE_MS ?? 2000);
  const headers = new HeaderCache();
  const runs = {
    data: Math.round(total * 0.3),
    text: Math.round(total * 0.15),
    language: Math.round(total * 0.1),
    incremental: Math.max(10, Math.round(total * 0.01)),
    expr: 0,
  };
  runs.expr = total - runs.data - runs.text - runs.language - runs.incremental;
  console.log(
    `kpilens fuzz: seed ${seed}, ${total} cases (${runs.data} KPI files with data checks, ${runs.text} text only, ${runs.language} language service, ${runs.incremental} incremental edit sequences, ${runs.expr} expressions), ${caseMs} ms per case at most`,
  );

  const stats: Record<string, Stats> = {};
  const timed = async (label: string, text: string, data: boolean): Promise<void> => {
    const s = (stats[label] ??= { cases: 0, withErrors: 0, diagnostics: 0, maxMs: 0, maxText: '' });
    const started = performance.now();
    const result = await checkKpiFile(FILE, text, data ? { headers } : { data: false });
    const ms = performance.now() - started;
    assertDiagnosticsSound(text, result.diagnostics, FILE);
    s.cases++;
    s.diagnostics += result.diagnostics.length;
    if (result.diagnostics.some((d) => d.severity === 'error')) s.withErrors++;
    if (ms > s.maxMs) {
      s.maxMs = ms;
      s.maxText = text;
    }
    if (ms > caseMs) throw new Error(`validation took ${ms.toFixed(0)} ms (bound ${caseMs} ms)`);
  };

  const failures: string[] = [];
  // The validator must stay silent: a process warning (stderr of the CLI) is a failure too.
  const warnings = new Set<string>();
  process.on('warning', (w) => warnings.add(w.message.slice(0, 200)));
  const check = async <T extends [unknown]>(
    label: string,
    property: fc.IAsyncProperty<T> | fc.IProperty<T>,
    numRuns: number,
  ): Promise<void> => {
    const started = Date.now();
    const details = await fc.check(property, { seed, numRuns, endOnFailure: false });
    const s = stats[label];
    const extra = s
      ? `, ${s.withErrors} with errors, ${s.diagnostics} diagnostics, slowest ${s.maxMs.toFixed(1)} ms`
      : '';
    console.log(
      `  ${label}: ${details.numRuns} cases, ${details.failed ? 1 : 0} failed${extra} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    if (details.failed) failures.push(`${label}: ${fc.defaultReportMessage(details) ?? 'failed'}`);
  };

  await check(
    'KPI files (mutated, random, any text), data checks on',
    fc.asyncProperty(anySpec, (t) => timed('KPI files (mutated, random, any text), data checks on', t, true)),
    runs.data,
  );
  await check(
    'random KPI files from the language keys, text only',
    fc.asyncProperty(randomSpec, (t) => timed('random KPI files from the language keys, text only', t, false)),
    runs.text,
  );
  let languageCases = 0;
  await check(
    'language service at random cursors',
    fc.asyncProperty(specWithCursors, async ([t, cursors]) => {
      languageCases++;
      const started = performance.now();
      await languageProperty(FILE, t, cursors, { headers });
      const ms = performance.now() - started;
      if (ms > caseMs) throw new Error(`the language service took ${ms.toFixed(0)} ms (bound ${caseMs} ms)`);
    }),
    runs.language,
  );
  // The editor's incremental checker against whole-file checks, after each of up to 20 edits.
  const manyKpis = manyKpiFile(20);
  const pieces = { assembled: 0, whole: 0 };
  let incrementalCases = 0;
  await check(
    'incremental checks after random edits',
    fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 20 }), async (edits) => {
      incrementalCases++;
      await incrementalProperty(FILE, manyKpis, edits, { data: false }, pieces);
    }),
    runs.incremental,
  );
  console.log(`    (${pieces.assembled} checks assembled from pieces, ${pieces.whole} parsed whole)`);
  let exprCases = 0;
  await check(
    'expressions (token soups, arbitrary text)',
    fc.property(expressionText, (t) => {
      exprCases++;
      parserProperty(t);
    }),
    runs.expr,
  );

  await new Promise((resolve) => setImmediate(resolve));
  if (warnings.size > 0) failures.push(`${warnings.size} distinct process warnings, e.g. ${[...warnings][0]}`);
  const ran = Object.values(stats).reduce((n, s) => n + s.cases, 0) + languageCases + incrementalCases + exprCases;
  console.log(`kpilens fuzz: ${ran} cases run, ${failures.length} failures (properties and process warnings)`);
  for (const f of failures) console.error(f);
  return failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof FuzzUsageError) console.error(`kpilens fuzz: ${err.message}`);
    else console.error('kpilens fuzz: crashed:', err);
    process.exitCode = 2;
  },
);
