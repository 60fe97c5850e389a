import { checkPeriod, nanArray } from './internal/validate.js';

/** Shared ring of the last `period` inputs (value `period` updates back). */
class Lagged {
  private readonly buf: Float64Array;
  private pos = 0;
  seen = 0;
  constructor(readonly period: number) {
    this.buf = new Float64Array(period);
  }
  /** Stores `x`, returns the value `period` updates back (NaN while fewer were seen). */
  push(x: number): number {
    const old = this.seen >= this.period ? this.buf[this.pos]! : Number.NaN;
    this.buf[this.pos] = x;
    this.pos = this.pos + 1 === this.period ? 0 : this.pos + 1;
    this.seen++;
    return old;
  }
  reset(): void {
    this.pos = 0;
    this.seen = 0;
  }
}

/**
 * Rate of change in percent, streaming: `100 * (x[t] / x[t - period] - 1)`.
 *
 * Convention (TA-Lib `ROC`, TTR `ROC(type = "discrete") * 100`): first value at index `period`. O(1).
 *
 * @example `roc([1, 2, 3], 1)` -> `[NaN, 100, 50]`
 * @throws BotError `INVALID_ARGUMENT` when `period` is not an integer >= 1.
 */
export class ROC {
  readonly period: number;
  private readonly lag: Lagged;
  /** NaN until ready: a double-only field, so stores never allocate. */
  private current = Number.NaN;
  constructor(period = 10) {
    checkPeriod('ROC', 'period', period);
    this.period = period;
    this.lag = new Lagged(period);
  }
  update(value: number): number | undefined {
    const old = this.lag.push(value);
    if (old !== old) return undefined;
    return (this.current = old === 0 ? 0 : 100 * (value / old - 1));
  }
  get value(): number | undefined {
    return this.current === this.current ? this.current : undefined;
  }
  get isReady(): boolean {
    return this.current === this.current;
  }
  reset(): void {
    this.lag.reset();
    this.current = Number.NaN;
  }
}

/**
 * Momentum, streaming: `x[t] - x[t - period]` (TA-Lib `MOM`); first value at index `period`. O(1).
 *
 * @example `momentum([1, 2, 4], 1)` -> `[NaN, 1, 2]`
 * @throws BotError `INVALID_ARGUMENT` when `period` is not an integer >= 1.
 */
export class Momentum {
  readonly period: number;
  private readonly lag: Lagged;
  /** NaN until ready: a double-only field, so stores never allocate. */
  private current = Number.NaN;
  constructor(period = 10) {
    checkPeriod('Momentum', 'period', period);
    this.period = period;
    this.lag = new Lagged(period);
  }
  update(value: number): number | undefined {
    const old = this.lag.push(value);
    if (old !== old) return undefined;
    return (this.current = value - old);
  }
  get value(): number | undefined {
    return this.current === this.current ? this.current : undefined;
  }
  get isReady(): boolean {
    return this.current === this.current;
  }
  reset(): void {
    this.lag.reset();
    this.current = Number.NaN;
  }
}

/**
 * ROC in percent over an array (TA-Lib `ROC`): `NaN` at indices `< period`.
 * @example `roc(closes, 10)`
 * @throws BotError `INVALID_ARGUMENT` on a bad period.
 */
export function roc(values: ArrayLike<number>, period: number): Float64Array {
  const ind = new ROC(period);
  const out = nanArray(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = ind.update(values[i]!);
    if (v !== undefined) out[i] = v;
  }
  return out;
}

/**
 * Momentum over an array (TA-Lib `MOM`): `NaN` at indices `< period`.
 * @example `momentum(closes, 10)`
 * @throws BotError `INVALID_ARGUMENT` on a bad period.
 */
export function momentum(values: ArrayLike<number>, period: number): Float64Array {
  const ind = new Momentum(period);
  const out = nanArray(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = ind.update(values[i]!);
    if (v !== undefined) out[i] = v;
  }
  return out;
}
