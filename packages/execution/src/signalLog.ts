import type { Signal } from '@bot/core-types';
import { checkLimit } from './boundedLog.js';
import { numberArray, objectArray } from './elementsKind.js';

/** One signal a strategy emitted, as recorded by the kernel. */
export interface SignalRecord {
  /** Clock time of the emission, epoch ms. */
  readonly time: number;
  readonly strategyId: string;
  readonly signal: Signal;
}

/**
 * @internal The kernel's log of emitted signals, stored column-wise (time, strategy id, signal) and turned into
 * {@link SignalRecord} objects only when read ({@link SignalLog.view}, then cached), so a backtest keeps no
 * wrapper object per signal. Keeps only the newest `limit` entries, trimming like {@link BoundedLog}.
 *
 * @example
 * ```ts
 * const log = new SignalLog();
 * log.push(time, 'sma-cross', { symbol: 'BTC/USD', strength: 1 });
 * log.view()[0]!.signal.strength; // 1
 * ```
 */
export class SignalLog {
  private readonly times: number[] = numberArray();
  private readonly strategyIds: string[] = objectArray<string>();
  private readonly signals: Signal[] = objectArray<Signal>();
  /** Records materialised so far: `records[i]` is entry `i` of the columns. */
  private readonly records: SignalRecord[] = objectArray<SignalRecord>();
  private droppedCount = 0;
  private readonly trimAt: number;

  /** @throws ValidationError when `limit` is not a positive integer or `Infinity`. */
  constructor(readonly limit: number = Number.POSITIVE_INFINITY) {
    checkLimit('limit', limit, 1);
    this.trimAt = limit + Math.max(16, Math.ceil(limit / 4));
  }

  push(time: number, strategyId: string, signal: Signal): void {
    this.times.push(time);
    this.strategyIds.push(strategyId);
    this.signals.push(signal);
    if (this.times.length >= this.trimAt) this.trim();
  }

  /** The retained signals, oldest first (a cached array: do not mutate). */
  view(): readonly SignalRecord[] {
    if (this.times.length > this.limit) this.trim();
    const out = this.records;
    for (let i = out.length; i < this.times.length; i++) {
      out.push({ time: this.times[i]!, strategyId: this.strategyIds[i]!, signal: this.signals[i]! });
    }
    return out;
  }

  /** Entries ever pushed (retained + dropped). */
  get total(): number {
    return this.droppedCount + this.times.length;
  }

  private trim(): void {
    const extra = this.times.length - this.limit;
    if (extra <= 0) return;
    this.times.splice(0, extra);
    this.strategyIds.splice(0, extra);
    this.signals.splice(0, extra);
    this.records.splice(0, Math.min(extra, this.records.length));
    this.droppedCount += extra;
  }
}
