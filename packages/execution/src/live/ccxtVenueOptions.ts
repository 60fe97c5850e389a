import type { AccountBalances, AuditSink, BotError, Clock, Currency, Decimal, Instrument, Order, Symbol, VenueId, VenueOrderReport } from '@bot/core-types';
import type { Exchange } from 'ccxt';
import type { RetryPolicy } from './retryPolicy.js';

/**
 * What reconciliation does with an open venue order it does not know (no local order has its client id):
 * `adopt` tracks it (its events flow to the handler under its client id; the engine decides whether the order
 * manager takes it over, see {@link CcxtVenueOptions.onAdopt}), `cancel` cancels it at the venue, `ignore` only
 * reports it.
 */
export type UnknownOrderPolicy = 'adopt' | 'cancel' | 'ignore';

/** Kinds of difference reconciliation can find between the local view and the venue. */
export type ReconcileDifferenceKind =
  /** A fill the venue has and we never delivered (replayed as a `fill` event). */
  | 'missed-fill'
  /** An open venue order no local order claims (handled by {@link UnknownOrderPolicy}). */
  | 'unknown-order'
  /** A venue fill of an order we do not track (reported only). */
  | 'unknown-fill'
  /** A local order whose venue status moved on without us hearing (the terminal event is replayed). */
  | 'status-mismatch'
  /** A local open order the venue does not have at all. */
  | 'missing-order'
  /** A balance that differs from the expected one by more than the tolerance. */
  | 'balance-mismatch';

/** One difference found by {@link CcxtVenue.reconcile}, as reported to the callback and the audit trail. */
export interface ReconcileDifference {
  readonly kind: ReconcileDifferenceKind;
  /** What the reconciler did about it. */
  readonly action: 'replayed' | 'adopted' | 'canceled' | 'ignored' | 'reported' | 'cancel-failed';
  readonly symbol?: Symbol;
  readonly clientOrderId?: string;
  readonly venueOrderId?: string;
  /** Human-readable description with the figures. */
  readonly detail: string;
  /** Clock time, epoch ms. */
  readonly time: number;
}

/** The outcome of one reconciliation pass. */
export interface ReconcileReport {
  /** Clock time at the start of the pass, epoch ms. */
  readonly time: number;
  readonly differences: readonly ReconcileDifference[];
  /** Venue balances fetched by the pass. */
  readonly balances: AccountBalances;
  /** Venue open orders of the reconciled symbols, as translated reports. */
  readonly openOrders: readonly VenueOrderReport[];
}

/** Inputs of one reconciliation pass. */
export interface ReconcileOptions {
  /** Expected total balances by currency (e.g. from the portfolio); differences above the tolerance are reported. */
  readonly expectedBalances?: ReadonlyMap<Currency, Decimal>;
  /** Absolute tolerance of the balance comparison, in each currency's units. Default 0 (exact). */
  readonly balanceTolerance?: Decimal;
  /** Fills since this time (epoch ms) are compared. Default: the oldest tracked order's creation time minus 1 min. */
  readonly since?: number;
}

/** Options of {@link CcxtVenue}. */
export interface CcxtVenueOptions {
  /** A ccxt exchange instance (a `ccxt.pro` class for streaming; a plain REST class polls). Credentials set on it. */
  readonly exchange: Exchange;
  /** Instruments traded through this venue (symbols in ccxt's unified form, `BTC/USDT`). */
  readonly instruments: readonly Instrument[];
  /** Time source for backoff, polling and the reconciliation schedule. */
  readonly clock: Clock;
  /** Venue id used in fills' actors and breaker feeds. Default `exchange.id`. */
  readonly id?: VenueId;
  /** Retry policy of order and query calls. */
  readonly retry?: Partial<RetryPolicy>;
  /** Use `watchOrders`/`watchMyTrades`. Default: when the exchange has both. */
  readonly streaming?: boolean;
  /** Polling cadence while the stream is down (or when not streaming), ms. Default 2000. */
  readonly pollIntervalMs?: number;
  /** Wait before re-opening a dropped stream, ms. Default 5000. */
  readonly streamRetryMs?: number;
  /** Scheduled reconciliation period after `connect()`, ms; 0 disables the schedule. Default 60 000. */
  readonly reconcileIntervalMs?: number;
  /**
   * After an ambiguous failure (timeout, connection fault, 5xx) of a create or amend, how long after the send the
   * venue keeps looking for the order before concluding it was not applied and sending again, ms. Must exceed the
   * exchange's request validity window (Binance `recvWindow`: 5 000 ms by default, 10 000 ms as ccxt sends it).
   * Default 15 000.
   */
  readonly ambiguityWindowMs?: number;
  /** Policy for unknown open venue orders. Default `cancel`. */
  readonly unknownOrderPolicy?: UnknownOrderPolicy;
  /** Audit trail for reconciliation differences (actor `reconciler`). */
  readonly auditSink?: AuditSink;
  /** Every failed venue call (feed `gate.breakers.recordVenueError(venue.id)`). */
  readonly onVenueError?: (error: BotError, operation: string) => void;
  /** Every successful venue call (feed `gate.breakers.recordVenueSuccess(venue.id)`). */
  readonly onVenueSuccess?: (operation: string) => void;
  /** Every reconciliation difference, as found. */
  readonly onReconcileDifference?: (difference: ReconcileDifference) => void;
  /** An unknown venue order was adopted under the policy `adopt` (register it with the order manager here). */
  readonly onAdopt?: (report: VenueOrderReport) => void;
  /** Problems that are not a single call's failure (stream down, a venue report that contradicts our books). */
  readonly onProblem?: (error: BotError) => void;
}

/** Local state handed to {@link CcxtVenue.restore} after a restart. */
export interface RestoreInput {
  /** Every order the engine restored (e.g. `kernel.orders()`); open ones are tracked again. */
  readonly orders: readonly Order[];
  /** Fill ids already booked (e.g. `kernel.fills().map(f => f.fillId)`), never replayed. */
  readonly fillIds: Iterable<string>;
}

/** Counters of a venue (what arrived through which path), for health pages and tests. */
export interface CcxtVenueStats {
  fillsFromResponse: number;
  fillsFromStream: number;
  fillsFromPolling: number;
  fillsFromReconcile: number;
  duplicateFillsIgnored: number;
  createAttempts: number;
  lookupsAfterAmbiguousFailure: number;
  streamDrops: number;
  polls: number;
}
