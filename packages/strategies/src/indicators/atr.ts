import { checkPeriod, checkSameLength, nanArray } from './internal/validate.js';

/**
 * Average True Range (Wilder), streaming.
 *
 * Convention (TA-Lib `ATR`, TTR `ATR` with Wilder's smoothing): the true range is undefined on bar 0; the ATR is
 * seeded with the simple mean of the first `period` true ranges (bars `1..period`), so the first value is at index
 * `period`; afterwards `atr = (atr * (period - 1) + tr) / period`. O(1) per update.
 *
 * @example
 * ```ts
 * const a = new ATR(14);
 * for (const b of bars) a.update(b.high, b.low, b.close);
 * ```
 * @throws BotError `INVALID_ARGUMENT` when `period` is not an integer >= 1.
 */
export class ATR {
  readonly period: number;
  private seen = 0;
  private prevClose = Number.NaN;
  private acc = 0;
  /** NaN until ready: a double-only field, so stores never allocate. */
  private current = Number.NaN;

  constructor(period: number) {
    checkPeriod('ATR', 'period', period);
    this.period = period;
  }

  /** Adds a bar; returns the ATR, or `undefined` during the first `period` bars. */
  update(high: number, low: number, close: number): number | undefined {
    const n = this.period;
    const pc = this.prevClose;
    this.prevClose = close;
    const seen = this.seen++;
    if (seen === 0) return undefined;
    const hi = high > pc ? high : pc;
    const lo = low < pc ? low : pc;
    const tr = hi - lo;
    if (seen < n) {
      this.acc += tr;
      return undefined;
    }
    if (seen === n) this.acc = (this.acc + tr) / n;
    else this.acc = (this.acc * (n - 1) + tr) / n;
    return (this.current = this.acc);
  }

  get value(): number | undefined {
    return this.current === this.current ? this.current : undefined;
  }

  get isReady(): boolean {
    return this.current === this.current;
  }

  reset(): void {
    this.seen = 0;
    this.prevClose = Number.NaN;
    this.acc = 0;
    this.current = Number.NaN;
  }
}

/**
 * ATR over arrays (TA-Lib `ATR`): `NaN` at indices `< period`.
 *
 * @example `atr(high, low, close, 14)[14]` is the first value.
 * @throws BotError `INVALID_ARGUMENT` on a bad period or arrays of different lengths.
 */
export function atr(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>, period: number): Float64Array {
  const n = checkSameLength('atr', high, low, close);
  const ind = new ATR(period);
  const out = nanArray(n);
  for (let i = 0; i < n; i++) {
    const v = ind.update(high[i]!, low[i]!, close[i]!);
    if (v !== undefined) out[i] = v;
  }
  return out;
}
