/** Result of {@link maxDrawdown}. */
export interface DrawdownSummary {
  /** Largest peak-to-trough loss as a positive fraction of the peak (0.25 = 25%), in [0, 1] for equity >= 0. */
  readonly maxDrawdown: number;
  /** Index of the peak before the largest drawdown. */
  readonly peakIndex: number;
  /** Index of the trough of the largest drawdown. */
  readonly troughIndex: number;
  /** Longest time under water (from a peak to the first new high, or to the end), in periods. */
  readonly maxDurationPeriods: number;
  /** The same duration in the units of `time` (ms when times are epoch ms); 0 when no times are given. */
  readonly maxDurationMs: number;
}

/**
 * Drawdown series: `dd[i] = equity[i] / max(equity[0..i]) - 1`, a fraction in [-1, 0] (0 at new highs).
 *
 * @example `drawdownSeries(Float64Array.of(100, 120, 90))` -> `[0, 0, -0.25]`
 */
export function drawdownSeries(equity: ArrayLike<number>): Float64Array {
  const n = equity.length;
  const out = new Float64Array(n);
  let peak = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const e = equity[i]!;
    if (e > peak) peak = e;
    out[i] = peak > 0 ? e / peak - 1 : 0;
  }
  return out;
}

/**
 * Maximum drawdown and the longest drawdown duration of an equity curve.
 *
 * Conventions: drawdown is measured on the close-marked equity, relative to the running peak, and reported as a
 * positive fraction. The duration counts periods from the peak to the first later value `>=` that peak (recovery),
 * or to the last value when never recovered.
 *
 * @param time optional times (same length) to express the duration in time units.
 * @example `maxDrawdown([100, 120, 90, 130]).maxDrawdown` -> `0.25`
 */
export function maxDrawdown(equity: ArrayLike<number>, time?: ArrayLike<number>): DrawdownSummary {
  const n = equity.length;
  let peak = Number.NEGATIVE_INFINITY;
  let peakIdx = 0;
  let mdd = 0;
  let mddPeak = 0;
  let mddTrough = 0;
  let maxDur = 0;
  let maxDurMs = 0;
  let underwater = false;
  const spell = (end: number): void => {
    const dur = end - peakIdx;
    if (dur > maxDur) maxDur = dur;
    if (time !== undefined) {
      const ms = time[end]! - time[peakIdx]!;
      if (ms > maxDurMs) maxDurMs = ms;
    }
  };
  for (let i = 0; i < n; i++) {
    const e = equity[i]!;
    if (e >= peak) {
      if (underwater) spell(i);
      underwater = false;
      peak = e;
      peakIdx = i;
    } else {
      underwater = true;
      if (peak > 0) {
        const dd = 1 - e / peak;
        if (dd > mdd) {
          mdd = dd;
          mddPeak = peakIdx;
          mddTrough = i;
        }
      }
    }
  }
  if (underwater) spell(n - 1);
  return { maxDrawdown: mdd, peakIndex: mddPeak, troughIndex: mddTrough, maxDurationPeriods: maxDur, maxDurationMs: maxDurMs };
}
