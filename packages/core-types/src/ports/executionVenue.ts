import type { AccountBalances } from '../balance.js';
import type { Decimal } from '../decimal.js';
import type { Fill } from '../fill.js';
import type { Symbol, VenueId } from '../instrument.js';
import type { MarketEvent } from '../marketEvents.js';
import type { OrderStatus } from '../orderStatus.js';
import type { ClientOrderId, OrderRequest, OrderSide } from '../orders.js';
import type { Price } from '../price.js';
import type { Quantity } from '../quantity.js';

/** Changes to a resting order. */
export interface OrderAmendment {
  readonly quantity?: Quantity;
  readonly limitPrice?: Price;
  readonly stopPrice?: Price;
}

/** What a venue reports back, asynchronously (live) or synchronously (simulated). */
export type VenueEvent =
  | { readonly type: 'order-accepted'; readonly clientOrderId: ClientOrderId; readonly venueOrderId: string; readonly time: number }
  | { readonly type: 'order-rejected'; readonly clientOrderId: ClientOrderId; readonly reason: string; readonly time: number }
  | { readonly type: 'order-canceled'; readonly clientOrderId: ClientOrderId; readonly reason?: string; readonly time: number }
  | { readonly type: 'order-expired'; readonly clientOrderId: ClientOrderId; readonly time: number }
  | ({ readonly type: 'order-amended'; readonly clientOrderId: ClientOrderId; readonly time: number } & OrderAmendment)
  | { readonly type: 'cancel-rejected'; readonly clientOrderId: ClientOrderId; readonly reason: string; readonly time: number }
  | { readonly type: 'fill'; readonly fill: Fill };

/** The venue's view of one order (for reconciliation). */
export interface VenueOrderReport {
  readonly clientOrderId: ClientOrderId;
  readonly venueOrderId: string;
  readonly symbol: Symbol;
  readonly side: OrderSide;
  readonly status: OrderStatus;
  readonly quantity: Quantity;
  readonly filledQuantity: Quantity;
  readonly averagePrice?: Price;
  readonly limitPrice?: Price;
  readonly stopPrice?: Price;
}

/** A position as the venue reports it (derivatives venues); `quantity` signed. */
export interface VenuePosition {
  readonly symbol: Symbol;
  readonly quantity: Decimal;
  readonly averageEntryPrice?: Decimal;
}

/**
 * Port: where orders go. Commands are fire-and-forget; outcomes come back as {@link VenueEvent}s through the
 * handler, so the same kernel drives a synchronous simulated venue and an asynchronous exchange.
 * Only the kernel's order manager calls a venue, and only with orders the risk gate approved.
 */
export interface ExecutionVenue {
  readonly id: VenueId;
  /** True for simulated venues (backtest, paper). */
  readonly simulated: boolean;
  /** Registers the single receiver of venue events (the kernel). */
  setEventHandler(handler: (event: VenueEvent) => void): void;
  /** Sends a new order under its client order id. Duplicate ids must never create a second order. */
  submitOrder(clientOrderId: ClientOrderId, request: OrderRequest): void;
  cancelOrder(clientOrderId: ClientOrderId): void;
  amendOrder(clientOrderId: ClientOrderId, amendment: OrderAmendment): void;
  /** Simulated venues match resting orders against market data; live venues ignore it. */
  onMarketEvent?(event: MarketEvent): void;
  fetchBalances(): Promise<AccountBalances>;
  fetchOpenOrders(symbol?: Symbol): Promise<readonly VenueOrderReport[]>;
  /** Looks an order up by client id (used to avoid duplicates after a timeout). */
  fetchOrder?(clientOrderId: ClientOrderId, symbol: Symbol): Promise<VenueOrderReport | undefined>;
  /** Fills since a time, for reconciliation. */
  fetchFills?(since: number, symbol?: Symbol): Promise<readonly Fill[]>;
  fetchPositions?(): Promise<readonly VenuePosition[]>;
  connect?(): Promise<void>;
  close?(): Promise<void>;
}
