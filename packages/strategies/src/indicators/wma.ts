import { checkPeriod, nanArray } from './internal/validate.js';

/**
 * Linearly weighted moving average, streaming: weights `1..period`, the newest value weighted `period`,
 * divided by `period * (period + 1) / 2`.
 *
 * Convention (TA-Lib `WMA`, TTR `WMA`): first value at index `period - 1`. O(1) per update: the weighted sum is
 * updated as `W' = W + period * x - S` (S the plain window sum), on values centred on a shift, with periodic exact
 * recomputation from the ring buffer so it does not drift.
 *
 * @example `new WMA(2)`: updates 1, 2 -> `(1*1 + 2*2) / 3 = 5/3`
 * @throws BotError `INVALID_ARGUMENT` when `period` is not an integer >= 1.
 */
export class WMA {
  readonly period: number;
  private readonly buf: Float64Array;
  private readonly denom: number;
  private readonly resyncEvery: number;
  private pos = 0;
  private count = 0;
  private shift = 0;
  private sum = 0;
  private wsum = 0;
  private sinceSync = 0;
  /** NaN until ready: a double-only field, so stores never allocate. */
  private current = Number.NaN;

  constructor(period: number) {
    checkPeriod('WMA', 'period', period);
    this.period = period;
    this.buf = new Float64Array(period);
    this.denom = (period * (period + 1)) / 2;
    this.resyncEvery = Math.max(1024, 8 * period);
  }

  /** Adds a value; returns the WMA, or `undefined` during the first `period - 1` updates. */
  update(value: number): number | undefined {
    const p = this.period;
    if (this.count === 0) this.shift = value;
    const d = value - this.shift;
    if (this.count < p) {
      this.count++;
      this.wsum += this.count * d;
      this.sum += d;
      this.buf[this.pos] = value;
      this.pos = this.pos + 1 === p ? 0 : this.pos + 1;
      if (this.count < p) return undefined;
    } else {
      const od = this.buf[this.pos]! - this.shift;
      this.wsum += p * d - this.sum;
      this.sum += d - od;
      this.buf[this.pos] = value;
      this.pos = this.pos + 1 === p ? 0 : this.pos + 1;
      if (++this.sinceSync >= this.resyncEvery) this.resync();
    }
    return (this.current = this.shift + this.wsum / this.denom);
  }

  private resync(): void {
    const p = this.period;
    let s = 0;
    let w = 0;
    // Oldest value sits at `pos` (weight 1), newest at `pos - 1` (weight p).
    for (let k = 0; k < p; k++) {
      let i = this.pos + k;
      if (i >= p) i -= p;
      const d = this.buf[i]! - this.shift;
      s += d;
      w += (k + 1) * d;
    }
    this.sum = s;
    this.wsum = w;
    this.sinceSync = 0;
  }

  get value(): number | undefined {
    return this.current === this.current ? this.current : undefined;
  }

  get isReady(): boolean {
    return this.current === this.current;
  }

  reset(): void {
    this.pos = this.count = this.sinceSync = 0;
    this.shift = this.sum = this.wsum = 0;
    this.current = Number.NaN;
  }
}

/**
 * Weighted moving average over an array (TA-Lib `WMA`): `NaN` at indices `< period - 1`.
 *
 * @example `wma([1, 2, 3], 2)` -> `[NaN, 5/3, 8/3]`
 * @throws BotError `INVALID_ARGUMENT` when `period` is not an integer >= 1.
 */
export function wma(values: ArrayLike<number>, period: number): Float64Array {
  const ind = new WMA(period);
  const out = nanArray(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = ind.update(values[i]!);
    if (v !== undefined) out[i] = v;
  }
  return out;
}
