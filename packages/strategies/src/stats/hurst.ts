import { BotError } from '@bot/core-types';
import { ols } from './ols.js';

/** Options of {@link hurst}. */
export interface HurstOptions {
  /** Smallest lag (default 2). */
  readonly minLag?: number;
  /** Largest lag (default `min(100, floor(n / 4))`). */
  readonly maxLag?: number;
}

/**
 * Hurst exponent by the **variance of lagged differences** estimator (not R/S): for each lag τ the standard
 * deviation of `x_{t+τ} - x_t` scales like `τ^H`, so H is the OLS slope of `ln sd(τ)` on `ln τ`. Apply it to a
 * level series (e.g. log prices or a spread): H ≈ 0.5 random walk, H < 0.5 mean-reverting, H > 0.5 trending.
 *
 * @example `hurst(logPrices)` -> ~0.5 for a random walk
 * @throws BotError `INVALID_ARGUMENT` when the series is too short for at least 3 lags.
 */
export function hurst(series: ArrayLike<number>, options: HurstOptions = {}): number {
  const n = series.length;
  const minLag = options.minLag ?? 2;
  const maxLag = options.maxLag ?? Math.min(100, Math.floor(n / 4));
  if (!Number.isInteger(minLag) || minLag < 1 || maxLag - minLag < 2 || maxLag >= n - 1) {
    throw new BotError('INVALID_ARGUMENT', `hurst: need 1 <= minLag, maxLag - minLag >= 2, maxLag < n - 1 (n=${n}, lags ${minLag}..${maxLag})`);
  }
  const m = maxLag - minLag + 1;
  const lx = new Float64Array(m);
  const ly = new Float64Array(m);
  for (let tau = minLag; tau <= maxLag; tau++) {
    const cnt = n - tau;
    let mean = 0;
    for (let i = 0; i < cnt; i++) mean += series[i + tau]! - series[i]!;
    mean /= cnt;
    let v = 0;
    for (let i = 0; i < cnt; i++) {
      const d = series[i + tau]! - series[i]! - mean;
      v += d * d;
    }
    lx[tau - minLag] = Math.log(tau);
    ly[tau - minLag] = 0.5 * Math.log(v / cnt);
  }
  return ols(ly, [lx]).coefficients[1]!;
}
