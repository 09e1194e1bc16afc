// Where the CLI writes: stdout and stderr in real use, buffers in tests.
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  /** The environment the CLI reads its locale from (absent in tests: English). */
  env?: Readonly<Record<string, string | undefined>>;
}

export const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  env: process.env,
};

/** A CLI failure the user caused (bad paths, bad options): printed without a stack, exit 2. */
export class UsageError extends Error {}
