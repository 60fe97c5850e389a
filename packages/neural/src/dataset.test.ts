import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forwardLogReturns, splitByTime } from './dataset.js';
import { DEFAULT_FEATURE_SPEC, computeFeatures, featureWarmup } from './features.js';
import { syntheticSeries } from './synthetic.js';
import type { BarSeries } from '@bot/core-types';

describe('splitByTime', () => {
  it('keeps train < validation < test in time with gaps no window or target can straddle', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 400, max: 5000 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 0, max: 10 }),
        fc.double({ min: 0.05, max: 0.3, noNaN: true }),
        fc.oneof(fc.constant(0), fc.double({ min: 0.05, max: 0.3, noNaN: true })),
        (first, count, window, horizon, embargo, vf, tf) => {
          const s = splitByTime({ first, end: first + count, window, horizon, embargo, validationFraction: vf, testFraction: tf });
          expect(s.train.start).toBe(first);
          expect(s.train.end).toBeGreaterThan(s.train.start);
          expect(s.validation.end).toBeGreaterThan(s.validation.start);
          // Last training target ends at (train.end - 1) + horizon; first validation window starts at validation.start - window + 1.
          expect(s.validation.start - window + 1).toBeGreaterThan(s.train.end - 1 + horizon + embargo - 1);
          if (s.test.end > s.test.start) expect(s.test.start - window + 1).toBeGreaterThan(s.validation.end - 1 + horizon + embargo - 1);
          expect(Math.max(s.test.end, s.validation.end)).toBeLessThanOrEqual(first + count);
        },
      ),
    );
  });
});

describe('forwardLogReturns', () => {
  it('uses bars t+1..t+h only', () => {
    const close = Float64Array.from([100, 110, 99, 120, 130]);
    const y = forwardLogReturns(close, 2);
    expect(y[0]).toBeCloseTo(Math.log(99 / 100), 15);
    expect(y[2]).toBeCloseTo(Math.log(130 / 99), 15);
    expect(Number.isNaN(y[3]!)).toBe(true);
  });
});

function truncate(s: BarSeries, n: number): BarSeries {
  return {
    symbol: s.symbol,
    timeframe: s.timeframe,
    length: n,
    openTime: s.openTime.slice(0, n),
    open: s.open.slice(0, n),
    high: s.high.slice(0, n),
    low: s.low.slice(0, n),
    close: s.close.slice(0, n),
    volume: s.volume.slice(0, n),
  };
}

describe('computeFeatures', () => {
  const series = syntheticSeries({ length: 600, phi: [0.3], seed: 5 });
  const all = { ...DEFAULT_FEATURE_SPEC, features: [...DEFAULT_FEATURE_SPEC.features, 'return', 'volumeChange', 'emaGap'] as const };

  it('is causal: features at t are unchanged when bars after t are altered or removed', () => {
    const full = computeFeatures(series, all);
    fc.assert(
      fc.property(fc.integer({ min: 50, max: 590 }), (cut) => {
        const part = computeFeatures(truncate(series, cut), all);
        for (let f = 0; f < full.columns.length; f++) {
          for (let t = 0; t < cut; t++) {
            const a = full.columns[f]![t]!;
            const b = part.columns[f]![t]!;
            if (Number.isNaN(a)) expect(Number.isNaN(b)).toBe(true);
            else expect(b).toBe(a);
          }
        }
      }),
      { numRuns: 20 },
    );
  });

  it('matches direct textbook values for returns, volatility and time encodings', () => {
    const m = computeFeatures(series, { ...all, features: ['logReturn', 'volatility', 'hourSin', 'dowCos'] });
    const t = 100;
    expect(m.columns[0]![t]).toBeCloseTo(Math.log(series.close[t]! / series.close[t - 1]!), 15);
    const r: number[] = [];
    for (let k = t - 19; k <= t; k++) r.push(Math.log(series.close[k]! / series.close[k - 1]!));
    const mean = r.reduce((a, b) => a + b, 0) / 20;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / 19);
    expect(m.columns[1]![t]).toBeCloseTo(sd, 14);
    const d = new Date(series.openTime[t]!);
    expect(m.columns[2]![t]).toBeCloseTo(Math.sin((2 * Math.PI * (d.getUTCHours() * 60 + d.getUTCMinutes())) / 1440), 12);
    expect(m.columns[3]![t]).toBeCloseTo(Math.cos((2 * Math.PI * (d.getUTCDay() + (d.getUTCHours() * 60 + d.getUTCMinutes()) / 1440)) / 7), 12);
  });

  it('has a warm-up long enough that a trailing window reproduces the full-series values to 1e-7', () => {
    const full = computeFeatures(series, all);
    const w = featureWarmup(all);
    expect(w).toBeLessThan(series.length);
    const t = series.length - 1;
    const s = t - w + 1;
    const tail: BarSeries = {
      ...series,
      length: w,
      openTime: series.openTime.slice(s),
      open: series.open.slice(s),
      high: series.high.slice(s),
      low: series.low.slice(s),
      close: series.close.slice(s),
      volume: series.volume.slice(s),
    };
    const part = computeFeatures(tail, all);
    for (let f = 0; f < full.columns.length; f++) {
      const a = full.columns[f]![t]!;
      const b = part.columns[f]![w - 1]!;
      expect(Math.abs(a - b), full.names[f]).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(a)));
    }
  });
});
