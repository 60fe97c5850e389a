import { type Decimal, type DecimalLike, toDecimal } from './decimal.js';
import { type InputLocation, ValidationError } from './errors.js';
import type { Symbol } from './instrument.js';
import { Price } from './price.js';
import { Quantity } from './quantity.js';
import type { OrderStatus } from './orderStatus.js';

/** Buy or sell. */
export type OrderSide = 'buy' | 'sell';
/** The five order types of @bot. */
export type OrderType = 'market' | 'limit' | 'stop' | 'stop-limit' | 'trailing-stop';
/**
 * Time in force:
 * `GTC` good till canceled; `IOC` fill what you can now, cancel the rest; `FOK` fill all now or nothing;
 * `GTD` good till `expireTime`; `DAY` good until the end of the UTC day it became active.
 */
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'GTD' | 'DAY';

/** Every order side (for parsers and property tests). */
export const ORDER_SIDES: readonly OrderSide[] = ['buy', 'sell'];
/** Every order type. */
export const ORDER_TYPES: readonly OrderType[] = ['market', 'limit', 'stop', 'stop-limit', 'trailing-stop'];
/** Every time in force. */
export const TIMES_IN_FORCE: readonly TimeInForce[] = ['GTC', 'IOC', 'FOK', 'GTD', 'DAY'];

/**
 * A client order id: the key under which we track an order at a venue (idempotency key). 1-36 characters of
 * `[A-Za-z0-9._:-]`, the intersection of what major exchanges accept.
 */
export type ClientOrderId = string & { readonly __brand: 'ClientOrderId' };

/** Validates a client order id. @throws ValidationError (field `clientOrderId`). */
export function clientOrderId(value: string): ClientOrderId {
  if (typeof value !== 'string' || !/^[A-Za-z0-9._:-]{1,36}$/.test(value)) {
    throw new ValidationError('clientOrderId', value, '1-36 characters of A-Z a-z 0-9 . _ : -');
  }
  return value as ClientOrderId;
}

/** Fields shared by every order request. */
interface OrderRequestBase {
  readonly symbol: Symbol;
  readonly side: OrderSide;
  readonly quantity: Quantity;
  readonly timeInForce: TimeInForce;
  /** Expiry for `GTD`, epoch ms. */
  readonly expireTime?: number;
  /** Rest on the book as maker or be rejected (limit orders only). */
  readonly postOnly: boolean;
  /** May only reduce an existing position, never open or flip one. */
  readonly reduceOnly: boolean;
  /** Assigned by the order manager when absent. */
  readonly clientOrderId?: ClientOrderId;
  /** The strategy that asked for this order. */
  readonly strategyId?: string;
  /** Free-form label (e.g. `entry`, `take-profit`). */
  readonly tag?: string;
}
/** Fill now at the best available price. */
export interface MarketOrderRequest extends OrderRequestBase {
  readonly type: 'market';
}
/** Fill at `limitPrice` or better. */
export interface LimitOrderRequest extends OrderRequestBase {
  readonly type: 'limit';
  readonly limitPrice: Price;
}
/** Becomes a market order when the price trades through `stopPrice` (buy: at or above; sell: at or below). */
export interface StopOrderRequest extends OrderRequestBase {
  readonly type: 'stop';
  readonly stopPrice: Price;
}
/** Becomes a limit order at `limitPrice` when `stopPrice` trades. */
export interface StopLimitOrderRequest extends OrderRequestBase {
  readonly type: 'stop-limit';
  readonly stopPrice: Price;
  readonly limitPrice: Price;
}
/**
 * A stop that follows the market: for a sell, the stop sits `trailingOffset` below the highest price seen since
 * activation (for a buy, above the lowest). The offset is in price units or basis points.
 */
export interface TrailingStopOrderRequest extends OrderRequestBase {
  readonly type: 'trailing-stop';
  readonly trailingOffset: Decimal;
  readonly trailingOffsetType: 'price' | 'bps';
}
/** A validated order request, discriminated by `type`. Produced by {@link createOrderRequest}. */
export type OrderRequest =
  | MarketOrderRequest
  | LimitOrderRequest
  | StopOrderRequest
  | StopLimitOrderRequest
  | TrailingStopOrderRequest;

/**
 * Loose order input, as a strategy or config writes it: numbers or strings for decimals, defaults for flags.
 * Validate with {@link createOrderRequest}.
 */
export interface OrderInput {
  readonly symbol: Symbol;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly quantity: DecimalLike | Quantity;
  readonly limitPrice?: DecimalLike | Price;
  readonly stopPrice?: DecimalLike | Price;
  readonly trailingOffset?: DecimalLike;
  readonly trailingOffsetType?: 'price' | 'bps';
  readonly timeInForce?: TimeInForce;
  readonly expireTime?: number;
  readonly postOnly?: boolean;
  readonly reduceOnly?: boolean;
  readonly clientOrderId?: string;
  readonly strategyId?: string;
  readonly tag?: string;
}

/**
 * Validates loose input into an {@link OrderRequest}. Rules: quantity > 0; limit price for `limit`/`stop-limit`;
 * stop price for `stop`/`stop-limit`; a positive trailing offset for `trailing-stop`; `expireTime` iff `GTD`;
 * `postOnly` only on `limit` orders and not with `IOC`/`FOK`; market orders are not `GTD`/`DAY`.
 * Defaults: `timeInForce` `GTC` (`IOC` for market orders), flags false.
 *
 * @throws ValidationError naming the field, the value seen and what was expected.
 */
export function createOrderRequest(input: OrderInput, location?: InputLocation): OrderRequest {
  const where = location === undefined ? {} : { location };
  const fail = (field: string, value: unknown, expected: string): never => {
    throw new ValidationError(field, value, expected, where);
  };
  if (input === null || typeof input !== 'object') fail('order', input, 'an object');
  if (typeof input.symbol !== 'string' || input.symbol.length === 0) fail('symbol', input.symbol, 'a symbol such as BTC/USDT');
  if (!ORDER_SIDES.includes(input.side)) fail('side', input.side, 'buy or sell');
  if (!ORDER_TYPES.includes(input.type)) fail('type', input.type, ORDER_TYPES.join(', '));
  const quantity = toQuantity(input.quantity, where);
  if (quantity.isZero()) fail('quantity', input.quantity, 'a quantity > 0');
  const timeInForce = input.timeInForce ?? (input.type === 'market' ? 'IOC' : 'GTC');
  if (!TIMES_IN_FORCE.includes(timeInForce)) fail('timeInForce', timeInForce, TIMES_IN_FORCE.join(', '));
  if (timeInForce === 'GTD') {
    if (typeof input.expireTime !== 'number' || !Number.isFinite(input.expireTime)) {
      fail('expireTime', input.expireTime, 'an epoch-ms expiry time for GTD orders');
    }
  } else if (input.expireTime !== undefined) {
    fail('expireTime', input.expireTime, 'no expireTime unless timeInForce is GTD');
  }
  const postOnly = input.postOnly ?? false;
  if (postOnly && input.type !== 'limit') fail('postOnly', postOnly, 'postOnly only on limit orders');
  if (postOnly && (timeInForce === 'IOC' || timeInForce === 'FOK')) {
    fail('postOnly', postOnly, 'postOnly with GTC, GTD or DAY (a post-only order must be able to rest)');
  }
  if (input.type === 'market' && (timeInForce === 'GTD' || timeInForce === 'DAY')) {
    fail('timeInForce', timeInForce, 'IOC, FOK or GTC for market orders');
  }
  const base = {
    symbol: input.symbol,
    side: input.side,
    quantity,
    timeInForce,
    postOnly,
    reduceOnly: input.reduceOnly ?? false,
    ...(input.expireTime === undefined ? {} : { expireTime: input.expireTime }),
    ...(input.clientOrderId === undefined ? {} : { clientOrderId: clientOrderId(input.clientOrderId) }),
    ...(input.strategyId === undefined ? {} : { strategyId: input.strategyId }),
    ...(input.tag === undefined ? {} : { tag: input.tag }),
  };
  const price = (field: 'limitPrice' | 'stopPrice'): Price => {
    const v = input[field];
    if (v === undefined) return fail(field, v, `a ${field} > 0 for ${input.type} orders`);
    if (v instanceof Price) return v.value.gt(0) ? v : fail(field, v.toString(), `a ${field} > 0`);
    return toPrice(field, v, where);
  };
  switch (input.type) {
    case 'market':
      return { ...base, type: 'market' };
    case 'limit':
      return { ...base, type: 'limit', limitPrice: price('limitPrice') };
    case 'stop':
      return { ...base, type: 'stop', stopPrice: price('stopPrice') };
    case 'stop-limit':
      return { ...base, type: 'stop-limit', stopPrice: price('stopPrice'), limitPrice: price('limitPrice') };
    case 'trailing-stop': {
      const offsetType = input.trailingOffsetType ?? 'price';
      if (offsetType !== 'price' && offsetType !== 'bps') fail('trailingOffsetType', offsetType, 'price or bps');
      let offset: Decimal | undefined;
      try {
        offset = input.trailingOffset === undefined ? undefined : toDecimal(input.trailingOffset);
      } catch {
        offset = undefined;
      }
      if (offset === undefined || offset.lte(0)) fail('trailingOffset', input.trailingOffset, 'a trailing offset > 0');
      return { ...base, type: 'trailing-stop', trailingOffset: offset!, trailingOffsetType: offsetType };
    }
  }
}

function toQuantity(value: DecimalLike | Quantity, where: { location?: InputLocation }): Quantity {
  if (value instanceof Quantity) return value;
  try {
    return Quantity.of(value);
  } catch (cause) {
    throw new ValidationError('quantity', value, 'a finite quantity > 0', { ...where, cause });
  }
}

function toPrice(field: string, value: DecimalLike, where: { location?: InputLocation }): Price {
  try {
    return Price.of(value);
  } catch (cause) {
    throw new ValidationError(field, value, `a ${field} > 0`, { ...where, cause });
  }
}

/**
 * An order as tracked by the order manager and shown to strategies (read-only view). `filledQuantity` and
 * `averageFillPrice` are exact.
 */
export interface Order {
  readonly clientOrderId: ClientOrderId;
  /** The venue's id, once it acknowledged the order. */
  readonly venueOrderId?: string;
  readonly request: OrderRequest;
  readonly status: OrderStatus;
  readonly filledQuantity: Quantity;
  /** Volume-weighted average fill price, undefined before the first fill. */
  readonly averageFillPrice?: Price;
  /** When the order was created locally (clock time, epoch ms). */
  readonly createdAt: number;
  /** When the status or fill state last changed. */
  readonly updatedAt: number;
  /** Why the venue or the risk gate rejected it, or why it was canceled/expired. */
  readonly reason?: string;
}

/** Quantity still open on an order: `request.quantity - filledQuantity`. */
export function remainingQuantity(order: Order): Quantity {
  return order.request.quantity.minus(order.filledQuantity);
}
