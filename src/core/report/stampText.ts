// A report stamp and its footer line, with no Node API (the report webview shows it too). The
// stamp itself is computed by stamp.ts.
import * as l10n from '../l10n/l10n';

export interface ReportStamp {
  /** The first 12 hex digits of sha256(spec text). */
  spec: string;
  /** The first 12 hex digits of sha256 over the data files' `path\tsize\tmtimeMs` lines, sorted by path. */
  data: string;
  /** How many data files the data hash covers. */
  files: number;
  /**
   * How many sources read database tables, which the data hash does not cover (their rows are
   * not read to stamp them): two reports on tables may differ under the same stamp.
   */
  tables?: number;
}

/** `spec 1a2b3c4d5e6f · data 9f8e7d6c5b4a (3 files)`: the footer line of human-facing reports. */
export function stampText(stamp: ReportStamp): string {
  const text =
    stamp.files === 1
      ? l10n.t('spec {0} · data {1} (1 file)', stamp.spec, stamp.data)
      : l10n.t('spec {0} · data {1} ({2} files)', stamp.spec, stamp.data, stamp.files);
  if (!stamp.tables) return text;
  return stamp.tables === 1
    ? l10n.t('{0}; 1 table not stamped', text)
    : l10n.t('{0}; {1} tables not stamped', text, stamp.tables);
}
