import { RollingMoments } from './internal/rollingMoments.js';
import { checkPeriod, nanArray } from './internal/validate.js';

/** Options of {@link RollingStdDev} and {@link ZScore}. */
export interface StdDevOptions {
  /** Divide by `period - 1` (sample) instead of `period` (population, the default as TA-Lib `STDDEV`). */
  readonly sample?: boolean;
}

/**
 * Rolling standard deviation, streaming: population by default (TA-Lib `STDDEV` with nbDev 1), sample with
 * `{ sample: true }` (TTR `runSD`, R `sd`). First value at index `period - 1` (`period >= 2` for sample). Stable
 * over millions of updates (shifted, compensated, periodically recomputed moments). O(1).
 *
 * @example `new RollingStdDev(20, { sample: true })`
 * @throws BotError `INVALID_ARGUMENT` when `period` is not an integer >= 1 (>= 2 for sample).
 */
export class RollingStdDev {
  readonly period: number;
  readonly sample: boolean;
  private readonly m: RollingMoments;
  /** NaN until ready: a double-only field, so stores never allocate. */
  private current = Number.NaN;

  constructor(period: number, options: StdDevOptions = {}) {
    this.sample = options.sample ?? false;
    checkPeriod('RollingStdDev', 'period', period, this.sample ? 2 : 1);
    this.period = period;
    this.m = new RollingMoments(period);
  }

  update(value: number): number | undefined {
    this.m.push(value);
    if (this.m.count < this.period) return undefined;
    const v = this.m.variance();
    return (this.current = Math.sqrt(this.sample ? (v * this.period) / (this.period - 1) : v));
  }

  /** Mean of the current window (NaN while warming up). */
  get mean(): number {
    return this.m.count === 0 ? Number.NaN : this.m.mean();
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
 * Rolling standard deviation over an array (population unless `sample`): `NaN` at indices `< period - 1`.
 * @example `rollingStdDev(returns, 20)`
 * @throws BotError `INVALID_ARGUMENT` on a bad period.
 */
export function rollingStdDev(values: ArrayLike<number>, period: number, options: StdDevOptions = {}): Float64Array {
  const ind = new RollingStdDev(period, options);
  const out = nanArray(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = ind.update(values[i]!);
    if (v !== undefined) out[i] = v;
  }
  return out;
}

/**
 * Rolling z-score, streaming: `(x - mean) / sd` over the last `period` values including the current one
 * (population sd unless `sample`); 0 when the window is constant. First value at index `period - 1`. O(1).
 *
 * @example `new ZScore(50).update(spread)`
 * @throws BotError `INVALID_ARGUMENT` on a bad period.
 */
export class ZScore {
  private readonly sd: RollingStdDev;
  /** NaN until ready: a double-only field, so stores never allocate. */
  private current = Number.NaN;
  constructor(period: number, options: StdDevOptions = {}) {
    this.sd = new RollingStdDev(period, options);
  }
  update(value: number): number | undefined {
    const s = this.sd.update(value);
    if (s === undefined) return undefined;
    return (this.current = s > 0 ? (value - this.sd.mean) / s : 0);
  }
  get value(): number | undefined {
    return this.current === this.current ? this.current : undefined;
  }
  get isReady(): boolean {
    return this.current === this.current;
  }
  reset(): void {
    this.sd.reset();
    this.current = Number.NaN;
  }
}

/**
 * Rolling z-score over an array: `NaN` at indices `< period - 1`.
 * @example `zScore(spread, 50)`
 * @throws BotError `INVALID_ARGUMENT` on a bad period.
 */
export function zScore(values: ArrayLike<number>, period: number, options: StdDevOptions = {}): Float64Array {
  const ind = new ZScore(period, options);
  const out = nanArray(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = ind.update(values[i]!);
    if (v !== undefined) out[i] = v;
  }
  return out;
}
