import { EMA } from './ema.js';
import { nanArray } from './internal/validate.js';

/**
 * Double exponential moving average `2 * EMA(x) - EMA(EMA(x))` (Mulloy), streaming.
 *
 * Convention (TA-Lib `DEMA`): both EMAs SMA-seeded; the inner EMA starts on the outer's first value, so the first
 * DEMA is at index `2 * (period - 1)`. O(1) per update.
 *
 * @example `new DEMA(10)`
 * @throws BotError `INVALID_ARGUMENT` when `period` is not an integer >= 1.
 */
export class DEMA {
  readonly period: number;
  private readonly e1: EMA;
  private readonly e2: EMA;
  private current: number | undefined = undefined;

  constructor(period: number) {
    this.e1 = new EMA(period);
    this.e2 = new EMA(period);
    this.period = period;
  }

  update(value: number): number | undefined {
    const a = this.e1.update(value);
    if (a === undefined) return undefined;
    const b = this.e2.update(a);
    if (b === undefined) return undefined;
    return (this.current = 2 * a - b);
  }

  get value(): number | undefined {
    return this.current;
  }

  get isReady(): boolean {
    return this.current !== undefined;
  }

  reset(): void {
    this.e1.reset();
    this.e2.reset();
    this.current = undefined;
  }
}

/**
 * DEMA over an array (TA-Lib `DEMA`): `NaN` at indices `< 2 * (period - 1)`.
 *
 * @example `dema(closes, 10)`
 * @throws BotError `INVALID_ARGUMENT` when `period` is not an integer >= 1.
 */
export function dema(values: ArrayLike<number>, period: number): Float64Array {
  const ind = new DEMA(period);
  const out = nanArray(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = ind.update(values[i]!);
    if (v !== undefined) out[i] = v;
  }
  return out;
}
