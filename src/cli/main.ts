// The `kpilens` command line: parses arguments with commander and dispatches to a command.
// Exit codes (DSL.md): 0 success, 1 errors in specs or data, 2 wrong usage. Bad input never
// prints a stack trace; a bug prints one "internal error" line and exits 2.
import { Command, CommanderError } from 'commander';
import { alertCommand } from './commands/alert';
import { checkCommand } from './commands/check';
import { customersCommand } from './commands/customers';
import { diffCommand } from './commands/diff';
import { initCommand } from './commands/init';
import { listCommand } from './commands/list';
import { lspCommand } from './commands/lsp';
import { mcpCommand } from './commands/mcp';
import { runCommand } from './commands/run';
import { schemaCommand } from './commands/schema';
import { sqlCommand } from './commands/sql';
import { testCommand } from './commands/test';
import { processIo, UsageError } from './io';
import { FileLockedError } from '../core/util/atomicWrite';
import { applyCliLocale } from './locale';
import { commanderError, localizeCommander } from './commanderText';
import * as l10n from '../core/l10n/l10n';
import type { CliIo } from './io';
import { VERSION } from '../core/version';

/** The help of --now (check, run, test, alert). */
const NOW_HELP = () =>
  l10n.t(
    "the run's date for sources' freshness: YYYY-MM-DD or an instant such as 2026-03-13T08:00:00Z (default: today in the file's timezone)",
  );

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  let exitCode = 0;
  applyCliLocale(argv, io.env ?? {});
  const program = new Command();
  localizeCommander(program);
  program
    .name('kpilens')
    .description(l10n.t('KPIs as code for customer-loyalty and satisfaction teams.'))
    .version(VERSION, '-V, --version', l10n.t('output the version number'))
    .option(
      '--locale <lang>',
      l10n.t(
        'language of messages and number formats: en or fr (default: KPILENS_LOCALE, LC_ALL, LC_MESSAGES, LANG, LANGUAGE, then the system locale)',
      ),
    )
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      outputError: (s, write) => write(commanderError(s)),
    })
    .showSuggestionAfterError(true);

  program
    .command('check')
    .description(l10n.t('validate KPI files (default: every *.kpi.yaml under the current folder)'))
    .argument('[paths...]', l10n.t('KPI files or folders'))
    .option('-f, --format <format>', l10n.t('text, json, github (workflow annotations) or sarif'), 'text')
    .option(
      '--explain',
      l10n.t(
        "also print how each CSV source is read: its dialect and every column's type, declared or inferred (reads the data)",
      ),
    )
    .option('--data', l10n.t("also read the data: the sources' tests and freshness, unreadable files and values"))
    .option('--now <date>', NOW_HELP())
    .action(async (paths: string[], opts: { format: string; explain?: boolean; data?: boolean; now?: string }) => {
      exitCode = await checkCommand(io, paths, opts);
    });

  program
    .command('run')
    .description(l10n.t('evaluate the KPIs of a file on its data and print the report'))
    .argument('<file>', l10n.t('a KPI file'))
    .option('-f, --format <format>', l10n.t('table, json, csv, md or html'), 'table')
    .option('-o, --out <path>', l10n.t('write the report to a file instead of the terminal'))
    .option('-k, --kpi <names...>', l10n.t('only these KPIs'))
    .option(
      '--as-of <date>',
      l10n.t('"today" (YYYY-MM-DD) instead of the file\'s as_of or the latest date in the data'),
    )
    .option('--customers <path>', l10n.t('write the per-customer scores of the predictive clv KPI run to a CSV file'))
    .option('--now <date>', NOW_HELP())
    .option(
      '--no-cache',
      l10n.t(
        'read CSV/JSON data files directly, without the Parquet copies kept in .kpilens/cache next to the KPI file',
      ),
    )
    .action(
      async (
        file: string,
        opts: {
          format: string;
          out?: string;
          kpi?: string[];
          asOf?: string;
          customers?: string;
          cache?: boolean;
          now?: string;
        },
      ) => {
        exitCode = await runCommand(io, file, opts);
      },
    );

  program
    .command('customers')
    .description(
      l10n.t(
        'list the customers of a predictive clv KPI with their scores and score segments, sorted by CLV (customer-level: only where you write it)',
      ),
    )
    .argument('<file>', l10n.t('a KPI file'))
    .option('-k, --kpi <name>', l10n.t('the predictive clv KPI (default: the only one)'))
    .option(
      '-s, --segment <[segment=]value>',
      l10n.t('only the customers with this value in a score segment, e.g. at_risk'),
    )
    .option('-f, --format <format>', l10n.t('csv or json'), 'csv')
    .option('-o, --out <path>', l10n.t('write the list to a file instead of the terminal'))
    .option(
      '--as-of <date>',
      l10n.t('"today" (YYYY-MM-DD) instead of the file\'s as_of or the latest date in the data'),
    )
    .option(
      '--no-cache',
      l10n.t(
        'read CSV/JSON data files directly, without the Parquet copies kept in .kpilens/cache next to the KPI file',
      ),
    )
    .action(
      async (
        file: string,
        opts: { kpi?: string; segment?: string; format: string; out?: string; asOf?: string; cache?: boolean },
      ) => {
        exitCode = await customersCommand(io, file, opts);
      },
    );

  program
    .command('test')
    .description(l10n.t('run the KPI tests (`tests:` sections) of KPI files: inline rows in, expected values checked'))
    .argument('[paths...]', l10n.t('KPI files or folders (default: every *.kpi.yaml under the current folder)'))
    .option('-t, --test <names...>', l10n.t('only these tests'))
    .option('--now <date>', NOW_HELP())
    .action(async (paths: string[], opts: { test?: string[]; now?: string }) => {
      exitCode = await testCommand(io, paths, opts);
    });

  program
    .command('alert')
    .description(
      l10n.t(
        'for a scheduled job: targets missed, significant changes and stale sources of KPI files as a markdown summary, an exit code (0 none, 1 alerts, 3 not evaluated) and a chat webhook body',
      ),
    )
    .argument('[paths...]', l10n.t('KPI files or folders (default: every *.kpi.yaml under the current folder)'))
    .option('--now <date>', NOW_HELP())
    .option(
      '--webhook <url>',
      l10n.t('the chat webhook to post to (default: the KPILENS_ALERT_WEBHOOK environment variable)'),
    )
    .option('--webhook-format <format>', l10n.t('slack or teams'), 'slack')
    .option('--post', l10n.t('really send the alerts to the webhook (HTTP POST) when there are any'))
    .option('--dry-run', l10n.t('print the webhook body (JSON) instead of the markdown summary; send nothing'))
    .action(
      async (
        paths: string[],
        opts: { now?: string; webhook?: string; webhookFormat?: string; post?: boolean; dryRun?: boolean },
      ) => {
        exitCode = await alertCommand(io, paths, opts);
      },
    );

  program
    .command('diff')
    .description(
      l10n.t(
        'compare a KPI file (or every KPI file that changed) with its version at a git ref: definitions in words, every row before → after, why it moved',
      ),
    )
    .argument('[file]', l10n.t('a KPI file in a git repository (default: every *.kpi.yaml that changed since --base)'))
    .option('-b, --base <ref>', l10n.t('the git ref to compare with (a commit, branch or tag)'))
    .option('--head <ref>', l10n.t('the git ref of the new version (default: the working tree)'))
    .option('-f, --format <format>', l10n.t('table, md or json'), 'table')
    .option('--as-of <date>', l10n.t('"today" (YYYY-MM-DD) for both versions instead of the head\'s as_of'))
    .option('-o, --out <path>', l10n.t('write the report to a file instead of the terminal'))
    .option(
      '--fail-on <rules>',
      l10n.t(
        'exit 1 when a rule holds: any-change, target-flip, significant, abs-delta>Npp, abs-delta>N, rel-change>N% (comma-separated, repeatable)',
      ),
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--sql', l10n.t('add the changed SQL of each affected KPI as a unified diff'))
    .option(
      '--customer-sample',
      l10n.t('show the first customers (keys) of the rows entering and leaving: customer-level, off unless asked'),
    )
    .option(
      '--data-base <ref-or-folder>',
      l10n.t(
        'data review: evaluate the same definitions on the data files as they were at a git ref (or in a folder) against the data now',
      ),
    )
    .action(
      async (
        file: string | undefined,
        opts: {
          base?: string;
          head?: string;
          format: string;
          asOf?: string;
          out?: string;
          failOn: string[];
          sql?: boolean;
          customerSample?: boolean;
          dataBase?: string;
        },
      ) => {
        exitCode = await diffCommand(io, file, opts);
      },
    );

  program
    .command('init')
    .description(l10n.t('start a KPI file from a template (loyalty.kpi.yaml or kpis.kpi.yaml) in a folder'))
    .argument('[dir]', l10n.t('the folder (default: the current one; created if needed)'))
    .option('-t, --template <name>', l10n.t('loyalty (the loyalty pack) or empty'), 'loyalty')
    .option('--force', l10n.t('replace the file if it exists'))
    .action(async (dir: string | undefined, opts: { template: string; force?: boolean }) => {
      exitCode = await initCommand(io, dir, opts);
    });

  program
    .command('list')
    .description(l10n.t('list the KPIs of a file with their type, inputs, period, segments and target'))
    .argument('<file>', l10n.t('a KPI file'))
    .option('-f, --format <format>', l10n.t('table or json'), 'table')
    .action(async (file: string, opts: { format: string }) => {
      exitCode = await listCommand(io, file, opts);
    });

  program
    .command('sql')
    .description(
      l10n.t(
        'print the SQL each KPI runs, in the dialect of its engine (DuckDB on files, PostgreSQL on table sources), or compiled for BigQuery, Snowflake or Trino',
      ),
    )
    .argument('<file>', l10n.t('a KPI file'))
    .option('-k, --kpi <names...>', l10n.t('only these KPIs'))
    .option(
      '-d, --dialect <dialect>',
      l10n.t('duckdb, postgres (the one the file runs on, the default), or bigquery, snowflake, trino (compiled only)'),
    )
    .action(async (file: string, opts: { kpi?: string[]; dialect?: string }) => {
      exitCode = await sqlCommand(io, file, opts);
    });

  program
    .command('lsp')
    .description(
      l10n.t(
        'serve KPI files to any editor over the Language Server Protocol on stdin/stdout (diagnostics, hover, completion, rename, quick fixes, code lenses)',
      ),
    )
    .option('--stdio', l10n.t('talk over stdin/stdout (the only transport; accepted for clients that pass it)'))
    .option('--clientProcessId <pid>', l10n.t("the editor's process id: the server ends when that process is gone"))
    .action(async () => {
      exitCode = await lspCommand();
    });

  program
    .command('mcp')
    .description(
      l10n.t(
        'serve the KPI files of the current folder to AI assistants over the Model Context Protocol on stdin/stdout (list, describe, check, run and test KPIs; read-only)',
      ),
    )
    .option('--root <dir>', l10n.t('the folder to serve (default: the current folder); nothing outside it is read'))
    .action(async (opts: { root?: string }) => {
      exitCode = await mcpCommand(io.cwd, opts.root);
    });

  program
    .command('schema')
    .description(l10n.t('print the JSON Schema of KPI files'))
    .action(() => {
      exitCode = schemaCommand(io);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help'
        ? 0
        : 2;
    }
    if (err instanceof UsageError) {
      io.err(`kpilens: ${err.message}\n`);
      return 2;
    }
    if (err instanceof FileLockedError) {
      io.err(`kpilens: ${err.message}\n`);
      return 1;
    }
    io.err(
      `kpilens: ${l10n.t('internal error: {0} (please report it)', err instanceof Error ? err.message : String(err))}\n`,
    );
    if (process.env.KPILENS_DEBUG && err instanceof Error) io.err(`${err.stack}\n`);
    return 2;
  }
}
