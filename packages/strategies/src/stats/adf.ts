import { BotError } from '@bot/core-types';
import { type AdfRegression, type CriticalValues, mackinnonCrit, mackinnonP } from './mackinnon.js';
import { type OlsResult, fitColumns, fitPrefix, olsGram } from './ols.js';

/** Options of {@link adf}. */
export interface AdfOptions {
  /**
   * Number of lagged differences. When omitted, chosen by AIC over `0..maxLags` with every candidate fitted on
   * the same sample (statsmodels `autolag='AIC'`).
   */
  readonly lags?: number;
  /** Upper bound for the AIC search; default `ceil(12 (n/100)^(1/4))`, capped at `n/2 - ntrend - 1`. */
  readonly maxLags?: number;
  /** Deterministic terms: `'c'` constant (default), `'ct'` constant + trend, `'n'` none. */
  readonly regression?: AdfRegression;
}

/** Result of {@link adf}. */
export interface AdfResult {
  /** The tau statistic: t value of the lagged level's coefficient. */
  readonly statistic: number;
  /** MacKinnon (1994) approximate p-value. */
  readonly pValue: number;
  /** Lagged differences used. */
  readonly lags: number;
  /** Observations in the final regression. */
  readonly nobs: number;
  /** MacKinnon (2010) critical values for this sample size. */
  readonly criticalValues: CriticalValues;
  /** AIC of the selected model when lags were chosen automatically. */
  readonly aic?: number;
}

const NTREND: Record<AdfRegression, number> = { n: 0, c: 1, ct: 2 };

/** Builds the ADF design with `maxlag` lagged differences: [deterministic..., level, dlag1..dlagmax]. */
function design(x: ArrayLike<number>, maxlag: number, regression: AdfRegression): { y: Float64Array; cols: Float64Array[] } {
  const n = x.length;
  const nobs = n - 1 - maxlag;
  const y = new Float64Array(nobs);
  const cols: Float64Array[] = [];
  if (regression !== 'n') cols.push(new Float64Array(nobs).fill(1));
  if (regression === 'ct') {
    const t = new Float64Array(nobs);
    for (let r = 0; r < nobs; r++) t[r] = r + 1;
    cols.push(t);
  }
  const level = new Float64Array(nobs);
  for (let r = 0; r < nobs; r++) {
    const i = maxlag + r;
    y[r] = x[i + 1]! - x[i]!;
    level[r] = x[i]!;
  }
  cols.push(level);
  for (let j = 1; j <= maxlag; j++) {
    const c = new Float64Array(nobs);
    for (let r = 0; r < nobs; r++) {
      const i = maxlag + r - j;
      c[r] = x[i + 1]! - x[i]!;
    }
    cols.push(c);
  }
  return { y, cols };
}

/**
 * Augmented Dickey-Fuller unit-root test, following statsmodels `adfuller`.
 *
 * Regression `Δx_t = [c + βt] + γ x_{t-1} + Σ_{j=1..p} δ_j Δx_{t-j} + ε_t`; the statistic is the t value of γ,
 * the p-value MacKinnon's (1994) response surface (statsmodels `mackinnonp`, N = 1), critical values MacKinnon
 * (2010). With `lags` omitted, p is chosen by minimum AIC over `0..maxLags`, all candidates fitted on the same
 * (maxLags-trimmed) sample, then the chosen model is refitted on the longest sample it allows — exactly statsmodels'
 * `autolag='AIC'`. H0: unit root (non-stationary); a small p-value rejects it.
 *
 * @example
 * ```ts
 * const { statistic, pValue, lags } = adf(prices, { regression: 'c' });
 * ```
 * @throws BotError `INVALID_ARGUMENT` when the series is too short for the requested lags or contains non-finite values.
 */
export function adf(series: ArrayLike<number>, options: AdfOptions = {}): AdfResult {
  const regression = options.regression ?? 'c';
  if (!(regression in NTREND)) {
    throw new BotError('INVALID_ARGUMENT', `adf: regression must be 'n', 'c' or 'ct', got ${String(regression)}`);
  }
  const n = series.length;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(series[i]!)) throw new BotError('INVALID_ARGUMENT', `adf: non-finite value at index ${i}`);
  }
  const ntrend = NTREND[regression];
  const limit = Math.floor(n / 2) - ntrend - 1;
  let usedLag: number;
  let aic: number | undefined;
  if (options.lags !== undefined) {
    usedLag = options.lags;
    if (!Number.isInteger(usedLag) || usedLag < 0 || usedLag > limit) {
      throw new BotError('INVALID_ARGUMENT', `adf: lags must be an integer in 0..${limit} for ${n} values, got ${String(usedLag)}`);
    }
  } else {
    let maxlag = options.maxLags ?? Math.ceil(12 * Math.pow(n / 100, 0.25));
    maxlag = Math.min(limit, maxlag);
    if (maxlag < 0) throw new BotError('INVALID_ARGUMENT', `adf: series of ${n} values is too short`);
    const { y, cols } = design(series, maxlag, regression);
    const start = ntrend + 1;
    let best = Number.POSITIVE_INFINITY;
    usedLag = 0;
    // the candidates are nested (the first k columns): one set of cross-products serves them all
    const gram = olsGram(y, cols, regression !== 'n');
    for (let k = start; k <= start + maxlag; k++) {
      const fit = fitPrefix(gram, k);
      if (fit.aic < best) {
        best = fit.aic;
        usedLag = k - start;
      }
    }
    aic = best;
  }
  const { y, cols } = design(series, usedLag, regression);
  const fit: OlsResult = fitColumns(y, cols, regression !== 'n');
  const statistic = fit.tValues[ntrend]!;
  return {
    statistic,
    pValue: mackinnonP(statistic, regression, 1),
    lags: usedLag,
    nobs: y.length,
    criticalValues: mackinnonCrit(regression, 1, y.length),
    ...(aic === undefined ? {} : { aic }),
  };
}
