import type { Symbol } from './instrument.js';
import type { Money } from './money.js';
import type { ClientOrderId, OrderSide } from './orders.js';
import type { Price } from './price.js';
import type { Quantity } from './quantity.js';

/** Whether a fill added liquidity (maker) or took it (taker); decides the fee rate. */
export type Liquidity = 'maker' | 'taker';

/** One execution of (part of) an order. All amounts exact. */
export interface Fill {
  /** Unique per venue; used to de-duplicate replayed fills. */
  readonly fillId: string;
  readonly clientOrderId: ClientOrderId;
  readonly venueOrderId?: string;
  readonly symbol: Symbol;
  readonly side: OrderSide;
  /** Executed quantity, > 0. */
  readonly quantity: Quantity;
  /** Execution price. */
  readonly price: Price;
  /** Fee charged (positive) or rebated (negative), in `fee.currency`. */
  readonly fee: Money;
  readonly liquidity: Liquidity;
  /** Execution time, epoch ms (clock time for simulated fills). */
  readonly time: number;
}
