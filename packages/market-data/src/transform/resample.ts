import { type BarSeries, BotError, barSeriesFromBars, parseTimeframe, type Symbol, type Timeframe, type Trade, timeframeToMs } from '@bot/core-types';
import { bucketStart } from './bucket.js';
import { TradeBarBuilder } from './tradeBarBuilder.js';

/** A resampled series; `partialLast` flags a last bar whose interval is not fully covered by the input. */
export interface ResampledBars {
  readonly series: BarSeries;
  /** True when the last bar's interval extends past the end of the input data. */
  readonly partialLast: boolean;
  /** Number of source bars (or trades) aggregated into each output bar. */
  readonly sourceCounts: Uint32Array;
}

/**
 * Aggregates bars into a higher timeframe on UTC-aligned boundaries (see {@link bucketStart}): open = first open,
 * high = max high, low = min low, close = last close, volume = sum. Missing source bars inside an interval just
 * contribute nothing. The last output bar is flagged partial when the source ends before its interval does.
 *
 * @throws BotError `INVALID_ARGUMENT` when the target is not a whole multiple of the source timeframe.
 * @example
 * ```ts
 * const { series: hourly, partialLast } = resampleBars(fiveMinute, '1h');
 * ```
 */
export function resampleBars(series: BarSeries, timeframe: Timeframe): ResampledBars {
  const target = parseTimeframe(timeframe);
  const srcMs = timeframeToMs(series.timeframe);
  const dstMs = timeframeToMs(target);
  if (dstMs < srcMs || dstMs % srcMs !== 0) {
    throw new BotError('INVALID_ARGUMENT', `cannot resample ${series.timeframe} bars to ${target}: the target must be a whole multiple of the source`);
  }
  const n = series.length;
  const cap = Math.max(1, Math.ceil(n / (dstMs / srcMs)) + 2);
  const out = {
    openTime: new Float64Array(cap),
    open: new Float64Array(cap),
    high: new Float64Array(cap),
    low: new Float64Array(cap),
    close: new Float64Array(cap),
    volume: new Float64Array(cap),
  };
  let counts = new Uint32Array(cap);
  let m = -1;
  let current = NaN;
  const { openTime, open, high, low, close, volume } = series;
  const grow = (need: number) => {
    if (need < out.openTime.length) return need;
    for (const k of Object.keys(out) as (keyof typeof out)[]) {
      const b = new Float64Array(out[k].length * 2);
      b.set(out[k]);
      out[k] = b;
    }
    const c = new Uint32Array(counts.length * 2);
    c.set(counts);
    counts = c;
    return need;
  };
  for (let i = 0; i < n; i++) {
    const t = openTime[i]!;
    const b = bucketStart(t, target);
    if (b !== current) {
      if (b < current) throw new BotError('DATA', `resampleBars: bars must be in ascending time (index ${i})`);
      m = grow(m + 1);
      current = b;
      out.openTime[m] = b;
      out.open[m] = open[i]!;
      out.high[m] = high[i]!;
      out.low[m] = low[i]!;
      out.close[m] = close[i]!;
      out.volume[m] = volume[i]!;
      counts[m] = 1;
      continue;
    }
    if (high[i]! > out.high[m]!) out.high[m] = high[i]!;
    if (low[i]! < out.low[m]!) out.low[m] = low[i]!;
    out.close[m] = close[i]!;
    out.volume[m]! += volume[i]!;
    counts[m]!++;
  }
  const len = m + 1;
  const lastEnd = n > 0 ? openTime[n - 1]! + srcMs : 0;
  const partialLast = len > 0 && lastEnd < out.openTime[m]! + dstMs;
  return {
    series: {
      symbol: series.symbol,
      timeframe: target,
      length: len,
      openTime: out.openTime.slice(0, len),
      open: out.open.slice(0, len),
      high: out.high.slice(0, len),
      low: out.low.slice(0, len),
      close: out.close.slice(0, len),
      volume: out.volume.slice(0, len),
    },
    partialLast,
    sourceCounts: counts.slice(0, len),
  };
}

/** Options of {@link resampleTrades}. */
export interface ResampleTradesOptions {
  readonly symbol: Symbol;
  readonly timeframe: Timeframe;
  /** Exclusive end of the trade data, epoch ms (default: last trade time + 1 ms). Decides whether the last bar is partial. */
  readonly end?: number;
  /** Emit flat zero-volume bars for intervals without trades (default false). */
  readonly fillEmpty?: boolean;
}

/**
 * Builds bars from trades (in time order) with a {@link TradeBarBuilder}: open = first trade price, high/low =
 * extreme prices, close = last price, volume = sum of quantities. The last bar is included and flagged partial
 * unless `end` reaches its interval's end.
 *
 * @example
 * ```ts
 * const { series, partialLast } = resampleTrades(trades, { symbol: 'BTC/USDT', timeframe: '1m', end: untilMs });
 * ```
 */
export function resampleTrades(trades: Iterable<Trade>, options: ResampleTradesOptions): ResampledBars {
  const builder = new TradeBarBuilder(options);
  const bars = [];
  const counts: number[] = [];
  let count = 0;
  let lastTime = -Infinity;
  for (const t of trades) {
    const late = builder.lateTrades;
    const closed = builder.push(t);
    closed.forEach((b, k) => {
      bars.push(b);
      counts.push(k === 0 ? count : 0);
    });
    if (closed.length > 0) count = 0;
    if (builder.lateTrades === late) count++;
    lastTime = Math.max(lastTime, t.time);
  }
  const last = builder.current();
  let partialLast = false;
  if (last !== undefined) {
    bars.push(last);
    counts.push(count);
    const end = options.end ?? lastTime + 1;
    partialLast = end < last.openTime + timeframeToMs(last.timeframe);
  }
  return { series: barSeriesFromBars(bars, options.symbol, builder.timeframe), partialLast, sourceCounts: Uint32Array.from(counts) };
}

export { bucketStart };
