// Unit tests of the seeded PRNG (src/core/util/random.ts): reproducibility, bounds and the
// shape of its distributions.
import { strict as assert } from 'assert';
import { createRandom } from '../../../src/core/util/random';

function take(seed: number, count: number): number[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => random.next());
}

describe('random: createRandom', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    assert.deepEqual(take(42, 100), take(42, 100));
    assert.notDeepEqual(take(42, 100), take(43, 100));
  });

  it('keeps a fixed sequence for a fixed seed (generated data depends on it)', () => {
    const random = createRandom(20251231);
    assert.deepEqual([random.uint32(), random.uint32(), random.uint32()], [2591358084, 3436290688, 1980649280]);
    assert.deepEqual(
      take(20251231, 3),
      [2591358084, 3436290688, 1980649280].map((x) => x / 4294967296),
    );
  });

  it('accepts any finite seed and rejects NaN and infinities', () => {
    for (const seed of [0, -1, 1.5, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER]) {
      const value = createRandom(seed).next();
      assert.ok(value >= 0 && value < 1);
    }
    assert.notDeepEqual(take(2 ** 40 + 3, 5), take(3, 5));
    assert.throws(() => createRandom(Number.NaN), RangeError);
    assert.throws(() => createRandom(Infinity), RangeError);
  });

  it('next() stays in [0, 1) with a mean near 1/2', () => {
    const values = take(7, 20000);
    assert.ok(values.every((x) => x >= 0 && x < 1));
    const mean = values.reduce((s, x) => s + x, 0) / values.length;
    assert.ok(Math.abs(mean - 0.5) < 0.01, `mean ${mean}`);
  });

  it('int(min, max) includes both bounds and nothing outside them', () => {
    const random = createRandom(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const value = random.int(-2, 3);
      assert.ok(Number.isInteger(value) && value >= -2 && value <= 3, `out of bounds: ${value}`);
      seen.add(value);
    }
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      [-2, -1, 0, 1, 2, 3],
    );
    assert.equal(random.int(5, 5), 5);
    const wide = random.int(0, 2 ** 40);
    assert.ok(Number.isInteger(wide) && wide >= 0 && wide <= 2 ** 40);
    assert.throws(() => random.int(3, 2), RangeError);
    assert.throws(() => random.int(0.5, 2), RangeError);
  });

  it('weighted never picks a zero weight and follows the weights', () => {
    const random = createRandom(3);
    const counts = new Map<string, number>();
    for (let i = 0; i < 20000; i++) {
      const value = random.weighted([
        ['never', 0],
        ['rare', 1],
        ['zero too', 0],
        ['often', 3],
      ] as const);
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    assert.equal(counts.get('never'), undefined);
    assert.equal(counts.get('zero too'), undefined);
    const share = (counts.get('often') ?? 0) / 20000;
    assert.ok(Math.abs(share - 0.75) < 0.02, `share ${share}`);
    assert.equal(
      random.weighted([
        ['only', 0],
        ['this', 2],
      ]),
      'this',
    );
    assert.throws(() => random.weighted([['a', 0]]), RangeError);
    assert.throws(
      () =>
        random.weighted([
          ['a', -1],
          ['b', 2],
        ]),
      RangeError,
    );
    assert.throws(() => random.weighted([]), RangeError);
  });

  it('pick, bool and shuffle behave', () => {
    const random = createRandom(5);
    const items = ['a', 'b', 'c'] as const;
    for (let i = 0; i < 100; i++) assert.ok(items.includes(random.pick(items)));
    assert.throws(() => random.pick([]), RangeError);
    assert.equal(random.bool(0), false);
    assert.equal(random.bool(1), true);
    assert.throws(() => random.bool(1.5), RangeError);
    const shuffled = random.shuffle([1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(
      [...shuffled].sort((a, b) => a - b),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
  });

  it('normal, exponential and poisson have the expected means', () => {
    const random = createRandom(11);
    const mean = (draw: () => number, count = 20000): number => {
      let sum = 0;
      for (let i = 0; i < count; i++) sum += draw();
      return sum / count;
    };
    assert.ok(Math.abs(mean(() => random.normal(10, 2)) - 10) < 0.1);
    assert.ok(Math.abs(mean(() => random.exponential(4)) - 4) < 0.15);
    assert.ok(Math.abs(mean(() => random.poisson(3)) - 3) < 0.1);
    assert.ok(Math.abs(mean(() => random.poisson(250)) - 250) < 1);
    for (let i = 0; i < 1000; i++) {
      const k = random.poisson(40);
      assert.ok(Number.isInteger(k) && k >= 0);
    }
    assert.equal(random.poisson(0), 0);
    assert.throws(() => random.exponential(0), RangeError);
    assert.throws(() => random.poisson(-1), RangeError);
  });

  it('fork gives independent, reproducible streams without advancing the parent', () => {
    const a = createRandom(9);
    const b = createRandom(9);
    const forked = a.fork('orders').next();
    assert.equal(a.next(), b.next());
    assert.equal(createRandom(9).fork('orders').next(), forked);
    assert.notEqual(createRandom(9).fork('survey').next(), forked);
  });
});
