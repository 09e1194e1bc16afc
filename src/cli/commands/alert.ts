// `kpilens alert [paths…]`, for a scheduled CI job: runs each KPI file (sources' freshness
// against --now or today) and reports only what needs someone — targets missed and
// significant changes on each KPI's latest period, stale sources (core/alerts/). A markdown
// summary on stdout; `--dry-run` prints the webhook body (Slack or Teams JSON) instead; the
// HTTP POST happens only with `--post` and a URL (`--webhook` or KPILENS_ALERT_WEBHOOK).
// Exit codes: 0 no alert, 1 alerts, 2 wrong usage, 3 a file or one of its KPIs could not be
// evaluated (its errors are listed first) or the webhook failed (alerts are still printed).
import * as fs from 'fs';
import * as path from 'path';
import { dataRootOf } from '../../core/data/dataRoot';
import { checkKpiFile } from '../../core/kpifile/checkFile';
import { ConnectionChoiceError } from '../../core/run/kpiFileEngine';
import { runKpiFile } from '../../core/run/runKpiFile';
import { EngineError } from '../../core/engine/backends/engine';
import type { SourceCheckOutcome } from '../../core/testing/sourceChecks';
import { isNowValue } from '../../core/testing/freshness';
import { alertCounts, alertsOf, type FileAlerts } from '../../core/alerts/alerts';
import { alertMarkdown } from '../../core/alerts/alertText';
import { webhookBody, WEBHOOK_FORMATS, type WebhookFormat } from '../../core/alerts/webhookBody';
import { displayPath, findKpiFiles, noKpiFiles } from '../findKpiFiles';
import { withInterrupt } from '../commandRun';
import { postWebhook } from '../webhookPost';
import { countText } from '../countText';
import { UsageError } from '../io';
import type { CliIo } from '../io';
import * as l10n from '../../core/l10n/l10n';

/** The environment variable holding the webhook URL (a secret: never in a KPI file). */
export const WEBHOOK_ENV = 'KPILENS_ALERT_WEBHOOK';

export const ALERT_EXIT = { none: 0, alerts: 1, usage: 2, failed: 3 } as const;

export interface AlertCommandOptions {
  now?: string;
  webhook?: string;
  webhookFormat?: string;
  /** Print the webhook body instead of the markdown summary; post nothing. */
  dryRun?: boolean;
  /** Really POST the body to the webhook (when there are alerts). */
  post?: boolean;
}

export async function alertCommand(io: CliIo, paths: string[], options: AlertCommandOptions): Promise<number> {
  if (options.now !== undefined && !isNowValue(options.now))
    throw new UsageError(
      l10n.t("--now '{0}' is not a date: write YYYY-MM-DD or an instant such as 2026-03-13T08:00:00Z", options.now),
    );
  const format = (options.webhookFormat ?? 'slack') as WebhookFormat;
  if (!WEBHOOK_FORMATS.includes(format))
    throw new UsageError(
      l10n.t(
        "unknown format '{0}' for {1}: use {2}",
        String(options.webhookFormat),
        '--webhook-format',
        'slack, teams',
      ),
    );
  const url = options.webhook ?? io.env?.[WEBHOOK_ENV];
  if (url !== undefined && !/^https?:\/\/[^\s]+$/i.test(url))
    throw new UsageError(l10n.t("the webhook '{0}' is not an http(s) URL", url));
  if (options.post && url === undefined)
    throw new UsageError(
      l10n.t('--post needs a webhook URL: --webhook URL or the {0} environment variable', WEBHOOK_ENV),
    );
  const files = await findKpiFiles(io.cwd, paths);
  if (files.length === 0) throw new UsageError(noKpiFiles(paths));

  const report: FileAlerts[] = [];
  for (const file of files) {
    const shown = displayPath(io.cwd, file);
    const one = await fileAlerts(io, file, shown, options.now);
    if (typeof one === 'number') return one;
    report.push(one);
  }
  const { alerts, failures, errors } = alertCounts(report);
  const body = webhookBody(report, format);
  if (options.dryRun) io.out(JSON.stringify(body, null, 2) + '\n');
  else io.out(alertMarkdown(report));
  let delivered = true;
  if (options.post && url !== undefined && !options.dryRun) {
    if (alerts === 0 && failures === 0 && errors === 0) io.err(`${l10n.t('no alert: the webhook is not called')}\n`);
    else {
      const sent = await postWebhook(url, body);
      if (sent.ok) io.err(`${l10n.t('posted the alerts to the webhook (HTTP {0})', sent.status ?? 0)}\n`);
      else {
        delivered = false;
        io.err(`kpilens: ${l10n.t('the webhook failed: {0}', sent.error ?? `HTTP ${sent.status ?? '?'}`)}\n`);
      }
    }
  } else if (url !== undefined && !options.dryRun && alerts > 0)
    io.err(`${l10n.t('the webhook is not called without --post')}\n`);
  if (failures > 0 || errors > 0 || !delivered) return ALERT_EXIT.failed;
  return alerts > 0 ? ALERT_EXIT.alerts : ALERT_EXIT.none;
}

/** One file's alerts, a failure in words (spec errors, the engine), or the exit code of an interruption. */
async function fileAlerts(
  io: CliIo,
  file: string,
  shown: string,
  now: string | undefined,
): Promise<FileAlerts | number> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(l10n.t('cannot read {0}: {1}', shown, (err as NodeJS.ErrnoException).code ?? String(err)));
  }
  const check = await checkKpiFile(file, text, { dataRoot: dataRootOf(file, { cwd: io.cwd }) });
  const errors = check.diagnostics.filter((d) => d.severity === 'error');
  const base = { file: shown, asOf: '', kpis: check.model.kpis.size, alerts: [] };
  if (errors.length)
    return {
      ...base,
      failure: l10n.t('{0} in the file (kpilens check {1})', countText(errors.length, 'error'), shown),
    };
  let outcomes: SourceCheckOutcome[] = [];
  try {
    const run = await withInterrupt((signal) =>
      runKpiFile(file, check, {
        signal,
        now,
        displayPath: shown,
        onSourceChecks: (found) => (outcomes = found),
        cacheDir: path.join(path.dirname(file), '.kpilens', 'cache'),
      }),
    );
    const runErrors = run.result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
    return {
      ...base,
      asOf: run.result.as_of,
      kpis: run.result.kpis.length,
      alerts: alertsOf(run.result, outcomes),
      ...(runErrors.length ? { errors: runErrors } : {}),
    };
  } catch (err) {
    if (err instanceof EngineError && err.kind === 'cancelled') {
      io.err(`kpilens: ${l10n.t('{0} interrupted', 'alert')}\n`);
      return 130;
    }
    if (err instanceof ConnectionChoiceError || err instanceof EngineError) return { ...base, failure: err.message };
    throw err;
  }
}
