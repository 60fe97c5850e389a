import { checkSameLength } from './internal/validate.js';

/**
 * On-Balance Volume, streaming: adds the volume on an up close, subtracts it on a down close.
 *
 * Convention (TA-Lib `OBV`): the first value is the first bar's volume (defined from index 0). The running total
 * is Neumaier compensated so it does not drift over long series.
 *
 * @example `new OBV().update(close, volume)`
 */
export class OBV {
  private prev = Number.NaN;
  private sum = 0;
  private comp = 0;
  private ready = false;

  update(close: number, volume: number): number {
    let v: number;
    if (!this.ready) {
      v = volume;
      this.ready = true;
    } else v = close > this.prev ? volume : close < this.prev ? -volume : 0;
    this.prev = close;
    const t = this.sum + v;
    if (Math.abs(this.sum) >= Math.abs(v)) this.comp += this.sum - t + v;
    else this.comp += v - t + this.sum;
    this.sum = t;
    return this.sum + this.comp;
  }

  get value(): number | undefined {
    return this.ready ? this.sum + this.comp : undefined;
  }

  get isReady(): boolean {
    return this.ready;
  }

  reset(): void {
    this.prev = Number.NaN;
    this.sum = this.comp = 0;
    this.ready = false;
  }
}

/**
 * OBV over arrays (TA-Lib `OBV`): defined from index 0.
 * @example `obv([1, 2, 1], [10, 5, 3])` -> `[10, 15, 12]`
 * @throws BotError `INVALID_ARGUMENT` when the arrays differ in length.
 */
export function obv(close: ArrayLike<number>, volume: ArrayLike<number>): Float64Array {
  const n = checkSameLength('obv', close, volume);
  const ind = new OBV();
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = ind.update(close[i]!, volume[i]!);
  return out;
}
