/**
 * Full Kelly fraction for a bet won with probability `p` paying `b` per unit risked (win/loss ratio):
 * `f* = p - (1 - p) / b`. Negative when the edge is negative (do not bet).
 *
 * @param p win probability in [0, 1]
 * @param b average win / average loss, > 0
 * @throws RangeError when p is outside [0, 1] or b <= 0
 * @example
 * ```ts
 * kellyFraction(0.6, 1); // 0.2
 * ```
 */
export function kellyFraction(p: number, b: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`kellyFraction: p must be in [0, 1], got ${p}`);
  if (!(b > 0)) throw new RangeError(`kellyFraction: b must be > 0, got ${b}`);
  return p - (1 - p) / b;
}

/** Options of {@link fractionalKelly}. */
export interface FractionalKellyOptions {
  /** Multiplier on full Kelly, default 0.25 (quarter Kelly). */
  readonly fraction?: number;
  /** Upper bound on the result (fraction of equity), default 1. */
  readonly cap?: number;
}

/**
 * Fractional Kelly: `clamp(fraction · kellyFraction(p, b), 0, cap)`, the share of equity to commit.
 *
 * @throws RangeError for invalid p, b, fraction (must be in (0, 1]) or cap (> 0)
 * @example
 * ```ts
 * fractionalKelly(0.55, 1.5, { fraction: 0.25, cap: 0.2 }); // 0.0625
 * ```
 */
export function fractionalKelly(p: number, b: number, options: FractionalKellyOptions = {}): number {
  const fraction = options.fraction ?? 0.25;
  const cap = options.cap ?? 1;
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`fractionalKelly: fraction must be in (0, 1], got ${fraction}`);
  if (!(cap > 0)) throw new RangeError(`fractionalKelly: cap must be > 0, got ${cap}`);
  return Math.min(cap, Math.max(0, fraction * kellyFraction(p, b)));
}
