import { describe, expect, it } from 'vitest';
import { type BarSeries, type StrategyDefinition, barSeriesFromBars } from '@bot/core-types';
import { generateBars } from '@bot/market-data';
import { builtInStrategies } from '@bot/strategies';
import { type StrategyRegistryLike, findStrategy } from './strategyRegistry.js';
import { walkForward } from './walkForward.js';

const DAY = 86_400_000;
const start = Date.UTC(2024, 0, 1);

function daily(rows: readonly (readonly [open: number, close: number])[]): BarSeries {
  return barSeriesFromBars(
    rows.map(([open, close], i) => ({ type: 'bar' as const, symbol: 'X/USD', timeframe: '1d' as const, openTime: start + i * DAY, open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 1e6 })),
  );
}

/** A strategy that sends market orders of 1 unit on the close of given bars of the whole series (by open time). */
function scriptDefinition(script: Readonly<Record<number, 'buy' | 'sell'>>, warmup?: number): StrategyDefinition {
  return {
    name: 'script',
    description: 'market orders on given bars',
    params: { unused: { type: 'int', default: 1, min: 1, max: 1, step: 1, description: 'nothing' } },
    ...(warmup === undefined ? {} : { warmupBars: () => warmup }),
    create: (_params, options) => ({
      id: options.id ?? 'script',
      onBar(bar, ctx) {
        const side = script[(bar.openTime - start) / DAY];
        if (side !== undefined) ctx.submitOrder({ symbol: bar.symbol, side, type: 'market', quantity: '1' });
      },
    }),
  };
}

describe('walkForward: positions open at an out-of-sample window end', () => {
  // bar:        0          1          2          3          4          5          6          7
  const rows: [number, number][] = [[100, 100], [100, 100], [100, 100], [100, 100], [100, 100], [100, 100], [100, 102], [101, 101],
    // 8         9          10         11
    [100, 100], [100, 104], [105, 105], [110, 110]];
  // Windows (in-sample 4, out-of-sample 4, rolling): IS [0,4) OOS [4,8); IS [4,8) OOS [8,12).
  // Window 1: buy decided on bar 4's close, filled at bar 5's open (100, fee 1); still open at bar 7's close (101):
  //   equity 1000, 1000, 999, 1001, 1000 (close of bars 3..7).
  // Window 2 (starts flat; bar 4's buy is in its in-sample part and dropped): buy on bar 8's close -> bar 9's open
  //   (100, fee 1), sell on bar 10's close -> bar 11's open (110, fee 1.1): equity 1000, 1000, 1003, 1004, 1007.9.
  const script = scriptDefinition({ 4: 'buy', 8: 'buy', 10: 'sell' }, 1);
  const options = {
    data: daily(rows),
    strategy: 'script',
    registry: [script],
    inSampleBars: 4,
    outOfSampleBars: 4,
    mode: 'rolling' as const,
    run: { fee: '0.01', initialCash: 1000, periodsPerYear: 365 },
  };

  it('stitched exposure, fees and turnover count the position still open at the first window end', async () => {
    const wf = await walkForward(options);
    expect(Array.from(wf.equity.equity)).toEqual([1000, 1000, 999, 1001, 1000, 1000, 1003, 1004, expect.closeTo(1007.9, 9)]);
    const m = wf.metrics;
    // 8 periods; exposed: bars 5, 6, 7 (the open position) and 9, 10 (the round trip)
    expect(m.exposure).toBe(5 / 8);
    // fees of every out-of-sample fill: 1 + 1 + 1.1
    expect(m.feesPaid).toBeCloseTo(3.1, 12);
    // traded notional 100 + 100 + 110 over the mean of the 9 stitched marks (9014.9 / 9)
    expect(m.turnover).toBeCloseTo(310 / (9014.9 / 9), 12);
    expect(m.trades).toBe(1);
  });

  it('a later window\'s fees, notional and trade pnl are rescaled with its equity segment', async () => {
    // bar 7 closes at 111: window 1 ends at 899 + 111 = 1010, so window 2 (run from 1000) is scaled by 1.01
    const up = rows.map((r, i) => (i === 7 ? ([101, 111] as [number, number]) : r));
    const wf = await walkForward({ ...options, data: daily(up) });
    expect(Array.from(wf.equity.equity)).toEqual([1000, 1000, 999, 1001, 1010, 1010, 1013.03, 1014.04, 1017.979].map((x) => expect.closeTo(x, 9)));
    expect(wf.metrics.feesPaid).toBeCloseTo(1 + 1.01 * 2.1, 12);
    expect(wf.metrics.turnover).toBeCloseTo((100 + 1.01 * 210) / ((1000 + 1000 + 999 + 1001 + 1010 + 1010 + 1013.03 + 1014.04 + 1017.979) / 9), 12);
    expect(wf.metrics.expectancy).toBeCloseTo(1.01 * (10 - 2.1), 12); // the one round trip: 110 - 100 - fees 2.1
    expect(wf.steps[1]!.outOfSample.feesPaid).toBeCloseTo(2.1, 12); // a window's own metrics stay on its own run
  });

  it('each window reports its own turnover (traded notional / mean equity) and fees', async () => {
    const wf = await walkForward(options);
    const [w1, w2] = wf.steps;
    expect(w1!.outOfSample.turnover).toBeCloseTo(100 / 1000, 12); // marks 1000, 1000, 999, 1001, 1000
    expect(w1!.outOfSample.feesPaid).toBeCloseTo(1, 12);
    expect(w1!.outOfSample.exposure).toBe(3 / 4);
    expect(w2!.outOfSample.turnover).toBeCloseTo(210 / (5014.9 / 5), 12); // marks 1000, 1000, 1003, 1004, 1007.9
    expect(w2!.outOfSample.feesPaid).toBeCloseTo(2.1, 12);
    expect(w2!.outOfSample.exposure).toBe(2 / 4);
  });
});

describe('walkForward: in-sample windows shorter than the warm-up', () => {
  const data = generateBars({ seed: 11, bars: 200, timeframe: '1d', symbol: 'X/USD' });
  const smaCross = findStrategy(builtInStrategies as unknown as StrategyRegistryLike, 'sma-cross');

  it('rejects an in-sample window that does not cover the warm-up of sma-cross slow=30 (31 bars), naming both', async () => {
    await expect(
      walkForward({ data, strategy: 'sma-cross', ranges: { fast: { values: [10] }, slow: { values: [30] } }, inSampleBars: 20, outOfSampleBars: 60, workers: 1 }),
    ).rejects.toThrow(/in-sample window of 20 bars .*warm-up of sma-cross .*slow=30.* \(31 bars\).* at least 32/);
    // the largest warm-up of the search decides
    await expect(
      walkForward({ data, strategy: 'sma-cross', ranges: { fast: { values: [5] }, slow: { values: [10, 40] } }, inSampleBars: 30, outOfSampleBars: 60, workers: 1 }),
    ).rejects.toThrow(/warm-up of sma-cross .*slow=40.* \(41 bars\)/);
  });

  it('without a declared warm-up, the efficiency is NaN (not 0) and a warning says why', async () => {
    // sma-cross without warmupBars: the 20 in-sample bars never produce a score
    const { warmupBars: _w, ...noWarmup } = smaCross;
    const wf = await walkForward({ data, strategy: 'sma-cross', registry: [noWarmup as StrategyDefinition], ranges: { fast: { values: [10] }, slow: { values: [30] } }, inSampleBars: 20, outOfSampleBars: 90, workers: 1 });
    expect(wf.steps.map((s) => s.inSampleScore)).toEqual([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    // both out-of-sample windows trade and score: the old ratio, finite / -Infinity, was -0
    for (const s of wf.steps) expect(Number.isFinite(s.outOfSample.sharpe)).toBe(true);
    expect(wf.efficiency).toBeNaN();
    expect(wf.warnings.join('\n')).toMatch(/efficiency is undefined: no in-sample score in window\(s\) 0, 1 .*declares no warm-up/);
  });
});

describe('walkForward: an out-of-sample window that stays flat', () => {
  // bar:        0           1           2           3           4           5           6           7
  const rows: [number, number][] = [[100, 100], [100, 101], [102, 103], [104, 104], [100, 100], [100, 102], [103, 101], [101, 101],
    // 8         9           10          11  (no orders: window 1's out-of-sample part stays flat)
    [100, 100], [100, 104], [105, 105], [110, 110]];
  // Round trips decided on bars 0/2 and 4/6: IS [0,4) and [4,8) trade, OOS [4,8) trades, OOS [8,12) stays flat.
  const script = scriptDefinition({ 0: 'buy', 2: 'sell', 4: 'buy', 6: 'sell' }, 0);
  const run = (objective: 'sharpe' | 'profitFactor') =>
    walkForward({ data: daily(rows), strategy: 'script', registry: [script], ranges: { unused: { values: [1] } }, inSampleBars: 4, outOfSampleBars: 4, workers: 1, objective });

  it('scores 0 under sharpe instead of voiding the efficiency of every window, and says so', async () => {
    const wf = await run('sharpe');
    expect(wf.steps).toHaveLength(2);
    const [w0, w1] = wf.steps;
    expect(w1!.outOfSample.trades).toBe(0);
    expect(w1!.outOfSample.exposure).toBe(0);
    expect(w1!.outOfSample.sharpe).toBeNaN(); // the metric itself stays NaN (sample sd of 0)
    for (const s of wf.steps) expect(Number.isFinite(s.inSampleScore)).toBe(true);
    expect(Number.isFinite(w0!.outOfSample.sharpe)).toBe(true);
    const expected = ((w0!.outOfSample.sharpe + 0) / 2) / ((w0!.inSampleScore + w1!.inSampleScore) / 2);
    expect(wf.efficiency).toBeCloseTo(expected, 12);
    expect(wf.warnings.join('\n')).toMatch(/out-of-sample window\(s\) 1 stayed flat \(no position, no return\): scored 0 sharpe/);
    expect(wf.warnings.join('\n')).not.toMatch(/efficiency is undefined/);
  });

  it('leaves it undefined under profitFactor, which has no value without trades', async () => {
    const wf = await run('profitFactor');
    expect(wf.efficiency).toBeNaN();
    // (window 0 only wins: its profit factor is infinite, undefined too)
    expect(wf.steps[1]!.outOfSample.profitFactor).toBeNaN();
    expect(wf.warnings.join('\n')).toMatch(/efficiency is undefined: no out-of-sample profitFactor in window\(s\) 0, 1 /);
    expect(wf.warnings.join('\n')).not.toMatch(/stayed flat/);
  });
});
