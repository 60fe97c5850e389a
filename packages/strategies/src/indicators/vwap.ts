import { BotError } from '@bot/core-types';
import { checkPeriod, checkSameLength, nanArray } from './internal/validate.js';

const DAY_MS = 86_400_000;

/** How {@link SessionVWAP} splits time into sessions. */
export interface VwapSessionOptions {
  /** Session length in ms (default one UTC day, 86 400 000). */
  readonly sessionMs?: number;
  /** Session start offset from the UTC epoch grid in ms (e.g. `13.5 * 3600e3` for 13:30 UTC). Default 0. */
  readonly sessionOffsetMs?: number;
  /** Custom session key of a bar time (overrides `sessionMs`/`sessionOffsetMs`): a new key starts a new session. */
  readonly sessionOf?: (timeMs: number) => number;
}

/**
 * Session VWAP, streaming: `Σ(typical × volume) / Σ volume` since the session start, with typical price
 * `(high + low + close) / 3`, reset at each UTC day (default) or a custom session.
 *
 * Convention: as most charting platforms' session VWAP; `undefined` until the session has traded volume > 0.
 * Bars are attributed to a session by their `time` (use the bar open time). Sums are Neumaier compensated. O(1).
 *
 * @example `const v = new SessionVWAP(); v.update(bar.openTime, bar.high, bar.low, bar.close, bar.volume);`
 * @throws BotError `INVALID_ARGUMENT` when `sessionMs` is not > 0.
 */
export class SessionVWAP {
  private readonly sessionMs: number;
  private readonly offset: number;
  private readonly sessionOf: ((t: number) => number) | undefined;
  private session = Number.NaN;
  private pv = 0;
  private pvc = 0;
  private vol = 0;
  private volc = 0;
  /** NaN until ready: a double-only field, so stores never allocate. */
  private current = Number.NaN;

  constructor(options: VwapSessionOptions = {}) {
    this.sessionMs = options.sessionMs ?? DAY_MS;
    this.offset = options.sessionOffsetMs ?? 0;
    this.sessionOf = options.sessionOf;
    if (!(this.sessionMs > 0)) {
      throw new BotError('INVALID_ARGUMENT', `SessionVWAP: sessionMs must be > 0, got ${String(this.sessionMs)}`);
    }
  }

  update(timeMs: number, high: number, low: number, close: number, volume: number): number | undefined {
    const key = this.sessionOf ? this.sessionOf(timeMs) : Math.floor((timeMs - this.offset) / this.sessionMs);
    if (key !== this.session) {
      this.session = key;
      this.pv = this.pvc = this.vol = this.volc = 0;
      this.current = Number.NaN;
    }
    const tp = (high + low + close) / 3;
    const a = tp * volume;
    let t = this.pv + a;
    if (Math.abs(this.pv) >= Math.abs(a)) this.pvc += this.pv - t + a;
    else this.pvc += a - t + this.pv;
    this.pv = t;
    t = this.vol + volume;
    if (Math.abs(this.vol) >= Math.abs(volume)) this.volc += this.vol - t + volume;
    else this.volc += volume - t + this.vol;
    this.vol = t;
    const v = this.vol + this.volc;
    if (v > 0) this.current = (this.pv + this.pvc) / v;
    return this.current === this.current ? this.current : undefined;
  }

  get value(): number | undefined {
    return this.current === this.current ? this.current : undefined;
  }
  get isReady(): boolean {
    return this.current === this.current;
  }
  reset(): void {
    this.session = Number.NaN;
    this.pv = this.pvc = this.vol = this.volc = 0;
    this.current = Number.NaN;
  }
}

/**
 * Rolling VWAP over the last `period` bars, streaming: `Σ(typical × volume) / Σ volume` over the window, typical
 * price `(high + low + close) / 3`. First value at index `period - 1`; `undefined` when the window has no volume.
 * O(1) with ring buffers and periodic exact recomputation.
 *
 * @example `new RollingVWAP(20).update(h, l, c, v)`
 * @throws BotError `INVALID_ARGUMENT` when `period` is not an integer >= 1.
 */
export class RollingVWAP {
  readonly period: number;
  private readonly pvBuf: Float64Array;
  private readonly vBuf: Float64Array;
  private pos = 0;
  private count = 0;
  private pv = 0;
  private vol = 0;
  private sinceSync = 0;
  private readonly resyncEvery: number;
  /** NaN until ready: a double-only field, so stores never allocate. */
  private current = Number.NaN;

  constructor(period = 20) {
    checkPeriod('RollingVWAP', 'period', period);
    this.period = period;
    this.pvBuf = new Float64Array(period);
    this.vBuf = new Float64Array(period);
    this.resyncEvery = Math.max(1024, 8 * period);
  }

  update(high: number, low: number, close: number, volume: number): number | undefined {
    const pv = ((high + low + close) / 3) * volume;
    if (this.count < this.period) this.count++;
    else {
      this.pv -= this.pvBuf[this.pos]!;
      this.vol -= this.vBuf[this.pos]!;
    }
    this.pvBuf[this.pos] = pv;
    this.vBuf[this.pos] = volume;
    this.pv += pv;
    this.vol += volume;
    this.pos = this.pos + 1 === this.period ? 0 : this.pos + 1;
    if (++this.sinceSync >= this.resyncEvery) {
      let a = 0;
      let b = 0;
      for (let i = 0; i < this.count; i++) {
        a += this.pvBuf[i]!;
        b += this.vBuf[i]!;
      }
      this.pv = a;
      this.vol = b;
      this.sinceSync = 0;
    }
    if (this.count < this.period) return undefined;
    this.current = this.vol > 0 ? this.pv / this.vol : Number.NaN;
    return this.current === this.current ? this.current : undefined;
  }

  get value(): number | undefined {
    return this.current === this.current ? this.current : undefined;
  }
  get isReady(): boolean {
    return this.current === this.current;
  }
  reset(): void {
    this.pos = this.count = this.sinceSync = 0;
    this.pv = this.vol = 0;
    this.current = Number.NaN;
  }
}

/**
 * Session VWAP over arrays (see {@link SessionVWAP}); `time` are bar open times in epoch ms.
 * @example `vwap(time, high, low, close, volume)` resets every UTC day.
 * @throws BotError `INVALID_ARGUMENT` when the arrays differ in length.
 */
export function vwap(
  time: ArrayLike<number>,
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  volume: ArrayLike<number>,
  options: VwapSessionOptions = {},
): Float64Array {
  const n = checkSameLength('vwap', time, high, low, close, volume);
  const ind = new SessionVWAP(options);
  const out = nanArray(n);
  for (let i = 0; i < n; i++) {
    const v = ind.update(time[i]!, high[i]!, low[i]!, close[i]!, volume[i]!);
    if (v !== undefined) out[i] = v;
  }
  return out;
}

/**
 * Rolling-window VWAP over arrays (see {@link RollingVWAP}): `NaN` at indices `< period - 1`.
 * @example `rollingVwap(high, low, close, volume, 20)`
 * @throws BotError `INVALID_ARGUMENT` on a bad period or arrays of different lengths.
 */
export function rollingVwap(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  volume: ArrayLike<number>,
  period: number,
): Float64Array {
  const n = checkSameLength('rollingVwap', high, low, close, volume);
  const ind = new RollingVWAP(period);
  const out = nanArray(n);
  for (let i = 0; i < n; i++) {
    const v = ind.update(high[i]!, low[i]!, close[i]!, volume[i]!);
    if (v !== undefined) out[i] = v;
  }
  return out;
}
