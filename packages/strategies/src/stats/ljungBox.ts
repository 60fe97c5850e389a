import { BotError } from '@bot/core-types';
import { chiSquareSf } from './distributions.js';
import type { TestResult } from './testResult.js';

/**
 * Ljung-Box portmanteau test for autocorrelation up to `lags` (statsmodels `acorr_ljungbox(x, lags=[h])`):
 * `Q = n (n + 2) Σ_{k=1..h} r_k² / (n - k)` with `r_k` the sample autocorrelation (demeaned, denominator the
 * full-sample sum of squares); p-value from chi-square with `h` degrees of freedom.
 *
 * @example `ljungBox(residuals, 10).pValue`
 * @throws BotError `INVALID_ARGUMENT` when `lags` is not an integer in 1..n-1.
 */
export function ljungBox(x: ArrayLike<number>, lags: number): TestResult {
  const n = x.length;
  if (!Number.isInteger(lags) || lags < 1 || lags >= n) {
    throw new BotError('INVALID_ARGUMENT', `ljungBox: lags must be an integer in 1..${n - 1}, got ${String(lags)}`);
  }
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i]!;
  mean /= n;
  let c0 = 0;
  for (let i = 0; i < n; i++) c0 += (x[i]! - mean) ** 2;
  let q = 0;
  for (let k = 1; k <= lags; k++) {
    let ck = 0;
    for (let i = k; i < n; i++) ck += (x[i]! - mean) * (x[i - k]! - mean);
    const r = ck / c0;
    q += (r * r) / (n - k);
  }
  const statistic = n * (n + 2) * q;
  return { statistic, pValue: chiSquareSf(statistic, lags) };
}
