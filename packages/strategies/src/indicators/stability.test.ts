import { describe, expect, it } from 'vitest';
import { Bollinger } from './bollinger.js';
import { RollingCorrelation } from './rollingCorrelation.js';
import { RollingStdDev } from './rollingStdDev.js';
import { SMA } from './sma.js';
import { WMA } from './wma.js';

/** Deterministic uniform noise in [0, 1) (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('numerical stability over 2,000,000 values with a large offset', () => {
  it('rolling sums and variances do not drift (compared with a direct recomputation at the end)', () => {
    const N = 2_000_000;
    const p = 20;
    const r = rng(123);
    const sma = new SMA(p);
    const wma = new WMA(p);
    const bb = new Bollinger(p, 2);
    const sd = new RollingStdDev(p, { sample: true });
    const rc = new RollingCorrelation(p);
    const last = new Float64Array(p);
    const lastY = new Float64Array(p);
    for (let i = 0; i < N; i++) {
      // A drifting level far from zero plus small noise: the worst case for naive running sums.
      const x = 1e6 + i * 0.37 + r();
      const y = 2 * x + r();
      sma.update(x);
      wma.update(x);
      bb.update(x);
      sd.update(x);
      rc.update(x, y);
      last[i % p] = x;
      lastY[i % p] = y;
    }
    const window = Array.from({ length: p }, (_, k) => last[(N - p + k) % p]!);
    const wy = Array.from({ length: p }, (_, k) => lastY[(N - p + k) % p]!);
    const mean = window.reduce((a, b) => a + b, 0) / p;
    const varPop = window.reduce((a, b) => a + (b - mean) ** 2, 0) / p;
    const wmaRef = window.reduce((a, b, k) => a + (k + 1) * b, 0) / ((p * (p + 1)) / 2);
    expect(Math.abs(sma.value! - mean)).toBeLessThan(1e-9 * mean);
    expect(Math.abs(wma.value! - wmaRef)).toBeLessThan(1e-9 * wmaRef);
    expect(bb.stdDev / Math.sqrt(varPop)).toBeCloseTo(1, 9);
    expect(sd.value! / Math.sqrt((varPop * p) / (p - 1))).toBeCloseTo(1, 9);
    const my = wy.reduce((a, b) => a + b, 0) / p;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let k = 0; k < p; k++) {
      sxy += (window[k]! - mean) * (wy[k]! - my);
      sxx += (window[k]! - mean) ** 2;
      syy += (wy[k]! - my) ** 2;
    }
    expect(rc.correlation).toBeCloseTo(sxy / Math.sqrt(sxx * syy), 9);
    expect(rc.beta).toBeCloseTo(sxy / sxx, 8);
  });
});
