import { type BotError, type Clock, errorClassNames, mapCcxtError } from '@bot/core-types';
import type { Exchange } from 'ccxt';
import type { Subscriber } from 'rxjs';
import { SeededRandom } from '../synthetic/seededRandom.js';
import { backoffDelay, type RetryPolicy, sleep } from '../exchange/retry.js';

/** Connection state changes of a live stream, for logs and dashboards. */
export type LiveStatus =
  | { readonly kind: 'connected'; readonly at: number }
  | { readonly kind: 'reconnecting'; readonly at: number; readonly attempt: number; readonly delayMs: number; readonly error: BotError }
  | { readonly kind: 'resync'; readonly at: number; readonly reason: string };

/** Options shared by the live streams. */
export interface LiveOptions {
  readonly symbol: string;
  /** Source of time for backoff sleeps and staleness (SystemClock in apps). */
  readonly clock: Clock;
  /**
   * Reconnect policy: exponential backoff + jitter between attempts (default base 500 ms, cap 30 s). `maxAttempts`
   * consecutive failures (default unlimited) end the stream with the last error.
   */
  readonly reconnect?: RetryPolicy;
  /** Uniform [0, 1) generator for jitter (default seeded). */
  readonly random?: () => number;
  /**
   * What unsubscribing releases: `unwatch` (default) unsubscribes this stream's channel (`unWatch*`) and leaves the
   * exchange usable by other streams; `close` also closes the exchange's WebSocket connections.
   */
  readonly release?: 'unwatch' | 'close';
  readonly onStatus?: (status: LiveStatus) => void;
}

/** True for ccxt's order-book sequence failures (a gap in update ids), which call for a resync, not a reconnect. */
export function isSequenceGap(error: unknown): boolean {
  const is = errorClassNames(error);
  return is.has('ChecksumError') || is.has('InvalidNonce');
}

/**
 * Runs `step` (one awaited ccxt `watch*` call and its handling) until unsubscribed. Retryable failures (network,
 * timeout, dropped socket) wait with backoff and call `onReconnect` before the next step; sequence gaps call
 * `onResync`; terminal failures end the Observable with a mapped BotError. Returns the teardown.
 */
export function runLiveLoop(
  exchange: Exchange,
  options: LiveOptions,
  subscriber: Subscriber<unknown>,
  what: string,
  step: () => Promise<void>,
  hooks: { onReconnect?: () => void; onResync?: () => void; release: () => Promise<unknown> },
): () => void {
  let stopped = false;
  const rng = new SeededRandom(2);
  const random = options.random ?? (() => rng.next());
  const max = options.reconnect?.maxAttempts ?? Infinity;
  const context = `${exchange.id} ${what} ${options.symbol}`;
  const run = async () => {
    let failures = 0;
    let connected = false;
    while (!stopped) {
      try {
        await step();
        if (stopped) return;
        if (!connected) {
          connected = true;
          options.onStatus?.({ kind: 'connected', at: options.clock.now() });
        }
        failures = 0;
      } catch (e) {
        if (stopped) return;
        if (isSequenceGap(e)) {
          options.onStatus?.({ kind: 'resync', at: options.clock.now(), reason: (e as Error).message });
          hooks.onResync?.();
          continue;
        }
        const error = mapCcxtError(e, context);
        if (!error.retryable || ++failures >= max) {
          subscriber.error(error);
          return;
        }
        connected = false;
        const delayMs = backoffDelay(failures, options.reconnect ?? {}, random);
        options.onStatus?.({ kind: 'reconnecting', at: options.clock.now(), attempt: failures, delayMs, error });
        hooks.onReconnect?.();
        await sleep(options.clock, delayMs);
      }
    }
  };
  void run().catch((e: unknown) => {
    if (!stopped) subscriber.error(mapCcxtError(e, context));
  });
  return () => {
    stopped = true;
    const closeAll = options.release === 'close';
    void hooks
      .release()
      .catch(() => undefined)
      .then(() => (closeAll ? exchange.close() : undefined))
      .catch(() => undefined);
  };
}
