import { checkPeriod, nanArray } from './internal/validate.js';

/**
 * Simple moving average, streaming: the arithmetic mean of the last `period` values.
 *
 * Convention (TA-Lib `SMA`, TTR `SMA`): the first value is produced by the `period`-th update (index
 * `period - 1`). O(1) per update with a ring buffer and a running sum of values centred on a shift, recomputed exactly
 * (two-pass) every `max(1024, 8 * period)` updates, so it does not drift over millions of updates.
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
  private readonly buf: Float64Array;
  private readonly invPeriod: number;
  private readonly resyncEvery: number;
  private pos = 0;
  private count = 0;
  private shift = 0;
  private sum = 0;
  private sinceSync = 0;
  /** NaN until ready: a double-only field, so stores never allocate. */
  private current = Number.NaN;

  constructor(period: number) {
    checkPeriod('SMA', 'period', period);
    this.period = period;
    this.buf = new Float64Array(period);
    this.invPeriod = 1 / period;
    this.resyncEvery = Math.max(1024, 8 * period);
  }

  /** Adds a value; returns the average, or `undefined` during the first `period - 1` updates. */
  update(value: number): number | undefined {
    if (this.count !== this.period) return this.warmUp(value);
    // Steady state: replace the oldest value; the sum is over values centred on `shift`. (The warm-up is a
    // separate method so that this path is small enough for the compiler to inline into a strategy's bar code.)
    const buf = this.buf;
    let pos = this.pos;
    const old = buf[pos]!;
    buf[pos] = value;
    this.sum += value - old;
    if (++pos === this.period) pos = 0;
    this.pos = pos;
    if (++this.sinceSync === this.resyncEvery) this.resync();
    return (this.current = this.shift + this.sum * this.invPeriod);
  }

  /** The first `period` updates: fill the window, centred on the first value. */
  private warmUp(value: number): number | undefined {
    const buf = this.buf;
    let pos = this.pos;
    if (this.count === 0) this.shift = value;
    buf[pos] = value;
    this.sum += value - this.shift;
    if (++pos === this.period) pos = 0;
    this.pos = pos;
    if (++this.count < this.period) return undefined;
    return (this.current = this.shift + this.sum * this.invPeriod);
  }

  /**
   * Exact recomputation (two-pass, re-centred on the window mean) so rounding never accumulates: O(period) once
   * per `max(1024, 8 * period)` updates.
   */
  private resync(): void {
    const buf = this.buf;
    const n = this.period;
    let m = 0;
    for (let i = 0; i < n; i++) m += buf[i]!;
    m /= n;
    let s = 0;
    for (let i = 0; i < n; i++) s += buf[i]! - m;
    this.shift = m;
    this.sum = s;
    this.sinceSync = 0;
  }

  /** Latest average, `undefined` while warming up. */
  get value(): number | undefined {
    return this.current === this.current ? this.current : undefined;
  }

  /** True once `period` values were seen. */
  get isReady(): boolean {
    return this.current === this.current;
  }

  /** Forgets all values. */
  reset(): void {
    this.pos = this.count = this.sinceSync = 0;
    this.shift = this.sum = 0;
    this.current = Number.NaN;
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
