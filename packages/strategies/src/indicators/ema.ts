import { checkPeriod, nanArray } from './internal/validate.js';

/**
 * Exponential moving average, streaming, with smoothing `alpha = 2 / (period + 1)`.
 *
 * Convention (TA-Lib `EMA` default, TTR `EMA`): seeded with the simple mean of the first `period` values, so the
 * first value is produced by the `period`-th update (index `period - 1`); afterwards
 * `ema = alpha * x + (1 - alpha) * ema`. O(1) per update.
 *
 * @example
 * ```ts
 * const e = new EMA(3);
 * [1, 2, 3, 4].map((x) => e.update(x)); // [undefined, undefined, 2, 3]
 * ```
 * @throws BotError `INVALID_ARGUMENT` when `period` is not an integer >= 1.
 */
export class EMA {
  readonly period: number;
  /** Smoothing factor `2 / (period + 1)`. */
  readonly alpha: number;
  private readonly beta: number;
  private seen = 0;
  private seedSum = 0;
  private current = Number.NaN;

  constructor(period: number) {
    checkPeriod('EMA', 'period', period);
    this.period = period;
    this.alpha = 2 / (period + 1);
    this.beta = 1 - this.alpha;
  }

  /** Adds a value; returns the EMA, or `undefined` during the first `period - 1` updates. */
  update(value: number): number | undefined {
    if (this.seen === this.period) return (this.current = value * this.alpha + this.current * this.beta);
    this.seedSum += value;
    if (++this.seen < this.period) return undefined;
    this.current = this.seedSum / this.period;
    return this.current;
  }

  /** Latest EMA, `undefined` while warming up. */
  get value(): number | undefined {
    return this.seen >= this.period ? this.current : undefined;
  }

  get isReady(): boolean {
    return this.seen >= this.period;
  }

  reset(): void {
    this.seen = 0;
    this.seedSum = 0;
    this.current = Number.NaN;
  }
}

/**
 * Exponential moving average over an array (TA-Lib `EMA`, SMA seed): `NaN` at indices `< period - 1`.
 *
 * @example `ema([1, 2, 3, 4], 3)` -> `[NaN, NaN, 2, 3]`
 * @throws BotError `INVALID_ARGUMENT` when `period` is not an integer >= 1.
 */
export function ema(values: ArrayLike<number>, period: number): Float64Array {
  const ind = new EMA(period);
  const out = nanArray(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = ind.update(values[i]!);
    if (v !== undefined) out[i] = v;
  }
  return out;
}
