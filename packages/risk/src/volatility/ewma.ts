/** RiskMetrics (J.P. Morgan, 1996) decay factor for daily data. */
export const RISKMETRICS_LAMBDA = 0.94;

function checkLambda(lambda: number): void {
  if (!(lambda > 0 && lambda < 1)) throw new RangeError(`EWMA lambda must be in (0, 1), got ${lambda}`);
}

/**
 * EWMA (RiskMetrics) variance series of zero-mean returns: `v[0] = r[0]^2`, `v[t] = λ v[t-1] + (1 - λ) r[t]^2`.
 * `v[t]` uses returns up to and including `t`, so it is the variance forecast for period `t + 1`. Same numbers as
 * pandas `(r ** 2).ewm(alpha=1 - λ, adjust=False).mean()`. Units: squared return per period.
 *
 * @param returns per-period returns (log or simple, fractions)
 * @param lambda decay in (0, 1), default 0.94 (RiskMetrics daily)
 * @throws RangeError when `lambda` is not in (0, 1)
 * @example
 * ```ts
 * const v = ewmaVarianceSeries(returns); const dailyVol = Math.sqrt(v[v.length - 1]!);
 * ```
 */
export function ewmaVarianceSeries(returns: ArrayLike<number>, lambda = RISKMETRICS_LAMBDA): Float64Array {
  checkLambda(lambda);
  const out = new Float64Array(returns.length);
  if (returns.length === 0) return out;
  let v = returns[0]! * returns[0]!;
  out[0] = v;
  for (let t = 1; t < returns.length; t++) {
    const r = returns[t]!;
    v = lambda * v + (1 - lambda) * r * r;
    out[t] = v;
  }
  return out;
}

/**
 * Latest EWMA volatility (standard deviation per period) of `returns`, see {@link ewmaVarianceSeries}.
 * Multiply by `sqrt(periodsPerYear)` to annualise. Returns NaN for an empty series.
 *
 * @throws RangeError when `lambda` is not in (0, 1)
 * @example
 * ```ts
 * ewmaVolatility(dailyLogReturns, 0.94) * Math.sqrt(252); // annualised
 * ```
 */
export function ewmaVolatility(returns: ArrayLike<number>, lambda = RISKMETRICS_LAMBDA): number {
  const v = ewmaVarianceSeries(returns, lambda);
  return v.length === 0 ? Number.NaN : Math.sqrt(v[v.length - 1]!);
}

/**
 * Streaming EWMA volatility: feed one return at a time (O(1)), read the current per-period volatility.
 * Same recursion and seeding as {@link ewmaVarianceSeries}.
 *
 * @example
 * ```ts
 * const vol = new EwmaVolatility(0.94); vol.update(0.01); vol.update(-0.02); vol.volatility;
 * ```
 */
export class EwmaVolatility {
  private v = Number.NaN;
  private n = 0;
  /** @throws RangeError when `lambda` is not in (0, 1) */
  constructor(readonly lambda: number = RISKMETRICS_LAMBDA) {
    checkLambda(lambda);
  }
  /** Adds one return (fraction per period). */
  update(ret: number): void {
    if (!Number.isFinite(ret)) return;
    this.v = this.n === 0 ? ret * ret : this.lambda * this.v + (1 - this.lambda) * ret * ret;
    this.n++;
  }
  /** Number of returns seen. */
  get count(): number {
    return this.n;
  }
  /** Current variance per period (NaN before the first return). */
  get variance(): number {
    return this.v;
  }
  /** Current volatility per period (NaN before the first return). */
  get volatility(): number {
    return Math.sqrt(this.v);
  }
}
