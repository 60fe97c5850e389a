function checkPair(x: ArrayLike<number>, y: ArrayLike<number>): void {
  if (x.length !== y.length) throw new RangeError(`series lengths differ: ${x.length} vs ${y.length}`);
}

/**
 * Rolling Pearson correlation over a trailing window of `window` observations. Element t uses x[t-window+1..t];
 * the first `window - 1` elements are NaN, as is a window where either series is constant.
 *
 * @throws RangeError when lengths differ or `window` < 2
 * @example
 * ```ts
 * rollingCorrelation(retA, retB, 60);
 * ```
 */
export function rollingCorrelation(x: ArrayLike<number>, y: ArrayLike<number>, window: number): Float64Array {
  checkPair(x, y);
  if (!Number.isInteger(window) || window < 2) throw new RangeError(`window must be an integer >= 2, got ${window}`);
  const n = x.length;
  const out = new Float64Array(n).fill(Number.NaN);
  for (let t = window - 1; t < n; t++) {
    // Two-pass per window: numerically safe; O(n·window) is fine for risk-model sizes.
    let mx = 0;
    let my = 0;
    for (let i = t - window + 1; i <= t; i++) {
      mx += x[i]!;
      my += y[i]!;
    }
    mx /= window;
    my /= window;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = t - window + 1; i <= t; i++) {
      const dx = x[i]! - mx;
      const dy = y[i]! - my;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    out[t] = sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Number.NaN;
  }
  return out;
}

/**
 * EWMA (RiskMetrics) correlation of zero-mean returns: `c_t = λ c_{t-1} + (1-λ) x_t y_t` and likewise the two
 * variances, seeded with the first products (`c_0 = x_0 y_0`), so element 0 is ±1 and early values are noisy
 * (allow a warm-up of about 1/(1-λ) observations). Correlation_t = c_t / sqrt(vx_t vy_t).
 *
 * @param lambda decay in (0, 1), default 0.94
 * @throws RangeError when lengths differ or lambda is outside (0, 1)
 * @example
 * ```ts
 * ewmaCorrelation(retA, retB, 0.97);
 * ```
 */
export function ewmaCorrelation(x: ArrayLike<number>, y: ArrayLike<number>, lambda = 0.94): Float64Array {
  checkPair(x, y);
  if (!(lambda > 0 && lambda < 1)) throw new RangeError(`lambda must be in (0, 1), got ${lambda}`);
  const n = x.length;
  const out = new Float64Array(n);
  let c = 0;
  let vx = 0;
  let vy = 0;
  for (let t = 0; t < n; t++) {
    const a = x[t]!;
    const b = y[t]!;
    if (t === 0) {
      c = a * b;
      vx = a * a;
      vy = b * b;
    } else {
      c = lambda * c + (1 - lambda) * a * b;
      vx = lambda * vx + (1 - lambda) * a * a;
      vy = lambda * vy + (1 - lambda) * b * b;
    }
    out[t] = vx > 0 && vy > 0 ? c / Math.sqrt(vx * vy) : Number.NaN;
  }
  return out;
}
