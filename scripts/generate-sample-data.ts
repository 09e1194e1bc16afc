// `npm run samples`: writes the sample workspace's data (samples/data/*.csv) — customers with
// plans and churn, their orders, satisfaction survey answers and monthly marketing spend — with
// the seeded generator of sampleData/ (pure and deterministic: same options ⇒ byte-identical
// CSV), or with --customers N --seed S --out DIR for bigger benchmark sets (files are written in
// chunks). Also the generator's entry point for other scripts and tests, re-exporting its API.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { formatIsoDay, parseIsoDay } from './sampleData/calendar';
import { generateSampleData, writeSampleData } from './sampleData/generator';
import {
  DEFAULT_SAMPLE_OPTIONS,
  SAMPLE_COLUMNS,
  SAMPLE_FILES,
  validateOptions,
  type SampleData,
  type SampleDataOptions,
  type SampleFileSummary,
} from './sampleData/options';

export {
  DEFAULT_SAMPLE_OPTIONS,
  SAMPLE_COLUMNS,
  SAMPLE_FILES,
  formatIsoDay,
  generateSampleData,
  parseIsoDay,
  writeSampleData,
};
export type { SampleData, SampleDataOptions, SampleFileSummary };

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

function integerArgument(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value))
    throw new RangeError(`--${name} must be an integer, got '${text}'`);
  return value;
}

function main(argv: string[]): number {
  let dir: string;
  let options: SampleDataOptions;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        customers: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        start: { type: 'string' },
        end: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
    options = {
      seed: integerArgument('seed', values.seed, DEFAULT_SAMPLE_OPTIONS.seed),
      customers: integerArgument('customers', values.customers, DEFAULT_SAMPLE_OPTIONS.customers),
      start: values.start ?? DEFAULT_SAMPLE_OPTIONS.start,
      end: values.end ?? DEFAULT_SAMPLE_OPTIONS.end,
    };
    validateOptions(options);
    dir = values.out !== undefined ? path.resolve(values.out) : path.resolve(__dirname, '../../samples/data');
  } catch (error) {
    process.stderr.write(
      `generate-sample-data: ${error instanceof Error ? error.message : String(error)}\n` +
        'usage: node out/scripts/generate-sample-data.js [--customers N] [--seed S] [--out DIR] [--start YYYY-MM-DD] [--end YYYY-MM-DD]\n',
    );
    return 2;
  }
  const began = Date.now();
  const summaries = writeSampleData(dir, options);
  const cwd = process.cwd();
  for (const summary of summaries) {
    const relative = path.relative(cwd, summary.file);
    const shown = relative.startsWith('..') || path.isAbsolute(relative) ? summary.file : relative;
    process.stdout.write(`${shown}: ${summary.rows} rows, ${formatBytes(summary.bytes)}\n`);
  }
  process.stderr.write(
    `generated in ${((Date.now() - began) / 1000).toFixed(1)} s (seed ${options.seed}, ${options.customers} customers)\n`,
  );
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
