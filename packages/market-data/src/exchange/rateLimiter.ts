import type { Clock } from '@bot/core-types';
import { sleep } from './retry.js';

/**
 * Spaces calls at least `intervalMs` apart on the injected clock (ccxt's `exchange.rateLimit` is exactly this
 * figure: milliseconds between requests). Sequential use; concurrent callers queue in order.
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter(clock, exchange.rateLimit);
 * await limiter.acquire(); await exchange.fetchOHLCV(...);
 * ```
 */
export class RateLimiter {
  private next = -Infinity;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly clock: Clock,
    readonly intervalMs: number,
  ) {}

  /** Resolves when the next call may be made. */
  acquire(): Promise<void> {
    const run = async () => {
      const wait = this.next - this.clock.now();
      if (wait > 0) await sleep(this.clock, wait);
      this.next = this.clock.now() + this.intervalMs;
    };
    this.queue = this.queue.then(run, run);
    return this.queue;
  }
}
