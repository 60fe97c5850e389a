import { describe, expect, it } from 'vitest';
import { ewmaCorrelation, rollingCorrelation } from './correlation.js';

const x = [0.01, -0.02, 0.015, 0.003, -0.007, 0.012, -0.001];
const y = [0.008, -0.01, 0.02, -0.004, -0.003, 0.006, 0.002];

function pearson(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('rollingCorrelation', () => {
  it('is Pearson over each trailing window, NaN during warm-up', () => {
    const c = rollingCorrelation(x, y, 4);
    expect(Number.isNaN(c[2]!)).toBe(true);
    for (let t = 3; t < x.length; t++) expect(c[t]).toBeCloseTo(pearson(x.slice(t - 3, t + 1), y.slice(t - 3, t + 1)), 14);
    expect(() => rollingCorrelation(x, y.slice(1), 3)).toThrow(RangeError);
  });
});

describe('ewmaCorrelation', () => {
  it('follows the RiskMetrics recursion seeded with the first products', () => {
    const lambda = 0.9;
    const c = ewmaCorrelation(x, y, lambda);
    let cov = x[0]! * y[0]!;
    let vx = x[0]! ** 2;
    let vy = y[0]! ** 2;
    expect(c[0]).toBeCloseTo(1, 14);
    for (let t = 1; t < x.length; t++) {
      cov = lambda * cov + (1 - lambda) * x[t]! * y[t]!;
      vx = lambda * vx + (1 - lambda) * x[t]! ** 2;
      vy = lambda * vy + (1 - lambda) * y[t]! ** 2;
      expect(c[t]).toBeCloseTo(cov / Math.sqrt(vx * vy), 14);
    }
  });
});
