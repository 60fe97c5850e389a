import type { Bar, Clock, MarketDataSource, MarketEvent, Timeframe } from '@bot/core-types';
import { type LiveStatus, watchBars } from '@bot/market-data';
import type { Exchange } from 'ccxt';
import type { Observable } from 'rxjs';
import { merge } from 'rxjs/internal/observable/merge';
import { tap } from 'rxjs/internal/operators/tap';

/** Options of {@link CcxtBarFeed}. */
export interface CcxtBarFeedOptions {
  /** A ccxt pro exchange (market data only: no credentials needed). */
  readonly exchange: Exchange;
  /** Unified symbols (`BTC/USDT`). */
  readonly symbols: readonly string[];
  readonly timeframe: Timeframe;
  /** The engine's clock (SystemClock in live and paper-live): staleness and reconnect backoff run on it. */
  readonly clock: Clock;
  /** The feed is stale when no closed bar arrived for this long (ms) since the last bar or the subscription. */
  readonly staleAfterMs: number;
  /** Shown in logs, the dashboard and the audit trail (default `ccxt:<exchange>:<timeframe>`). */
  readonly name?: string;
  /** Connection status changes of each symbol's stream (connected, reconnecting with the error, resync). */
  readonly onStatus?: (symbol: string, status: LiveStatus) => void;
}

/** Health of a {@link CcxtBarFeed} at a given time. */
export interface CcxtBarFeedHealth {
  /** True when no bar arrived for more than `staleAfterMs`. */
  readonly stale: boolean;
  /** Clock time (ms) the last closed bar arrived, or the subscription time before the first bar. */
  readonly lastArrival: number;
  /** Streams that are currently reconnecting. */
  readonly reconnecting: readonly string[];
}

/**
 * The live bar feed: merges market-data's `watchBars` (closed bars only, backfilled over REST after a reconnect, each
 * bar once) of every symbol into one stream of market events for the kernel, and tracks staleness on the engine's
 * clock (no timers: {@link CcxtBarFeed.health} compares the clock with the last arrival).
 *
 * @example
 * ```ts
 * const feed = new CcxtBarFeed({ exchange: createExchange('binance', { pro: true }), symbols: ['BTC/USDT'],
 *   timeframe: '1m', clock: new SystemClock(), staleAfterMs: 90_000 });
 * feed.events().subscribe((bar) => kernel.onMarketEvent(bar));
 * feed.health().stale; // false while bars keep arriving
 * ```
 */
export class CcxtBarFeed implements MarketDataSource {
  readonly name: string;
  private lastArrival: number;
  private readonly reconnecting = new Set<string>();

  constructor(private readonly options: CcxtBarFeedOptions) {
    this.name = options.name ?? `ccxt:${options.exchange.id}:${options.timeframe}`;
    this.lastArrival = options.clock.now();
  }

  /** Closed bars of every symbol, in arrival order. Unsubscribing unwatches the channels. */
  events(): Observable<MarketEvent> {
    const { exchange, clock, timeframe } = this.options;
    this.lastArrival = clock.now();
    const streams = this.options.symbols.map((symbol) =>
      watchBars(exchange, {
        symbol,
        timeframe,
        clock,
        onStatus: (status) => {
          if (status.kind === 'reconnecting') this.reconnecting.add(symbol);
          else this.reconnecting.delete(symbol);
          this.options.onStatus?.(symbol, status);
        },
      }),
    );
    return merge(...streams).pipe(
      tap((_bar: Bar) => {
        this.lastArrival = clock.now();
      }),
    );
  }

  /** Staleness against `staleAfterMs` at the clock's current time. */
  health(): CcxtBarFeedHealth {
    const stale = this.options.clock.now() - this.lastArrival > this.options.staleAfterMs;
    return { stale, lastArrival: this.lastArrival, reconnecting: [...this.reconnecting] };
  }
}
