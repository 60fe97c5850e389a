import { type Decimal, type DecimalLike, type RoundingMode, roundToIncrement, toDecimal } from './decimal.js';
import { BotError, ValidationError } from './errors.js';
import type { Price } from './price.js';
import type { Quantity } from './quantity.js';

/** An ISO-4217 or crypto currency code such as `USD`, `USDT`, `BTC`. Upper case. */
export type Currency = string;

/**
 * An exact, signed amount of one currency. Adding or comparing different currencies throws: convert first.
 *
 * @example
 * ```ts
 * const cash = Money.of('10000', 'USD').minus(Money.of('12.5', 'USD')); // 9987.5 USD
 * const notional = Money.notional(Price.of(101), Quantity.of(3), 'USD'); // 303 USD
 * ```
 */
export class Money {
  /** The exact signed amount. */
  readonly amount: Decimal;
  /** Currency code, upper case. */
  readonly currency: Currency;

  private constructor(amount: Decimal, currency: Currency) {
    this.amount = amount;
    this.currency = currency;
  }

  /** @throws ValidationError when the amount is not finite or the currency code is empty/not upper case. */
  static of(amount: DecimalLike, currency: Currency): Money {
    if (!/^[A-Z0-9._-]{1,16}$/.test(currency)) {
      throw new ValidationError('currency', currency, 'an upper-case currency code such as USD or BTC');
    }
    let d: Decimal;
    try {
      d = toDecimal(amount);
    } catch (cause) {
      throw new ValidationError('amount', amount, 'a finite decimal number', { cause });
    }
    return new Money(d, currency);
  }

  /** Zero of a currency. */
  static zero(currency: Currency): Money {
    return Money.of(0, currency);
  }

  /** Exact `price * quantity` in `currency`. */
  static notional(price: Price, quantity: Quantity, currency: Currency): Money {
    return Money.of(price.value.times(quantity.value), currency);
  }

  private same(other: Money): void {
    if (other.currency !== this.currency) {
      throw new BotError('INVALID_ARGUMENT', `currency mismatch: ${this.currency} vs ${other.currency}`);
    }
  }

  /** Exact sum. @throws BotError `INVALID_ARGUMENT` when the currencies differ. */
  plus(other: Money): Money {
    this.same(other);
    return new Money(this.amount.plus(other.amount), this.currency);
  }
  /** Exact difference. @throws BotError `INVALID_ARGUMENT` when the currencies differ. */
  minus(other: Money): Money {
    this.same(other);
    return new Money(this.amount.minus(other.amount), this.currency);
  }
  /** Exact product, e.g. a notional times a fee fraction. */
  times(factor: DecimalLike): Money {
    return new Money(this.amount.times(toDecimal(factor)), this.currency);
  }
  /** The same amount with the opposite sign. */
  negated(): Money {
    return new Money(this.amount.negated(), this.currency);
  }
  /** Rounds to a currency increment such as `0.01`. */
  round(increment: DecimalLike, mode: RoundingMode): Money {
    return new Money(roundToIncrement(this.amount, increment, mode), this.currency);
  }
  /** -1, 0 or 1. @throws BotError `INVALID_ARGUMENT` when the currencies differ. */
  compare(other: Money): -1 | 0 | 1 {
    this.same(other);
    return this.amount.comparedTo(other.amount) as -1 | 0 | 1;
  }
  /** Same currency and numerically equal amount (never throws). */
  equals(other: Money): boolean {
    return this.currency === other.currency && this.amount.eq(other.amount);
  }
  /** True when strictly below zero. */
  isNegative(): boolean {
    return this.amount.isNegative() && !this.amount.isZero();
  }
  /** True for zero. */
  isZero(): boolean {
    return this.amount.isZero();
  }
  /** The nearest IEEE-754 double (for display and reports; not for accounting). */
  toNumber(): number {
    return this.amount.toNumber();
  }
  /** `<amount> <currency>`, e.g. `9987.5 USD`. */
  toString(): string {
    return `${this.amount.toString()} ${this.currency}`;
  }
  /** `{ amount: "9987.5", currency: "USD" }`: the amount as a string, so JSON never loses precision. */
  toJSON(): { amount: string; currency: Currency } {
    return { amount: this.amount.toString(), currency: this.currency };
  }
}
