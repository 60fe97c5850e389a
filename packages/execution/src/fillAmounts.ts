import type { Fill } from '@bot/core-types';
import { ExactFill } from './exactFill.js';
import { type Fx, fx, fxFromDecimal, fxToNumber } from './fx.js';

/**
 * A fill's amounts as doubles, for reports and statistics, plus its quantity exactly as a scaled integer (for
 * exact position keeping without decimal.js).
 */
export interface FillAmounts {
  /** `fill.quantity.toNumber()`: the double nearest to the exact quantity. */
  readonly quantity: number;
  /** `fill.price.toNumber()`. */
  readonly price: number;
  /** `fill.fee.amount.toNumber()` (in `fill.fee.currency`). */
  readonly fee: number;
  /** The exact quantity is `quantityUnits * 10^quantityExponent`. */
  readonly quantityUnits: bigint;
  /** See {@link FillAmounts.quantityUnits}. */
  readonly quantityExponent: number;
}

/**
 * The amounts of a fill as doubles, each the correctly rounded value of the exact decimal, so exactly what
 * `fill.price.toNumber()` and friends return, and the exact quantity as a scaled integer.
 *
 * For the fills of the simulated venue this reads the exact values the kernel booked, without building the three
 * decimal.js objects per fill that reading `quantity`, `price` and `fee` would (that is most of the cost of
 * reporting a backtest with 10^4+ fills). Any other `Fill` is converted from its decimals.
 *
 * @example
 * ```ts
 * const notional = kernel.fills().reduce((sum, f) => {
 *   const a = fillAmounts(f);
 *   return sum + a.quantity * a.price;
 * }, 0);
 * ```
 */
export function fillAmounts(fill: Fill): FillAmounts {
  if (fill instanceof ExactFill) {
    return amounts(fill.qtyFx, fxToNumber(fill.priceFx), fxToNumber(fill.feeFx));
  }
  return amounts(fxFromDecimal(fill.quantity.value), fill.price.toNumber(), fill.fee.amount.toNumber());
}

function amounts(q: Fx, price: number, fee: number): FillAmounts {
  return { quantity: fxToNumber(q), price, fee, quantityUnits: q.m, quantityExponent: q.e };
}

/**
 * The double nearest to `units * 10^exponent` (correctly rounded, like `Number("<units>e<exponent>")`), e.g. for
 * a position summed exactly from {@link FillAmounts.quantityUnits}.
 */
export function scaledToNumber(units: bigint, exponent: number): number {
  // through fx(): the one shape of Fx, so the kernel's optimised code that reads Fx fields stays monomorphic
  return fxToNumber(fx(units, exponent));
}
