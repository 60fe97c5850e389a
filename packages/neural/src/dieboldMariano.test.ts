import { describe, expect, it } from 'vitest';
import { dieboldMariano } from './dieboldMariano.js';
import { studentTCdf } from './studentT.js';

describe('studentTCdf', () => {
  it('matches published t-table values (R pt)', () => {
    // R: pt(-2, 10) = 0.03669402; pt(1.812461, 10) = 0.95; pt(2.228139, 10) = 0.975; pt(1.959964, 1e6) ~ 0.975
    expect(studentTCdf(-2, 10)).toBeCloseTo(0.03669402, 7);
    expect(studentTCdf(1.812461, 10)).toBeCloseTo(0.95, 6);
    expect(studentTCdf(2.228139, 10)).toBeCloseTo(0.975, 6);
    expect(studentTCdf(1.959964, 1e6)).toBeCloseTo(0.975, 5);
    // t(1) is Cauchy: F(t) = 1/2 + atan(t)/pi
    for (const t of [-5, -1, 0, 0.3, 2, 10]) expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
    // t(2): F(t) = 1/2 + t / (2 sqrt(2 + t^2))
    for (const t of [-3, -0.5, 0, 1, 4]) expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 12);
  });
});

describe('dieboldMariano', () => {
  // Independent textbook computation: DM (1995) with autocovariances of d up to lag h-1 (divisor T), HLN (1997).
  function reference(e1: number[], e2: number[], h: number): { stat: number; df: number } {
    const d = e1.map((x, i) => x * x - e2[i]! * e2[i]!);
    const T = d.length;
    const dbar = d.reduce((a, b) => a + b, 0) / T;
    const acov = (k: number): number => {
      let s = 0;
      for (let t = k; t < T; t++) s += (d[t]! - dbar) * (d[t - k]! - dbar);
      return s / T;
    };
    let lrv = acov(0);
    for (let k = 1; k < h; k++) lrv += 2 * acov(k);
    const dm = dbar / Math.sqrt(lrv / T);
    return { stat: dm * Math.sqrt((T + 1 - 2 * h + (h * (h - 1)) / T) / T), df: T - 1 };
  }
  const e1 = [0.5, -0.2, 0.1, 0.4, -0.3, 0.05, 0.2, -0.1, 0.3, -0.25, 0.15, -0.05];
  const e2 = [0.9, -0.6, 0.4, 0.2, -0.8, 0.3, 0.5, -0.4, 0.2, -0.7, 0.6, -0.1];

  for (const h of [1, 2, 3]) {
    it(`h = ${h}: statistic and p-values match a direct computation`, () => {
      const l1 = e1.map((x) => x * x);
      const l2 = e2.map((x) => x * x);
      const r = dieboldMariano(l1, l2, h);
      const ref = reference(e1, e2, h);
      expect(r.statistic).toBeCloseTo(ref.stat, 12);
      expect(r.n).toBe(12);
      expect(r.meanDifference).toBeLessThan(0);
      expect(r.pValueModelBetter).toBeCloseTo(studentTCdf(ref.stat, ref.df), 12);
      expect(r.pValueTwoSided).toBeCloseTo(2 * Math.min(r.pValueModelBetter, 1 - r.pValueModelBetter), 12);
    });
  }

  it('is antisymmetric: swapping model and baseline flips the statistic', () => {
    const a = dieboldMariano(e1.map((x) => x * x), e2.map((x) => x * x), 1);
    const b = dieboldMariano(e2.map((x) => x * x), e1.map((x) => x * x), 1);
    expect(b.statistic).toBeCloseTo(-a.statistic, 12);
    expect(a.pValueModelBetter + b.pValueModelBetter).toBeCloseTo(1, 12);
  });

  it('rejects mismatched lengths and tiny samples', () => {
    expect(() => dieboldMariano([1, 2, 3], [1, 2], 1)).toThrow(/same length/);
    expect(() => dieboldMariano([1, 2], [1, 2], 1)).toThrow(/at least 3/);
    expect(() => dieboldMariano([1, 2, 3], [1, 2, 3], 0)).toThrow(/horizon/);
  });
});
