import { type BarSeries, timeframeToMs } from '@bot/core-types';
import { barIndexAt } from '../barIndexAt.js';

/**
 * @internal The value of buying `series` with `initialEquity` at its first bar's open and holding it, marked like the
 * strategy's equity: at each time of `times` (the equity curve's stamps: the first bar's open, then bar closes), the
 * close of the last bar that has closed by then (`openTime + timeframe <= t`), or the entry price before the first
 * close. No fees. Used for the report's buy-and-hold line.
 *
 * @example bars open 100 and closing 105, 121 -> `buyAndHold(series, [open0, close0, close1], 1000)` -> `[1000, 1050, 1210]`
 */
export function buyAndHold(series: BarSeries, times: readonly number[], initialEquity: number): number[] {
  const bar = timeframeToMs(series.timeframe);
  const entry = series.open[0]!;
  const firstClose = series.openTime[0]! + bar;
  return times.map((t) => {
    const price = t < firstClose ? entry : series.close[barIndexAt(series.openTime, t - bar)]!;
    return (initialEquity * price) / entry;
  });
}
