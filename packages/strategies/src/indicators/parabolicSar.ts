import { checkNumber, checkSameLength, nanArray } from './internal/validate.js';

/**
 * Parabolic SAR (Wilder), streaming, acceleration step 0.02 up to 0.2 by default.
 *
 * Convention (TA-Lib `SAR`): the initial direction is short when bar 1 has a positive -DM versus bar 0, else long;
 * a long starts with SAR = low[0] and extreme point high[1] (a short with high[0] / low[1]). The first value is at
 * index 1. On each bar the SAR is reported, then advanced by `af × (EP - SAR)` and clamped to not exceed the
 * previous two bars' lows (long) / highs (short); a touch reverses the position with SAR = the old EP. O(1).
 *
 * @example `const s = new ParabolicSAR(); s.update(h, l); s.isLong;`
 * @throws BotError `INVALID_ARGUMENT` when the acceleration parameters are not finite and > 0.
 */
export class ParabolicSAR {
  readonly acceleration: number;
  readonly maximum: number;
  private seen = 0;
  private h0 = 0;
  private l0 = 0;
  private prevHigh = 0;
  private prevLow = 0;
  private af = 0;
  private ep = 0;
  private sar = 0;
  /** True while the SAR is below price (long). */
  isLong = true;
  /** NaN until ready: a double-only field, so stores never allocate. */
  private current = Number.NaN;

  constructor(acceleration = 0.02, maximum = 0.2) {
    checkNumber('ParabolicSAR', 'acceleration', acceleration, true);
    checkNumber('ParabolicSAR', 'maximum', maximum, true);
    this.acceleration = acceleration;
    this.maximum = Math.max(acceleration, maximum);
  }

  update(high: number, low: number): number | undefined {
    const seen = this.seen++;
    if (seen === 0) {
      this.h0 = high;
      this.l0 = low;
      return undefined;
    }
    let prevHigh: number;
    let prevLow: number;
    if (seen === 1) {
      const up = high - this.h0;
      const down = this.l0 - low;
      this.isLong = !(down > 0 && down > up);
      this.af = this.acceleration;
      if (this.isLong) {
        this.ep = high;
        this.sar = this.l0;
      } else {
        this.ep = low;
        this.sar = this.h0;
      }
      prevHigh = high;
      prevLow = low;
    } else {
      prevHigh = this.prevHigh;
      prevLow = this.prevLow;
    }
    this.prevHigh = high;
    this.prevLow = low;
    let out: number;
    let sar = this.sar;
    if (this.isLong) {
      if (low <= sar) {
        this.isLong = false;
        sar = this.ep;
        if (sar < prevHigh) sar = prevHigh;
        if (sar < high) sar = high;
        out = sar;
        this.af = this.acceleration;
        this.ep = low;
        sar += this.af * (this.ep - sar);
        if (sar < prevHigh) sar = prevHigh;
        if (sar < high) sar = high;
      } else {
        out = sar;
        if (high > this.ep) {
          this.ep = high;
          this.af = Math.min(this.af + this.acceleration, this.maximum);
        }
        sar += this.af * (this.ep - sar);
        if (sar > prevLow) sar = prevLow;
        if (sar > low) sar = low;
      }
    } else if (high >= sar) {
      this.isLong = true;
      sar = this.ep;
      if (sar > prevLow) sar = prevLow;
      if (sar > low) sar = low;
      out = sar;
      this.af = this.acceleration;
      this.ep = high;
      sar += this.af * (this.ep - sar);
      if (sar > prevLow) sar = prevLow;
      if (sar > low) sar = low;
    } else {
      out = sar;
      if (low < this.ep) {
        this.ep = low;
        this.af = Math.min(this.af + this.acceleration, this.maximum);
      }
      sar += this.af * (this.ep - sar);
      if (sar < prevHigh) sar = prevHigh;
      if (sar < high) sar = high;
    }
    this.sar = sar;
    return (this.current = out);
  }

  get value(): number | undefined {
    return this.current === this.current ? this.current : undefined;
  }
  get isReady(): boolean {
    return this.current === this.current;
  }
  reset(): void {
    this.seen = 0;
    this.isLong = true;
    this.current = Number.NaN;
  }
}

/**
 * Parabolic SAR over arrays (TA-Lib `SAR`): `NaN` at index 0.
 * @example `parabolicSar(high, low, 0.02, 0.2)`
 * @throws BotError `INVALID_ARGUMENT` on bad parameters or arrays of different lengths.
 */
export function parabolicSar(high: ArrayLike<number>, low: ArrayLike<number>, acceleration = 0.02, maximum = 0.2): Float64Array {
  const n = checkSameLength('parabolicSar', high, low);
  const ind = new ParabolicSAR(acceleration, maximum);
  const out = nanArray(n);
  for (let i = 0; i < n; i++) {
    const v = ind.update(high[i]!, low[i]!);
    if (v !== undefined) out[i] = v;
  }
  return out;
}
