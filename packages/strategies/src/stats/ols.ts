import { BotError } from '@bot/core-types';
import { Matrix, inverse } from 'ml-matrix';

/** Result of an ordinary least squares fit (statsmodels `OLS(...).fit()` conventions). */
export interface OlsResult {
  /** Coefficients in regressor order (the intercept first when `intercept` was added). */
  readonly coefficients: Float64Array;
  /** Standard errors `sqrt(diag(sigma² (X'X)⁻¹))` with `sigma² = SSR / (n - k)`. */
  readonly standardErrors: Float64Array;
  /** t statistics `coefficient / standard error`. */
  readonly tValues: Float64Array;
  /** R²: centred when the model has a constant, uncentred otherwise (as statsmodels). */
  readonly rSquared: number;
  readonly adjustedRSquared: number;
  readonly residuals: Float64Array;
  /** Sum of squared residuals. */
  readonly ssr: number;
  /** Residual variance `SSR / (n - k)`. */
  readonly sigma2: number;
  readonly nobs: number;
  /** Number of regressors including the constant. */
  readonly k: number;
  /** Gaussian log-likelihood `-n/2 (ln 2π + ln(SSR/n) + 1)`. */
  readonly logLikelihood: number;
  /** Akaike information criterion `-2 llf + 2k`. */
  readonly aic: number;
}

/** Options of {@link ols}. */
export interface OlsOptions {
  /** Prepend a constant column (default true). */
  readonly intercept?: boolean;
}

/**
 * @internal The cross-products of one design, computed once: `X'X` and `X'y` on equilibrated (unit-norm) columns.
 * Nested models (the first `k` columns, as ADF's lag search fits them) are solved from its leading block by
 * {@link fitPrefix}, so a search over K candidates costs one O(n K²) pass instead of one per candidate; every
 * entry is the same sum, in the same order, as a design of `k` columns alone would give, so the fits are identical.
 */
export interface OlsGram {
  readonly y: ArrayLike<number>;
  readonly cols: readonly ArrayLike<number>[];
  readonly hasConst: boolean;
  /** 1 / column norm (1 for an all-zero column). */
  readonly scale: Float64Array;
  /** Scaled `X'X`, row-major K x K. */
  readonly xtx: Float64Array;
  /** Scaled `X'y`. */
  readonly xty: Float64Array;
}

/** @internal Builds the {@link OlsGram} of `y` on `cols` (`hasConst`: one column is a constant). */
export function olsGram(y: ArrayLike<number>, cols: readonly ArrayLike<number>[], hasConst: boolean): OlsGram {
  const n = y.length;
  const k = cols.length;
  const scale = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const c = cols[j]!;
    if (c.length !== n) {
      throw new BotError('INVALID_ARGUMENT', `OLS regressor ${j} has length ${c.length}, expected ${n}`);
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += c[i]! * c[i]!;
    scale[j] = s > 0 ? 1 / Math.sqrt(s) : 1;
  }
  const xtx = new Float64Array(k * k);
  const xty = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    const ca = cols[a]!;
    let sy = 0;
    for (let i = 0; i < n; i++) sy += ca[i]! * y[i]!;
    xty[a] = sy * scale[a]!;
    for (let b = a; b < k; b++) {
      const cb = cols[b]!;
      let s = 0;
      for (let i = 0; i < n; i++) s += ca[i]! * cb[i]!;
      const v = s * scale[a]! * scale[b]!;
      xtx[a * k + b] = v;
      xtx[b * k + a] = v;
    }
  }
  return { y, cols, hasConst, scale, xtx, xty };
}

/**
 * @internal OLS of `y` on the first `k` columns of `g` (see {@link fitColumns} for the method).
 * @throws BotError `INVALID_ARGUMENT` when there are not more observations than regressors or the design is singular.
 */
export function fitPrefix(g: OlsGram, k: number): OlsResult {
  const { y, cols, hasConst, scale } = g;
  const n = y.length;
  if (n <= k) {
    throw new BotError('INVALID_ARGUMENT', `OLS needs more observations (${n}) than regressors (${k})`, { details: { n, k } });
  }
  const stride = cols.length;
  const xtx = new Matrix(k, k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) xtx.set(a, b, g.xtx[a * stride + b]!);
  let inv: Matrix;
  try {
    inv = inverse(xtx);
  } catch (cause) {
    throw new BotError('INVALID_ARGUMENT', 'OLS design matrix is singular', { cause });
  }
  const beta = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    let s = 0;
    for (let b = 0; b < k; b++) s += inv.get(a, b) * g.xty[b]!;
    beta[a] = s * scale[a]!;
  }
  // fitted values column by column (contiguous loops); each row still sums its terms in column order
  const residuals = new Float64Array(n);
  for (let j = 0; j < k; j++) {
    const c = cols[j]!;
    const b = beta[j]!;
    for (let i = 0; i < n; i++) residuals[i] = residuals[i]! + b * c[i]!;
  }
  let ssr = 0;
  let ySum = 0;
  for (let i = 0; i < n; i++) ySum += y[i]!;
  const yMean = ySum / n;
  let tss = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i]! - residuals[i]!;
    residuals[i] = r;
    ssr += r * r;
    const d = hasConst ? y[i]! - yMean : y[i]!;
    tss += d * d;
  }
  const df = n - k;
  const sigma2 = ssr / df;
  const se = new Float64Array(k);
  const t = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    se[j] = Math.sqrt(sigma2 * inv.get(j, j)) * scale[j]!;
    t[j] = beta[j]! / se[j]!;
  }
  const rSquared = tss > 0 ? 1 - ssr / tss : Number.NaN;
  const dfModelDenom = hasConst ? n - 1 : n;
  const llf = (-n / 2) * (Math.log(2 * Math.PI) + Math.log(ssr / n) + 1);
  return {
    coefficients: beta,
    standardErrors: se,
    tValues: t,
    rSquared,
    adjustedRSquared: 1 - ((1 - rSquared) * dfModelDenom) / df,
    residuals,
    ssr,
    sigma2,
    nobs: n,
    k,
    logLikelihood: llf,
    aic: -2 * llf + 2 * k,
  };
}

/**
 * Fits y on column regressors already laid out; `hasConst` tells whether one column is a constant.
 * Solves the normal equations on equilibrated (unit-norm) columns with ml-matrix's inverse, which keeps the
 * condition number of mixed-scale designs (constant, trend, price levels, price changes) in check; residuals are
 * computed directly, not from cross-products.
 * @internal
 */
export function fitColumns(y: ArrayLike<number>, cols: readonly ArrayLike<number>[], hasConst: boolean): OlsResult {
  return fitPrefix(olsGram(y, cols, hasConst), cols.length);
}

/**
 * Ordinary least squares of `y` on the given regressor columns (statsmodels `OLS(y, add_constant(X)).fit()`):
 * coefficients, standard errors, t statistics, R², residuals, log-likelihood and AIC.
 *
 * @param y Dependent variable.
 * @param columns Regressors as columns (each of `y`'s length); a constant is prepended unless `intercept: false`.
 * @example
 * ```ts
 * const fit = ols(y, [x]); // y = a + b x
 * const [a, b] = fit.coefficients;
 * ```
 * @throws BotError `INVALID_ARGUMENT` on mismatched lengths, too few observations or a singular design.
 */
export function ols(y: ArrayLike<number>, columns: readonly ArrayLike<number>[], options: OlsOptions = {}): OlsResult {
  const intercept = options.intercept ?? true;
  const cols: ArrayLike<number>[] = intercept ? [new Float64Array(y.length).fill(1), ...columns] : [...columns];
  return fitColumns(y, cols, intercept);
}
