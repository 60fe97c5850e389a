import { BotError, type Clock, mapCcxtError } from '@bot/core-types';
import type { Exchange } from 'ccxt';
import { SeededRandom } from '../synthetic/seededRandom.js';
import { RateLimiter } from './rateLimiter.js';
import { backoffDelay, type RetryEvent, type RetryPolicy, sleep } from './retry.js';

/** Options shared by everything that calls an exchange's REST API. */
export interface ExchangeCallOptions {
  /** Source of time for rate limiting and backoff sleeps (use `SystemClock` in apps, `ManualClock` in tests). */
  readonly clock: Clock;
  /** Uniform [0, 1) generator for backoff jitter (default: a `SeededRandom(1)`, deterministic). */
  readonly random?: () => number;
  readonly retry?: RetryPolicy;
  /** Minimum ms between requests (default `exchange.rateLimit`). */
  readonly rateLimitMs?: number;
  /** Called before each backoff wait. */
  readonly onRetry?: (event: RetryEvent) => void;
}

/**
 * Calls a ccxt exchange with rate limiting and retries: waits `rateLimit` ms between requests on the injected clock,
 * retries retryable failures (network, timeout, 429/418, 5xx, malformed JSON) with exponential backoff + jitter
 * honouring `Retry-After`, and fails immediately on terminal ones (bad symbol, auth, bad request). Every failure
 * surfaces as a {@link BotError} with the ccxt error as `cause`.
 */
export class ExchangeCaller {
  readonly limiter: RateLimiter;
  private readonly random: () => number;

  constructor(
    readonly exchange: Exchange,
    private readonly options: ExchangeCallOptions,
  ) {
    // ccxt keeps the parsed body only when asked; it is how a malformed (unparsable) body is told from valid JSON.
    (exchange as unknown as { enableLastJsonResponse: boolean }).enableLastJsonResponse = true;
    this.limiter = new RateLimiter(options.clock, options.rateLimitMs ?? exchange.rateLimit ?? 0);
    const rng = new SeededRandom(1);
    this.random = options.random ?? (() => rng.next());
  }

  /**
   * Runs `fn` (one ccxt REST call) under the policy. @throws BotError (mapped by {@link mapCcxtError}) after the
   * last attempt or on the first terminal error.
   */
  async call<T>(what: string, fn: (exchange: Exchange) => Promise<T>): Promise<T> {
    const max = Math.max(1, this.options.retry?.maxAttempts ?? 5);
    // ccxt's bookkeeping of the last response (set before its error handling runs).
    const ex = this.exchange as unknown as { last_json_response: unknown; last_http_response: unknown; last_response_headers: Record<string, string> | undefined };
    for (let attempt = 1; ; attempt++) {
      await this.limiter.acquire();
      let error: BotError;
      try {
        ex.last_json_response = undefined;
        ex.last_http_response = undefined;
        ex.last_response_headers = undefined;
        const result = await fn(this.exchange);
        const body: unknown = ex.last_http_response;
        if (typeof body === 'string' && body.trim() !== '' && ex.last_json_response === undefined) {
          // ccxt returns the raw text when it cannot parse JSON, and parsers turn it into "no data": refuse it.
          throw new BotError('NETWORK', `${this.exchange.id} ${what}: malformed JSON in the response (body starts ${JSON.stringify(body.slice(0, 60))})`, {
            details: { malformedJson: true },
          });
        }
        return result;
      } catch (e) {
        error = mapCcxtError(e, `${this.exchange.id} ${what}`);
      }
      if (!error.retryable || attempt >= max) {
        if (error.retryable) {
          throw new BotError(error.code, `${error.message} (gave up after ${attempt} attempts)`, { cause: error, retryable: true, ...(error.details ? { details: error.details } : {}) });
        }
        throw error;
      }
      const retryAfterMs = error.code === 'RATE_LIMIT' ? retryAfter(ex.last_response_headers) : 0;
      const delayMs = backoffDelay(attempt, this.options.retry ?? {}, this.random, retryAfterMs);
      this.options.onRetry?.({ attempt, delayMs, error });
      await sleep(this.options.clock, delayMs);
    }
  }
}

/** `Retry-After` in ms (seconds form), 0 when absent or unparsable. */
function retryAfter(headers: Record<string, string> | undefined): number {
  if (headers === undefined) return 0;
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === 'retry-after') {
      const s = Number(v);
      return Number.isFinite(s) && s > 0 ? s * 1000 : 0;
    }
  }
  return 0;
}
