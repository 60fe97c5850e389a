import type { BarSeries, Symbol, Timeframe } from '@bot/core-types';
import { timeframeToMs } from '@bot/core-types';
import { createPrng } from './prng.js';

/** Options of {@link syntheticSeries}. */
export interface SyntheticSeriesOptions {
  /** Number of bars. */
  readonly length: number;
  /** AR coefficients of the log returns, `r_t = sum_k phi[k] * r_{t-1-k} + sigma * e_t` (empty = random walk). */
  readonly phi?: readonly number[];
  /** Innovation standard deviation per bar (fraction, default 0.01). */
  readonly sigma?: number;
  readonly seed?: number;
  /** Start price (default 100). */
  readonly start?: number;
  readonly startTime?: number;
  readonly timeframe?: Timeframe;
  readonly symbol?: Symbol;
}

/**
 * A seeded synthetic bar series whose log returns follow an AR(p) process (a pure random walk when `phi` is
 * empty). Used to prove that models learn real structure and claim nothing on noise. Open = previous close;
 * high/low bracket open and close by a seeded fraction of `sigma`; volume is 1 + |e|.
 *
 * @example `syntheticSeries({ length: 2000, phi: [1.2, -0.5], seed: 7 })`
 */
export function syntheticSeries(options: SyntheticSeriesOptions): BarSeries {
  const n = options.length;
  const phi = options.phi ?? [];
  const sigma = options.sigma ?? 0.01;
  const rng = createPrng(options.seed ?? 1);
  const tf = options.timeframe ?? '1h';
  const step = timeframeToMs(tf);
  const t0 = options.startTime ?? 1_500_000_000_000 - (1_500_000_000_000 % step);
  const s = {
    symbol: options.symbol ?? 'SYN/USD',
    timeframe: tf,
    length: n,
    openTime: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  const r = new Float64Array(n);
  let price = options.start ?? 100;
  for (let t = 0; t < n; t++) {
    let mean = 0;
    for (let k = 0; k < phi.length; k++) mean += t - 1 - k >= 0 ? phi[k]! * r[t - 1 - k]! : 0;
    const e = rng.normal();
    r[t] = mean + sigma * e;
    const open = price;
    price = t === 0 ? price : price * Math.exp(r[t]!);
    s.openTime[t] = t0 + t * step;
    s.open[t] = open;
    s.close[t] = price;
    s.high[t] = Math.max(open, price) * (1 + sigma * 0.5 * rng.next());
    s.low[t] = Math.min(open, price) * (1 - sigma * 0.5 * rng.next());
    s.volume[t] = 1 + Math.abs(e);
  }
  return s;
}
