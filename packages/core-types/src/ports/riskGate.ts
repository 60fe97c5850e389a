import type { Fill } from '../fill.js';
import type { Instrument, Symbol } from '../instrument.js';
import type { Currency } from '../money.js';
import type { ClientOrderId, Order, OrderRequest } from '../orders.js';
import type { Quantity } from '../quantity.js';
import type { Subscribable } from '../subscribable.js';
import type { ModeChangeRequest, TradingMode } from '../tradingMode.js';

/** An order a strategy (or an execution algorithm) wants to place, before the risk gate decides. */
export interface OrderIntent {
  readonly clientOrderId: ClientOrderId;
  readonly request: OrderRequest;
  readonly strategyId?: string;
  /** Clock time of the decision, epoch ms. */
  readonly time: number;
}

/** Why the gate resized or rejected: a stable `code` (`max-order-notional`, `mode-pause`, ...) and figures. */
export interface RiskReason {
  readonly code: string;
  readonly message: string;
  /** The configured limit, in the unit of the check. */
  readonly limit?: number;
  /** The value the order would have produced. */
  readonly value?: number;
}

/** The gate's verdict. `resize` always means a smaller quantity that passes every check. */
export type RiskDecision =
  | { readonly kind: 'approve'; readonly reasons: readonly RiskReason[] }
  | { readonly kind: 'resize'; readonly quantity: Quantity; readonly reasons: readonly RiskReason[] }
  | { readonly kind: 'reject'; readonly reasons: readonly RiskReason[] };

/** A read-only view of the account for risk checks (numbers: risk math is approximate by nature). */
export interface PortfolioView {
  /** Account (reporting) currency. */
  readonly currency: Currency;
  /** Cash + positions marked at the last price, in account currency. */
  equity(): number;
  /** Cash in account currency. */
  cash(): number;
  /** Signed position quantity (0 when flat). */
  positionQuantity(symbol: Symbol): number;
  /** Symbols with a non-zero position. */
  positionSymbols(): Iterable<Symbol>;
  /** Orders not yet terminal. */
  openOrders(): readonly Order[];
  /** Highest equity seen (for drawdown). */
  peakEquity(): number;
  /** Equity at the start of the current UTC day (for the daily loss limit). */
  startOfDayEquity(): number;
}

/** A read-only view of market state for risk checks. */
export interface MarketView {
  /** Last traded or close price, undefined when nothing is known yet. */
  lastPrice(symbol: Symbol): number | undefined;
  /** Clock time of the last market update for the symbol. */
  lastUpdateTime(symbol: Symbol): number | undefined;
  /** Best bid/ask when known. */
  bestBidAsk?(symbol: Symbol): { readonly bid: number; readonly ask: number } | undefined;
  instrument(symbol: Symbol): Instrument | undefined;
}

/** Everything the gate sees about the world when it checks an intent. */
export interface RiskContext {
  readonly now: number;
  readonly portfolio: PortfolioView;
  readonly market: MarketView;
}

/**
 * Port: the pre-trade risk gate. Every order passes through `check` before it reaches a venue; the gate also owns
 * the current {@link TradingMode} and announces changes (the kernel cancels and flattens on `emergency`).
 * `check` is synchronous and must be fast (a hot path).
 */
export interface RiskGate {
  readonly mode: TradingMode;
  check(intent: OrderIntent, context: RiskContext): RiskDecision;
  /** Lets the gate track realised losses, slippage and order rates. */
  onFill?(fill: Fill, context: RiskContext): void;
  /** Asks the gate to change mode (kill switch, operator, breaker). The gate decides and may refuse. */
  requestMode?(request: ModeChangeRequest): void;
  /** Mode changes as they happen. */
  readonly modeChanges?: Subscribable<ModeChangeRequest>;
}
