import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BarSeries } from '@bot/core-types';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBarsCsv } from '../files/loadBarsCsv.js';
import { writeBarsCsv } from '../files/writeBars.js';
import { qualityReport } from '../quality/qualityReport.js';
import { choleskyLower, generateCointegratedPair, generateCorrelatedBars } from './generateCorrelated.js';
import { generateBars } from './generateBars.js';
import { SeededRandom } from './seededRandom.js';

const tmp = mkdtempSync(join(tmpdir(), 'md-syn-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const logReturns = (s: BarSeries) => Array.from({ length: s.length - 1 }, (_, i) => Math.log(s.close[i + 1]! / s.close[i]!));
const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const std = (x: number[]) => {
  const m = mean(x);
  return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1));
};
const corr = (x: number[], y: number[]) => {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
};

async function csvHash(series: BarSeries, name: string): Promise<string> {
  const p = join(tmp, name);
  await writeBarsCsv(p, series);
  return createHash('sha256').update(readFileSync(p)).digest('hex');
}

describe('SeededRandom', () => {
  it('is reproducible, uniform on [0,1) and standard normal', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const xs = Array.from({ length: 50_000 }, () => a.next());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mean(xs)).toBeCloseTo(0.5, 2); // SE 0.0013
    const zs = Array.from({ length: 50_000 }, () => a.normal());
    expect(Math.abs(mean(zs))).toBeLessThan(0.02); // SE 0.0045
    expect(std(zs)).toBeCloseTo(1, 1);
    expect(new SeededRandom(43).next()).not.toBe(new SeededRandom(42).next());
  });
});

describe('generateBars', () => {
  it('same seed => same CSV bytes; another seed => different bytes', async () => {
    const h1 = await csvHash(generateBars({ seed: 7, bars: 5000, timeframe: '5m', model: 'jump' }), 'a.csv');
    const h2 = await csvHash(generateBars({ seed: 7, bars: 5000, timeframe: '5m', model: 'jump' }), 'b.csv');
    const h3 = await csvHash(generateBars({ seed: 8, bars: 5000, timeframe: '5m', model: 'jump' }), 'c.csv');
    expect(h1).toBe(h2);
    expect(h1).not.toBe(h3);
  });

  it.each(['gbm', 'regime', 'jump'] as const)('%s output passes strict loading and has no data-quality errors', async (model) => {
    const s = generateBars({ seed: 3, bars: 3000, timeframe: '1h', model, start: Date.parse('2021-01-01T00:00:00Z') });
    const p = join(tmp, `${model}.csv`);
    await writeBarsCsv(p, s);
    const back = loadBarsCsv(p).series;
    expect(Array.from(back.close)).toEqual(Array.from(s.close));
    const q = qualityReport(back);
    expect(q.ok).toBe(true);
    expect(q.firstTime).toBe(Date.parse('2021-01-01T00:00:00Z'));
  });

  it('GBM volatility matches sigma * sqrt(dt)', () => {
    const s = generateBars({ seed: 11, bars: 20_000, timeframe: '1h', volatility: 0.5, drift: 0 });
    const dt = 3_600_000 / (365 * 86_400_000);
    // SE of a sample std over 20k normals is ~0.5%; 8-digit price rounding adds nothing measurable.
    expect(std(logReturns(s)) / (0.5 * Math.sqrt(dt))).toBeGreaterThan(0.97);
    expect(std(logReturns(s)) / (0.5 * Math.sqrt(dt))).toBeLessThan(1.03);
  });

  it('jumps fatten the tails (excess kurtosis) compared with plain GBM', () => {
    const kurt = (x: number[]) => {
      const m = mean(x);
      const s2 = x.reduce((a, b) => a + (b - m) ** 2, 0) / x.length;
      return x.reduce((a, b) => a + (b - m) ** 4, 0) / x.length / (s2 * s2) - 3;
    };
    const gbm = kurt(logReturns(generateBars({ seed: 5, bars: 20_000, timeframe: '1h' })));
    const jump = kurt(logReturns(generateBars({ seed: 5, bars: 20_000, timeframe: '1h', model: 'jump', jumpsPerYear: 50 })));
    expect(Math.abs(gbm)).toBeLessThan(0.3);
    expect(jump).toBeGreaterThan(3);
  });
});

describe('correlated assets and cointegrated pair', () => {
  it('Cholesky reproduces the matrix', () => {
    const a = [[1, 0.6, 0.3], [0.6, 1, 0.5], [0.3, 0.5, 1]];
    const l = choleskyLower(a);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(l[i]!.reduce((s, _, k) => s + l[i]![k]! * l[j]![k]!, 0)).toBeCloseTo(a[i]![j]!, 12);
    expect(() => choleskyLower([[1, 2], [2, 1]])).toThrow(/positive definite/);
  });

  it('sample correlation of log returns matches the target', () => {
    const [a, b, c] = generateCorrelatedBars({
      seed: 9,
      bars: 20_000,
      timeframe: '1h',
      assets: [{ symbol: 'A/USD' }, { symbol: 'B/USD', volatility: 0.9 }, { symbol: 'C/USD', volatility: 0.3 }],
      correlation: [[1, 0.8, -0.3], [0.8, 1, 0], [-0.3, 0, 1]],
    });
    // SE of a sample correlation ~ (1 - rho^2) / sqrt(n) <= 0.007.
    expect(corr(logReturns(a!), logReturns(b!))).toBeCloseTo(0.8, 1);
    expect(Math.abs(corr(logReturns(a!), logReturns(b!)) - 0.8)).toBeLessThan(0.03);
    expect(Math.abs(corr(logReturns(a!), logReturns(c!)) + 0.3)).toBeLessThan(0.03);
    expect(Math.abs(corr(logReturns(b!), logReturns(c!)))).toBeLessThan(0.03);
  });

  it('the spread log B - beta log A mean-reverts with the requested half-life', () => {
    const [a, b] = generateCointegratedPair({ seed: 4, bars: 20_000, timeframe: '5m', beta: 1.5, halfLifeBars: 20, spreadVolatility: 0.003 });
    const s = Array.from(a.close, (x, i) => Math.log(b.close[i]!) - 1.5 * Math.log(x));
    // OLS AR(1) slope of the demeaned spread.
    const m = mean(s);
    let num = 0;
    let den = 0;
    for (let i = 1; i < s.length; i++) {
      num += (s[i]! - m) * (s[i - 1]! - m);
      den += (s[i - 1]! - m) ** 2;
    }
    const phi = num / den;
    expect(Math.abs(phi - 2 ** (-1 / 20))).toBeLessThan(0.01);
    expect(std(s)).toBeLessThan(0.05); // stationary, while each leg wanders
  });
});
