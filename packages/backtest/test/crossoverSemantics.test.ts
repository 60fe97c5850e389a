import { describe, expect, it } from 'vitest';
import { barSeriesFromBars } from '@bot/core-types';
import { builtInStrategies } from '@bot/strategies';
import { type StrategyRegistryLike, findStrategy, parseSizingSpec, runBacktest } from '../src/index.js';

const smaCross = findStrategy(builtInStrategies as unknown as StrategyRegistryLike, 'sma-cross');
const DAY = 86_400_000;

function series(closes: readonly number[], openOffset: number) {
  return barSeriesFromBars(
    closes.map((c, i) => {
      const o = i === 0 ? c : closes[i - 1]! + openOffset;
      return { type: 'bar' as const, symbol: 'X/USD', timeframe: '1d' as const, openTime: Date.UTC(2024, 0, 1) + i * DAY, open: o, high: Math.max(o, c) + 1, low: Math.min(o, c) - 1, close: c, volume: 1e6 };
    }),
  );
}

describe('sma-cross follows backtrader CrossOver semantics (cross on the close, fill at the next open)', () => {
  // fast = SMA(2), slow = SMA(3); both exist from bar 2.
  // bar:      0   1   2   3   4   5   6   7   8   9  10  11  12  13  14  15  16  17
  const c = [10, 10, 10, 10, 12, 8, 8, 8, 8, 9, 9, 9, 9, 8, 8, 10, 10, 10];
  // fast-slow: bar 2: 0 (seed, no reference yet), 3: 0, 4: +0.33 (no cross: never below before),
  // 5: 0 (equal: no cross, memory stays +), 6: 8 vs 9.33 -> DOWN cross (flat: nothing to sell),
  // 7, 8: equal (memory stays -), 9: 8.5 vs 8.33 -> UP cross judged against bar 6 (the last bar where they
  // differed); a strict "previous bar below" rule would miss it because bar 8 was equal.
  // 10: above, 11, 12: equal, 13: 8.5 vs 8.67 -> DOWN cross, 14: below, 15: 9 vs 8.67 -> UP cross.
  const data = series(c, 0.25);

  it('produces exactly the hand-derived fills', () => {
    const r = runBacktest({ data, strategies: [{ definition: smaCross, params: { fast: 2, slow: 3 } }], sizer: parseSizingSpec('fixed:1'), fee: '0.001', initialCash: 1000 });
    const bar = (t: number) => Math.round((t - data.openTime[0]!) / DAY);
    expect(r.fills.map((f) => [bar(f.time), f.side, f.qty, f.price])).toEqual([
      [10, 'buy', 1, 9.25], // decided on bar 9's close (9), filled at bar 10's open (9 + 0.25)
      [14, 'sell', 1, 8.25], // decided on bar 13's close
      [16, 'buy', 1, 10.25], // decided on bar 15's close
    ]);
    expect(r.fills.map((f) => f.fee)).toEqual([expect.closeTo(0.00925, 15), expect.closeTo(0.00825, 15), expect.closeTo(0.01025, 15)]);
  });

  it('all-in buys cash / (close * (1 + fee)) and, like backtrader, drops a buy the next open cannot pay for', () => {
    // Gap down opens: the all-in order sized on the close fits at the cheaper open.
    const down = runBacktest({ data: series(c, -0.25), strategies: [{ definition: smaCross, params: { fast: 2, slow: 3 } }], fee: '0.001', initialCash: 1000 });
    const first = down.fills[0]!;
    expect(first.side).toBe('buy');
    const expectedQty = Math.floor((1000 / (9 * 1.001)) * 1e8) / 1e8;
    expect(first.qty).toBeCloseTo(expectedQty, 8);
    expect(first.price).toBe(8.75);
    // Gap up opens: the same order would cost more than the cash at the open -> rejected, no fill (backtrader: Margin).
    const up = runBacktest({ data: series(c, 0.25), strategies: [{ definition: smaCross, params: { fast: 2, slow: 3 } }], fee: '0.001', initialCash: 1000 });
    expect(up.fills.filter((f) => f.side === 'buy')).toHaveLength(0);
    expect(up.metrics.finalEquity).toBe(1000);
  });
});
