import { digamma, logGamma } from '../stats/normal.js';
import { bfgs } from './bfgs.js';

/** Innovation distribution of a GARCH model. `student-t` is the standardized t (unit variance, ν > 2). */
export type GarchDistribution = 'normal' | 'student-t';

/** Parameters of a GARCH(1,1) with constant mean. */
export interface Garch11Params {
  /** Constant mean of the returns, per period. */
  readonly mu: number;
  /** Variance intercept ω > 0 (squared return units). */
  readonly omega: number;
  /** ARCH coefficient α >= 0 (weight of the last squared shock). */
  readonly alpha: number;
  /** GARCH coefficient β >= 0 (weight of the last variance); α + β < 1. */
  readonly beta: number;
  /** Degrees of freedom of the standardized Student t (ν > 2); only for `student-t`. */
  readonly nu?: number;
}

/** A fitted GARCH(1,1): parameters, fit quality and variance forecasts. */
export interface Garch11Fit extends Garch11Params {
  readonly dist: GarchDistribution;
  /** Maximised log-likelihood (full, constants included). */
  readonly logLikelihood: number;
  /** True when the optimiser met its tolerances (and the fit is stationary, α + β < 1). */
  readonly converged: boolean;
  /** α + β. */
  readonly persistence: number;
  /** Long-run variance ω / (1 - α - β), per period. */
  readonly unconditionalVariance: number;
  /** In-sample conditional variances σ²_t, t = 1..n. */
  readonly conditionalVariance: Float64Array;
  /** Number of likelihood evaluations spent. */
  readonly evaluations: number;
  /**
   * Conditional variance forecasts for the next `h` periods: element `k - 1` is E[σ²_{n+k} | data],
   * `σ²_{n+1} = ω + α ε²_n + β σ²_n`, `σ²_{n+k} = σ̄² + (α + β)^{k-1} (σ²_{n+1} - σ̄²)`.
   * Sum them for the variance of the h-period return. @throws RangeError when `h` is not a positive integer.
   */
  forecast(h: number): Float64Array;
}

/** Options of {@link fitGarch11}. */
export interface FitGarch11Options {
  /** Innovation distribution, default `normal`. */
  readonly dist?: GarchDistribution;
  /** Iteration cap per optimiser run, default 1500. */
  readonly maxIterations?: number;
}

/**
 * Log-likelihood of a GARCH(1,1) with constant mean at given parameters, with this package's conventions:
 * `ε_t = r_t - μ`, `σ²_1 = (1/n) Σ (r_t - r̄)²` (the sample variance of the returns, n denominator),
 * `σ²_{t+1} = ω + α ε²_t + β σ²_t`. Normal: `ℓ = -½ Σ [ln 2π + ln σ²_t + ε²_t / σ²_t]`. Standardized t:
 * `ℓ_t = lnΓ((ν+1)/2) - lnΓ(ν/2) - ½ ln(π (ν-2) σ²_t) - (ν+1)/2 · ln(1 + ε²_t / ((ν-2) σ²_t))`.
 *
 * @returns the log-likelihood, `-Infinity` for inadmissible parameters (ω <= 0, α or β < 0, ν <= 2)
 * @example
 * ```ts
 * garch11LogLikelihood(returns, { mu: 0, omega: 1e-6, alpha: 0.08, beta: 0.9 }, 'normal');
 * ```
 */
export function garch11LogLikelihood(returns: ArrayLike<number>, params: Garch11Params, dist: GarchDistribution = 'normal'): number {
  const n = returns.length;
  const { mu, omega, alpha, beta } = params;
  if (!(omega > 0) || alpha < 0 || beta < 0) return Number.NEGATIVE_INFINITY;
  const h0 = sampleVariance(returns);
  if (dist === 'normal') return normalLogLik(returns, n, mu, omega, alpha, beta, h0, undefined);
  const nu = params.nu ?? Number.NaN;
  if (!(nu > 2)) return Number.NEGATIVE_INFINITY;
  return studentLogLik(returns, n, mu, omega, alpha, beta, nu, h0, undefined);
}

function sampleVariance(r: ArrayLike<number>): number {
  const n = r.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += r[i]!;
  const m = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (r[i]! - m) * (r[i]! - m);
  return v / n;
}

const LOG_2PI = Math.log(2 * Math.PI);

function normalLogLik(
  r: ArrayLike<number>, n: number, mu: number, omega: number, alpha: number, beta: number, h0: number,
  store: Float64Array | undefined,
): number {
  let h = h0;
  let acc = 0;
  for (let t = 0; t < n; t++) {
    const e = r[t]! - mu;
    const e2 = e * e;
    if (store !== undefined) store[t] = h;
    acc += Math.log(h) + e2 / h;
    h = omega + alpha * e2 + beta * h;
  }
  return -0.5 * (n * LOG_2PI + acc);
}

function studentLogLik(
  r: ArrayLike<number>, n: number, mu: number, omega: number, alpha: number, beta: number, nu: number, h0: number,
  store: Float64Array | undefined,
): number {
  const c = logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * Math.log(Math.PI * (nu - 2));
  const k = 1 / (nu - 2);
  const half = (nu + 1) / 2;
  let h = h0;
  let acc = 0;
  for (let t = 0; t < n; t++) {
    const e = r[t]! - mu;
    const e2 = e * e;
    if (store !== undefined) store[t] = h;
    acc += 0.5 * Math.log(h) + half * Math.log(1 + (e2 * k) / h);
    h = omega + alpha * e2 + beta * h;
  }
  return n * c - acc;
}

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));
const logit = (p: number): number => Math.log(p / (1 - p));
/** Terms multiplied before one log is taken (fewer Math.log calls; products of 16 ratios stay in range). */
const LOG_BLOCK = 16;

/**
 * Negative mean log-likelihood and its analytic gradient in the unconstrained parameters
 * x = [(μ - r̄)/sd, logit(α+β), logit(α/(α+β)), ln(σ̄²/h0), ln(ν-2)]. Derivatives of σ²_t follow the recursion
 * ∂σ²_{t+1} = ∂ω + ε²_t ∂α + σ²_t ∂β - 2αε_t ∂μ + β ∂σ²_t, with ∂σ²_1 = 0.
 */
function makeObjective(r: Float64Array, h0: number, mean: number, sd: number, student: boolean) {
  const n = r.length;
  const logH0 = Math.log(h0);
  return (x: Float64Array, grad: Float64Array): number => {
    const p = logistic(x[1]!);
    const share = logistic(x[2]!);
    const v = h0 * Math.exp(x[3]!);
    const mu = mean + x[0]! * sd;
    const omega = v * (1 - p);
    const alpha = p * share;
    const beta = p * (1 - share);
    const nu = student ? 2 + Math.exp(x[4]!) : 0;
    if (!(omega > 0) || !Number.isFinite(omega) || (student && !(nu > 2 && Number.isFinite(nu)))) {
      grad.fill(0);
      return Number.POSITIVE_INFINITY;
    }
    const k = student ? 1 / (nu - 2) : 0;
    const half = (nu + 1) / 2;
    let h = h0;
    let dMu = 0;
    let dOm = 0;
    let dAl = 0;
    let dBe = 0;
    let gMu = 0;
    let gOm = 0;
    let gAl = 0;
    let gBe = 0;
    let gNu = 0;
    let logSum = 0;
    let logQSum = 0;
    let prodH = 1;
    let prodQ = 1;
    let acc = 0; // normal: sum of e2/h
    const invH0 = 1 / h0;
    for (let t = 0; t < n; t++) {
      const e = r[t]! - mu;
      const e2 = e * e;
      const invH = 1 / h;
      let w: number;
      if (student) {
        const z = k * e2 * invH;
        const q = 1 + z;
        const invQ = 1 / q;
        w = -0.5 * invH + half * z * invH * invQ;
        gMu += 2 * half * k * e * invH * invQ;
        gNu += half * k * z * invQ;
        prodQ *= q;
      } else {
        acc += e2 * invH;
        w = -0.5 * invH * (1 - e2 * invH);
        gMu += e * invH;
      }
      gMu += w * dMu;
      gOm += w * dOm;
      gAl += w * dAl;
      gBe += w * dBe;
      prodH *= h * invH0;
      if ((t & (LOG_BLOCK - 1)) === LOG_BLOCK - 1) {
        logSum += Math.log(prodH);
        prodH = 1;
        if (student) {
          logQSum += Math.log(prodQ);
          prodQ = 1;
        }
      }
      dMu = -2 * alpha * e + beta * dMu;
      dOm = 1 + beta * dOm;
      dAl = e2 + beta * dAl;
      dBe = h + beta * dBe;
      h = omega + alpha * e2 + beta * h;
    }
    logSum += Math.log(prodH) + n * logH0;
    let ll: number;
    if (student) {
      logQSum += Math.log(prodQ);
      const c = logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * Math.log(Math.PI * (nu - 2));
      ll = n * c - 0.5 * logSum - half * logQSum;
      const dc = 0.5 * digamma((nu + 1) / 2) - 0.5 * digamma(nu / 2) - 0.5 / (nu - 2);
      gNu += n * dc - 0.5 * logQSum;
    } else {
      ll = -0.5 * (n * LOG_2PI + logSum + acc);
    }
    const dp = p * (1 - p);
    const ds = share * (1 - share);
    const scale = -1 / n;
    grad[0] = scale * gMu * sd;
    grad[1] = scale * (gOm * -v * dp + gAl * share * dp + gBe * (1 - share) * dp);
    grad[2] = scale * (gAl * p * ds - gBe * p * ds);
    grad[3] = scale * gOm * omega;
    if (student) grad[4] = scale * gNu * (nu - 2);
    return -ll / n;
  };
}

/**
 * Fits a GARCH(1,1) with constant mean by maximum likelihood.
 *
 * Model: `r_t = μ + ε_t`, `ε_t = σ_t z_t`, `σ²_{t+1} = ω + α ε²_t + β σ²_t`, z_t i.i.d. standard normal or
 * standardized Student t (unit variance, ν > 2). The recursion starts at the sample variance (n denominator),
 * see {@link garch11LogLikelihood}. Stationarity `α + β < 1`, `ω > 0`, `α, β >= 0` (and ν > 2) hold by
 * construction: the optimiser works on `(μ - r̄)/sd`, logit(α + β), logit(α / (α + β)), the log of the long-run
 * variance relative to the sample variance, and log(ν - 2). Optimiser: a grid of starting points is scored, the
 * best two are refined with BFGS on the analytic gradient, the better optimum wins.
 * Returns are per-period fractions (use log returns); results are in the same units (variance per period).
 *
 * @throws RangeError when fewer than 10 returns are given, a return is not finite, or all returns are equal
 * @example
 * ```ts
 * const fit = fitGarch11(logReturns, { dist: 'student-t' });
 * const next5 = fit.forecast(5); // per-period variances
 * ```
 */
export function fitGarch11(returns: ArrayLike<number>, options: FitGarch11Options = {}): Garch11Fit {
  const dist = options.dist ?? 'normal';
  const n = returns.length;
  if (n < 10) throw new RangeError(`fitGarch11: need at least 10 returns, got ${n}`);
  const r = Float64Array.from(returns);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(r[i]!)) throw new RangeError(`fitGarch11: return ${i} is not finite (${r[i]})`);
  }
  const h0 = sampleVariance(r);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += r[i]!;
  mean /= n;
  if (!(h0 > 1e-14 * mean * mean) || h0 === 0) throw new RangeError('fitGarch11: returns have zero variance');
  const sd = Math.sqrt(h0);
  const student = dist === 'student-t';
  const objective = makeObjective(r, h0, mean, sd, student);
  const dim = student ? 5 : 4;
  const scratch = new Float64Array(dim);
  const candidates: { x: number[]; f: number }[] = [];
  for (const p of [0.9, 0.97, 0.995]) {
    for (const share of [0.04, 0.1, 0.25]) {
      for (const nu of student ? [4, 8] : [0]) {
        const x = [0, logit(p), logit(share), 0];
        if (student) x.push(Math.log(nu - 2));
        candidates.push({ x, f: objective(Float64Array.from(x), scratch) });
      }
    }
  }
  candidates.sort((a, b) => a.f - b.f);
  const maxIterations = options.maxIterations ?? 300;
  let best: ReturnType<typeof bfgs> | undefined;
  let evaluations = candidates.length;
  for (const c of candidates.slice(0, 2)) {
    const res = bfgs(objective, c.x, { gTol: 1e-7, maxIterations });
    evaluations += res.evaluations;
    if (best === undefined || res.f < best.f) best = res;
  }
  const x = best!.x;
  const p = logistic(x[1]!);
  const share = logistic(x[2]!);
  const v = h0 * Math.exp(x[3]!);
  const params = {
    mu: mean + x[0]! * sd,
    omega: v * (1 - p),
    alpha: p * share,
    beta: p * (1 - share),
    nu: student ? 2 + Math.exp(x[4]!) : Number.NaN,
  };
  const conditionalVariance = new Float64Array(n);
  const logLikelihood = student
    ? studentLogLik(r, n, params.mu, params.omega, params.alpha, params.beta, params.nu, h0, conditionalVariance)
    : normalLogLik(r, n, params.mu, params.omega, params.alpha, params.beta, h0, conditionalVariance);
  const persistence = params.alpha + params.beta;
  const unconditionalVariance = params.omega / (1 - persistence);
  const lastE = r[n - 1]! - params.mu;
  const nextVar = params.omega + params.alpha * lastE * lastE + params.beta * conditionalVariance[n - 1]!;
  return {
    dist,
    mu: params.mu,
    omega: params.omega,
    alpha: params.alpha,
    beta: params.beta,
    ...(student ? { nu: params.nu } : {}),
    logLikelihood,
    converged: best!.converged && persistence < 1,
    persistence,
    unconditionalVariance,
    conditionalVariance,
    evaluations,
    forecast(h: number): Float64Array {
      if (!Number.isInteger(h) || h < 1) throw new RangeError(`forecast: h must be a positive integer, got ${h}`);
      const out = new Float64Array(h);
      let pk = 1;
      for (let k = 0; k < h; k++) {
        out[k] = unconditionalVariance + pk * (nextVar - unconditionalVariance);
        pk *= persistence;
      }
      return out;
    },
  };
}
