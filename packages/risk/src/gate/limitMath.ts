/**
 * Largest q >= 0 allowed by a constraint on a measure whose square is quadratic in the order quantity q:
 * f(q)² = A q² + 2 B q + C (A >= 0), limit f(q) <= T.
 *
 * The allowed set is {q : f(q) <= T} joined with the part where f does not increase from q = 0 (an order may
 * always move a breached measure back toward its limit, never past the point where it starts rising again).
 * For convex f both pieces start at 0, so the answer is one number. Returns +Infinity when unbounded.
 * Internal to the gate.
 */
export function maxQuantityWithin(A: number, B: number, C: number, T: number): number {
  const T2 = T >= 0 ? T * T : -1;
  if (!(A > 0)) {
    if (B < 0) return Number.POSITIVE_INFINITY;
    if (B === 0) return Number.POSITIVE_INFINITY;
    return C <= T2 ? (T2 - C) / (2 * B) : 0;
  }
  const qStar = B < 0 ? -B / A : 0;
  if (T2 < 0) return qStar;
  const disc = B * B - A * (C - T2);
  if (disc < 0) return qStar;
  const sq = Math.sqrt(disc);
  // Larger root of A q² + 2Bq + (C - T²) = 0, in the form that avoids cancellation.
  const root = B <= 0 ? (-B + sq) / A : (T2 - C) / (B + sq);
  return root > qStar ? root : qStar;
}
