import { describe, expect, it } from 'vitest';
import { createRng } from './rng.js';
import { mean, percentileSorted, sampleStd } from './stats.js';

describe('stats', () => {
  it('percentiles match numpy.percentile (linear, type 7)', () => {
    // numpy.percentile([1, 2, 3, 4], 50) == 2.5; ([1, 2, 3, 4, 5], 10) == 1.4; ([1, 2, 3, 4, 5], 95) == 4.8
    expect(percentileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentileSorted([1, 2, 3, 4, 5], 0.1)).toBeCloseTo(1.4, 15);
    expect(percentileSorted([1, 2, 3, 4, 5], 0.95)).toBeCloseTo(4.8, 15);
    expect(percentileSorted([7], 0.3)).toBe(7);
    expect(() => percentileSorted([1], 1.5)).toThrow(RangeError);
  });
  it('mean and sample standard deviation (n - 1)', () => {
    expect(mean([2, 4, 4, 4, 5, 5, 7, 9])).toBe(5);
    expect(sampleStd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 15);
    expect(sampleStd([1])).toBeNaN();
  });
});

describe('createRng', () => {
  it('is reproducible, uniform-looking and in range', () => {
    const a = createRng(123);
    const b = createRng(123);
    const xs = Array.from({ length: 20_000 }, () => a.next());
    expect(Array.from({ length: 20_000 }, () => b.next())).toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(Math.abs(mean(xs) - 0.5)).toBeLessThan(0.01); // sd of the mean is 0.002
    const counts = new Array<number>(6).fill(0);
    const r = createRng(9);
    for (let i = 0; i < 60_000; i++) counts[r.int(6)]!++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500); // ~5 sd
    expect(() => r.int(0)).toThrow(RangeError);
  });
});
