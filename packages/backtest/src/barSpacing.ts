import { type BarSeries, BotError, msToTimeframe, timeframeToMs } from '@bot/core-types';
import { inferTimeframe } from '@bot/market-data';

/** Index of the later bar of the smallest gap between consecutive open times; one tight pass (this runs before every backtest). */
function smallestGapAt(t: ArrayLike<number>): number {
  let smallest = Number.POSITIVE_INFINITY;
  let at = 1;
  for (let i = 1; i < t.length; i++) {
    const d = t[i]! - t[i - 1]!;
    if (d < smallest) {
      smallest = d;
      at = i;
    }
  }
  return at;
}

/**
 * Checks that a series' timeframe is not longer than the spacing of its bars. A bar of the timeframe that starts at
 * one open time must end by the next one: otherwise the bars overlap and everything derived from the bar length goes
 * wrong (close times of the equity marks, periods per year, order latency). A timeframe shorter than the spacing is
 * fine: the data has gaps (nights, weekends, holidays).
 *
 * @param where how the series is named in the error (default `series <symbol>`), e.g. a file and a flag.
 * @throws BotError `INVALID_ARGUMENT` naming the timeframe, the smallest gap (with its bars and times) and the most
 *   common gap.
 * @example `checkBarSpacing(loadBarsCsv('orcl.csv', { symbol: 'ORCL/USD', timeframe: '1w' }).series)` throws: the
 *   bars are 1 day apart.
 */
export function checkBarSpacing(series: BarSeries, where = `series ${series.symbol}`): void {
  if (series.length < 2) return;
  const tf = timeframeToMs(series.timeframe);
  const t = series.openTime;
  const at = smallestGapAt(t);
  const smallest = t[at]! - t[at - 1]!;
  // times that do not ascend are the kernel's to report (with their own message)
  if (tf <= smallest || !(smallest > 0)) return;
  // the most frequent gap, as the CSV loader infers a timeframe; undefined when not whole seconds
  const common = inferTimeframe(t);
  const mostCommon = common === undefined ? smallest : timeframeToMs(common);
  const iso = (ms: number) => new Date(ms).toISOString();
  const fix =
    mostCommon < tf
      ? `use the timeframe of the data (${duration(mostCommon)}) or resample the bars to ${series.timeframe}`
      : `most bars are ${series.timeframe} apart, so bar ${at} is out of step: fix or drop it, or use a timeframe of at most ${duration(smallest)}`;
  throw new BotError(
    'INVALID_ARGUMENT',
    `${where}: timeframe ${series.timeframe} is longer than the spacing of its bars (smallest gap between consecutive open times ${duration(smallest)}, ` +
      `bars ${at - 1} and ${at} at ${iso(t[at - 1]!)} and ${iso(t[at]!)}; most common gap ${duration(mostCommon)}): the bars would overlap, ` +
      `so close times, periods per year and latency would be wrong; ${fix}`,
    { details: { timeframe: series.timeframe, smallestGapMs: smallest, mostCommonGapMs: mostCommon, bar: at } },
  );
}

/** A gap as a timeframe (`1d`, `5m`) when it is whole seconds, else in ms. */
function duration(ms: number): string {
  return Number.isInteger(ms) && ms > 0 && ms % 1000 === 0 ? msToTimeframe(ms) : `${ms} ms`;
}
