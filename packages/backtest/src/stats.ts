/**
 * Small, allocation-free statistics helpers over `number` arrays (hot-path math is `number`, ARCHITECTURE rule 5).
 */

/** Arithmetic mean; `NaN` for an empty input. */
export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i]!;
  return s / n;
}

/** Sample standard deviation (denominator `n - 1`); `NaN` for fewer than two values. */
export function sampleStd(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  const m = mean(values);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - m;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - 1));
}

/**
 * Percentile of already **sorted** values with linear interpolation between closest ranks (Hyndman & Fan type 7,
 * the default of numpy `percentile` and R `quantile`). `p` is a fraction in [0, 1].
 *
 * @throws RangeError when `p` is outside [0, 1].
 * @example `percentileSorted([1, 2, 3, 4], 0.5)` -> `2.5`
 */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile ${p} outside [0, 1]`);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
