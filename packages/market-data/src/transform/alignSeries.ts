import { type BarSeries, BotError } from '@bot/core-types';

/** Options of {@link alignSeries}. */
export interface AlignOptions {
  /** `inner` (default): only times every series has. `outer`: the union of all times. */
  readonly join?: 'inner' | 'outer';
  /**
   * With `outer`: `none` (default) leaves missing bars as NaN; `forward` fills them with a flat bar at the previous
   * close and volume 0 (NaN before a series' first bar).
   */
  readonly fill?: 'none' | 'forward';
}

/** Several series on one common clock. `present[k][i]` is 1 when series k really had a bar at `openTime[i]`. */
export interface AlignedSeries {
  readonly openTime: Float64Array;
  readonly series: readonly BarSeries[];
  readonly present: readonly Uint8Array[];
}

/**
 * Puts several bar series (ascending, same timeframe) on a common clock for pairs and portfolios. An inner join
 * keeps the timestamps all series share (for LTC/BTC and ZEC/BTC of the shared data: 5757 rows); an outer join
 * keeps every timestamp, optionally forward-filling missing bars so no look-ahead is introduced.
 *
 * @throws BotError `INVALID_ARGUMENT` when the series' timeframes differ or no series is given.
 * @example
 * ```ts
 * const { series: [ltc, zec] } = alignSeries([ltcSeries, zecSeries], { join: 'inner' });
 * ```
 */
export function alignSeries(list: readonly BarSeries[], options: AlignOptions = {}): AlignedSeries {
  if (list.length === 0) throw new BotError('INVALID_ARGUMENT', 'alignSeries needs at least one series');
  const tf = list[0]!.timeframe;
  for (const s of list) {
    if (s.timeframe !== tf) throw new BotError('INVALID_ARGUMENT', `alignSeries: timeframes differ (${tf} and ${s.timeframe} for ${s.symbol})`);
  }
  const join = options.join ?? 'inner';
  const forward = (options.fill ?? 'none') === 'forward';
  // k-way merge of sorted open times.
  const idx = new Array<number>(list.length).fill(0);
  const times: number[] = [];
  for (;;) {
    let next = Infinity;
    let all = true;
    for (let k = 0; k < list.length; k++) {
      const s = list[k]!;
      if (idx[k]! < s.length) next = Math.min(next, s.openTime[idx[k]!]!);
    }
    if (next === Infinity) break;
    for (let k = 0; k < list.length; k++) {
      const s = list[k]!;
      if (idx[k]! < s.length && s.openTime[idx[k]!] === next) idx[k]!++;
      else all = false;
    }
    if (join === 'outer' || all) times.push(next);
  }
  const n = times.length;
  const openTime = Float64Array.from(times);
  const present: Uint8Array[] = [];
  const series = list.map((s) => {
    const out = { symbol: s.symbol, timeframe: tf, length: n, openTime, open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
    const has = new Uint8Array(n);
    let j = 0;
    let lastClose = NaN;
    for (let i = 0; i < n; i++) {
      while (j < s.length && s.openTime[j]! < openTime[i]!) j++;
      if (j < s.length && s.openTime[j] === openTime[i]) {
        has[i] = 1;
        out.open[i] = s.open[j]!;
        out.high[i] = s.high[j]!;
        out.low[i] = s.low[j]!;
        out.close[i] = s.close[j]!;
        out.volume[i] = s.volume[j]!;
        lastClose = s.close[j]!;
      } else {
        const fillValue = forward ? lastClose : NaN;
        out.open[i] = out.high[i] = out.low[i] = out.close[i] = fillValue;
        out.volume[i] = forward && lastClose === lastClose ? 0 : NaN;
      }
    }
    present.push(has);
    return out;
  });
  return { openTime, series, present };
}
