import { type Decimal, type DecimalLike, type RoundingMode, roundToIncrement, toDecimal } from './decimal.js';
import { ValidationError } from './errors.js';

/**
 * An exact price in quote currency per unit of base. Immutable; arithmetic returns new values and stays
 * exact (50 significant digits). Prices may be zero or negative only when constructed with `allowNonPositive`
 * (spreads, some futures); instrument prices from parsers are always > 0.
 *
 * @example
 * ```ts
 * const p = Price.of('101.2345').roundToTick('0.01', 'half-even'); // 101.23
 * ```
 */
export class Price {
  /** The exact decimal value. */
  readonly value: Decimal;

  private constructor(value: Decimal) {
    this.value = value;
  }

  /**
   * Creates a price. @throws ValidationError (field `price`) when the value is not finite, or not > 0 unless
   * `options.allowNonPositive` is set.
   */
  static of(value: DecimalLike, options: { readonly allowNonPositive?: boolean } = {}): Price {
    let d: Decimal;
    try {
      d = toDecimal(value);
    } catch (cause) {
      throw new ValidationError('price', value, 'a finite decimal number', { cause });
    }
    if (!options.allowNonPositive && d.lte(0)) throw new ValidationError('price', value, 'a price > 0');
    return new Price(d);
  }

  /** Wraps a decimal already known to be valid (no checks; for hot internal paths). */
  static unsafe(value: Decimal): Price {
    return new Price(value);
  }

  /** Exact sum (e.g. a price plus an offset in quote units). */
  plus(other: Price | DecimalLike): Price {
    return new Price(this.value.plus(other instanceof Price ? other.value : toDecimal(other)));
  }
  /** Exact difference; may be <= 0 (use for spreads and offsets). */
  minus(other: Price | DecimalLike): Price {
    return new Price(this.value.minus(other instanceof Price ? other.value : toDecimal(other)));
  }
  /** Exact product, e.g. `p.times("1.001")` for +10 bps. */
  times(factor: DecimalLike): Price {
    return new Price(this.value.times(toDecimal(factor)));
  }
  /** Quotient rounded to 50 significant digits (half-even); exact when the result terminates within them. */
  dividedBy(divisor: DecimalLike): Price {
    return new Price(this.value.div(toDecimal(divisor)));
  }

  /**
   * Snaps to a multiple of `tickSize` with an explicit rounding mode. The result differs from the input by
   * less than one tick. @throws BotError `INVALID_ARGUMENT` when `tickSize` <= 0.
   */
  roundToTick(tickSize: DecimalLike, mode: RoundingMode): Price {
    return new Price(roundToIncrement(this.value, tickSize, mode));
  }

  /** -1, 0 or 1 as this price is below, equal to or above `other`. */
  compare(other: Price): -1 | 0 | 1 {
    return this.value.comparedTo(other.value) as -1 | 0 | 1;
  }
  /** Numeric equality (`1.50` equals `1.5`). */
  equals(other: Price): boolean {
    return this.value.eq(other.value);
  }
  /** The nearest IEEE-754 double (for indicator math; not for accounting). */
  toNumber(): number {
    return this.value.toNumber();
  }
  /** Plain decimal notation, e.g. `101.23`. */
  toString(): string {
    return this.value.toString();
  }
  /** Serialises as the decimal string, so JSON never loses precision. */
  toJSON(): string {
    return this.value.toString();
  }
}
