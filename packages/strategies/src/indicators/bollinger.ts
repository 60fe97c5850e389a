import { RollingMoments } from './internal/rollingMoments.js';
import { checkNumber, checkPeriod, nanArray } from './internal/validate.js';

/** Bollinger band arrays. */
export interface BollingerResult {
  readonly upper: Float64Array;
  readonly middle: Float64Array;
  readonly lower: Float64Array;
}

/**
 * Bollinger Bands, streaming: middle = SMA(period), upper/lower = middle ± k × σ.
 *
 * Convention (TA-Lib `BBANDS` with `MA_Type = SMA`, TTR `BBands(sd = population)`): σ is the **population**
 * standard deviation (divide by `period`) of the same window; first value at index `period - 1`. `update()`
 * returns `this` once ready (fields `upper`, `middle`, `lower`; the object is reused), else `undefined`.
 * O(1) per update with stable rolling moments.
 *
 * @example
 * ```ts
 * const bb = new Bollinger(20, 2);
 * for (const c of closes) if (bb.update(c)) console.log(bb.upper - bb.lower);
 * ```
 * @throws BotError `INVALID_ARGUMENT` when `period` is not an integer >= 1 or `k` is not finite.
 */
export class Bollinger {
  readonly period: number;
  readonly k: number;
  private readonly m: RollingMoments;
  upper = Number.NaN;
  middle = Number.NaN;
  lower = Number.NaN;
  /** Population standard deviation of the window. */
  stdDev = Number.NaN;

  constructor(period = 20, k = 2) {
    checkPeriod('Bollinger', 'period', period);
    checkNumber('Bollinger', 'k', k);
    this.period = period;
    this.k = k;
    this.m = new RollingMoments(period);
  }

  update(value: number): this | undefined {
    this.m.push(value);
    if (this.m.count < this.period) return undefined;
    const mid = this.m.mean();
    const sd = Math.sqrt(this.m.variance());
    this.middle = mid;
    this.stdDev = sd;
    this.upper = mid + this.k * sd;
    this.lower = mid - this.k * sd;
    return this;
  }

  get value(): { upper: number; middle: number; lower: number } | undefined {
    return this.isReady ? { upper: this.upper, middle: this.middle, lower: this.lower } : undefined;
  }

  get isReady(): boolean {
    return this.m.count >= this.period;
  }

  reset(): void {
    this.m.reset();
    this.upper = this.middle = this.lower = this.stdDev = Number.NaN;
  }
}

/**
 * Bollinger Bands over an array (TA-Lib `BBANDS`, SMA middle, population σ): `NaN` at indices `< period - 1`.
 *
 * @example `const { upper, middle, lower } = bollinger(closes, 20, 2)`
 * @throws BotError `INVALID_ARGUMENT` on a bad period or k.
 */
export function bollinger(values: ArrayLike<number>, period: number, k: number): BollingerResult {
  const ind = new Bollinger(period, k);
  const n = values.length;
  const upper = nanArray(n);
  const middle = nanArray(n);
  const lower = nanArray(n);
  for (let i = 0; i < n; i++) {
    if (ind.update(values[i]!) !== undefined) {
      upper[i] = ind.upper;
      middle[i] = ind.middle;
      lower[i] = ind.lower;
    }
  }
  return { upper, middle, lower };
}
