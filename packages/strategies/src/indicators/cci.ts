import { RollingMoments } from './internal/rollingMoments.js';
import { checkPeriod, checkSameLength, nanArray } from './internal/validate.js';

/**
 * Commodity Channel Index, streaming: `(TP - SMA(TP)) / (0.015 * meanDeviation)` with typical price
 * `TP = (high + low + close) / 3` and the mean absolute deviation of TP around its SMA over the window.
 *
 * Convention (TA-Lib `CCI`, TTR `CCI`): first value at index `period - 1`; 0 when the mean deviation is 0.
 * Cost: the mean deviation around a moving mean has no O(1) update, so this is O(period) per update (the SMA part is
 * O(1)); memory O(period).
 *
 * @example `new CCI(20).update(h, l, c)`
 * @throws BotError `INVALID_ARGUMENT` when `period` is not an integer >= 1.
 */
export class CCI {
  readonly period: number;
  private readonly m: RollingMoments;
  /** NaN until ready: a double-only field, so stores never allocate. */
  private current = Number.NaN;
  constructor(period = 20) {
    checkPeriod('CCI', 'period', period);
    this.period = period;
    this.m = new RollingMoments(period);
  }
  update(high: number, low: number, close: number): number | undefined {
    const tp = (high + low + close) / 3;
    this.m.push(tp);
    const n = this.period;
    if (this.m.count < n) return undefined;
    const mean = this.m.mean();
    let dev = 0;
    for (let i = 0; i < n; i++) dev += Math.abs(this.m.at(i) - mean);
    dev /= n;
    return (this.current = dev > 0 ? (tp - mean) / (0.015 * dev) : 0);
  }
  get value(): number | undefined {
    return this.current === this.current ? this.current : undefined;
  }
  get isReady(): boolean {
    return this.current === this.current;
  }
  reset(): void {
    this.m.reset();
    this.current = Number.NaN;
  }
}

/**
 * CCI over arrays (TA-Lib `CCI`): `NaN` at indices `< period - 1`.
 * @example `cci(high, low, close, 20)`
 * @throws BotError `INVALID_ARGUMENT` on a bad period or arrays of different lengths.
 */
export function cci(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>, period: number): Float64Array {
  const n = checkSameLength('cci', high, low, close);
  const ind = new CCI(period);
  const out = nanArray(n);
  for (let i = 0; i < n; i++) {
    const v = ind.update(high[i]!, low[i]!, close[i]!);
    if (v !== undefined) out[i] = v;
  }
  return out;
}
