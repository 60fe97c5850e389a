import { RollingMoments } from './internal/rollingMoments.js';
import { checkPeriod, nanArray } from './internal/validate.js';

/**
 * Simple moving average, streaming: the arithmetic mean of the last `period` values.
 *
 * Convention (TA-Lib `SMA`, TTR `SMA`): the first value is produced by the `period`-th update (index
 * `period - 1`). O(1) per update with a ring buffer and a compensated running sum that is periodically recomputed
 * exactly, so it does not drift over millions of updates.
 *
 * @example
 * ```ts
 * const s = new SMA(3);
 * s.update(1); s.update(2); s.update(3); // 2
 * ```
 * @throws BotError `INVALID_ARGUMENT` when `period` is not an integer >= 1.
 */
export class SMA {
  readonly period: number;
  private readonly m: RollingMoments;
  private current: number | undefined = undefined;

  constructor(period: number) {
    checkPeriod('SMA', 'period', period);
    this.period = period;
    this.m = new RollingMoments(period);
  }

  /** Adds a value; returns the average, or `undefined` during the first `period - 1` updates. */
  update(value: number): number | undefined {
    this.m.push(value);
    if (this.m.count < this.period) return undefined;
    return (this.current = this.m.mean());
  }

  /** Latest average, `undefined` while warming up. */
  get value(): number | undefined {
    return this.current;
  }

  /** True once `period` values were seen. */
  get isReady(): boolean {
    return this.current !== undefined;
  }

  /** Forgets all values. */
  reset(): void {
    this.m.reset();
    this.current = undefined;
  }
}

/**
 * Simple moving average over an array (TA-Lib `SMA`): `NaN` at indices `< period - 1`.
 *
 * @example `sma([1, 2, 3, 4], 2)` -> `[NaN, 1.5, 2.5, 3.5]`
 * @throws BotError `INVALID_ARGUMENT` when `period` is not an integer >= 1.
 */
export function sma(values: ArrayLike<number>, period: number): Float64Array {
  const ind = new SMA(period);
  const out = nanArray(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = ind.update(values[i]!);
    if (v !== undefined) out[i] = v;
  }
  return out;
}
