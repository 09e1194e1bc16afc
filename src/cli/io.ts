// Where the CLI writes: stdout and stderr in real use, buffers in tests.
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
}

export const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  cwd: process.cwd(),
};

/** A CLI failure the user caused (bad paths, bad options): printed without a stack, exit 2. */
export class UsageError extends Error {}
