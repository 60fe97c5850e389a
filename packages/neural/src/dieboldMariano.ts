import { ValidationError } from '@bot/core-types';
import { studentTCdf } from './studentT.js';

/** Result of {@link dieboldMariano}. */
export interface DieboldMarianoResult {
  /** Mean loss differential `mean(lossModel - lossBaseline)`: negative = the model has lower loss. */
  readonly meanDifference: number;
  /** Harvey-Leybourne-Newbold corrected statistic (Student t with `T - 1` df under H0). */
  readonly statistic: number;
  /** Two-sided p-value (H1: the losses differ). */
  readonly pValueTwoSided: number;
  /** One-sided p-value for H1: the model's expected loss is lower than the baseline's. */
  readonly pValueModelBetter: number;
  /** Sample size `T`. */
  readonly n: number;
  readonly horizon: number;
}

/**
 * Diebold-Mariano (1995) test of equal predictive accuracy with the Harvey, Leybourne & Newbold (1997)
 * small-sample correction.
 *
 * Conventions: `d_t = lossModel_t - lossBaseline_t`; long-run variance by the truncated (rectangular-kernel)
 * autocovariance sum `gamma_0 + 2 sum_{k=1}^{h-1} gamma_k` (autocovariances with divisor T), as in DM (1995) for
 * h-step forecasts, falling back to Bartlett (Newey-West) weights when that sum is not positive;
 * `DM = dbar / sqrt(V / T)`; HLN: `DM* = DM * sqrt((T + 1 - 2h + h(h-1)/T) / T)`, compared with t(T-1).
 * This is the formula of R `forecast::dm.test(e1, e2, h = h, power = 2)` (varestimator "acf") on squared errors.
 *
 * @throws ValidationError when the arrays differ in length, have fewer than 3 points or `horizon < 1`.
 * @example
 * ```ts
 * const dm = dieboldMariano(modelSquaredErrors, zeroForecastSquaredErrors, 1);
 * if (dm.pValueModelBetter < 0.05) console.log('model beats the baseline');
 * ```
 */
export function dieboldMariano(lossModel: ArrayLike<number>, lossBaseline: ArrayLike<number>, horizon: number): DieboldMarianoResult {
  const n = lossModel.length;
  if (lossBaseline.length !== n) throw new ValidationError('lossBaseline', lossBaseline.length, `the same length as lossModel (${n})`);
  if (n < 3) throw new ValidationError('n', n, 'at least 3 loss pairs');
  if (!Number.isInteger(horizon) || horizon < 1) throw new ValidationError('horizon', horizon, 'an integer >= 1');
  const d = new Float64Array(n);
  let mean = 0;
  for (let t = 0; t < n; t++) {
    d[t] = lossModel[t]! - lossBaseline[t]!;
    mean += d[t]!;
  }
  mean /= n;
  const gamma = (k: number): number => {
    let s = 0;
    for (let t = k; t < n; t++) s += (d[t]! - mean) * (d[t - k]! - mean);
    return s / n;
  };
  const g0 = gamma(0);
  let v = g0;
  for (let k = 1; k < horizon; k++) v += 2 * gamma(k);
  if (!(v > 0)) {
    v = g0;
    for (let k = 1; k < horizon; k++) v += 2 * (1 - k / horizon) * gamma(k);
  }
  const h = horizon;
  let statistic: number;
  if (v > 0) {
    const dm = mean / Math.sqrt(v / n);
    statistic = dm * Math.sqrt((n + 1 - 2 * h + (h * (h - 1)) / n) / n);
  } else {
    statistic = mean === 0 ? 0 : mean > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }
  const cdf = studentTCdf(statistic, n - 1);
  return {
    meanDifference: mean,
    statistic,
    pValueTwoSided: Math.min(1, 2 * Math.min(cdf, 1 - cdf)),
    pValueModelBetter: cdf,
    n,
    horizon,
  };
}
