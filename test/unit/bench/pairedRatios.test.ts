// The bench's paired ratios (scripts/bench/benchFigures.ts): each round's kpilens run divided by
// the same round's expert run, then the median — a machine slowing down over the rounds moves
// both runs of a round, and the paired ratio keeps less of it than the ratio of the medians.
import { strict as assert } from 'assert';
import { median, pairedRatios } from '../../../scripts/bench/benchFigures';
import type { ProcessRun } from '../../../scripts/bench/processStats';

const run = (ms: number, cpuMs: number): ProcessRun => ({
  ms,
  cpuMs,
  code: 0,
  stdout: '',
  stderr: '',
  mainPeakBytes: 0,
  childPeakBytes: 0,
});

describe('bench: paired ratios to the expert', () => {
  it("is the median of each round's ratio, wall and CPU apart", () => {
    // Rounds on a machine getting slower: 1.1×, 1.2× and 1.0× the expert in each round.
    const ours = [run(1100, 2200), run(2400, 4800), run(4000, 9000)];
    const expert = [run(1000, 2000), run(2000, 4000), run(4000, 10000)];
    assert.deepEqual(pairedRatios(ours, expert), { wall: 1.1, cpu: 1.1 });
    // The ratio of the medians mixes rounds: 2400 / 2000.
    assert.equal(median(ours.map((r) => r.ms)) / median(expert.map((r) => r.ms)), 1.2);
  });

  it('pairs only the rounds both sides ran', () => {
    assert.deepEqual(pairedRatios([run(300, 300), run(900, 900)], [run(200, 100)]), { wall: 1.5, cpu: 3 });
  });
});
