import { type Bar, parseTimeframe, type Timeframe, type TimerHandle, timeframeToMs } from '@bot/core-types';
import { bucketStart } from '../transform/bucket.js';
import type { Exchange, OHLCV } from 'ccxt';
import type { Observable } from 'rxjs';
import { Observable as RxObservable } from 'rxjs/internal/Observable';
import { fetchOhlcvHistory } from '../exchange/fetchHistory.js';
import { type LiveOptions, runLiveLoop } from './liveLoop.js';

/** Options of {@link watchBars}. */
export interface WatchBarsOptions extends LiveOptions {
  readonly timeframe: Timeframe;
  /** After a reconnect, fetch the bars that closed during the outage over REST (default true). */
  readonly backfill?: boolean;
  /**
   * Also close a bar by time: emit it once the clock passes its end plus this grace (ms), even if the venue has not
   * started the next candle (quiet markets on venues that only push on trades). Late updates to an emitted bar are
   * ignored. Default: off (a bar closes when the next one appears).
   */
  readonly closeAfterMs?: number;
}

function toBar(row: OHLCV, symbol: string, timeframe: Timeframe): Bar | undefined {
  const [t, o, h, l, c, v] = row;
  if (typeof t !== 'number' || typeof o !== 'number' || typeof h !== 'number' || typeof l !== 'number' || typeof c !== 'number') return undefined;
  if (!(o > 0 && l > 0 && h >= Math.max(o, c, l) && l <= Math.min(o, c))) return undefined;
  return { type: 'bar', symbol, timeframe, openTime: t, open: o, high: h, low: l, close: c, volume: typeof v === 'number' && v >= 0 ? v : 0 };
}

/**
 * Closed bars of a symbol from a ccxt pro exchange (`watchOHLCV`), as an Observable. A bar is emitted once, when
 * the exchange starts the next interval (ccxt's candle cache always ends with the bar in progress). After a dropped
 * connection it reconnects with backoff and, with `backfill`, fetches the bars that closed meanwhile over REST, so the
 * stream has no duplicate and no missing bar. Unsubscribing stops the loop and releases the channel (see
 * {@link LiveOptions.release}).
 *
 * @example
 * ```ts
 * const ex = new ccxt.pro.binance();
 * const sub = watchBars(ex, { symbol: 'BTC/USDT', timeframe: '1m', clock: new SystemClock() })
 *   .subscribe((bar) => strategy.onBar(bar));
 * // later: sub.unsubscribe();
 * ```
 */
export function watchBars(exchange: Exchange, options: WatchBarsOptions): Observable<Bar> {
  const timeframe = parseTimeframe(options.timeframe);
  const tf = timeframeToMs(timeframe);
  const symbol = options.symbol;
  return new RxObservable<Bar>((subscriber) => {
    let lastEmitted = -Infinity;
    let needBackfill = false;
    // Latest version of every candle not yet emitted, by open time. With ccxt's `newUpdates` each call returns only
    // the candles that changed, so "closed" must be tracked across calls: a candle is closed once a later one exists.
    const pending = new Map<number, OHLCV>();
    const emitClosed = (latestOpen: number) => {
      const keys = [...pending.keys()].filter((t) => t < latestOpen).sort((a, b) => a - b);
      for (const t of keys) {
        const row = pending.get(t)!;
        pending.delete(t);
        if (t <= lastEmitted) continue;
        const bar = toBar(row, symbol, timeframe);
        if (bar === undefined) continue;
        lastEmitted = t;
        subscriber.next(bar);
      }
    };
    let closeTimer: TimerHandle | undefined;
    const grace = options.closeAfterMs;
    const armCloseTimer = () => {
      if (grace === undefined || pending.size === 0) return;
      if (closeTimer !== undefined) options.clock.clearTimer(closeTimer);
      const newest = Math.max(...pending.keys());
      closeTimer = options.clock.setTimer(() => {
        closeTimer = undefined;
        if (!subscriber.closed) emitClosed(bucketStart(options.clock.now() - grace, timeframe));
      }, newest + tf + grace - options.clock.now());
    };
    const teardown = runLiveLoop(
      exchange,
      options,
      subscriber,
      'watchOHLCV',
      async () => {
        const candles = await exchange.watchOHLCV(symbol, timeframe);
        if (subscriber.closed) return;
        for (const c of candles) if (typeof c[0] === 'number' && c[0] > lastEmitted) pending.set(c[0], c);
        if (pending.size === 0) return;
        const latest = Math.max(...pending.keys());
        if (needBackfill && lastEmitted > -Infinity && (options.backfill ?? true) && latest > lastEmitted + tf) {
          // Paginated, retried REST download of everything that closed during the outage.
          const { data: missed } = await fetchOhlcvHistory(exchange, { symbol, timeframe, since: lastEmitted + tf, until: latest, clock: options.clock, rateLimitMs: 0, retry: { maxAttempts: 3 } });
          if (subscriber.closed) return;
          // REST values are final for closed bars: they replace partial websocket versions.
          for (let i = 0; i < missed.length; i++) {
            const t = missed.openTime[i]!;
            if (t > lastEmitted && t < latest) pending.set(t, [t, missed.open[i]!, missed.high[i]!, missed.low[i]!, missed.close[i]!, missed.volume[i]!]);
          }
        }
        needBackfill = false;
        emitClosed(latest);
        armCloseTimer();
      },
      {
        onReconnect: () => {
          needBackfill = true;
        },
        release: () => exchange.unWatchOHLCV(symbol, timeframe),
      },
    );
    return () => {
      if (closeTimer !== undefined) options.clock.clearTimer(closeTimer);
      teardown();
    };
  });
}
