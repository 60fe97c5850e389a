import { describe, expect, it } from 'vitest';
import { type BarSeries, type Timeframe, barSeriesFromBars } from '@bot/core-types';
import { builtInStrategies } from '@bot/strategies';
import { optimize } from './optimize.js';
import { runBacktest } from './runBacktest.js';
import { type StrategyRegistryLike, findStrategy } from './strategyRegistry.js';

const DAY = 86_400_000;
const monday = Date.UTC(2024, 0, 1);

/** Weekday-only daily bars (Mon..Fri) for `weeks` weeks, labelled with `timeframe`. */
function weekdays(weeks: number, timeframe: Timeframe): BarSeries {
  const bars = [];
  for (let d = 0; d < weeks * 7; d++) {
    if (d % 7 >= 5) continue;
    const p = 100 + Math.sin(d / 3) * 5;
    bars.push({ type: 'bar' as const, symbol: 'X/USD', timeframe, openTime: monday + d * DAY, open: p, high: p + 1, low: p - 1, close: p + 0.5, volume: 10 });
  }
  return barSeriesFromBars(bars);
}

describe('a timeframe longer than the bar spacing is rejected', () => {
  const smaCross = findStrategy(builtInStrategies as unknown as StrategyRegistryLike, 'sma-cross');
  const strategies = [{ definition: smaCross, params: { fast: 2, slow: 5 } }];

  it('runBacktest names the timeframe and the spacing found', () => {
    // daily bars labelled weekly: every close would be stamped 7 days after its open, on top of the next 4 bars
    expect(() => runBacktest({ data: weekdays(6, '1w'), strategies })).toThrow(
      'series X/USD: timeframe 1w is longer than the spacing of its bars (smallest gap between consecutive open times 1d, ' +
        'bars 0 and 1 at 2024-01-01T00:00:00.000Z and 2024-01-02T00:00:00.000Z; most common gap 1d): the bars would overlap, ' +
        'so close times, periods per year and latency would be wrong; use the timeframe of the data (1d) or resample the bars to 1w',
    );
    expect(() => runBacktest({ data: weekdays(6, '2d'), strategies })).toThrow(/timeframe 2d is longer than the spacing/);
  });

  it('a bar out of step in regular data is named', () => {
    const s = weekdays(2, '1d');
    const openTime = Float64Array.from(s.openTime);
    openTime[3] = openTime[2]! + 3_600_000; // Wed 01:00 instead of Thu 00:00
    expect(() => runBacktest({ data: { ...s, openTime }, strategies })).toThrow(
      'series X/USD: timeframe 1d is longer than the spacing of its bars (smallest gap between consecutive open times 1h, bars 2 and 3 at ' +
        '2024-01-03T00:00:00.000Z and 2024-01-03T01:00:00.000Z; most common gap 1d): the bars would overlap, so close times, periods per year ' +
        'and latency would be wrong; most bars are 1d apart, so bar 3 is out of step: fix or drop it, or use a timeframe of at most 1h',
    );
  });

  it('the data timeframe, or a shorter one (bars with gaps), is accepted', () => {
    expect(runBacktest({ data: weekdays(6, '1d'), strategies }).settings.timeframe).toBe('1d');
    expect(runBacktest({ data: weekdays(6, '4h'), strategies }).settings.timeframe).toBe('4h');
  });

  it('optimize rejects it up front (not once per candidate)', async () => {
    await expect(optimize({ data: weekdays(6, '1w'), strategy: 'sma-cross', ranges: { fast: { values: [2, 3] }, slow: { values: [5] } }, workers: 1 })).rejects.toThrow(
      /series X\/USD: timeframe 1w is longer than the spacing of its bars/,
    );
  });
});
