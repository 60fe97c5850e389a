import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, retryPolicy, seededRandom } from './retryPolicy.js';

describe('backoffDelay', () => {
  it('stays in [d/2, d) with d = min(max, base * 2^attempt) (equal jitter)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 40 }), fc.integer(), (base, max, attempt, seed) => {
        const p = retryPolicy({ baseDelayMs: base, maxDelayMs: max, random: seededRandom(seed) });
        const d = Math.min(max, base * 2 ** attempt);
        const delay = backoffDelay(p, attempt);
        expect(delay).toBeGreaterThanOrEqual(d / 2);
        expect(delay).toBeLessThan(d);
      }),
    );
  });

  it('is reproducible for a seed and grows with the attempt until the cap', () => {
    const a = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, random: seededRandom(7) });
    const b = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, random: seededRandom(7) });
    const seqA = [0, 1, 2, 3, 4, 5].map((k) => backoffDelay(a, k));
    const seqB = [0, 1, 2, 3, 4, 5].map((k) => backoffDelay(b, k));
    expect(seqA).toEqual(seqB);
    // ceilings 100, 200, 400, 800, 1000, 1000: each delay is above half its ceiling
    expect(seqA.map((d, k) => d >= Math.min(1000, 100 * 2 ** k) / 2)).toEqual([true, true, true, true, true, true]);
  });

  it('seededRandom is uniform enough: the mean of 10 000 draws is within 0.02 of 0.5', () => {
    const r = seededRandom(123);
    let s = 0;
    for (let i = 0; i < 10_000; i++) s += r();
    expect(Math.abs(s / 10_000 - 0.5)).toBeLessThan(0.02);
  });
});
