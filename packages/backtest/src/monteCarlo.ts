import { BotError } from '@bot/core-types';
import type { ClosedTrade } from './closedTrades.js';
import { createRng } from './rng.js';
import { mean, percentileSorted, sampleStd } from './stats.js';

/** Summary of a simulated distribution. Percentiles use linear interpolation (type 7). */
export interface Distribution {
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
  /** `[fraction, value]` pairs, e.g. `[0.05, -0.21]` = 5th percentile. */
  readonly percentiles: readonly (readonly [p: number, value: number])[];
}

/** Options shared by both Monte Carlo methods. */
export interface MonteCarloCommon {
  /** Number of simulated paths (default 1000). */
  readonly simulations?: number;
  /** Seed of the generator: same seed, same result (default 1). */
  readonly seed?: number;
  /** Drawdown (fraction of the running peak) at which a path counts as ruined (default 0.5 = 50%). */
  readonly ruinDrawdown?: number;
  /** Percentiles to report, fractions (default 1, 5, 25, 50, 75, 95, 99 %). */
  readonly percentiles?: readonly number[];
  /** Called with (done, total) every few hundred paths. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Trade-order reshuffle: the same trades (as returns on equity) in random order. */
export interface TradeReshuffleOptions extends MonteCarloCommon {
  readonly method: 'reshuffle';
  /** Per-trade returns as fractions of the equity just before each entry (see {@link tradeReturns}). */
  readonly tradeReturns: ArrayLike<number>;
  /**
   * `false` (default): permutations without replacement, so the final return is the same on every path and only
   * the path (drawdown, ruin) varies; `true`: resample trades with replacement (final return varies too).
   */
  readonly withReplacement?: boolean;
}

/** Block bootstrap of periodic returns (circular, fixed block length). */
export interface BlockBootstrapOptions extends MonteCarloCommon {
  readonly method: 'bootstrap';
  /** Periodic returns of the equity curve, fractions. */
  readonly returns: ArrayLike<number>;
  /** Block length in periods (default `round(n^(1/3))`, at least 1), keeps short-range autocorrelation. */
  readonly blockLength?: number;
  /** Path length in periods (default: the number of returns). */
  readonly horizon?: number;
}

/** Result of {@link monteCarlo}. */
export interface MonteCarloResult {
  readonly method: 'reshuffle' | 'bootstrap';
  readonly simulations: number;
  readonly seed: number;
  readonly ruinDrawdown: number;
  /** Distribution of the final return (`final / initial - 1`). */
  readonly finalReturn: Distribution;
  /** Distribution of the maximum drawdown (positive fraction, never above 1). */
  readonly maxDrawdown: Distribution;
  /** Fraction of paths whose drawdown reached `ruinDrawdown`. */
  readonly probabilityOfRuin: number;
  /** Per-path outcomes, in simulation order. */
  readonly samples: { readonly finalReturn: Float64Array; readonly maxDrawdown: Float64Array };
  /** Block length used (bootstrap only). */
  readonly blockLength?: number;
}

const DEFAULT_PERCENTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

/**
 * Monte Carlo robustness analysis of a strategy's outcome, seeded and reproducible.
 *
 * Each path compounds returns from an equity of 1: `e <- max(0, e * (1 + r))`. Equity is floored at 0 and 0 is
 * absorbing (a wiped-out account stays wiped out), so a drawdown never exceeds 100% even when a single return is
 * below -100% (a short squeeze).
 *
 * @throws BotError `INVALID_ARGUMENT` for no returns, a non-positive simulation count or block length.
 * @example
 * ```ts
 * const mc = monteCarlo({ method: 'bootstrap', returns, simulations: 2000, seed: 7 });
 * console.log(mc.maxDrawdown.percentiles, mc.probabilityOfRuin);
 * ```
 */
export function monteCarlo(options: TradeReshuffleOptions | BlockBootstrapOptions): MonteCarloResult {
  const sims = options.simulations ?? 1000;
  const seed = options.seed ?? 1;
  const ruin = options.ruinDrawdown ?? 0.5;
  if (!Number.isInteger(sims) || sims <= 0) throw new BotError('INVALID_ARGUMENT', `simulations must be a positive integer, got ${sims}`);
  if (!(ruin > 0 && ruin <= 1)) throw new BotError('INVALID_ARGUMENT', `ruinDrawdown must be in (0, 1], got ${ruin}`);
  const source = options.method === 'reshuffle' ? options.tradeReturns : options.returns;
  const n = source.length;
  if (n === 0) throw new BotError('INVALID_ARGUMENT', `Monte Carlo (${options.method}) needs at least one return`);
  const rng = createRng(seed);
  const finals = new Float64Array(sims);
  const dds = new Float64Array(sims);
  let ruined = 0;
  let blockLength: number | undefined;
  const horizon = options.method === 'bootstrap' ? (options.horizon ?? n) : n;
  if (options.method === 'bootstrap') {
    blockLength = options.blockLength ?? Math.max(1, Math.round(Math.cbrt(n)));
    if (!Number.isInteger(blockLength) || blockLength <= 0) {
      throw new BotError('INVALID_ARGUMENT', `blockLength must be a positive integer, got ${blockLength}`);
    }
  }
  const order = new Int32Array(n);
  const progressEvery = Math.max(1, Math.floor(sims / 100));
  for (let s = 0; s < sims; s++) {
    let e = 1;
    let peak = 1;
    let mdd = 0;
    const step = (r: number): void => {
      e = e * (1 + r);
      if (!(e > 0)) e = 0;
      if (e > peak) peak = e;
      const dd = 1 - e / peak;
      if (dd > mdd) mdd = dd;
    };
    if (options.method === 'reshuffle') {
      if (options.withReplacement === true) {
        for (let i = 0; i < n; i++) step(source[rng.int(n)]!);
      } else {
        for (let i = 0; i < n; i++) order[i] = i;
        for (let i = n - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          const tmp = order[i]!;
          order[i] = order[j]!;
          order[j] = tmp;
        }
        for (let i = 0; i < n; i++) step(source[order[i]!]!);
      }
    } else {
      const L = blockLength!;
      let done = 0;
      while (done < horizon) {
        const start = rng.int(n);
        for (let k = 0; k < L && done < horizon; k++, done++) step(source[(start + k) % n]!);
      }
    }
    finals[s] = e - 1;
    dds[s] = mdd;
    if (mdd >= ruin) ruined++;
    if (options.onProgress !== undefined && ((s + 1) % progressEvery === 0 || s + 1 === sims)) options.onProgress(s + 1, sims);
  }
  const ps = options.percentiles ?? DEFAULT_PERCENTILES;
  return {
    method: options.method,
    simulations: sims,
    seed,
    ruinDrawdown: ruin,
    finalReturn: summarise(finals, ps),
    maxDrawdown: summarise(dds, ps),
    probabilityOfRuin: ruined / sims,
    samples: { finalReturn: finals, maxDrawdown: dds },
    ...(blockLength === undefined ? {} : { blockLength }),
  };
}

function summarise(values: Float64Array, ps: readonly number[]): Distribution {
  const sorted = Float64Array.from(values).sort();
  return {
    mean: mean(values),
    std: sampleStd(values),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    percentiles: ps.map((p) => [p, percentileSorted(sorted, p)] as const),
  };
}

/**
 * Per-trade returns on equity: each closed trade's net pnl divided by the equity just before its entry fill (the
 * account the trade risked): the last mark at or before the entry time. For `next-open` fills that is the close of
 * the bar before the fill bar, the mark the decision was made on (stamped with that close time, which is the fill
 * bar's open when bars are contiguous), so a trade entered on the bar after an exit is measured against the equity
 * after that exit. For `close` fills the mark at the fill's close already includes the entry fee. Use with the
 * `reshuffle` method.
 *
 * @param equity the run's close-marked equity curve; `initialEquity` is used for trades entered before the first mark.
 * @example `tradeReturns(result.trades, result.equity, result.metrics.initialEquity)`
 */
export function tradeReturns(
  trades: readonly ClosedTrade[],
  equity: { readonly time: ArrayLike<number>; readonly equity: ArrayLike<number> },
  initialEquity: number,
): Float64Array {
  const out = new Float64Array(trades.length);
  const times = equity.time;
  let k = 0;
  const sorted = trades.map((t, i) => [t.entryTime, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (const [entry, i] of sorted) {
    while (k < times.length && times[k]! <= entry) k++;
    const base = k > 0 ? equity.equity[k - 1]! : initialEquity;
    out[i] = base > 0 ? trades[i]!.pnl / base : 0;
  }
  return out;
}

/** Periodic simple returns `e[i] / e[i-1] - 1` of an equity curve. */
export function periodicReturns(equity: ArrayLike<number>): Float64Array {
  const n = Math.max(0, equity.length - 1);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const prev = equity[i]!;
    out[i] = prev !== 0 ? equity[i + 1]! / prev - 1 : 0;
  }
  return out;
}
