import { type BotError, type Clock } from '@bot/core-types';

/** Waits `ms` on the injected clock (never a global timer). */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => {
    clock.setTimer(resolve, Math.max(0, ms));
  });
}

/** Retry policy: exponential backoff with jitter. Delays in ms. */
export interface RetryPolicy {
  /** Total attempts including the first (default 5). */
  readonly maxAttempts?: number;
  /** Delay before the first retry, before jitter (default 500 ms). */
  readonly baseDelayMs?: number;
  /** Cap on any single delay (default 30 000 ms). */
  readonly maxDelayMs?: number;
}

/**
 * Delay before retry number `attempt` (1-based): `min(maxDelay, base * 2^(attempt-1))`, then "equal jitter": half of
 * it fixed plus a uniform random half, so concurrent clients spread out while the delay still grows. A server's
 * `Retry-After` is a floor.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number, retryAfterMs = 0): number {
  const base = policy.baseDelayMs ?? 500;
  const cap = policy.maxDelayMs ?? 30_000;
  const raw = Math.min(cap, base * 2 ** (attempt - 1));
  return Math.max(retryAfterMs, raw / 2 + random() * (raw / 2));
}

/** Passed to `onRetry` before each wait. */
export interface RetryEvent {
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: BotError;
}
