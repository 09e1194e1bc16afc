// A row's delta (value − previous) and change ((value − previous) / |previous|) without the noise
// of a binary subtraction: the difference of two decimals has no more decimals than they have.
// Before: 1.2299999999999969 for 41 − 39.77, a change of 0.1499999999999999 for 1 → 1.15.
import { strict as assert } from 'assert';
import { difference, relativeChange } from '../../../src/core/engine/evaluation/rows';

describe('engine: row deltas and changes without binary noise', () => {
  it('a delta has the decimals of its operands', () => {
    assert.equal(41 - 39.77, 1.2299999999999969);
    assert.equal(difference(41, 39.77), 1.23);
    assert.equal(0.3 - 0.1, 0.19999999999999998);
    assert.equal(difference(0.3, 0.1), 0.2);
    assert.equal(difference(0.75, 0.5), 0.25);
    assert.equal(difference(90000.2, 1090020), -1000019.8);
    // Exponent forms: 1e-7 has 7 decimals.
    assert.equal(difference(3e-7, 1e-7), 2e-7);
    assert.equal(difference(1e21, 1e20), 9e20);
    assert.equal(difference(null, 1), null);
    assert.equal(difference(1, null), null);
  });

  it('a change is computed from that delta', () => {
    // (1000 − 232.63) / 232.63 = 3.29871899…: the division's own rounding only.
    assert.equal(relativeChange(1000, 232.63), 767.37 / 232.63);
    // 1.15 − 1 = 0.15 over 1: 0.15, where the noisy delta gave 0.1499999999999999.
    assert.equal((1.15 - 1) / 1, 0.1499999999999999);
    assert.equal(relativeChange(1.15, 1), 0.15);
    assert.equal(relativeChange(1.1, 0.1), 10);
    assert.equal(relativeChange(5, 0), null);
    assert.equal(relativeChange(-2, -4), 0.5);
  });
});
