import { type Decimal, type DecimalLike, type RoundingMode, roundToIncrement, toDecimal } from './decimal.js';
import { ValidationError } from './errors.js';

/**
 * An exact, never-negative amount of an instrument's base unit (contracts, coins, shares). Direction lives in
 * the order side or the position sign, never in a quantity. Immutable; arithmetic is exact and any operation
 * that would produce a negative quantity throws.
 *
 * @example
 * ```ts
 * Quantity.of('0.123456').roundToLot('0.001', 'down'); // 0.123
 * ```
 */
export class Quantity {
  /** The exact decimal value, always >= 0. */
  readonly value: Decimal;

  private constructor(value: Decimal) {
    this.value = value;
  }

  /** The zero quantity. */
  static readonly ZERO: Quantity = new Quantity(toDecimal(0));

  /** Creates a quantity. @throws ValidationError (field `quantity`) when not finite or negative. */
  static of(value: DecimalLike): Quantity {
    let d: Decimal;
    try {
      d = toDecimal(value);
    } catch (cause) {
      throw new ValidationError('quantity', value, 'a finite decimal number', { cause });
    }
    if (d.isNegative() && !d.isZero()) throw new ValidationError('quantity', value, 'a quantity >= 0');
    return new Quantity(d.isZero() ? toDecimal(0) : d);
  }

  /** Exact sum. */
  plus(other: Quantity): Quantity {
    return new Quantity(this.value.plus(other.value));
  }
  /** @throws ValidationError when the result would be negative. */
  minus(other: Quantity): Quantity {
    return Quantity.of(this.value.minus(other.value));
  }
  /** @throws ValidationError when `factor` is negative. */
  times(factor: DecimalLike): Quantity {
    return Quantity.of(this.value.times(toDecimal(factor)));
  }
  /** The smaller of the two. */
  min(other: Quantity): Quantity {
    return this.value.lte(other.value) ? this : other;
  }

  /**
   * Snaps to a multiple of `lotSize`. Never negative: rounding a tiny quantity `down` gives zero.
   * @throws BotError `INVALID_ARGUMENT` when `lotSize` <= 0.
   */
  roundToLot(lotSize: DecimalLike, mode: RoundingMode): Quantity {
    return Quantity.of(roundToIncrement(this.value, lotSize, mode));
  }

  /** True for zero. */
  isZero(): boolean {
    return this.value.isZero();
  }
  /** -1, 0 or 1 as this quantity is below, equal to or above `other`. */
  compare(other: Quantity): -1 | 0 | 1 {
    return this.value.comparedTo(other.value) as -1 | 0 | 1;
  }
  /** Numeric equality. */
  equals(other: Quantity): boolean {
    return this.value.eq(other.value);
  }
  /** The nearest IEEE-754 double (for sizing math; not for accounting). */
  toNumber(): number {
    return this.value.toNumber();
  }
  /** Plain decimal notation. */
  toString(): string {
    return this.value.toString();
  }
  /** Serialises as the decimal string, so JSON never loses precision. */
  toJSON(): string {
    return this.value.toString();
  }
}
