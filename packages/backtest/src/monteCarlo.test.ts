import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { monteCarlo, periodicReturns, tradeReturns } from './monteCarlo.js';

describe('monteCarlo', () => {
  const trades = [0.1, -0.05, 0.2, -0.3, 0.05, 0.02, -0.1];
  const product = trades.reduce((e, r) => e * (1 + r), 1) - 1;

  it('reshuffle without replacement keeps the final return and varies the drawdown', () => {
    const mc = monteCarlo({ method: 'reshuffle', tradeReturns: trades, simulations: 500, seed: 3 });
    for (const f of mc.samples.finalReturn) expect(f).toBeCloseTo(product, 12);
    expect(mc.maxDrawdown.max).toBeGreaterThan(mc.maxDrawdown.min);
    // the worst possible order puts all losses together: 1 - 0.95*0.7*0.9
    expect(mc.maxDrawdown.max).toBeLessThanOrEqual(1 - 0.95 * 0.7 * 0.9 + 1e-12);
    // the best order can never do better than the single largest loss
    expect(mc.maxDrawdown.min).toBeGreaterThanOrEqual(0.3 - 1e-12);
  });

  it('is reproducible from the seed and differs across seeds', () => {
    const a = monteCarlo({ method: 'bootstrap', returns: trades, simulations: 200, seed: 11, blockLength: 2 });
    const b = monteCarlo({ method: 'bootstrap', returns: trades, simulations: 200, seed: 11, blockLength: 2 });
    const c = monteCarlo({ method: 'bootstrap', returns: trades, simulations: 200, seed: 12, blockLength: 2 });
    expect(Array.from(a.samples.finalReturn)).toEqual(Array.from(b.samples.finalReturn));
    expect(Array.from(a.samples.finalReturn)).not.toEqual(Array.from(c.samples.finalReturn));
  });

  it('block bootstrap with one return equal to the whole sample reproduces it exactly', () => {
    const mc = monteCarlo({ method: 'bootstrap', returns: [0.01], simulations: 10, horizon: 5, seed: 1 });
    expect(mc.finalReturn.min).toBeCloseTo(1.01 ** 5 - 1, 12);
    expect(mc.finalReturn.max).toBeCloseTo(1.01 ** 5 - 1, 12);
    expect(mc.maxDrawdown.max).toBe(0);
    expect(mc.probabilityOfRuin).toBe(0);
  });

  it('probability of ruin counts paths whose drawdown reached the threshold', () => {
    // every path contains the -60% trade, so every path is ruined at 50%
    const mc = monteCarlo({ method: 'reshuffle', tradeReturns: [0.1, -0.6, 0.2], simulations: 50, seed: 5, ruinDrawdown: 0.5 });
    expect(mc.probabilityOfRuin).toBe(1);
    const none = monteCarlo({ method: 'reshuffle', tradeReturns: [0.1, -0.6, 0.2], simulations: 50, seed: 5, ruinDrawdown: 0.7 });
    expect(none.probabilityOfRuin).toBe(0);
  });

  it('percentiles are type-7 interpolated', () => {
    const mc = monteCarlo({ method: 'reshuffle', tradeReturns: [0.1, -0.2], simulations: 4000, seed: 2, percentiles: [0.5] });
    // two orders: drawdown 0.2 (loss first) or 1 - 0.8 = 0.2 after the gain -> both 0.2
    expect(mc.maxDrawdown.percentiles[0]).toEqual([0.5, expect.closeTo(0.2, 12)]);
  });

  it('property: a drawdown never exceeds 100%, even with returns below -100%', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.boolean(),
        (rs, seed, boot) => {
          const mc = boot
            ? monteCarlo({ method: 'bootstrap', returns: rs, simulations: 20, seed })
            : monteCarlo({ method: 'reshuffle', tradeReturns: rs, simulations: 20, seed, withReplacement: true });
          return mc.samples.maxDrawdown.every((d) => d >= 0 && d <= 1) && mc.samples.finalReturn.every((f) => f >= -1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects empty input', () => {
    expect(() => monteCarlo({ method: 'bootstrap', returns: [] })).toThrow(/at least one return/);
  });
});

describe('tradeReturns and periodicReturns', () => {
  it('divides pnl by the equity of the last mark before entry', () => {
    const eq = { time: [10, 20, 30, 40], equity: [1000, 1100, 900, 950] };
    const t = (entryTime: number, pnl: number) => ({
      symbol: 'X/Y', direction: 'long' as const, entryTime, exitTime: entryTime + 1, entryPrice: 1, exitPrice: 1,
      quantity: 1, grossPnl: pnl, fees: 0, pnl, returnOnNotional: 0,
    });
    expect(Array.from(tradeReturns([t(25, 55), t(5, 10), t(31, -90)], eq, 500))).toEqual([55 / 1100, 10 / 500, -90 / 900]);
    expect(Array.from(periodicReturns([100, 110, 99]))).toEqual([expect.closeTo(0.1, 15), expect.closeTo(-0.1, 15)]);
  });

  it('measures a trade against the close mark its decision was made on, also when it enters on the bar after an exit', () => {
    // Contiguous daily bars as a run reports them: the first bar's open, then each bar's close (= the next open).
    const D = 86_400_000;
    const eq = { time: [0, 1, 2, 3, 4, 5].map((i) => i * D), equity: [1000, 1000, 1100, 1050, 1200, 1150] };
    const t = (entryBar: number, exitBar: number, pnl: number) => ({
      symbol: 'X/Y', direction: 'long' as const, entryTime: entryBar * D, exitTime: exitBar * D, entryPrice: 1, exitPrice: 1,
      quantity: 1, grossPnl: pnl, fees: 0, pnl, returnOnNotional: 0,
    });
    // A: decided on bar 0's close (mark 1 = 1000), filled at bar 1's open, exited at bar 3's open.
    // B: decided on bar 3's close (mark 4 = 1200, after A's exit), filled at bar 4's open: 1200 is the account it risked,
    //    not 1050 (bar 2's close, when A was still open).
    expect(Array.from(tradeReturns([t(1, 3, 50), t(4, 5, -60)], eq, 1000))).toEqual([50 / 1000, -60 / 1200]);
  });
});
