import { type BarSeries, BotError, parseTimeframe, type Symbol, type Timeframe, timeframeToMs } from '@bot/core-types';
import { SeededRandom } from './seededRandom.js';

const YEAR_MS = 365 * 86_400_000;

/** Drift and volatility of one market regime, both annualised (fractions: 0.2 = 20% per year). */
export interface Regime {
  /** Annualised drift `mu` of log-returns plus `sigma^2/2` (GBM drift). */
  readonly drift: number;
  /** Annualised volatility `sigma`. */
  readonly volatility: number;
}

/** Options of {@link generateBars}. Rates are annualised over a 365-day year. */
export interface GenerateBarsOptions {
  readonly seed: number;
  readonly bars: number;
  /** Default `1m`. */
  readonly timeframe?: Timeframe;
  /** First bar's open time, epoch ms (default 2020-01-01T00:00:00Z); aligned down to the timeframe. */
  readonly start?: number;
  /** Default `SYN/USD`. */
  readonly symbol?: Symbol;
  /** Default 100. */
  readonly startPrice?: number;
  /** `gbm` (default) one regime; `regime` Markov switching between `regimes`; `jump` GBM plus Merton jumps. */
  readonly model?: 'gbm' | 'regime' | 'jump';
  /** Annualised drift (default 0.05). */
  readonly drift?: number;
  /** Annualised volatility (default 0.6, crypto-like). */
  readonly volatility?: number;
  /** Regimes for `model: 'regime'` (default calm 0.1/0.3 and stressed -0.3/1.2). */
  readonly regimes?: readonly Regime[];
  /** Probability per bar of leaving the current regime (default 0.001). */
  readonly switchProbability?: number;
  /** Expected jumps per year for `model: 'jump'` (default 20). */
  readonly jumpsPerYear?: number;
  /** Mean and standard deviation of the log jump size (default -0.02 and 0.05). */
  readonly jumpMean?: number;
  readonly jumpStd?: number;
  /** Mean volume per bar in base units (default 100). */
  readonly meanVolume?: number;
}

/** @internal Resolved time grid of a generated series. */
export interface ResolvedPath {
  readonly symbol: Symbol;
  readonly timeframe: Timeframe;
  readonly start: number;
  readonly stepMs: number;
}

/** @internal Validates the bar count and aligns the start to the timeframe. */
export function resolvePath(options: { bars: number; timeframe?: Timeframe; start?: number; symbol?: Symbol }, defaultSymbol: Symbol): ResolvedPath {
  if (!Number.isInteger(options.bars) || options.bars < 0) {
    throw new BotError('INVALID_ARGUMENT', `bars must be a non-negative integer, got ${options.bars}`);
  }
  const timeframe = parseTimeframe(options.timeframe ?? '1m');
  const stepMs = timeframeToMs(timeframe);
  const raw = options.start ?? Date.UTC(2020, 0, 1);
  return { symbol: options.symbol ?? defaultSymbol, timeframe, stepMs, start: raw - (((raw % stepMs) + stepMs) % stepMs) };
}

/** @internal A zero-filled series of `n` bars. */
export function emptySeries(symbol: Symbol, timeframe: Timeframe, n: number): BarSeries & { openTime: Float64Array } {
  return {
    symbol,
    timeframe,
    length: n,
    openTime: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
}

/**
 * Turns a path of log-returns into OHLCV bars: open = previous close, close = open * exp(r), high/low extend
 * beyond max/min(open, close) by a half-normal multiple of the bar volatility (a Brownian-bridge-like excursion),
 * volume lognormal around `meanVolume` and larger on big moves. Prices are rounded to 8 significant digits so CSV
 * output stays compact and round-trips exactly.
 */
export function fillBars(
  series: BarSeries,
  path: ResolvedPath,
  startPrice: number,
  logReturn: (i: number) => number,
  barVol: (i: number) => number,
  rng: SeededRandom,
  meanVolume: number,
): void {
  const { openTime, open, high, low, close, volume } = series as BarSeries & Record<string, Float64Array>;
  let price = startPrice;
  for (let i = 0; i < series.length; i++) {
    const r = logReturn(i);
    const o = round8(price);
    const c = round8(price * Math.exp(r));
    const s = barVol(i);
    const up = Math.abs(rng.normal()) * s * 0.5;
    const dn = Math.abs(rng.normal()) * s * 0.5;
    openTime![i] = path.start + i * path.stepMs;
    open![i] = o;
    close![i] = c;
    high![i] = round8Up(Math.max(o, c) * Math.exp(up), Math.max(o, c));
    low![i] = round8Down(Math.min(o, c) * Math.exp(-dn), Math.min(o, c));
    volume![i] = Math.round(meanVolume * Math.exp(0.5 * rng.normal() - 0.125) * (1 + Math.abs(r) / (s || 1)) * 1e4) / 1e4;
    price = c;
  }
}

const POW10 = Array.from({ length: 40 }, (_, i) => 10 ** (i - 20));
function round8(x: number): number {
  // 8 significant digits; integer / power-of-ten division is correctly rounded, so the double prints short.
  const e = Math.floor(Math.log10(x));
  const k = 7 - e;
  if (k < -20 || k > 19) return x;
  return k >= 0 ? Math.round(x * POW10[k + 20]!) / POW10[k + 20]! : Math.round(x / POW10[20 - k]!) * POW10[20 - k]!;
}
/** Rounded to 8 significant digits but never below `floor` (keeps high >= max(open, close)). */
function round8Up(x: number, floor: number): number {
  const r = round8(x);
  return r < floor ? floor : r;
}
function round8Down(x: number, ceil: number): number {
  const r = round8(x);
  return r > ceil ? ceil : r;
}

/**
 * Generates a seeded synthetic OHLCV series: geometric Brownian motion, optionally with Markov regime switches or
 * Merton jumps. Same options, same bars (bit for bit), on every machine.
 *
 * Per bar of length `dt` years: `log(C/O) = (mu - sigma^2/2) dt + sigma sqrt(dt) Z` (+ jumps `N(jumpMean, jumpStd)`
 * arriving as Poisson(jumpsPerYear dt)).
 *
 * @throws BotError `INVALID_ARGUMENT` for a negative bar count, a bad seed or non-positive start price.
 * @example
 * ```ts
 * const series = generateBars({ seed: 7, bars: 1_000_000, timeframe: '1m', model: 'regime' });
 * ```
 */
export function generateBars(options: GenerateBarsOptions): BarSeries {
  const path = resolvePath(options, 'SYN/USD');
  const rng = new SeededRandom(options.seed);
  const startPrice = options.startPrice ?? 100;
  if (!(startPrice > 0)) throw new BotError('INVALID_ARGUMENT', `startPrice must be > 0, got ${startPrice}`);
  const dt = path.stepMs / YEAR_MS;
  const sqrtDt = Math.sqrt(dt);
  const model = options.model ?? 'gbm';
  const regimes: readonly Regime[] =
    model === 'regime'
      ? (options.regimes ?? [
          { drift: 0.1, volatility: 0.3 },
          { drift: -0.3, volatility: 1.2 },
        ])
      : [{ drift: options.drift ?? 0.05, volatility: options.volatility ?? 0.6 }];
  if (regimes.length === 0) throw new BotError('INVALID_ARGUMENT', 'regimes must not be empty');
  const switchP = options.switchProbability ?? 0.001;
  const lambda = model === 'jump' ? (options.jumpsPerYear ?? 20) * dt : 0;
  const jumpMean = options.jumpMean ?? -0.02;
  const jumpStd = options.jumpStd ?? 0.05;
  let regime = 0;
  let currentVol = regimes[0]!.volatility * sqrtDt;
  const series = emptySeries(path.symbol, path.timeframe, options.bars);
  fillBars(
    series,
    path,
    startPrice,
    () => {
      if (regimes.length > 1 && rng.next() < switchP) regime = (regime + 1 + Math.floor(rng.next() * (regimes.length - 1))) % regimes.length;
      const { drift, volatility } = regimes[regime]!;
      currentVol = volatility * sqrtDt;
      let r = (drift - 0.5 * volatility * volatility) * dt + currentVol * rng.normal();
      if (lambda > 0) {
        const k = rng.poisson(lambda);
        for (let j = 0; j < k; j++) r += jumpMean + jumpStd * rng.normal();
      }
      return r;
    },
    () => currentVol,
    rng,
    options.meanVolume ?? 100,
  );
  return series;
}
