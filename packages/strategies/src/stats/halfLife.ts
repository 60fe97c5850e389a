import { BotError } from '@bot/core-types';
import { ols } from './ols.js';

/**
 * Ornstein-Uhlenbeck half-life of mean reversion, in bars.
 *
 * Fits `Δx_t = a + b x_{t-1} + e_t` by OLS; the implied AR(1) coefficient is `φ = 1 + b` and the half-life is
 * `ln(0.5) / ln(φ)` (the exact discrete-time value; the common approximation `-ln 2 / b` agrees for small b).
 * Returns `Infinity` when `φ >= 1` (no mean reversion) and `NaN` when `φ <= 0` (oscillating, not OU-like).
 *
 * @example `halfLife(spread)` -> e.g. 42 (bars)
 * @throws BotError `INVALID_ARGUMENT` for fewer than 3 values.
 */
export function halfLife(series: ArrayLike<number>): number {
  const n = series.length;
  if (n < 3) throw new BotError('INVALID_ARGUMENT', `halfLife needs at least 3 values, got ${n}`);
  const dy = new Float64Array(n - 1);
  const lag = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) {
    dy[i - 1] = series[i]! - series[i - 1]!;
    lag[i - 1] = series[i - 1]!;
  }
  const b = ols(dy, [lag]).coefficients[1]!;
  const phi = 1 + b;
  if (phi >= 1) return Number.POSITIVE_INFINITY;
  if (phi <= 0) return Number.NaN;
  return Math.log(0.5) / Math.log(phi);
}
