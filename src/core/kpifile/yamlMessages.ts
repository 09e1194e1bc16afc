// The `yaml` parser's messages in the display language: the common ones (indentation, a key
// without value, a missing quote or brace, tabs) have a translation; any other stays as the
// parser wrote it. Input and output have a lower-case first letter, as diagnostics do.
import * as l10n from '../l10n/l10n';

const FIXED: Record<string, () => string> = {
  'all sequence items must start at the same column': () => l10n.t('all sequence items must start at the same column'),
  'implicit map keys need to be followed by map values': () =>
    l10n.t('implicit map keys need to be followed by map values'),
  'implicit keys need to be on a single line': () => l10n.t('implicit keys need to be on a single line'),
  'missing closing "quote': () => l10n.t('missing closing "quote'),
  'tabs are not allowed as indentation': () => l10n.t('tabs are not allowed as indentation'),
  'sequence item without - indicator': () => l10n.t('sequence item without - indicator'),
  'nested mappings are not allowed in compact mappings': () =>
    l10n.t('nested mappings are not allowed in compact mappings'),
  'a block sequence may not be used as an implicit map key': () =>
    l10n.t('a block sequence may not be used as an implicit map key'),
  'comments must be separated from other tokens by white space characters': () =>
    l10n.t('comments must be separated from other tokens by white space characters'),
};

/** A message of the `yaml` parser (first letter lower-cased) in the display language. */
export function yamlParserMessage(message: string): string {
  const fixed = FIXED[message];
  if (fixed) return fixed();
  const unclosed =
    /^flow (map|sequence) (in block collection must be sufficiently indented and end|must end) with a (\S+)$/.exec(
      message,
    );
  if (unclosed) {
    const [, kind, how, end] = unclosed;
    const indented = how.startsWith('in block');
    if (kind === 'map')
      return indented
        ? l10n.t('flow map in block collection must be sufficiently indented and end with a {0}', end)
        : l10n.t('flow map must end with a {0}', end);
    return indented
      ? l10n.t('flow sequence in block collection must be sufficiently indented and end with a {0}', end)
      : l10n.t('flow sequence must end with a {0}', end);
  }
  const missingComma = /^missing , between flow (map|sequence) items$/.exec(message);
  if (missingComma)
    return missingComma[1] === 'map'
      ? l10n.t('missing , between flow map items')
      : l10n.t('missing , between flow sequence items');
  return message;
}
