import type { Signal } from '@bot/core-types';
import { ColumnLog } from './columnLog.js';
import { objectArray } from './elementsKind.js';

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
 * wrapper object per signal. Keeps only the newest `limit` entries ({@link ColumnLog}).
 *
 * @example
 * ```ts
 * const log = new SignalLog();
 * log.push(time, 'sma-cross', { symbol: 'BTC/USD', strength: 1 });
 * log.view()[0]!.signal.strength; // 1
 * ```
 */
export class SignalLog extends ColumnLog<SignalRecord> {
  private readonly strategyIds: string[] = objectArray<string>();
  private readonly signals: Signal[] = objectArray<Signal>();

  /** @throws ValidationError when `limit` is not a positive integer or `Infinity`. */
  constructor(limit: number = Number.POSITIVE_INFINITY) {
    super(limit);
  }

  push(time: number, strategyId: string, signal: Signal): void {
    this.times.push(time);
    this.strategyIds.push(strategyId);
    this.signals.push(signal);
    this.pushed();
  }

  protected columns(): readonly unknown[][] {
    return [this.strategyIds, this.signals];
  }

  protected record(i: number): SignalRecord {
    return { time: this.times[i]!, strategyId: this.strategyIds[i]!, signal: this.signals[i]! };
  }
}
