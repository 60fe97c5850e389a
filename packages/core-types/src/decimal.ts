import DecimalJs from 'decimal.js';
import { BotError } from './errors.js';

/**
 * The decimal type used for all money in @bot: a `decimal.js` clone with 50 significant digits and
 * banker's rounding, so sums, differences and products of exchange-sized numbers are exact.
 * Use it (not the global `decimal.js` default of 20 digits) for cash, quantities, prices and fees.
 */
export const Decimal = DecimalJs.clone({
  precision: 50,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -30,
  toExpPos: 40,
});
/** An exact decimal number (instance type of {@link Decimal}). */
export type Decimal = InstanceType<typeof Decimal>;
/** Anything {@link toDecimal} accepts: a decimal, a finite number or a numeric string. */
export type DecimalLike = Decimal | DecimalJs | number | string;

/**
 * Explicit rounding modes used when snapping to tick and lot sizes.
 * - `down` / `up`: toward negative / positive infinity (floor / ceil).
 * - `toward-zero` / `away-from-zero`: truncate / expand the magnitude.
 * - `half-even`: nearest, ties to even (banker's). `half-up`: nearest, ties away from zero.
 */
export type RoundingMode = 'down' | 'up' | 'toward-zero' | 'away-from-zero' | 'half-even' | 'half-up';

const ROUNDING: Record<RoundingMode, DecimalJs.Rounding> = {
  down: DecimalJs.ROUND_FLOOR,
  up: DecimalJs.ROUND_CEIL,
  'toward-zero': DecimalJs.ROUND_DOWN,
  'away-from-zero': DecimalJs.ROUND_UP,
  'half-even': DecimalJs.ROUND_HALF_EVEN,
  'half-up': DecimalJs.ROUND_HALF_UP,
};

/** Plain decimal notation: optional sign, digits with an optional point, optional exponent. */
const DECIMAL_NOTATION = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Converts a {@link DecimalLike} into a {@link Decimal}. Strings must be plain decimal notation (`-12.5`, `1e-8`):
 * hexadecimal, binary, octal, digit separators and surrounding spaces are rejected.
 *
 * @throws BotError `INVALID_ARGUMENT` on NaN, Infinity or a string that is not a decimal number.
 */
export function toDecimal(value: DecimalLike): Decimal {
  if (value instanceof Decimal) {
    if (!value.isFinite()) throw new BotError('INVALID_ARGUMENT', `not a finite decimal: ${value.toString()}`);
    return value;
  }
  // decimal.js also reads `0x1f`, `0b11`, `0o7` and `1_000`; money from untrusted text must be plain decimal notation.
  if (typeof value === 'string' && !DECIMAL_NOTATION.test(value)) {
    throw new BotError('INVALID_ARGUMENT', `not a decimal number: ${JSON.stringify(value)}`);
  }
  let d: Decimal;
  try {
    d = new Decimal(typeof value === 'number' ? value : String(value));
  } catch (cause) {
    throw new BotError('INVALID_ARGUMENT', `not a decimal number: ${String(value)}`, { cause });
  }
  if (!d.isFinite()) throw new BotError('INVALID_ARGUMENT', `not a finite decimal: ${String(value)}`);
  return d;
}

/**
 * Rounds `value` to a multiple of `increment` (a tick or lot size) with an explicit mode.
 * The result is exact: `roundToIncrement(1.2345, 0.01, 'down')` is `1.23`.
 *
 * @throws BotError `INVALID_ARGUMENT` when `increment` is not positive.
 */
export function roundToIncrement(value: DecimalLike, increment: DecimalLike, mode: RoundingMode): Decimal {
  const inc = toDecimal(increment);
  if (!inc.isPositive() || inc.isZero()) {
    throw new BotError('INVALID_ARGUMENT', `increment must be > 0, got ${inc.toString()}`);
  }
  const v = toDecimal(value);
  return v.div(inc).toDecimalPlaces(0, ROUNDING[mode]).times(inc);
}

/** True when `value` is an exact multiple of `increment`. */
export function isMultipleOf(value: DecimalLike, increment: DecimalLike): boolean {
  return toDecimal(value).mod(toDecimal(increment)).isZero();
}
