// Tests of formatValue: the outputs other parts rely on, and no "-0".
import { strict as assert } from 'assert';
import { formatValue } from '../../../src/core/report/formatValue';

describe('report formatValue', () => {
  it('keeps its formats', () => {
    assert.equal(formatValue(0.052, 'percent'), '5.2 %');
    assert.equal(formatValue(45, 'currency', { currency: 'EUR' }), '45 EUR');
    assert.equal(formatValue(45.5, 'currency', { currency: 'EUR' }), '45.50 EUR');
    assert.equal(formatValue(45, 'currency', { currency: 'EUR', decimals: 2 }), '45.00 EUR');
    assert.equal(formatValue(41.26, 'score'), '41.3');
    assert.equal(formatValue(-12, 'score'), '-12');
    assert.equal(formatValue(1234.6, 'integer'), '1235');
    assert.equal(formatValue(3.25, 'days'), '3.3 d');
    assert.equal(formatValue(2.5, 'number'), '2.5');
    assert.equal(formatValue(100, 'number'), '100');
    assert.equal(formatValue(null, 'number'), '—');
    assert.equal(formatValue(Number.NaN, 'percent'), '—');
  });

  it('never shows a negative zero', () => {
    assert.equal(formatValue(-0.0001, 'percent'), '0 %');
    assert.equal(formatValue(-0.001, 'score'), '0');
    assert.equal(formatValue(-0.4, 'integer'), '0');
    assert.equal(formatValue(-0.001, 'number', { decimals: 1 }), '0.0');
    assert.equal(formatValue(-0.06, 'score'), '-0.1');
  });
});
