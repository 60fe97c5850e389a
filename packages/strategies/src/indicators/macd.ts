import { BotError } from '@bot/core-types';
import { EMA } from './ema.js';
import { nanArray } from './internal/validate.js';

/** The three MACD outputs. */
export interface MacdResult {
  /** MACD line `EMA(fast) - EMA(slow)`. */
  readonly macd: Float64Array;
  /** Signal line, `EMA(signal)` of the MACD line. */
  readonly signal: Float64Array;
  /** `macd - signal`. */
  readonly histogram: Float64Array;
}

/**
 * Moving Average Convergence/Divergence, streaming.
 *
 * Convention (TA-Lib `MACD`): fast and slow EMAs seeded with the SMA of the first `fast`/`slow` values
 * (`alpha = 2 / (n + 1)`); MACD line = fast - slow from index `slow - 1` (25 for 12/26/9); signal = SMA-seeded EMA
 * of the MACD line, first at index `slow + signal - 2` (33 for 12/26/9); histogram = macd - signal. TA-Lib emits
 * all three outputs from index 33 (its lookback); the values are identical, this class simply exposes the MACD
 * line as soon as it exists. `update()` returns `this` once the signal line is ready (read `macd`, `signal`,
 * `histogram`; the object is reused, copy the fields if you keep them), else `undefined`. O(1), no allocation.
 *
 * @example
 * ```ts
 * const m = new MACD(12, 26, 9);
 * for (const c of closes) if (m.update(c)) console.log(m.histogram);
 * ```
 * @throws BotError `INVALID_ARGUMENT` when a period is not an integer >= 1 or `fast >= slow`.
 */
export class MACD {
  readonly fastPeriod: number;
  readonly slowPeriod: number;
  readonly signalPeriod: number;
  private readonly fastEma: EMA;
  private readonly slowEma: EMA;
  private readonly signalEma: EMA;
  /** MACD line (NaN before index `slow - 1`). */
  macd = Number.NaN;
  /** Signal line (NaN before index `slow + signal - 2`). */
  signal = Number.NaN;
  /** Histogram `macd - signal` (NaN while the signal warms up). */
  histogram = Number.NaN;

  constructor(fast = 12, slow = 26, signal = 9) {
    this.fastEma = new EMA(fast);
    this.slowEma = new EMA(slow);
    this.signalEma = new EMA(signal);
    if (fast >= slow) {
      throw new BotError('INVALID_ARGUMENT', `MACD: fast period (${fast}) must be < slow period (${slow})`, {
        details: { fast, slow },
      });
    }
    this.fastPeriod = fast;
    this.slowPeriod = slow;
    this.signalPeriod = signal;
  }

  /** Adds a value; returns `this` once all three outputs are defined, else `undefined`. */
  update(value: number): this | undefined {
    const f = this.fastEma.update(value);
    const s = this.slowEma.update(value);
    if (s === undefined || f === undefined) return undefined;
    this.macd = f - s;
    const sig = this.signalEma.update(this.macd);
    if (sig === undefined) return undefined;
    this.signal = sig;
    this.histogram = this.macd - sig;
    return this;
  }

  /** A snapshot of the outputs once ready. */
  get value(): { macd: number; signal: number; histogram: number } | undefined {
    return this.isReady ? { macd: this.macd, signal: this.signal, histogram: this.histogram } : undefined;
  }

  get isReady(): boolean {
    return this.signalEma.isReady;
  }

  reset(): void {
    this.fastEma.reset();
    this.slowEma.reset();
    this.signalEma.reset();
    this.macd = this.signal = this.histogram = Number.NaN;
  }
}

/**
 * MACD over an array (TA-Lib `MACD` conventions; see {@link MACD} for the warm-up indices).
 *
 * @example `const { macd, signal, histogram } = macd(closes, 12, 26, 9)` — `signal[33]` is the first signal.
 * @throws BotError `INVALID_ARGUMENT` on bad periods or `fast >= slow`.
 */
export function macd(values: ArrayLike<number>, fast: number, slow: number, signal: number): MacdResult {
  const ind = new MACD(fast, slow, signal);
  const n = values.length;
  const m = nanArray(n);
  const s = nanArray(n);
  const h = nanArray(n);
  for (let i = 0; i < n; i++) {
    ind.update(values[i]!);
    m[i] = ind.macd;
    s[i] = ind.signal;
    h[i] = ind.histogram;
  }
  return { macd: m, signal: s, histogram: h };
}
