import { BotError } from '@bot/core-types';
import { adf } from './adf.js';
import { type CriticalValues, mackinnonCrit, mackinnonP } from './mackinnon.js';
import { ols } from './ols.js';

/** Options of {@link engleGranger}. */
export interface EngleGrangerOptions {
  /** Lagged differences in the residual ADF; chosen by AIC when omitted (statsmodels `coint` default). */
  readonly lags?: number;
  /** Upper bound for the AIC lag search. */
  readonly maxLags?: number;
}

/** Result of {@link engleGranger}. */
export interface EngleGrangerResult {
  /** ADF tau statistic of the cointegrating residuals (no deterministic terms). */
  readonly statistic: number;
  /** MacKinnon p-value for the cointegration case, constant, N = 2. */
  readonly pValue: number;
  /** Slope of `y` on `x` in the cointegrating regression `y = intercept + hedgeRatio * x + e`. */
  readonly hedgeRatio: number;
  readonly intercept: number;
  /** Lags used in the residual ADF. */
  readonly lags: number;
  /** MacKinnon (2010) critical values (N = 2, constant). */
  readonly criticalValues: CriticalValues;
  /** The residual spread `y - intercept - hedgeRatio * x`. */
  readonly residuals: Float64Array;
}

/**
 * Engle-Granger two-step cointegration test, following statsmodels `coint(y, x, trend='c')`: OLS of `y` on
 * `[1, x]`, then an ADF test without deterministic terms on the residuals; the p-value is MacKinnon's surface for
 * the cointegration case with a constant and N = 2 series (`mackinnonp(stat, 'c', N=2)`), critical values
 * `mackinnoncrit(N=2, 'c', nobs - 1)`. H0: no cointegration; a small p-value means the pair is cointegrated.
 *
 * @example
 * ```ts
 * const eg = engleGranger(logLtc, logZec);
 * if (eg.pValue < 0.05) spread = y - eg.hedgeRatio * x - eg.intercept;
 * ```
 * @throws BotError `INVALID_ARGUMENT` when the series differ in length or are too short.
 */
export function engleGranger(y: ArrayLike<number>, x: ArrayLike<number>, options: EngleGrangerOptions = {}): EngleGrangerResult {
  if (y.length !== x.length) {
    throw new BotError('INVALID_ARGUMENT', `engleGranger: series lengths differ (${y.length} vs ${x.length})`);
  }
  const fit = ols(y, [x]);
  const intercept = fit.coefficients[0]!;
  const hedgeRatio = fit.coefficients[1]!;
  const criticalValues = mackinnonCrit('c', 2, y.length - 1);
  // statsmodels: a perfect fit has no meaningful residual test; the statistic is -inf.
  if (fit.rSquared >= 1 - 100 * Math.sqrt(Number.EPSILON)) {
    return { statistic: Number.NEGATIVE_INFINITY, pValue: 0, hedgeRatio, intercept, lags: 0, criticalValues, residuals: fit.residuals };
  }
  const test = adf(fit.residuals, {
    regression: 'n',
    ...(options.lags === undefined ? {} : { lags: options.lags }),
    ...(options.maxLags === undefined ? {} : { maxLags: options.maxLags }),
  });
  return {
    statistic: test.statistic,
    pValue: mackinnonP(test.statistic, 'c', 2),
    hedgeRatio,
    intercept,
    lags: test.lags,
    criticalValues,
    residuals: fit.residuals,
  };
}
