import { ValidationError } from '@bot/core-types';
import type { PositionSizer, SizingRequest } from '@bot/core-types';
import { respectMinimums, roundToLotTowardZero } from './sizing.js';

/**
 * Fraction-of-equity sizing: target = `weight * fraction * equity / price` base units (equity marked in the
 * account currency, assumed to be the instrument's quote currency), rounded toward zero to the lot. Rebalances on
 * every call, unlike {@link AllInSizer}.
 *
 * @example `new FractionOfEquitySizer(0.5)` with equity 10_000 at price 100, weight 1 -> 50 units.
 * @throws ValidationError when `fraction` is not in (0, 10] (values above 1 mean leverage).
 */
export class FractionOfEquitySizer implements PositionSizer {
  readonly name: string;
  constructor(private readonly fraction: number) {
    if (!(fraction > 0 && fraction <= 10)) throw new ValidationError('fraction', fraction, 'a fraction in (0, 10]');
    this.name = `fraction-of-equity(${fraction})`;
  }

  targetQuantity(r: SizingRequest): number {
    if (!(r.price > 0)) return r.currentQuantity;
    const target = roundToLotTowardZero((r.weight * this.fraction * r.equity) / r.price, r.instrument);
    return respectMinimums(target, r.currentQuantity, r.price, r.instrument);
  }
}
