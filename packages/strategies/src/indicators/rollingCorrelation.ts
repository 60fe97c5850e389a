import { checkPeriod, checkSameLength, nanArray } from './internal/validate.js';

/**
 * Rolling Pearson correlation and beta of two series, streaming.
 *
 * `correlation = cov(x, y) / (sd(x) sd(y))` and `beta = cov(x, y) / var(x)` (the OLS slope of `y` on `x`, e.g. an
 * asset's beta to a market `x`) over the last `period` pairs. First value at index `period - 1`; NaN correlation
 * (and beta) when a window is constant. Sums are taken on values centred on a shift and recomputed exactly every
 * `max(1024, 8 × period)` updates, so they do not drift. O(1) amortised.
 *
 * @example `const rc = new RollingCorrelation(60); rc.update(marketReturn, assetReturn); rc.beta;`
 * @throws BotError `INVALID_ARGUMENT` when `period` is not an integer >= 2.
 */
export class RollingCorrelation {
  readonly period: number;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private pos = 0;
  private count = 0;
  private sx0 = 0;
  private sy0 = 0;
  private sx = 0;
  private sy = 0;
  private sxx = 0;
  private syy = 0;
  private sxy = 0;
  private sinceSync = 0;
  private readonly resyncEvery: number;
  /** Correlation in [-1, 1] (NaN while warming up or for a constant window). */
  correlation = Number.NaN;
  /** Slope of y on x (NaN while warming up or when x is constant). */
  beta = Number.NaN;
  /** Population covariance of the window. */
  covariance = Number.NaN;

  constructor(period: number) {
    checkPeriod('RollingCorrelation', 'period', period, 2);
    this.period = period;
    this.xs = new Float64Array(period);
    this.ys = new Float64Array(period);
    this.resyncEvery = Math.max(1024, 8 * period);
  }

  /** Adds a pair; returns the correlation once `period` pairs were seen. */
  update(x: number, y: number): number | undefined {
    const p = this.period;
    if (this.count === 0) {
      this.sx0 = x;
      this.sy0 = y;
    }
    const dx = x - this.sx0;
    const dy = y - this.sy0;
    if (this.count < p) this.count++;
    else {
      const ox = this.xs[this.pos]! - this.sx0;
      const oy = this.ys[this.pos]! - this.sy0;
      this.sx -= ox;
      this.sy -= oy;
      this.sxx -= ox * ox;
      this.syy -= oy * oy;
      this.sxy -= ox * oy;
    }
    this.xs[this.pos] = x;
    this.ys[this.pos] = y;
    this.pos = this.pos + 1 === p ? 0 : this.pos + 1;
    this.sx += dx;
    this.sy += dy;
    this.sxx += dx * dx;
    this.syy += dy * dy;
    this.sxy += dx * dy;
    if (++this.sinceSync >= this.resyncEvery && this.count === p) this.resync();
    if (this.count < p) return undefined;
    const mx = this.sx / p;
    const my = this.sy / p;
    const vx = this.sxx / p - mx * mx;
    const vy = this.syy / p - my * my;
    const c = this.sxy / p - mx * my;
    this.covariance = c;
    this.beta = vx > 0 ? c / vx : Number.NaN;
    const r = vx > 0 && vy > 0 ? c / Math.sqrt(vx * vy) : Number.NaN;
    this.correlation = r > 1 ? 1 : r < -1 ? -1 : r;
    return this.correlation;
  }

  private resync(): void {
    const p = this.period;
    let mx = 0;
    let my = 0;
    for (let i = 0; i < p; i++) {
      mx += this.xs[i]!;
      my += this.ys[i]!;
    }
    mx /= p;
    my /= p;
    this.sx0 = mx;
    this.sy0 = my;
    let a = 0;
    let b = 0;
    let c = 0;
    let d = 0;
    let e = 0;
    for (let i = 0; i < p; i++) {
      const dx = this.xs[i]! - mx;
      const dy = this.ys[i]! - my;
      a += dx;
      b += dy;
      c += dx * dx;
      d += dy * dy;
      e += dx * dy;
    }
    this.sx = a;
    this.sy = b;
    this.sxx = c;
    this.syy = d;
    this.sxy = e;
    this.sinceSync = 0;
  }

  get value(): number | undefined {
    return this.count >= this.period ? this.correlation : undefined;
  }
  get isReady(): boolean {
    return this.count >= this.period;
  }
  reset(): void {
    this.pos = this.count = this.sinceSync = 0;
    this.sx0 = this.sy0 = this.sx = this.sy = this.sxx = this.syy = this.sxy = 0;
    this.correlation = this.beta = this.covariance = Number.NaN;
  }
}

/**
 * Rolling correlation and beta over arrays (see {@link RollingCorrelation}): `NaN` at indices `< period - 1`.
 * @example `const { correlation, beta } = rollingCorrelation(market, asset, 60)`
 * @throws BotError `INVALID_ARGUMENT` on a bad period or arrays of different lengths.
 */
export function rollingCorrelation(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  period: number,
): { correlation: Float64Array; beta: Float64Array } {
  const n = checkSameLength('rollingCorrelation', x, y);
  const ind = new RollingCorrelation(period);
  const correlation = nanArray(n);
  const beta = nanArray(n);
  for (let i = 0; i < n; i++) {
    if (ind.update(x[i]!, y[i]!) !== undefined) {
      correlation[i] = ind.correlation;
      beta[i] = ind.beta;
    }
  }
  return { correlation, beta };
}
