import { normalQuantile, studentTQuantile } from '../stats/normal.js';
import { quantileSortedType7, sampleMoments } from '../stats/quantile.js';
import type { Garch11Fit } from '../volatility/garch11.js';

function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be in (0, 1) such as 0.95 or 0.99, got ${confidence}`);
  }
}

function sortedCopy(returns: ArrayLike<number>): Float64Array {
  if (returns.length === 0) throw new RangeError('value at risk needs at least one return');
  return Float64Array.from(returns).sort();
}

/**
 * Historical value at risk: the loss not exceeded with probability `confidence`, as a positive fraction.
 * `VaR = -Q(1 - confidence)` where Q is the sample quantile with linear interpolation (R type 7, numpy default,
 * see {@link quantileType7}). Returns are per-period fractions (simple or log, as given); the VaR is per period.
 * Negative when even the left tail is a gain.
 *
 * @param confidence in (0, 1), e.g. 0.99
 * @throws RangeError on an empty sample or a confidence outside (0, 1)
 * @example
 * ```ts
 * historicalVaR(dailyReturns, 0.99); // 0.034 = a 3.4% one-day loss at 99%
 * ```
 */
export function historicalVaR(returns: ArrayLike<number>, confidence: number): number {
  checkConfidence(confidence);
  return -quantileSortedType7(sortedCopy(returns), 1 - confidence);
}

/**
 * Historical conditional value at risk (expected shortfall): minus the mean of the returns at or below the
 * type-7 quantile `Q(1 - confidence)` (the {@link historicalVaR} threshold), as a positive loss fraction.
 * Always >= the historical VaR at the same confidence.
 *
 * @throws RangeError on an empty sample or a confidence outside (0, 1)
 * @example
 * ```ts
 * historicalCVaR(dailyReturns, 0.975);
 * ```
 */
export function historicalCVaR(returns: ArrayLike<number>, confidence: number): number {
  checkConfidence(confidence);
  const sorted = sortedCopy(returns);
  const threshold = quantileSortedType7(sorted, 1 - confidence);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < sorted.length && sorted[i]! <= threshold; i++) {
    sum += sorted[i]!;
    count++;
  }
  return -sum / count;
}

/** Options of the parametric VaR functions. */
export interface ParametricVaROptions {
  /** Ignore the sample mean (VaR = z σ), the usual convention for short horizons. Default false. */
  readonly zeroMean?: boolean;
}

/**
 * Parametric (Gaussian) VaR from the sample mean and standard deviation (n - 1):
 * `VaR = -(μ + σ Φ⁻¹(1 - confidence))`, positive loss fraction per period.
 *
 * @throws RangeError with fewer than 2 returns or a confidence outside (0, 1)
 * @example
 * ```ts
 * parametricVaR(returns, 0.95, { zeroMean: true }); // 1.645 σ
 * ```
 */
export function parametricVaR(returns: ArrayLike<number>, confidence: number, options: ParametricVaROptions = {}): number {
  checkConfidence(confidence);
  const m = sampleMoments(returns);
  const mu = options.zeroMean ? 0 : m.mean;
  return -(mu + m.sd * normalQuantile(1 - confidence));
}

/**
 * Cornish-Fisher (modified) VaR: the Gaussian quantile z = Φ⁻¹(1 - confidence) adjusted for sample skewness S and
 * excess kurtosis K (moment estimators, see {@link sampleMoments}):
 * `z_cf = z + (z² - 1) S / 6 + (z³ - 3z) K / 24 - (2z³ - 5z) S² / 36`, `VaR = -(μ + σ z_cf)`.
 * Same convention as PerformanceAnalytics `VaR(method = "modified")` with moment-based S and K.
 *
 * @throws RangeError with fewer than 2 returns or a confidence outside (0, 1)
 * @example
 * ```ts
 * cornishFisherVaR(returns, 0.99);
 * ```
 */
export function cornishFisherVaR(returns: ArrayLike<number>, confidence: number, options: ParametricVaROptions = {}): number {
  checkConfidence(confidence);
  const m = sampleMoments(returns);
  const z = normalQuantile(1 - confidence);
  const s = m.skewness;
  const k = m.excessKurtosis;
  const zcf = z + ((z * z - 1) * s) / 6 + ((z * z * z - 3 * z) * k) / 24 - ((2 * z * z * z - 5 * z) * s * s) / 36;
  const mu = options.zeroMean ? 0 : m.mean;
  return -(mu + m.sd * zcf);
}

/**
 * One-period-ahead (or h-period) VaR from a fitted GARCH(1,1): `VaR = -(h μ + sqrt(Σ σ²_{n+k}) q)` where the
 * variances are {@link Garch11Fit.forecast} and q is the (1 - confidence) quantile of the fit's innovation law:
 * standard normal, or the standardized Student t `t_ν⁻¹(1 - c) · sqrt((ν - 2) / ν)`. The h-period return is treated
 * as normal/t with the summed variance (the usual approximation).
 *
 * @param horizon number of periods, default 1
 * @throws RangeError for a confidence outside (0, 1) or a horizon that is not a positive integer
 * @example
 * ```ts
 * garchVaR(fitGarch11(returns, { dist: 'student-t' }), 0.99);
 * ```
 */
export function garchVaR(fit: Garch11Fit, confidence: number, horizon = 1): number {
  checkConfidence(confidence);
  const variances = fit.forecast(horizon);
  let total = 0;
  for (let i = 0; i < variances.length; i++) total += variances[i]!;
  const nu = fit.nu;
  const q =
    fit.dist === 'student-t' && nu !== undefined
      ? studentTQuantile(1 - confidence, nu) * Math.sqrt((nu - 2) / nu)
      : normalQuantile(1 - confidence);
  return -(horizon * fit.mu + Math.sqrt(total) * q);
}
