// Validation of the calendar dates written in date literals (`date '2025-01-31'`).

export type DateCheck = { ok: true } | { ok: false; message: string; suggestion?: string };

const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function checkParts(year: number, month: number, day: number): string | undefined {
  if (year < 1) return 'the year must be 0001 or later';
  if (month < 1 || month > 12) return 'the month must be 01 to 12';
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return `${MONTH_NAMES[month - 1]} ${year} has ${days} days`;
  return undefined;
}

/**
 * Checks that `value` is a real calendar date written YYYY-MM-DD (proleptic Gregorian, years 0001-9999).
 * A date with unpadded parts such as 2025-1-5 fails with the padded form as suggestion.
 */
export function checkDate(value: string): DateCheck {
  const strict = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (strict) {
    const problem = checkParts(Number(strict[1]), Number(strict[2]), Number(strict[3]));
    return problem === undefined ? { ok: true } : { ok: false, message: `invalid date '${value}': ${problem}` };
  }
  const loose = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (loose && checkParts(Number(loose[1]), Number(loose[2]), Number(loose[3])) === undefined) {
    const padded = `${loose[1]}-${loose[2].padStart(2, '0')}-${loose[3].padStart(2, '0')}`;
    return { ok: false, message: `invalid date '${value}': write it as YYYY-MM-DD`, suggestion: padded };
  }
  return { ok: false, message: `invalid date '${value}': expected YYYY-MM-DD` };
}

export function isValidDate(value: string): boolean {
  return checkDate(value).ok;
}
