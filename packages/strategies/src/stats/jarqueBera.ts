import { BotError } from '@bot/core-types';
import { chiSquareSf } from './distributions.js';
import type { TestResult } from './testResult.js';

/**
 * Jarque-Bera normality test (statsmodels `jarque_bera`): `JB = n/6 (S² + (K - 3)² / 4)` with the biased
 * (population) sample skewness S and kurtosis K; p-value from the chi-square distribution with 2 degrees of
 * freedom (`exp(-JB / 2)`).
 *
 * @example `jarqueBera(returns).pValue < 0.05` rejects normality.
 * @throws BotError `INVALID_ARGUMENT` for fewer than 3 values.
 */
export function jarqueBera(x: ArrayLike<number>): TestResult {
  const n = x.length;
  if (n < 3) throw new BotError('INVALID_ARGUMENT', `jarqueBera needs at least 3 values, got ${n}`);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i]!;
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const skew = m3 / Math.pow(m2, 1.5);
  const kurt = m4 / (m2 * m2);
  const statistic = (n / 6) * (skew * skew + ((kurt - 3) * (kurt - 3)) / 4);
  return { statistic, pValue: chiSquareSf(statistic, 2) };
}
