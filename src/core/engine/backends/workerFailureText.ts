// The DuckDB child's fatal messages in the display language: the worker has no translations
// (it stays free of l10n), so DuckDbEngine rewords its fixed openings here, DuckDB's own text kept.
import * as l10n from '../../l10n/l10n';

/**
 * The worker's fatal message in the display language. The worker has no translations (it stays
 * free of l10n): its fixed openings are reworded here, the rest (DuckDB's own text) kept.
 */
export function workerFailureText(message: string): string {
  const loaded = /^the DuckDB engine could not be loaded: ([\s\S]*)$/.exec(message);
  if (loaded) return l10n.t('the DuckDB engine could not be loaded: {0}', loaded[1]);
  const start = /^the DuckDB engine could not start: ([\s\S]*)$/.exec(message);
  if (start) return l10n.t('the DuckDB engine could not start: {0}', start[1]);
  const failed = /^the DuckDB engine failed: ([\s\S]*)$/.exec(message);
  if (failed) return l10n.t('the DuckDB engine failed: {0}', failed[1]);
  return message;
}
