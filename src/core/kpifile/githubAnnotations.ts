// `kpilens check --format github`: one GitHub Actions workflow command per diagnostic,
// `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`, which GitHub shows as
// an annotation on the pull request's files. Escaping follows the runner's rules
// (actions/toolkit `command.ts`): in the message `%`, CR and LF become %25, %0D, %0A; in a
// property also `:` and `,` (%3A, %2C), so no text from a KPI file can end a property or
// start another command. Severities: error → error, warning → warning, info → notice.
import type { Diagnostic } from './diagnostic';

/** Text after `::` (the message). */
export function escapeAnnotationData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value (file, title): the message's escapes plus `:` and `,`. */
export function escapeAnnotationProperty(text: string): string {
  return escapeAnnotationData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** The workflow command of one diagnostic; `file` is the path as the workflow sees it (relative to the checkout). */
export function githubAnnotation(d: Diagnostic, file: string): string {
  const props = [
    `file=${escapeAnnotationProperty(file)}`,
    `line=${d.range.start.line}`,
    `col=${d.range.start.column}`,
    `endLine=${d.range.end.line}`,
    `endColumn=${d.range.end.column}`,
    `title=${escapeAnnotationProperty(`kpilens ${d.code}`)}`,
  ];
  return `::${COMMAND[d.severity]} ${props.join(',')}::${escapeAnnotationData(`${d.message} [${d.code}]`)}`;
}
