/**
 * How a live venue retries retryable failures: exponential backoff with "equal jitter". Attempt `k` (0-based) waits
 * `d/2 + u * d/2` ms with `d = min(maxDelayMs, baseDelayMs * 2^k)` and `u` from `random()` in [0, 1). Inject a
 * seeded `random` (see {@link seededRandom}) to make delays reproducible.
 */
export interface RetryPolicy {
  /** Total attempts of one call, including the first. Default 6. */
  readonly maxAttempts: number;
  /** First backoff ceiling, ms. Default 250. */
  readonly baseDelayMs: number;
  /** Largest backoff, ms. Default 8000. */
  readonly maxDelayMs: number;
  /** Uniform [0, 1) source for the jitter. Default `seededRandom(1)`. */
  readonly random: () => number;
}

/**
 * A small deterministic PRNG (mulberry32) returning uniform numbers in [0, 1).
 * @example `const random = seededRandom(42); random(); // always the same sequence`
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fills the defaults of a partial {@link RetryPolicy}. */
export function retryPolicy(partial: Partial<RetryPolicy> = {}): RetryPolicy {
  return {
    maxAttempts: partial.maxAttempts ?? 6,
    baseDelayMs: partial.baseDelayMs ?? 250,
    maxDelayMs: partial.maxDelayMs ?? 8000,
    random: partial.random ?? seededRandom(1),
  };
}

/**
 * Backoff before retry number `attempt` (0 = the wait after the first failure), in ms.
 * @example `backoffDelay(retryPolicy({ baseDelayMs: 100 }), 2) // in [200, 400)`
 */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return ceiling / 2 + policy.random() * (ceiling / 2);
}
