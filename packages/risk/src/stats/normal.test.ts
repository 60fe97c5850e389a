import { describe, expect, it } from 'vitest';
import { normalQuantile, studentTCdf, studentTQuantile } from './normal.js';
import { quantileType7, sampleMoments } from './quantile.js';

describe('normalQuantile', () => {
  it('matches published values (R qnorm)', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.99)).toBeCloseTo(2.3263478740408408, 14);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.6448536269514729, 14);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 10);
    expect(normalQuantile(0.5)).toBe(0);
  });
  it('rejects probabilities outside (0, 1)', () => {
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => normalQuantile(1.2)).toThrow(RangeError);
  });
});

describe('Student t', () => {
  it('quantiles match R qt', () => {
    expect(studentTQuantile(0.975, 5)).toBeCloseTo(2.570581835636314, 9);
    expect(studentTQuantile(0.99, 10)).toBeCloseTo(2.763769458112696, 9);
    expect(studentTQuantile(0.01, 4)).toBeCloseTo(-3.746947387979196, 9);
  });
  it('cdf matches R pt', () => {
    expect(studentTCdf(1, 3)).toBeCloseTo(0.8044988905221148, 12);
    expect(studentTCdf(-2, 7)).toBeCloseTo(0.042809664281488025, 12);
  });
});

describe('quantileType7 and sampleMoments', () => {
  it('interpolates like numpy / R type 7', () => {
    expect(quantileType7([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 15);
    expect(quantileType7([4, 1, 3, 2], 0.5)).toBeCloseTo(2.5, 15);
    expect(quantileType7([-0.05, 0.04, -0.02, 0.03, 0.01], 0.2)).toBeCloseTo(-0.026, 15);
    expect(quantileType7([7], 0.9)).toBe(7);
  });
  it('moments by hand', () => {
    const m = sampleMoments([1, 2, 3, 4, 10]);
    // mean 4, deviations -3 -2 -1 0 6: m2 = 50/5 = 10, m3 = (-27-8-1+216)/5 = 36, m4 = (81+16+1+1296)/5 = 278.8
    expect(m.mean).toBe(4);
    expect(m.sd).toBeCloseTo(Math.sqrt(50 / 4), 14);
    expect(m.skewness).toBeCloseTo(36 / Math.pow(10, 1.5), 14);
    expect(m.excessKurtosis).toBeCloseTo(278.8 / 100 - 3, 14);
  });
});
