// A KPI file is read as UTF-8 (YAML's own encoding). Bytes that are not UTF-8 — a file saved as
// windows-1252 by an older editor — reach the check as U+FFFD: its titles and descriptions would
// show "Fid�lit�" in every report without a word. Told once, at the first such character.
import type { Diagnostic } from './diagnostic';
import type { YamlDocument } from './yamlDocument';
import * as l10n from '../l10n/l10n';

const REPLACEMENT = '\uFFFD';

/** A warning at the first character of the file that was not UTF-8, with their count; none when all were. */
export function notUtf8Characters(document: YamlDocument): Diagnostic[] {
  const text = document.source.text;
  const first = text.indexOf(REPLACEMENT);
  if (first < 0) return [];
  let count = 0;
  for (let i = first; i >= 0; i = text.indexOf(REPLACEMENT, i + 1)) count++;
  return [
    {
      file: document.file,
      range: document.source.range(first, first + 1),
      severity: 'warning',
      code: 'not-utf8',
      message: l10n.t(
        'this KPI file is not UTF-8: {0} character(s) cannot be read (shown as �, the first here); save the file as UTF-8',
        count,
      ),
    },
  ];
}
