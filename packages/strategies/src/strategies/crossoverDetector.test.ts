import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CrossoverDetector, crossovers } from './crossoverDetector.js';

const c = (a: number[], b: number[]): number[] => Array.from(crossovers(a, b));

describe('CrossoverDetector (backtrader CrossOver rule)', () => {
  it('hand-made series', () => {
    expect(c([1, 2, 3], [2, 2, 2])).toEqual([0, 0, 1]); // below, equal, above: one up-cross on the 'above' bar
    expect(c([1, 2, 2, 2, 3], [2, 2, 2, 2, 2])).toEqual([0, 0, 0, 0, 1]); // long equal stretch
    expect(c([1, 2, 1], [2, 2, 2])).toEqual([0, 0, 0]); // touch from below and back: no cross
    expect(c([3, 2, 2, 1], [2, 2, 2, 2])).toEqual([0, 0, 0, -1]); // above, equal, equal, below: down-cross
    expect(c([3, 2, 3], [2, 2, 2])).toEqual([0, 0, 0]); // touch from above and back: no cross
    expect(c([2, 2, 3, 1], [2, 2, 2, 2])).toEqual([0, 0, 0, -1]); // starts equal: no reference until 3 > 2
    expect(c([1, 3, 1, 3], [2, 2, 2, 2])).toEqual([0, 1, -1, 1]); // direct crosses
    expect(c([Number.NaN, 1, Number.NaN, 3], [2, 2, 2, 2])).toEqual([0, 0, 0, 1]); // NaN warm-up gaps ignored
  });

  it('streaming value/isReady/reset', () => {
    const d = new CrossoverDetector();
    expect(d.isReady).toBe(false);
    d.update(2, 2);
    expect(d.isReady).toBe(false);
    d.update(1, 2);
    expect(d.isReady).toBe(true);
    expect(d.update(5, 2)).toBe(1);
    expect(d.value).toBe(1);
    d.reset();
    expect(d.update(5, 2)).toBe(0);
  });

  it('equals the non-zero-difference formulation on random series with many ties (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), { maxLength: 80 }), (pairs) => {
        const a = pairs.map((p) => p[0]);
        const b = pairs.map((p) => p[1]);
        // backtrader: nzd[0] = d[0]; nzd[t] = d[t] if d[t] != 0 else nzd[t-1]; up = nzd[t-1] < 0 and d[t] > 0.
        const nzd: number[] = [];
        const expected: number[] = [];
        a.forEach((x, t) => {
          const d = x - b[t]!;
          nzd.push(t === 0 || d !== 0 ? d : nzd[t - 1]!);
          expected.push(t === 0 ? 0 : nzd[t - 1]! < 0 && d > 0 ? 1 : nzd[t - 1]! > 0 && d < 0 ? -1 : 0);
        });
        expect(c(a, b)).toEqual(expected);
      }),
      { numRuns: 300, seed: 1 },
    );
  });
});
