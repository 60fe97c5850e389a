import type { BarSeries } from '@bot/core-types';

/** A bar series in one `SharedArrayBuffer` (6 x length float64: time, open, high, low, close, volume). */
export interface SharedSeries {
  readonly symbol: string;
  readonly timeframe: string;
  readonly length: number;
  readonly buffer: SharedArrayBuffer;
}

/** Copies a series into shared memory once, so worker threads read it without copies. */
export function toSharedSeries(s: BarSeries): SharedSeries {
  const n = s.length;
  const buffer = new SharedArrayBuffer(Math.max(1, n) * 6 * 8);
  const cols = [s.openTime, s.open, s.high, s.low, s.close, s.volume];
  cols.forEach((c, k) => new Float64Array(buffer, k * n * 8, n).set(c.subarray(0, n)));
  return { symbol: s.symbol, timeframe: s.timeframe, length: n, buffer };
}

/** Views a shared series as a {@link BarSeries} (no copy). */
export function fromSharedSeries(s: SharedSeries): BarSeries {
  const n = s.length;
  const col = (k: number) => new Float64Array(s.buffer, k * n * 8, n);
  return { symbol: s.symbol, timeframe: s.timeframe as BarSeries['timeframe'], length: n, openTime: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) };
}

/** Bars `[start, end)` of a series as views (no copy). */
export function sliceSeries(s: BarSeries, start: number, end: number): BarSeries {
  return {
    symbol: s.symbol,
    timeframe: s.timeframe,
    length: Math.max(0, end - start),
    openTime: s.openTime.subarray(start, end),
    open: s.open.subarray(start, end),
    high: s.high.subarray(start, end),
    low: s.low.subarray(start, end),
    close: s.close.subarray(start, end),
    volume: s.volume.subarray(start, end),
  };
}
