import { checkPeriod, nanArray } from './internal/validate.js';

/**
 * Relative Strength Index (Wilder), streaming, in [0, 100].
 *
 * Convention (TA-Lib `RSI`, TTR `RSI(maType = "WMA" Wilder)`): changes `x[t] - x[t-1]`; the average gain and loss
 * are seeded with the simple mean of the first `period` changes, then smoothed with Wilder's
 * `avg = (avg * (period - 1) + current) / period`. The first value is at index `period` (the `period + 1`-th
 * update). `RSI = 100 * avgGain / (avgGain + avgLoss)`; when both averages are 0 (a flat window) it is 0, as in
 * TA-Lib. O(1) per update.
 *
 * @example
 * ```ts
 * const r = new RSI(14);
 * for (const c of closes) r.update(c);
 * ```
 * @throws BotError `INVALID_ARGUMENT` when `period` is not an integer >= 1.
 */
export class RSI {
  readonly period: number;
  private seen = 0;
  private prev = Number.NaN;
  private gain = 0;
  private loss = 0;
  /** NaN until ready: a double-only field, so stores never allocate. */
  private current = Number.NaN;

  constructor(period: number) {
    checkPeriod('RSI', 'period', period);
    this.period = period;
  }

  /** Adds a value; returns the RSI, or `undefined` during the first `period` updates. */
  update(value: number): number | undefined {
    const n = this.period;
    const seen = this.seen++;
    const prev = this.prev;
    this.prev = value;
    if (seen === 0) return undefined;
    const change = value - prev;
    const g = change > 0 ? change : 0;
    const l = change < 0 ? -change : 0;
    if (seen < n) {
      this.gain += g;
      this.loss += l;
      return undefined;
    }
    if (seen === n) {
      this.gain = (this.gain + g) / n;
      this.loss = (this.loss + l) / n;
    } else {
      this.gain = (this.gain * (n - 1) + g) / n;
      this.loss = (this.loss * (n - 1) + l) / n;
    }
    const total = this.gain + this.loss;
    return (this.current = total === 0 ? 0 : (100 * this.gain) / total);
  }

  get value(): number | undefined {
    return this.current === this.current ? this.current : undefined;
  }

  get isReady(): boolean {
    return this.current === this.current;
  }

  reset(): void {
    this.seen = 0;
    this.prev = Number.NaN;
    this.gain = this.loss = 0;
    this.current = Number.NaN;
  }
}

/**
 * RSI over an array (TA-Lib `RSI`, Wilder smoothing, SMA seed): `NaN` at indices `< period`.
 *
 * @example `rsi(closes, 14)[14]` is the first value.
 * @throws BotError `INVALID_ARGUMENT` when `period` is not an integer >= 1.
 */
export function rsi(values: ArrayLike<number>, period: number): Float64Array {
  const ind = new RSI(period);
  const out = nanArray(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = ind.update(values[i]!);
    if (v !== undefined) out[i] = v;
  }
  return out;
}
