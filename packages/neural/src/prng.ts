/**
 * A seeded 32-bit PRNG (mulberry32): `next()` returns a float in [0, 1). Same seed, same sequence, on every
 * platform. Used for shuffling and synthetic data; not for cryptography.
 *
 * @example `const rng = createPrng(42); rng.next()`
 */
export interface Prng {
  next(): number;
  /** Standard normal variate (Box-Muller). */
  normal(): number;
}

/** Creates a {@link Prng} from an integer seed. */
export function createPrng(seed: number): Prng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    normal(): number {
      let u = next();
      while (u <= 0) u = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
  };
}

/** Fisher-Yates shuffle of `[0, n)` driven by `rng`. */
export function seededPermutation(n: number, rng: Prng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const tmp = p[i]!;
    p[i] = p[j]!;
    p[j] = tmp;
  }
  return p;
}
