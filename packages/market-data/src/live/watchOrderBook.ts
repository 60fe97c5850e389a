import { BotError, type BookLevel, type OrderBookDelta, type OrderBookSnapshot } from '@bot/core-types';
import type { Exchange, OrderBook } from 'ccxt';
import type { Observable } from 'rxjs';
import { Observable as RxObservable } from 'rxjs/internal/Observable';
import { type LiveOptions, runLiveLoop } from './liveLoop.js';

/** Options of {@link watchOrderBook}. */
export interface WatchOrderBookOptions extends LiveOptions {
  /** Depth requested from the venue (default: the venue's default). */
  readonly limit?: number;
}

type Side = Map<number, number>;

function levels(side: readonly (readonly (number | undefined)[])[]): Side {
  const m: Side = new Map();
  for (const lv of side) {
    const [p, q] = lv;
    if (typeof p === 'number' && typeof q === 'number' && q > 0) m.set(p, q);
  }
  return m;
}

function diff(prev: Side, next: Side): BookLevel[] {
  const out: BookLevel[] = [];
  for (const [p, q] of next) if (prev.get(p) !== q) out.push([p, q]);
  for (const p of prev.keys()) if (!next.has(p)) out.push([p, 0]);
  return out;
}

const sorted = (m: Side, desc: boolean): BookLevel[] => [...m.entries()].sort((a, b) => (desc ? b[0] - a[0] : a[0] - b[0]));

/**
 * The order book of a symbol as a snapshot followed by deltas, from a ccxt pro exchange (`watchOrderBook`, which
 * applies the venue's diff stream to a REST snapshot, e.g. Binance's `U`/`u` update-id protocol).
 *
 * Sequence rules: every delta covers `firstSequence..sequence` = `previous sequence + 1 .. new nonce`; a nonce that
 * does not increase is a sequence error. When the venue's update ids have a gap (ccxt raises ChecksumError or
 * InvalidNonce, or the nonce goes backwards), the stream resynchronises: it asks for a fresh snapshot and emits a
 * new `book-snapshot`, after which deltas continue from it. Consumers therefore rebuild their book whenever a
 * snapshot arrives. Dropped connections reconnect with backoff and also start with a fresh snapshot.
 *
 * @example
 * ```ts
 * watchOrderBook(ex, { symbol: 'BTC/USDT', clock }).subscribe((e) =>
 *   e.type === 'book-snapshot' ? book.reset(e) : book.apply(e));
 * ```
 */
export function watchOrderBook(exchange: Exchange, options: WatchOrderBookOptions): Observable<OrderBookSnapshot | OrderBookDelta> {
  const symbol = options.symbol;
  return new RxObservable<OrderBookSnapshot | OrderBookDelta>((subscriber) => {
    let bids: Side | undefined;
    let asks: Side = new Map();
    let sequence = -1;
    const reset = () => {
      bids = undefined;
      asks = new Map();
      sequence = -1;
    };
    return runLiveLoop(
      exchange,
      options,
      subscriber,
      'watchOrderBook',
      async () => {
        const book: OrderBook = await exchange.watchOrderBook(symbol, options.limit);
        if (subscriber.closed) return;
        const nonce = book.nonce;
        if (typeof nonce !== 'number') throw new BotError('DATA', `${exchange.id} watchOrderBook ${symbol}: the venue gives no sequence number`);
        const time = book.timestamp ?? options.clock.now();
        const nextBids = levels(book.bids as unknown as (number | undefined)[][]);
        const nextAsks = levels(book.asks as unknown as (number | undefined)[][]);
        if (bids === undefined) {
          bids = nextBids;
          asks = nextAsks;
          sequence = nonce;
          subscriber.next({ type: 'book-snapshot', symbol, time, sequence, bids: sorted(bids, true), asks: sorted(asks, false) });
          return;
        }
        if (nonce === sequence) return; // no new update
        if (nonce < sequence) {
          // Out-of-order state: treat as a gap and resync from a fresh snapshot.
          reset();
          await exchange.unWatchOrderBook(symbol).catch(() => undefined);
          options.onStatus?.({ kind: 'resync', at: options.clock.now(), reason: `sequence went back from ${sequence} to ${nonce}` });
          return;
        }
        const delta: OrderBookDelta = { type: 'book-delta', symbol, time, firstSequence: sequence + 1, sequence: nonce, bids: diff(bids, nextBids), asks: diff(asks, nextAsks) };
        bids = nextBids;
        asks = nextAsks;
        sequence = nonce;
        subscriber.next(delta);
      },
      {
        onResync: reset,
        onReconnect: reset,
        release: () => exchange.unWatchOrderBook(symbol),
      },
    );
  });
}
