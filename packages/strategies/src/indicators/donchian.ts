import { RollingExtremum } from './internal/rollingExtremum.js';
import { checkPeriod, checkSameLength, nanArray } from './internal/validate.js';

/** Donchian channel arrays. */
export interface DonchianResult {
  readonly upper: Float64Array;
  readonly middle: Float64Array;
  readonly lower: Float64Array;
}

/**
 * Donchian channel, streaming: highest high and lowest low of the last `period` bars **including** the current
 * one, middle = their average (TTR `DonchianChannel(include.lag = FALSE)`). First value at index `period - 1`.
 * A breakout rule compares the close with the *previous* bar's channel (see the Donchian breakout strategy).
 * Amortised O(1) (monotonic deques). `update()` returns `this` once ready (fields reused), else `undefined`.
 *
 * @example `const d = new Donchian(20); if (d.update(h, l)) d.upper;`
 * @throws BotError `INVALID_ARGUMENT` when `period` is not an integer >= 1.
 */
export class Donchian {
  readonly period: number;
  private readonly hh: RollingExtremum;
  private readonly ll: RollingExtremum;
  upper = Number.NaN;
  middle = Number.NaN;
  lower = Number.NaN;

  constructor(period = 20) {
    checkPeriod('Donchian', 'period', period);
    this.period = period;
    this.hh = new RollingExtremum(period, true);
    this.ll = new RollingExtremum(period, false);
  }

  update(high: number, low: number): this | undefined {
    const h = this.hh.push(high);
    const l = this.ll.push(low);
    if (this.hh.seen < this.period) return undefined;
    this.upper = h;
    this.lower = l;
    this.middle = (h + l) / 2;
    return this;
  }

  get value(): { upper: number; middle: number; lower: number } | undefined {
    return this.isReady ? { upper: this.upper, middle: this.middle, lower: this.lower } : undefined;
  }
  get isReady(): boolean {
    return this.hh.seen >= this.period;
  }
  reset(): void {
    this.hh.reset();
    this.ll.reset();
    this.upper = this.middle = this.lower = Number.NaN;
  }
}

/**
 * Donchian channel over arrays: `NaN` at indices `< period - 1`.
 * @example `const { upper, lower } = donchian(high, low, 20)`
 * @throws BotError `INVALID_ARGUMENT` on a bad period or arrays of different lengths.
 */
export function donchian(high: ArrayLike<number>, low: ArrayLike<number>, period: number): DonchianResult {
  const n = checkSameLength('donchian', high, low);
  const ind = new Donchian(period);
  const upper = nanArray(n);
  const middle = nanArray(n);
  const lower = nanArray(n);
  for (let i = 0; i < n; i++) {
    if (ind.update(high[i]!, low[i]!)) {
      upper[i] = ind.upper;
      middle[i] = ind.middle;
      lower[i] = ind.lower;
    }
  }
  return { upper, middle, lower };
}
