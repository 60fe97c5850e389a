import { EMA } from './ema.js';
import { nanArray } from './internal/validate.js';

/**
 * Triple exponential moving average `3 * e1 - 3 * e2 + e3` with `e2 = EMA(e1)`, `e3 = EMA(e2)`, streaming.
 *
 * Convention (TA-Lib `TEMA`): SMA-seeded EMAs chained on each other's first values; first value at index
 * `3 * (period - 1)`. O(1) per update.
 *
 * @example `new TEMA(10)`
 * @throws BotError `INVALID_ARGUMENT` when `period` is not an integer >= 1.
 */
export class TEMA {
  readonly period: number;
  private readonly e1: EMA;
  private readonly e2: EMA;
  private readonly e3: EMA;
  private current: number | undefined = undefined;

  constructor(period: number) {
    this.e1 = new EMA(period);
    this.e2 = new EMA(period);
    this.e3 = new EMA(period);
    this.period = period;
  }

  update(value: number): number | undefined {
    const a = this.e1.update(value);
    if (a === undefined) return undefined;
    const b = this.e2.update(a);
    if (b === undefined) return undefined;
    const c = this.e3.update(b);
    if (c === undefined) return undefined;
    return (this.current = 3 * a - 3 * b + c);
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
    this.e3.reset();
    this.current = undefined;
  }
}

/**
 * TEMA over an array (TA-Lib `TEMA`): `NaN` at indices `< 3 * (period - 1)`.
 *
 * @example `tema(closes, 10)`
 * @throws BotError `INVALID_ARGUMENT` when `period` is not an integer >= 1.
 */
export function tema(values: ArrayLike<number>, period: number): Float64Array {
  const ind = new TEMA(period);
  const out = nanArray(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = ind.update(values[i]!);
    if (v !== undefined) out[i] = v;
  }
  return out;
}
