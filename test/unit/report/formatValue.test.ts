// Tests of formatValue: the outputs other parts rely on, and no "-0".
import { strict as assert } from 'assert';
import {
  currencySymbol,
  formatCompact,
  formatDate,
  formatPercentFigure,
  formatPlain,
  formatValue,
} from '../../../src/core/report/formatValue';
import { useLocale } from '../../../src/core/l10n/l10n';

describe('report formatValue', () => {
  it('keeps its formats', () => {
    assert.equal(formatValue(0.052, 'percent'), '5.2 %');
    assert.equal(formatValue(45, 'currency', { currency: 'EUR' }), '45 EUR');
    assert.equal(formatValue(45.5, 'currency', { currency: 'EUR' }), '45.50 EUR');
    assert.equal(formatValue(45, 'currency', { currency: 'EUR', decimals: 2 }), '45.00 EUR');
    assert.equal(formatValue(41.26, 'score'), '41.3');
    assert.equal(formatValue(-12, 'score'), '-12');
    assert.equal(formatValue(1234.6, 'integer'), '1,235');
    assert.equal(formatValue(3.25, 'days'), '3.3 d');
    assert.equal(formatValue(2.5, 'number'), '2.5');
    assert.equal(formatValue(100, 'number'), '100');
    assert.equal(formatValue(null, 'number'), '—');
    assert.equal(formatValue(Number.NaN, 'percent'), '—');
  });

  it('rounds a tie in the last shown digit half away from zero, as French does (not the binary value)', () => {
    // An exact average of 25.075 (25.07 and 25.08): toFixed gave 25.07, French 25,08.
    assert.equal(formatValue(25.075, 'currency', { currency: 'EUR' }), '25.08 EUR');
    assert.equal(formatValue(16.165, 'currency', { currency: 'EUR' }), '16.17 EUR');
    assert.equal(formatValue(1.005, 'number', { decimals: 2 }), '1.01');
    assert.equal(formatValue(-2.675, 'currency', { currency: 'EUR' }), '-2.68 EUR');
    assert.equal(formatValue(0.12345, 'percent', { decimals: 3 }), '12.345 %');
    assert.equal(formatValue(-0.004, 'currency', { currency: 'EUR' }), '0.00 EUR');
    useLocale('fr', { x: 'x' });
    try {
      assert.equal(formatValue(25.075, 'currency', { currency: 'EUR' }), '25,08\u00A0€');
    } finally {
      useLocale('en', undefined);
    }
  });

  it('writes English digit groups with a comma and the currency code after the figure', () => {
    // The sample's December revenue and a count in the millions.
    assert.equal(formatValue(219602.53, 'currency', { currency: 'EUR' }), '219,602.53 EUR');
    assert.equal(formatValue(6750000, 'integer'), '6,750,000');
    assert.equal(formatValue(6750000, 'currency', { currency: 'USD' }), '6,750,000 USD');
    assert.equal(formatValue(-1234567.891, 'number'), '-1,234,567.89');
    assert.equal(formatValue(999.99, 'currency', { currency: 'EUR' }), '999.99 EUR');
    assert.equal(formatValue(1000, 'integer'), '1,000');
    assert.equal(formatValue(12.3456, 'percent'), '1,234.6 %');
    assert.equal(formatValue(1234.5, 'days'), '1,234.5 d');
    assert.equal(formatValue(1234.56, 'score'), '1,234.6');
    assert.equal(formatValue(12.3456, 'points'), '1,234.6 pp');
    assert.equal(formatValue(1234, 'currency', { currency: 'EUR', decimals: 2 }), '1,234.00 EUR');
    assert.equal(formatValue(1234.5, 'currency'), '1,234.50');
    assert.equal(formatPlain(1234), '1,234');
    assert.equal(formatPlain(-1234567.25), '-1,234,567.25');
    assert.equal(formatPlain(1e21), '1e+21');
  });

  it('never shows a negative zero', () => {
    assert.equal(formatValue(-0.0001, 'percent'), '0 %');
    assert.equal(formatValue(-0.001, 'score'), '0');
    assert.equal(formatValue(-0.4, 'integer'), '0');
    assert.equal(formatValue(-0.001, 'number', { decimals: 1 }), '0.0');
    assert.equal(formatValue(-0.06, 'score'), '-0.1');
  });
});

// French figures: Intl's digits with one no-break space U+00A0 (written `\u00A0` below so the test
// shows it) between digit groups and before units; expected strings written by hand.
describe('report formatValue in French', () => {
  const S = '\u00A0';
  beforeEach(() => useLocale('fr', { x: 'x' }));
  afterEach(() => useLocale('en', undefined));

  it('formats every KPI format with a decimal comma and no-break spaces', () => {
    assert.equal(formatValue(0.052, 'percent'), `5,2${S}%`);
    assert.equal(formatValue(0.5, 'percent'), `50${S}%`);
    assert.equal(formatValue(1234.56, 'currency', { currency: 'EUR' }), `1${S}234,56${S}€`);
    // Whole amounts without cents, others with two (8422.3 → 8 422,30).
    assert.equal(formatValue(45, 'currency', { currency: 'EUR' }), `45${S}€`);
    assert.equal(formatValue(8422.3, 'currency', { currency: 'EUR' }), `8${S}422,30${S}€`);
    assert.equal(formatValue(45, 'currency', { currency: 'EUR', decimals: 2 }), `45,00${S}€`);
    // A code with no symbol keeps its code; no currency: the figure alone.
    assert.equal(formatValue(1234.56, 'currency', { currency: 'XYZ' }), `1${S}234,56${S}XYZ`);
    assert.equal(formatValue(1234.56, 'currency', { currency: 'points' }), `1${S}234,56${S}points`);
    assert.equal(formatValue(1234.56, 'currency'), `1${S}234,56`);
    assert.equal(formatValue(31.24, 'score'), '31,2');
    assert.equal(formatValue(6750000, 'integer'), `6${S}750${S}000`);
    assert.equal(formatValue(1234.6, 'integer'), `1${S}235`);
    assert.equal(formatValue(3.5, 'days'), `3,5${S}j`);
    assert.equal(formatValue(2.5, 'number'), '2,5');
    assert.equal(formatValue(1234567.891, 'number'), `1${S}234${S}567,89`);
    assert.equal(formatValue(-12, 'score'), '-12');
    assert.equal(formatValue(null, 'number'), '—');
  });

  it("uses U+00A0, never Intl's narrow U+202F, and never shows a negative zero", () => {
    const text = formatValue(1234567.5, 'percent');
    assert.equal(text, `123${S}456${S}750${S}%`);
    assert.ok(!text.includes('\u202F'));
    assert.equal(formatValue(-0.0001, 'percent'), `0${S}%`);
    assert.equal(formatValue(-0.4, 'integer'), '0');
    assert.equal(formatValue(-0.001, 'number', { decimals: 1 }), '0,0');
  });

  it('formats points, plain figures, compact axis figures, symbols and dates', () => {
    assert.equal(formatValue(0.0406, 'points'), `4,1${S}pt`);
    assert.equal(formatPlain(0.028), '0,028');
    assert.equal(formatPlain(1234), `1${S}234`);
    assert.equal(formatPercentFigure(99.5), `99,5${S}%`);
    assert.equal(formatCompact(250000), `250${S}k`);
    assert.equal(formatCompact(1234567), `1,2${S}M`);
    assert.equal(currencySymbol('EUR'), '€');
    assert.equal(currencySymbol('XYZ'), 'XYZ');
    assert.equal(formatDate('2025-12-31'), `31${S}décembre${S}2025`);
    assert.equal(formatDate('2025-03-01'), `1${S}mars${S}2025`);
    assert.equal(formatDate('not a date'), 'not a date');
  });

  it('keeps English as before, with digit groups', () => {
    useLocale('en', undefined);
    assert.equal(formatValue(0.0406, 'points'), '4.1 pp');
    assert.equal(formatPlain(0.028), '0.028');
    assert.equal(formatPercentFigure(99.5), '99.5 %');
    assert.equal(formatCompact(250000), '250K');
    assert.equal(currencySymbol('EUR'), 'EUR');
    assert.equal(formatDate('2025-12-31'), '2025-12-31');
    assert.equal(formatValue(1234.56, 'currency', { currency: 'EUR' }), '1,234.56 EUR');
  });
});
