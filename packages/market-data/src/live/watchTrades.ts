import type { Trade } from '@bot/core-types';
import type { Exchange, Trade as CcxtTrade } from 'ccxt';
import type { Observable } from 'rxjs';
import { Observable as RxObservable } from 'rxjs/internal/Observable';
import { type LiveOptions, runLiveLoop } from './liveLoop.js';

/** How many recent trade ids are remembered for de-duplication. */
const RECENT_IDS = 10_000;

/** Maps a ccxt trade to a core-types {@link Trade}, or `undefined` when it is unusable (no time, price <= 0...). */
export function fromCcxtTrade(t: CcxtTrade, symbol: string): Trade | undefined {
  const { timestamp: time, price, amount } = t;
  if (typeof time !== 'number' || typeof price !== 'number' || !(price > 0) || typeof amount !== 'number' || !(amount > 0)) return undefined;
  return {
    type: 'trade',
    symbol,
    time,
    price,
    quantity: amount,
    aggressor: t.side === 'buy' ? 'buy' : t.side === 'sell' ? 'sell' : 'unknown',
    ...(t.id === undefined || t.id === null ? {} : { tradeId: String(t.id) }),
  };
}

/**
 * Public trades of a symbol from a ccxt pro exchange (`watchTrades`), one emission per trade, in arrival order,
 * de-duplicated by trade id (a bounded memory of recent ids), with reconnect and backoff like {@link watchBars}.
 * Trades printed while disconnected are not replayed (venues rarely allow it); use `fetchTradesHistory` to fill
 * such holes when they matter.
 *
 * @example
 * ```ts
 * watchTrades(ex, { symbol: 'BTC/USDT', clock }).pipe(tradesToBars({ symbol: 'BTC/USDT', timeframe: '1m' }))
 * ```
 */
export function watchTrades(exchange: Exchange, options: LiveOptions): Observable<Trade> {
  const symbol = options.symbol;
  return new RxObservable<Trade>((subscriber) => {
    // Bounded memory of recent trade ids: a Set plus a ring buffer for eviction (O(1) per trade).
    const recent = new Set<string>();
    const ring = new Array<string | undefined>(RECENT_IDS).fill(undefined);
    let head = 0;
    return runLiveLoop(
      exchange,
      options,
      subscriber,
      'watchTrades',
      async () => {
        const trades = await exchange.watchTrades(symbol);
        if (subscriber.closed) return;
        for (const raw of trades) {
          const t = fromCcxtTrade(raw, symbol);
          if (t === undefined) continue;
          if (t.tradeId !== undefined) {
            if (recent.has(t.tradeId)) continue;
            recent.add(t.tradeId);
            const evicted = ring[head];
            if (evicted !== undefined) recent.delete(evicted);
            ring[head] = t.tradeId;
            head = (head + 1) % RECENT_IDS;
          }
          subscriber.next(t);
        }
      },
      { release: () => exchange.unWatchTrades(symbol) },
    );
  });
}
