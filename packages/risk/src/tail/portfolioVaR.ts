import { Matrix } from 'ml-matrix';
import { normalQuantile } from '../stats/normal.js';

/** A covariance matrix as nested arrays or an ml-matrix `Matrix`. */
export type CovarianceInput = Matrix | readonly (readonly number[])[];

/** Options of {@link portfolioVaR}. */
export interface PortfolioVaROptions {
  /** Number of periods (the covariance is per period); the VaR scales with sqrt(horizon). Default 1. */
  readonly horizon?: number;
}

function toMatrix(cov: CovarianceInput, n: number): Matrix {
  const m = cov instanceof Matrix ? cov : new Matrix(cov.map((row) => [...row]));
  if (m.rows !== n || m.columns !== n) {
    throw new RangeError(`covariance must be ${n}x${n} to match ${n} exposures, got ${m.rows}x${m.columns}`);
  }
  return m;
}

/**
 * Parametric (delta-normal, zero-mean) portfolio VaR: `z_c · sqrt(horizon · wᵀ Σ w)` with z_c = Φ⁻¹(confidence).
 * `exposures` are positions in money (then the VaR is money) or portfolio weights (then the VaR is a fraction of
 * equity); Σ is the covariance of per-period returns of the same assets, in the same order.
 *
 * @throws RangeError when sizes disagree or the confidence is outside (0, 1)
 * @example
 * ```ts
 * portfolioVaR([60_000, -20_000], [[0.0004, 0.0001], [0.0001, 0.0009]], 0.99); // money at risk, 1 day
 * ```
 */
export function portfolioVaR(
  exposures: readonly number[],
  covariance: CovarianceInput,
  confidence: number,
  options: PortfolioVaROptions = {},
): number {
  return componentVaR(exposures, covariance, confidence, options).total;
}

/**
 * Portfolio VaR with its Euler decomposition: component i is `w_i (Σw)_i / sqrt(wᵀΣw) · z · sqrt(horizon)`; the
 * components sum to the total. See {@link portfolioVaR} for units.
 *
 * @throws RangeError when sizes disagree or the confidence is outside (0, 1)
 * @example
 * ```ts
 * componentVaR([60_000, -20_000], cov, 0.99).components; // sums to the total
 * ```
 */
export function componentVaR(
  exposures: readonly number[],
  covariance: CovarianceInput,
  confidence: number,
  options: PortfolioVaROptions = {},
): { readonly total: number; readonly components: number[] } {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  const horizon = options.horizon ?? 1;
  if (!(horizon > 0)) throw new RangeError(`horizon must be > 0, got ${horizon}`);
  const n = exposures.length;
  const sigma = toMatrix(covariance, n);
  const w = Matrix.columnVector([...exposures]);
  const sw = sigma.mmul(w);
  const variance = w.transpose().mmul(sw).get(0, 0);
  const scale = normalQuantile(confidence) * Math.sqrt(horizon);
  const sd = Math.sqrt(Math.max(0, variance));
  const total = scale * sd;
  const components = exposures.map((wi, i) => (sd > 0 ? (scale * wi * sw.get(i, 0)) / sd : 0));
  return { total, components };
}
