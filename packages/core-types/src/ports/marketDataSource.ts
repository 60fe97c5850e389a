import type { BarSeries, MarketEvent } from '../marketEvents.js';
import type { Subscribable } from '../subscribable.js';

/**
 * Port: where market events come from. Historical files, exchange history, live websockets and replay feeds all
 * implement it; the kernel does not know which it has.
 */
export interface MarketDataSource {
  /** For logs and the audit trail (`file:ORCL_1d.csv`, `ccxt:binance`). */
  readonly name: string;
  /** All events in time order. Historical sources complete at the end; live ones run until unsubscribed. */
  events(): Subscribable<MarketEvent>;
  /** Synchronous in-order iteration, offered by historical sources (fast path for backtests). */
  replay?(): Iterable<MarketEvent>;
  /** Columnar bar series, offered by bar files (fastest path for backtests). */
  barSeries?(): readonly BarSeries[];
}
