import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { barSeriesFromBars } from '@bot/core-types';
import type { ClosedTrade } from './closedTrades.js';
import { computeMetrics, exposureFraction } from './metrics.js';
import { drawdownSeries, maxDrawdown } from './drawdown.js';
import { inferPeriodsPerYear } from './periodsPerYear.js';
import { runBacktest } from './runBacktest.js';
import { configFromSpec } from './runSettingsSpec.js';

const DAY = 86_400_000;
// Mon 2024-01-01 .. Thu 2024-01-04 (UTC), weekday daily bars.
const t0 = Date.UTC(2024, 0, 1);
const days = (n: number, start = t0) => Array.from({ length: n }, (_, i) => start + i * DAY);
const dailyBars = (n: number) =>
  barSeriesFromBars(days(n).map((openTime) => ({ type: 'bar' as const, symbol: 'X/USD', timeframe: '1d' as const, openTime, open: 1, high: 1, low: 1, close: 1, volume: 1 })));

function trade(pnl: number, fees: number, entryTime = 0, exitTime = 1): ClosedTrade {
  return {
    symbol: 'X/USD',
    direction: 'long',
    entryTime,
    exitTime,
    entryPrice: 1,
    exitPrice: 1,
    quantity: 1,
    grossPnl: pnl + fees,
    fees,
    pnl,
    returnOnNotional: pnl,
  };
}

describe('computeMetrics on a hand-computed equity curve', () => {
  // Equity 100 -> 110 -> 99 -> 108.9: returns +10%, -10%, +10%.
  const equity = [100, 110, 99, 108.9];
  const m = computeMetrics({ equity: { time: days(4), equity }, trades: [], periodsPerYear: 252 });

  it('total return, CAGR and volatility', () => {
    expect(m.totalReturn).toBeCloseTo(0.089, 12);
    // 3 periods of 252/year -> years = 3/252
    expect(m.cagr).toBeCloseTo(Math.pow(1.089, 252 / 3) - 1, 6);
    // returns 0.1, -0.1, 0.1: mean 1/30, sample variance = ((0.2/3)^2*2 + (0.4/3)^2)/2 = 0.04/3
    const sd = Math.sqrt(0.04 / 3);
    expect(m.annualVolatility).toBeCloseTo(sd * Math.sqrt(252), 10);
    expect(m.sharpe).toBeCloseTo((1 / 30 / sd) * Math.sqrt(252), 10);
  });

  it('Sortino uses the downside deviation over all periods', () => {
    // downside: sqrt((0 + 0.01 + 0) / 3)
    const dd = Math.sqrt(0.01 / 3);
    expect(m.sortino).toBeCloseTo((1 / 30 / dd) * Math.sqrt(252), 10);
  });

  it('max drawdown, its duration and Calmar', () => {
    expect(m.maxDrawdown).toBeCloseTo(0.1, 12);
    // peak at index 1 (110), under water at 2, 3 (108.9 < 110): to the end = 2 bars, 2 days
    expect(m.maxDrawdownDurationBars).toBe(2);
    expect(m.maxDrawdownDurationMs).toBe(2 * DAY);
    expect(m.calmar).toBeCloseTo(m.cagr / 0.1, 8);
  });

  it('risk-free rate is deducted per period', () => {
    const rf = 0.05;
    const withRf = computeMetrics({ equity: { time: days(4), equity }, trades: [], periodsPerYear: 252, riskFreeRate: rf });
    const rp = Math.pow(1.05, 1 / 252) - 1;
    const ex = [0.1 - rp, -0.1 - rp, 0.1 - rp];
    const mu = (ex[0]! + ex[1]! + ex[2]!) / 3;
    const sd = Math.sqrt(ex.reduce((s, x) => s + (x - mu) ** 2, 0) / 2);
    expect(withRf.sharpe).toBeCloseTo((mu / sd) * Math.sqrt(252), 10);
  });

  it('a risk-free rate of -100% a year or below is rejected (its per-period rate is -1 or undefined)', () => {
    // -1: (1 + rf)^(1/252) - 1 = -1 per period, so every "excess return" is r + 1 (Sharpe about 15 000);
    // below -1 the power is NaN and volatility, Sharpe and Sortino all came out undefined.
    for (const rf of [-1, -1.5, Number.NaN]) {
      expect(() => computeMetrics({ equity: { time: days(4), equity }, trades: [], periodsPerYear: 252, riskFreeRate: rf })).toThrow(
        `computeMetrics: riskFreeRate ${rf} must be an annual rate (fraction) greater than -1 (-100% a year)`,
      );
    }
    expect(() => configFromSpec({ riskFreeRate: -1 })).toThrow(/riskFreeRate -1 must be an annual rate \(fraction\) greater than -1/);
    expect(() => runBacktest({ data: dailyBars(3), strategies: [], riskFreeRate: -2 })).toThrow(/riskFreeRate -2 must be .* greater than -1/);
    // -50% a year is a (strange but) valid rate: rp = 0.5^(1/252) - 1 per period
    const rp = Math.pow(0.5, 1 / 252) - 1;
    const ex = [0.1 - rp, -0.1 - rp, 0.1 - rp];
    const mu = (ex[0]! + ex[1]! + ex[2]!) / 3;
    const sd = Math.sqrt(ex.reduce((s, x) => s + (x - mu) ** 2, 0) / 2);
    expect(computeMetrics({ equity: { time: days(4), equity }, trades: [], periodsPerYear: 252, riskFreeRate: -0.5 }).sharpe).toBeCloseTo((mu / sd) * Math.sqrt(252), 10);
  });
});

describe('trade statistics', () => {
  const trades = [trade(30, 1), trade(-10, 1), trade(20, 2), trade(-20, 1), trade(0, 0.5)];
  const m = computeMetrics({ equity: { time: days(3), equity: [100, 101, 102] }, trades, periodsPerYear: 252 });
  it('win rate, profit factor, expectancy, average win/loss, fees', () => {
    expect(m.trades).toBe(5);
    expect(m.winRate).toBeCloseTo(2 / 5, 15);
    expect(m.profitFactor).toBeCloseTo(50 / 30, 15);
    expect(m.expectancy).toBeCloseTo(20 / 5, 15);
    expect(m.averageWin).toBeCloseTo(25, 15);
    expect(m.averageLoss).toBeCloseTo(-15, 15);
    expect(m.feesPaid).toBeCloseTo(5.5, 15);
  });
  it('profit factor is infinite without losses and NaN without trades', () => {
    expect(computeMetrics({ equity: { time: days(2), equity: [1, 2] }, trades: [trade(1, 0)], periodsPerYear: 1 }).profitFactor).toBe(Infinity);
    expect(computeMetrics({ equity: { time: days(2), equity: [1, 1] }, trades: [], periodsPerYear: 1 }).profitFactor).toBeNaN();
  });
  it('turnover is traded notional over average equity', () => {
    const t = computeMetrics({ equity: { time: days(3), equity: [100, 110, 120] }, trades: [], tradedNotional: 330, periodsPerYear: 252 });
    expect(t.turnover).toBeCloseTo(3, 15);
  });
});

describe('exposure', () => {
  it('counts periods overlapping a trade (entry < end of period, exit > start of period)', () => {
    const time = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]; // 10 periods
    // [1, 3) and [2, 4) merge to [1, 4): periods (1,2], (2,3], (3,4] -> 3; open from 8.5: (8,9], (9,10] -> 2
    const closed = [trade(1, 0, 1, 3), trade(1, 0, 2, 4)];
    const open = [{ symbol: 'X/USD', direction: 'long' as const, entryTime: 8.5, entryPrice: 1, quantity: 1, fees: 0 }];
    expect(exposureFraction(time, closed, open)).toBeCloseTo(5 / 10, 15);
    expect(exposureFraction(time, [])).toBe(0);
  });
});

describe('drawdown', () => {
  it('drawdownSeries and maxDrawdown on a recovering curve', () => {
    const e = [100, 120, 90, 60, 130, 117];
    expect(Array.from(drawdownSeries(e))).toEqual([0, 0, -0.25, -0.5, 0, -0.1].map((x) => expect.closeTo(x, 12)));
    const s = maxDrawdown(e);
    expect(s.maxDrawdown).toBeCloseTo(0.5, 15);
    expect(s.peakIndex).toBe(1);
    expect(s.troughIndex).toBe(3);
    expect(s.maxDurationPeriods).toBe(3); // 120 at 1, recovered at 4
  });
  it('property: drawdown of non-negative equity is within [0, 1]', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 200 }), (e) => {
        const d = maxDrawdown(e).maxDrawdown;
        return d >= 0 && d <= 1;
      }),
    );
  });
});

describe('inferPeriodsPerYear', () => {
  it('weekday daily bars -> 252, daily bars with weekends -> 365', () => {
    const weekdays = days(30).filter((t) => {
      const d = new Date(t).getUTCDay();
      return d !== 0 && d !== 6;
    });
    expect(inferPeriodsPerYear(weekdays)).toBe(252);
    expect(inferPeriodsPerYear(days(30))).toBe(365);
  });
  it('24/7 hourly -> 8760, 24/7 5-minute -> 105120, weekly -> 52', () => {
    const hourly = Array.from({ length: 24 * 10 }, (_, i) => t0 + i * 3_600_000);
    expect(inferPeriodsPerYear(hourly)).toBe(365 * 24);
    const fiveMin = Array.from({ length: 12 * 24 * 8 }, (_, i) => t0 + i * 300_000);
    expect(inferPeriodsPerYear(fiveMin)).toBe(365 * 24 * 12);
    expect(inferPeriodsPerYear(Array.from({ length: 10 }, (_, i) => t0 + i * 7 * DAY))).toBe(52);
  });
  it('weekday-only intraday sessions -> 252 x bars per session', () => {
    const t: number[] = [];
    for (let d = 0; d < 14; d++) {
      const day = t0 + d * DAY;
      const dow = new Date(day).getUTCDay();
      if (dow === 0 || dow === 6) continue;
      for (let k = 0; k < 7; k++) t.push(day + 14.5 * 3_600_000 + k * 3_600_000);
    }
    expect(inferPeriodsPerYear(t)).toBe(252 * 7);
  });
  it('throws with fewer than two bars', () => {
    expect(() => inferPeriodsPerYear([1])).toThrow(/periods per year/);
  });
});

describe('inferPeriodsPerYear median', () => {
  it('uses the median spacing, robust to gaps (property against a sort)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 300 }), (steps) => {
        const t = [0];
        for (const s of steps) t.push(t[t.length - 1]! + s * 3_600_000);
        const sorted = [...steps].sort((a, b) => a - b);
        const median = sorted[(sorted.length - 1) >> 1]! * 3_600_000;
        const tWeekend = t.map((x) => x + Date.UTC(2024, 0, 6)); // starts on a Saturday: 24/7 data
        return inferPeriodsPerYear(tWeekend) === (365 * 86_400_000) / median;
      }),
    );
  });
});
