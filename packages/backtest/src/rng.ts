/**
 * A seeded pseudo-random generator (sfc32 seeded through splitmix32): fast, 128-bit state, and identical on every
 * platform, so Monte Carlo and random search are reproducible from their seed.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). @throws RangeError when `n` is not a positive integer. */
  int(n: number): number;
}

/**
 * Creates a seeded {@link Rng}. The same seed always yields the same sequence.
 *
 * @example
 * ```ts
 * const rng = createRng(42);
 * const u = rng.next(); // always the same value for seed 42
 * ```
 */
export function createRng(seed: number): Rng {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    int(n: number): number {
      if (!Number.isInteger(n) || n <= 0) throw new RangeError(`rng.int(n) needs a positive integer, got ${n}`);
      return Math.floor(next() * n);
    },
  };
}
