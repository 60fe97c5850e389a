import { type BarSeries, BotError, type Symbol, type Timeframe } from '@bot/core-types';
import { emptySeries, fillBars, resolvePath } from './generateBars.js';
import { SeededRandom } from './seededRandom.js';

const YEAR_MS = 365 * 86_400_000;

/** One asset of {@link generateCorrelatedBars}. */
export interface AssetSpec {
  readonly symbol: Symbol;
  /** Default 100. */
  readonly startPrice?: number;
  /** Annualised drift (default 0.05). */
  readonly drift?: number;
  /** Annualised volatility (default 0.6). */
  readonly volatility?: number;
}

/** Options of {@link generateCorrelatedBars}. */
export interface GenerateCorrelatedOptions {
  readonly seed: number;
  readonly bars: number;
  readonly timeframe?: Timeframe;
  readonly start?: number;
  readonly assets: readonly AssetSpec[];
  /** Correlation matrix of the log-return shocks (symmetric, unit diagonal, positive definite). */
  readonly correlation: readonly (readonly number[])[];
  readonly meanVolume?: number;
}

/**
 * Lower-triangular Cholesky factor `L` of a symmetric positive-definite matrix (`A = L L^T`).
 * @throws BotError `INVALID_ARGUMENT` when the matrix is not square, symmetric or positive definite.
 * @example `choleskyLower([[1, 0.5], [0.5, 1]])` -> `[[1, 0], [0.5, 0.866...]]`
 */
export function choleskyLower(a: readonly (readonly number[])[]): number[][] {
  const n = a.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    if (a[i]!.length !== n) throw new BotError('INVALID_ARGUMENT', 'correlation matrix must be square');
    for (let j = 0; j <= i; j++) {
      if (Math.abs(a[i]![j]! - a[j]![i]!) > 1e-12) throw new BotError('INVALID_ARGUMENT', 'correlation matrix must be symmetric');
      let sum = a[i]![j]!;
      for (let k = 0; k < j; k++) sum -= l[i]![k]! * l[j]![k]!;
      if (i === j) {
        if (!(sum > 0)) throw new BotError('INVALID_ARGUMENT', 'correlation matrix must be positive definite');
        l[i]![i] = Math.sqrt(sum);
      } else l[i]![j] = sum / l[j]![j]!;
    }
  }
  return l;
}

/**
 * Several GBM assets on the same clock whose log-return shocks have the given correlation matrix (independent
 * normals multiplied by its Cholesky factor). Seeded: same options, same bars.
 *
 * @throws BotError `INVALID_ARGUMENT` when the matrix does not match the assets or is not a valid correlation matrix.
 * @example
 * ```ts
 * const [btc, eth] = generateCorrelatedBars({ seed: 1, bars: 10_000, timeframe: '1h',
 *   assets: [{ symbol: 'BTC/USD' }, { symbol: 'ETH/USD', volatility: 0.8 }], correlation: [[1, 0.8], [0.8, 1]] });
 * ```
 */
export function generateCorrelatedBars(options: GenerateCorrelatedOptions): BarSeries[] {
  const m = options.assets.length;
  if (m === 0 || options.correlation.length !== m) {
    throw new BotError('INVALID_ARGUMENT', `correlation must be ${m}x${m} for ${m} assets`);
  }
  const l = choleskyLower(options.correlation);
  const rng = new SeededRandom(options.seed);
  const base = resolvePath(options, options.assets[0]!.symbol);
  const dt = base.stepMs / YEAR_MS;
  const n = options.bars;
  // Correlated shocks first (so every asset sees the same draw order), then bars per asset.
  const shocks = Array.from({ length: m }, () => new Float64Array(n));
  const z = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < m; k++) z[k] = rng.normal();
    for (let a = 0; a < m; a++) {
      let s = 0;
      for (let k = 0; k <= a; k++) s += l[a]![k]! * z[k]!;
      shocks[a]![i] = s;
    }
  }
  return options.assets.map((asset, a) => {
    const vol = asset.volatility ?? 0.6;
    const drift = asset.drift ?? 0.05;
    const sd = vol * Math.sqrt(dt);
    const series = emptySeries(asset.symbol, base.timeframe, n);
    const sh = shocks[a]!;
    fillBars(series, { ...base, symbol: asset.symbol }, asset.startPrice ?? 100, (i) => (drift - 0.5 * vol * vol) * dt + sd * sh[i]!, () => sd, rng, options.meanVolume ?? 100);
    return series;
  });
}

/** Options of {@link generateCointegratedPair}. */
export interface GenerateCointegratedOptions {
  readonly seed: number;
  readonly bars: number;
  readonly timeframe?: Timeframe;
  readonly start?: number;
  /** Symbols of the two legs (default `AAA/USD`, `BBB/USD`). */
  readonly symbols?: readonly [Symbol, Symbol];
  /** Hedge ratio in log prices: `log B = alpha + beta log A + spread` (default 1). */
  readonly beta?: number;
  /** Default 0. */
  readonly alpha?: number;
  /** Half-life of the spread's mean reversion, in bars (default 50). */
  readonly halfLifeBars?: number;
  /** Standard deviation of the spread's per-bar innovation (default 0.002). */
  readonly spreadVolatility?: number;
  /** Annualised volatility of leg A's random walk (default 0.6). */
  readonly volatility?: number;
  /** Leg A's first price (default 100). */
  readonly startPrice?: number;
  readonly meanVolume?: number;
}

/**
 * A cointegrated pair: leg A is a GBM random walk; leg B's log price is `alpha + beta log A + s`, where the
 * spread `s` is a discrete Ornstein-Uhlenbeck (AR(1)) process `s_t = phi s_{t-1} + e_t` with
 * `phi = 2^(-1/halfLifeBars)`. Closes of B therefore mean-revert around the hedge line (the textbook Engle-Granger
 * setting). Seeded: same options, same bars.
 *
 * @throws BotError `INVALID_ARGUMENT` when `halfLifeBars` is not > 0.
 * @example
 * ```ts
 * const [a, b] = generateCointegratedPair({ seed: 3, bars: 5000, timeframe: '5m', beta: 1.5, halfLifeBars: 30 });
 * ```
 */
export function generateCointegratedPair(options: GenerateCointegratedOptions): [BarSeries, BarSeries] {
  const [symA, symB] = options.symbols ?? ['AAA/USD', 'BBB/USD'];
  const path = resolvePath(options, symA);
  const halfLife = options.halfLifeBars ?? 50;
  if (!(halfLife > 0)) throw new BotError('INVALID_ARGUMENT', `halfLifeBars must be > 0, got ${halfLife}`);
  const phi = 2 ** (-1 / halfLife);
  const beta = options.beta ?? 1;
  const alpha = options.alpha ?? 0;
  const sv = options.spreadVolatility ?? 0.002;
  const vol = options.volatility ?? 0.6;
  const dt = path.stepMs / YEAR_MS;
  const sd = vol * Math.sqrt(dt);
  const rng = new SeededRandom(options.seed);
  const n = options.bars;
  const logA = new Float64Array(n + 1);
  const logB = new Float64Array(n + 1);
  logA[0] = Math.log(options.startPrice ?? 100);
  let s = 0;
  logB[0] = alpha + beta * logA[0]!;
  for (let i = 1; i <= n; i++) {
    logA[i] = logA[i - 1]! - 0.5 * vol * vol * dt + sd * rng.normal();
    s = phi * s + sv * rng.normal();
    logB[i] = alpha + beta * logA[i]! + s;
  }
  const a = emptySeries(symA, path.timeframe, n);
  const b = emptySeries(symB, path.timeframe, n);
  const meanVolume = options.meanVolume ?? 100;
  fillBars(a, { ...path, symbol: symA }, Math.exp(logA[0]!), (i) => logA[i + 1]! - logA[i]!, () => sd, rng, meanVolume);
  fillBars(b, { ...path, symbol: symB }, Math.exp(logB[0]!), (i) => logB[i + 1]! - logB[i]!, () => Math.max(sd * Math.abs(beta), sv), rng, meanVolume);
  return [a, b];
}
