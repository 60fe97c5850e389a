import { Decimal, type DecimalLike, toDecimal } from './decimal.js';
import type { Symbol } from './instrument.js';
import type { OrderSide } from './orders.js';
import type { Price } from './price.js';
import type { Quantity } from './quantity.js';

/**
 * A net position in one instrument. `quantity` is signed (+ long, - short, 0 flat). `averageEntryPrice` is the
 * volume-weighted entry of the open quantity (0 when flat). `realizedPnl` is the gross P&L, in quote currency,
 * locked in by reducing or closing fills; fees are accounted separately by the portfolio.
 */
export interface Position {
  readonly symbol: Symbol;
  readonly quantity: Decimal;
  readonly averageEntryPrice: Decimal;
  readonly realizedPnl: Decimal;
}

/** A flat position. */
export function flatPosition(symbol: Symbol): Position {
  const zero = new Decimal(0);
  return { symbol, quantity: zero, averageEntryPrice: zero, realizedPnl: zero };
}

/**
 * Applies a fill to a position (average-cost method) and returns the new position and the P&L it realized.
 * - Increasing (or opening) exposure re-weights the average entry price.
 * - Reducing realizes `(price - entry) * closed` for longs, `(entry - price) * closed` for shorts; entry unchanged.
 * - A fill larger than the position closes it and opens the rest on the other side at the fill price.
 * Exact decimal arithmetic throughout.
 */
export function applyFillToPosition(
  position: Position,
  side: OrderSide,
  quantity: Quantity,
  price: Price,
): { position: Position; realized: Decimal } {
  const signed = side === 'buy' ? quantity.value : quantity.value.negated();
  const q0 = position.quantity;
  const p = price.value;
  const zero = new Decimal(0);
  if (q0.isZero() || q0.isNegative() === signed.isNegative()) {
    const q1 = q0.plus(signed);
    const avg = q1.isZero() ? zero : position.averageEntryPrice.times(q0.abs()).plus(p.times(signed.abs())).div(q1.abs());
    return { position: { ...position, quantity: q1, averageEntryPrice: avg }, realized: zero };
  }
  const closing = Decimal.min(q0.abs(), signed.abs());
  const direction = q0.isNegative() ? -1 : 1;
  const realized = p.minus(position.averageEntryPrice).times(closing).times(direction);
  const q1 = q0.plus(signed);
  const avg = q1.isZero() ? zero : q1.isNegative() === q0.isNegative() ? position.averageEntryPrice : p;
  return {
    position: { ...position, quantity: q1, averageEntryPrice: avg, realizedPnl: position.realizedPnl.plus(realized) },
    realized,
  };
}

/** Unrealized P&L at `markPrice`: `(mark - entry) * quantity` (signed quantity handles shorts). */
export function unrealizedPnl(position: Position, markPrice: DecimalLike | Price): Decimal {
  const mark = typeof markPrice === 'object' && 'value' in markPrice ? markPrice.value : toDecimal(markPrice);
  return mark.minus(position.averageEntryPrice).times(position.quantity);
}
