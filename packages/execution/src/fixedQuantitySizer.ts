import { ValidationError } from '@bot/core-types';
import type { PositionSizer, SizingRequest } from '@bot/core-types';
import { respectMinimums, roundToLotTowardZero } from './sizing.js';

/**
 * Fixed-quantity sizing: target = `weight * quantity` base units, rounded toward zero to the lot.
 *
 * @example `new FixedQuantitySizer(10)` -> weight 1 holds 10 units, weight -0.5 holds -5.
 * @throws ValidationError when `quantity` is not a finite number > 0.
 */
export class FixedQuantitySizer implements PositionSizer {
  readonly name: string;
  constructor(private readonly quantity: number) {
    if (!(quantity > 0) || !Number.isFinite(quantity)) throw new ValidationError('quantity', quantity, 'a finite number > 0');
    this.name = `fixed-quantity(${quantity})`;
  }

  targetQuantity(r: SizingRequest): number {
    const target = roundToLotTowardZero(r.weight * this.quantity, r.instrument);
    return respectMinimums(target, r.currentQuantity, r.price, r.instrument);
  }
}
