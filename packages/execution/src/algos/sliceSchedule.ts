import { Decimal, Quantity, ValidationError, roundToIncrement } from '@bot/core-types';

/**
 * The child schedule of a time-sliced parent (TWAP, VWAP): when each slice starts and how much it plans to trade.
 * Quantities are exact lot multiples; `cumulative[i]` is what should be done by the end of slice `i`.
 */
export interface SliceSchedule {
  /** Slice start times, epoch ms: `startTime + floor(i * (endTime - startTime) / slices)`. */
  readonly times: readonly number[];
  /** Planned quantity per slice (exact, lot multiples). */
  readonly quantities: readonly Quantity[];
  /** Running sum of `quantities` (the last equals the parent quantity). */
  readonly cumulative: readonly Quantity[];
}

/**
 * Splits `total` over slices in proportion to `weights` (fractions summing to 1), rounding every slice but the
 * last **down** to a multiple of `lotSize`; the last slice takes the remainder, so the plan sums to `total` exactly.
 * With equal weights this is the TWAP rule "floor(total / n) per slice, remainder in the last slice".
 *
 * @example
 * ```ts
 * sliceQuantities(Quantity.of(10), [0.25, 0.25, 0.25, 0.25], '1').map(String); // ['2', '2', '2', '4']
 * ```
 * @throws ValidationError when `total` is not a lot multiple or a weight is negative / not finite.
 */
export function sliceQuantities(total: Quantity, weights: ArrayLike<number>, lotSize: Decimal | string | number): Quantity[] {
  const lot = new Decimal(lotSize);
  if (!total.value.mod(lot).isZero()) throw new ValidationError('quantity', total.toString(), `a multiple of the lot size ${lot.toString()}`);
  const n = weights.length;
  if (n === 0) throw new ValidationError('slices', 0, 'at least one slice');
  const out: Quantity[] = [];
  let used = new Decimal(0);
  for (let i = 0; i < n - 1; i++) {
    const w = weights[i]!;
    if (!Number.isFinite(w) || w < 0) throw new ValidationError(`weights[${i}]`, w, 'a finite fraction >= 0');
    // exact product of the decimal total and the weight's shortest decimal form
    let q = roundToIncrement(total.value.times(new Decimal(w)), lot, 'down');
    const left = total.value.minus(used);
    if (q.gt(left)) q = left;
    out.push(Quantity.of(q));
    used = used.plus(q);
  }
  out.push(Quantity.of(total.value.minus(used)));
  return out;
}

/**
 * Slice start times and planned quantities of a window `[startTime, endTime)` cut into `weights.length` equal
 * slices. @throws ValidationError for an empty or reversed window.
 */
export function sliceSchedule(total: Quantity, startTime: number, endTime: number, weights: ArrayLike<number>, lotSize: Decimal | string | number): SliceSchedule {
  if (!Number.isFinite(startTime) || !Number.isFinite(endTime) || endTime <= startTime) {
    throw new ValidationError('endTime', endTime, `a time after startTime ${startTime}`);
  }
  const n = weights.length;
  const span = endTime - startTime;
  const times = Array.from({ length: n }, (_, i) => startTime + Math.floor((i * span) / n));
  const quantities = sliceQuantities(total, weights, lotSize);
  const cumulative: Quantity[] = [];
  let acc = Quantity.ZERO;
  for (const q of quantities) {
    acc = acc.plus(q);
    cumulative.push(acc);
  }
  return { times, quantities, cumulative };
}
