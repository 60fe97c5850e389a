import { type Decimal, type DecimalLike, type RoundingMode, roundToIncrement, toDecimal } from './decimal.js';
import { type InputLocation, ValidationError } from './errors.js';
import type { Currency } from './money.js';
import { Price } from './price.js';
import { Quantity } from './quantity.js';

/** A market symbol in unified ccxt form, `BASE/QUOTE` (`BTC/USDT`, `ORCL/USD`). */
export type Symbol = string;
/** Identifier of a venue (`binance`, `coinbase`, `sim`). */
export type VenueId = string;

/**
 * A tradable instrument and the venue's rules for it. Fees are fractions (0.001 = 0.1% = 10 bps), charged
 * on notional; a negative maker fee is a rebate.
 */
export interface Instrument {
  readonly symbol: Symbol;
  readonly base: Currency;
  readonly quote: Currency;
  readonly venue: VenueId;
  /** Smallest price increment, > 0. */
  readonly tickSize: Decimal;
  /** Smallest quantity increment, > 0. */
  readonly lotSize: Decimal;
  /** Minimum order quantity, >= 0. */
  readonly minQuantity: Decimal;
  /** Minimum order notional in quote currency, >= 0. */
  readonly minNotional: Decimal;
  /** Maker fee as a fraction of notional (may be negative for rebates). */
  readonly makerFee: Decimal;
  /** Taker fee as a fraction of notional, >= 0. */
  readonly takerFee: Decimal;
}

/** Plain input accepted by {@link createInstrument} (numbers or strings for decimals). */
export interface InstrumentSpec {
  readonly symbol: Symbol;
  readonly base?: Currency;
  readonly quote?: Currency;
  readonly venue?: VenueId;
  readonly tickSize: DecimalLike;
  readonly lotSize: DecimalLike;
  readonly minQuantity?: DecimalLike;
  readonly minNotional?: DecimalLike;
  readonly makerFee?: DecimalLike;
  readonly takerFee?: DecimalLike;
}

function dec(field: string, value: unknown, expected: string, location: InputLocation | undefined): Decimal {
  try {
    if (typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'object') throw new Error('type');
    return toDecimal(value as DecimalLike);
  } catch (cause) {
    throw new ValidationError(field, value, expected, location === undefined ? { cause } : { cause, location });
  }
}

/**
 * Validates and builds an {@link Instrument}. Base and quote default to the two halves of `symbol`, venue to
 * `sim`, minimums and fees to 0.
 *
 * @throws ValidationError naming the field when a size is not > 0, a minimum or taker fee is negative, or the
 *   symbol is not `BASE/QUOTE`.
 * @example
 * ```ts
 * const btc = createInstrument({ symbol: 'BTC/USDT', tickSize: '0.01', lotSize: '0.00001', takerFee: '0.001' });
 * ```
 */
export function createInstrument(spec: InstrumentSpec, location?: InputLocation): Instrument {
  const where = location === undefined ? {} : { location };
  if (typeof spec.symbol !== 'string' || !/^[^/\s]+\/[^/\s]+$/.test(spec.symbol)) {
    throw new ValidationError('symbol', spec.symbol, 'a unified symbol BASE/QUOTE such as BTC/USDT', where);
  }
  const [b, q] = spec.symbol.split('/') as [string, string];
  const positive = (field: string, v: unknown) => {
    const d = dec(field, v, 'a decimal > 0', location);
    if (d.lte(0)) throw new ValidationError(field, v, 'a decimal > 0', where);
    return d;
  };
  const nonNegative = (field: string, v: unknown) => {
    const d = dec(field, v, 'a decimal >= 0', location);
    if (d.isNegative() && !d.isZero()) throw new ValidationError(field, v, 'a decimal >= 0', where);
    return d;
  };
  return Object.freeze({
    symbol: spec.symbol,
    base: spec.base ?? b,
    quote: spec.quote ?? q,
    venue: spec.venue ?? 'sim',
    tickSize: positive('tickSize', spec.tickSize),
    lotSize: positive('lotSize', spec.lotSize),
    minQuantity: nonNegative('minQuantity', spec.minQuantity ?? 0),
    minNotional: nonNegative('minNotional', spec.minNotional ?? 0),
    makerFee: dec('makerFee', spec.makerFee ?? 0, 'a fee fraction such as 0.001', location),
    takerFee: nonNegative('takerFee', spec.takerFee ?? 0),
  });
}

/** Rounds a price to the instrument's tick size with an explicit mode. */
export function roundPrice(instrument: Instrument, price: Price | DecimalLike, mode: RoundingMode): Price {
  const value = price instanceof Price ? price.value : toDecimal(price);
  return Price.unsafe(roundToIncrement(value, instrument.tickSize, mode));
}

/** Rounds a quantity to the instrument's lot size with an explicit mode (never negative). */
export function roundQuantity(instrument: Instrument, quantity: Quantity | DecimalLike, mode: RoundingMode): Quantity {
  const q = quantity instanceof Quantity ? quantity : Quantity.of(quantity);
  return q.roundToLot(instrument.lotSize, mode);
}

/** Why an order size is not tradable on an instrument, or `undefined` when it is. */
export function orderSizeProblem(instrument: Instrument, quantity: Quantity, price: Price): string | undefined {
  if (quantity.isZero()) return 'quantity is zero';
  if (!quantity.value.mod(instrument.lotSize).isZero()) {
    return `quantity ${quantity.toString()} is not a multiple of lot size ${instrument.lotSize.toString()}`;
  }
  if (quantity.value.lt(instrument.minQuantity)) {
    return `quantity ${quantity.toString()} is below the minimum ${instrument.minQuantity.toString()}`;
  }
  const notional = quantity.value.times(price.value);
  if (notional.lt(instrument.minNotional)) {
    return `notional ${notional.toString()} is below the minimum ${instrument.minNotional.toString()} ${instrument.quote}`;
  }
  return undefined;
}
