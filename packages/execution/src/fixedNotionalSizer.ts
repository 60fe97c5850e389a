import { ValidationError } from '@bot/core-types';
import type { PositionSizer, SizingRequest } from '@bot/core-types';
import { respectMinimums, roundToLotTowardZero } from './sizing.js';

/**
 * Fixed-notional sizing: target = `weight * notional / price` base units (notional in the quote currency,
 * price = the decision bar's close), rounded toward zero to the lot.
 *
 * @example `new FixedNotionalSizer(1_000)` at price 50, weight 1 -> 20 units.
 * @throws ValidationError when `notional` is not a finite number > 0.
 */
export class FixedNotionalSizer implements PositionSizer {
  readonly name: string;
  constructor(private readonly notional: number) {
    if (!(notional > 0) || !Number.isFinite(notional)) throw new ValidationError('notional', notional, 'a finite number > 0');
    this.name = `fixed-notional(${notional})`;
  }

  targetQuantity(r: SizingRequest): number {
    if (!(r.price > 0)) return r.currentQuantity;
    const target = roundToLotTowardZero((r.weight * this.notional) / r.price, r.instrument);
    return respectMinimums(target, r.currentQuantity, r.price, r.instrument);
  }
}
