/**
 * Sample quantile with linear interpolation between order statistics: R's `quantile(type = 7)`, numpy's default
 * `np.quantile(x, p)`. For sorted `x[0..n-1]`, `h = (n - 1) p`, result `x[⌊h⌋] + (h - ⌊h⌋)(x[⌊h⌋+1] - x[⌊h⌋])`.
 *
 * @param values sample (not modified; copied and sorted)
 * @param p probability in [0, 1]
 * @throws RangeError on an empty sample or `p` outside [0, 1]
 * @example
 * ```ts
 * quantileType7([1, 2, 3, 4], 0.25); // 1.75
 * ```
 */
export function quantileType7(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) throw new RangeError('quantileType7: empty sample');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantileType7: p must be in [0, 1], got ${p}`);
  const sorted = Float64Array.from(values).sort();
  return quantileSortedType7(sorted, p);
}

/** {@link quantileType7} on an already ascending-sorted sample (no copy). */
export function quantileSortedType7(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  if (lo + 1 >= sorted.length) return a;
  return a + (h - lo) * (sorted[lo + 1]! - a);
}

/** Sample moments used by the tail-risk functions. */
export interface SampleMoments {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation with the n - 1 denominator. */
  readonly sd: number;
  /** Population skewness m3 / m2^1.5 (biased moment estimator, as `moments::skewness` in R). */
  readonly skewness: number;
  /** Population excess kurtosis m4 / m2^2 - 3 (biased moment estimator). */
  readonly excessKurtosis: number;
}

/**
 * Mean, sample standard deviation (n - 1) and moment-based skewness and excess kurtosis (central moments with
 * the n denominator).
 *
 * @throws RangeError when fewer than 2 values are given
 * @example
 * ```ts
 * sampleMoments([1, 2, 3, 4, 10]).skewness;
 * ```
 */
export function sampleMoments(values: ArrayLike<number>): SampleMoments {
  const n = values.length;
  if (n < 2) throw new RangeError(`sampleMoments: need at least 2 values, got ${n}`);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const sd = Math.sqrt(m2 / (n - 1));
  m2 /= n;
  m3 /= n;
  m4 /= n;
  return {
    n,
    mean,
    sd,
    skewness: m2 > 0 ? m3 / Math.pow(m2, 1.5) : 0,
    excessKurtosis: m2 > 0 ? m4 / (m2 * m2) - 3 : 0,
  };
}
