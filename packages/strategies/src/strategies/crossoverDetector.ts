import { checkSameLength } from '../indicators/internal/validate.js';

/** `1` up-cross, `-1` down-cross, `0` none. */
export type Cross = -1 | 0 | 1;

/**
 * Detects crossovers of two streams with backtrader's `CrossOver` rule.
 *
 * An up-cross happens on the bar where `a > b` strictly while, on the **last earlier bar where they differed**,
 * `a < b`; a down-cross is the mirror image. Bars where `a === b` neither cross nor reset the memory, so
 * `a` going below → equal → equal → above is one up-cross (on the "above" bar), and below → equal → below is none.
 * Until a first non-zero difference is seen there is no reference and no cross. NaN inputs (warm-up) are ignored.
 *
 * @example
 * ```ts
 * const x = new CrossoverDetector();
 * x.update(1, 2); // 0
 * x.update(2, 2); // 0 (equal)
 * x.update(3, 2); // 1 (up-cross, judged against the bar where 1 < 2)
 * ```
 */
export class CrossoverDetector {
  /** Sign of the last non-zero difference `a - b` (0 before any). */
  private lastSign = 0;
  private current: Cross = 0;

  /** Feeds the two values of one bar; returns the cross on this bar. */
  update(a: number, b: number): Cross {
    const d = a - b;
    if (d !== d) return (this.current = 0); // NaN: warm-up
    const sign = d > 0 ? 1 : d < 0 ? -1 : 0;
    let cross: Cross = 0;
    if (sign === 1 && this.lastSign === -1) cross = 1;
    else if (sign === -1 && this.lastSign === 1) cross = -1;
    if (sign !== 0) this.lastSign = sign;
    return (this.current = cross);
  }

  /** The cross of the latest bar. */
  get value(): Cross {
    return this.current;
  }

  /** True once a non-zero difference was seen (a cross can be detected from the next bar). */
  get isReady(): boolean {
    return this.lastSign !== 0;
  }

  reset(): void {
    this.lastSign = 0;
    this.current = 0;
  }
}

/**
 * Crossovers of two arrays (backtrader `CrossOver`): an `Int8Array` of 1 / -1 / 0 per index.
 *
 * @example `crossovers([1, 2, 3], [2, 2, 2])` -> `[0, 0, 1]`
 * @throws BotError `INVALID_ARGUMENT` when the arrays differ in length.
 */
export function crossovers(a: ArrayLike<number>, b: ArrayLike<number>): Int8Array {
  const n = checkSameLength('crossovers', a, b);
  const det = new CrossoverDetector();
  const out = new Int8Array(n);
  for (let i = 0; i < n; i++) out[i] = det.update(a[i]!, b[i]!);
  return out;
}
