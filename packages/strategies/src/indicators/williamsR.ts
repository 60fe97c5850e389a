import { RollingExtremum } from './internal/rollingExtremum.js';
import { checkPeriod, checkSameLength, nanArray } from './internal/validate.js';

/**
 * Williams %R, streaming, in [-100, 0]: `-100 * (HH - close) / (HH - LL)` over the last `period` bars.
 *
 * Convention (TA-Lib `WILLR`): first value at index `period - 1`; 0 when `HH = LL`. Amortised O(1).
 *
 * @example `new WilliamsR(14).update(h, l, c)`
 * @throws BotError `INVALID_ARGUMENT` when `period` is not an integer >= 1.
 */
export class WilliamsR {
  readonly period: number;
  private readonly hh: RollingExtremum;
  private readonly ll: RollingExtremum;
  /** NaN until ready: a double-only field, so stores never allocate. */
  private current = Number.NaN;
  constructor(period = 14) {
    checkPeriod('WilliamsR', 'period', period);
    this.period = period;
    this.hh = new RollingExtremum(period, true);
    this.ll = new RollingExtremum(period, false);
  }
  update(high: number, low: number, close: number): number | undefined {
    const hh = this.hh.push(high);
    const ll = this.ll.push(low);
    if (this.hh.seen < this.period) return undefined;
    const range = hh - ll;
    return (this.current = range > 0 ? (-100 * (hh - close)) / range : 0);
  }
  get value(): number | undefined {
    return this.current === this.current ? this.current : undefined;
  }
  get isReady(): boolean {
    return this.current === this.current;
  }
  reset(): void {
    this.hh.reset();
    this.ll.reset();
    this.current = Number.NaN;
  }
}

/**
 * Williams %R over arrays (TA-Lib `WILLR`): `NaN` at indices `< period - 1`.
 * @example `williamsR(high, low, close, 14)`
 * @throws BotError `INVALID_ARGUMENT` on a bad period or arrays of different lengths.
 */
export function williamsR(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>, period: number): Float64Array {
  const n = checkSameLength('williamsR', high, low, close);
  const ind = new WilliamsR(period);
  const out = nanArray(n);
  for (let i = 0; i < n; i++) {
    const v = ind.update(high[i]!, low[i]!, close[i]!);
    if (v !== undefined) out[i] = v;
  }
  return out;
}
