// Validation of the calendar dates written in date literals (`date '2025-01-31'`). No text of the
// display language here (the DuckDB worker uses it too): `problem` says what is wrong, `message`
// in English; expr/dateMessages.ts words it for users.

/** What is wrong with a date: the year, the month, the day of that month, the padding, or the form. */
export type DateProblem =
  | { kind: 'year' }
  | { kind: 'month' }
  | { kind: 'day'; year: number; month: number; days: number }
  | { kind: 'unpadded'; padded: string }
  | { kind: 'form' };

export type DateCheck = { ok: true } | { ok: false; message: string; suggestion?: string };

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function checkParts(year: number, month: number, day: number): DateProblem | undefined {
  if (year < 1) return { kind: 'year' };
  if (month < 1 || month > 12) return { kind: 'month' };
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return { kind: 'day', year, month, days };
  return undefined;
}

/** The English words of a problem with the parts of a date. */
function partsText(problem: DateProblem): string {
  if (problem.kind === 'year') return 'the year must be 0001 or later';
  if (problem.kind === 'month') return 'the month must be 01 to 12';
  if (problem.kind === 'day') return `${MONTH_NAMES[problem.month - 1]} ${problem.year} has ${problem.days} days`;
  return '';
}

/**
 * Checks that `value` is a real calendar date written YYYY-MM-DD (proleptic Gregorian, years 0001-9999).
 * A date with unpadded parts such as 2025-1-5 fails with the padded form as suggestion.
 */
export function checkDate(value: string): DateCheck {
  const problem = dateProblem(value);
  if (problem === undefined) return { ok: true };
  if (problem.kind === 'unpadded')
    return { ok: false, message: `invalid date '${value}': write it as YYYY-MM-DD`, suggestion: problem.padded };
  if (problem.kind === 'form') return { ok: false, message: `invalid date '${value}': expected YYYY-MM-DD` };
  return { ok: false, message: `invalid date '${value}': ${partsText(problem)}` };
}

/** What is wrong with `value` as a date written YYYY-MM-DD, or undefined when it is a real date. */
export function dateProblem(value: string): DateProblem | undefined {
  const strict = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (strict) return checkParts(Number(strict[1]), Number(strict[2]), Number(strict[3]));
  const loose = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (loose && checkParts(Number(loose[1]), Number(loose[2]), Number(loose[3])) === undefined) {
    return { kind: 'unpadded', padded: `${loose[1]}-${loose[2].padStart(2, '0')}-${loose[3].padStart(2, '0')}` };
  }
  return { kind: 'form' };
}

export function isValidDate(value: string): boolean {
  return checkDate(value).ok;
}
