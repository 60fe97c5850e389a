/**
 * @packageDocumentation
 * The shared vocabulary of @bot: exact value types on decimal.js, instruments, market events, orders and their
 * state machine, fills, positions, balances, trading modes, the error family, parsers for untrusted input, and
 * the ports (interfaces) that every other package implements or consumes.
 */
export { BotError, ValidationError, InvalidTransitionError, RETRYABLE_CODES, isBotError, isRetryable, describeValue, formatLocation, errorClassNames } from './errors.js';
export { mapCcxtError, exchangeMessageOf } from './ccxtError.js';
export type { ErrorCode, BotErrorOptions, InputLocation } from './errors.js';
export { Decimal, toDecimal, roundToIncrement, isMultipleOf } from './decimal.js';
export type { DecimalLike, RoundingMode } from './decimal.js';
export { Price } from './price.js';
export { Quantity } from './quantity.js';
export { Money } from './money.js';
export type { Currency } from './money.js';
export { createInstrument, roundPrice, roundQuantity, orderSizeProblem } from './instrument.js';
export type { Instrument, InstrumentSpec, Symbol, VenueId } from './instrument.js';
export { parseTimeframe, timeframeToMs, msToTimeframe } from './timeframe.js';
export type { Timeframe } from './timeframe.js';
export { eventTime, barAt, barSeriesFromBars } from './marketEvents.js';
export type {
  Bar,
  Trade,
  Quote,
  BookLevel,
  OrderBookSnapshot,
  OrderBookDelta,
  MarketEvent,
  MarketEventType,
  AggressorSide,
  BarSeries,
} from './marketEvents.js';
export { parseBar, parseTrade, parseEpochMs } from './parse.js';
export type { ParseBarOptions } from './parse.js';
export { createOrderRequest, clientOrderId, remainingQuantity, ORDER_SIDES, ORDER_TYPES, TIMES_IN_FORCE } from './orders.js';
export type {
  OrderSide,
  OrderType,
  TimeInForce,
  ClientOrderId,
  OrderRequest,
  MarketOrderRequest,
  LimitOrderRequest,
  StopOrderRequest,
  StopLimitOrderRequest,
  TrailingStopOrderRequest,
  OrderInput,
  Order,
} from './orders.js';
export {
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  canTransitionOrder,
  transitionOrder,
  isTerminalOrderStatus,
  isOpenOrderStatus,
} from './orderStatus.js';
export type { OrderStatus } from './orderStatus.js';
export type { Fill, Liquidity } from './fill.js';
export { flatPosition, applyFillToPosition, unrealizedPnl } from './position.js';
export type { Position } from './position.js';
export type { Balance, AccountBalances } from './balance.js';
export { TradingMode, TRADING_MODES, tradingModeSeverity } from './tradingMode.js';
export type { ModeChangeRequest } from './tradingMode.js';
export { SystemClock, ManualClock } from './clock.js';
export type { Clock, TimerHandle } from './clock.js';
export type { Observer, Unsubscribable, Subscribable } from './subscribable.js';
export type { MarketDataSource } from './ports/marketDataSource.js';
export type { ExecutionVenue, VenueEvent, VenueOrderReport, VenuePosition, OrderAmendment } from './ports/executionVenue.js';
export type { RiskGate, RiskDecision, RiskReason, RiskContext, OrderIntent, PortfolioView, MarketView } from './ports/riskGate.js';
export { AUDIT_RECORD_TYPES } from './ports/auditSink.js';
export type { AuditSink, AuditEvent, AuditRecordType, JsonValue } from './ports/auditSink.js';
export type { Forecaster, Forecast } from './ports/forecaster.js';
export type { PositionSizer, SizingRequest } from './ports/positionSizer.js';
export type {
  Strategy,
  StrategyContext,
  StrategyDefinition,
  StrategyCreateOptions,
  BarHistory,
  Signal,
  TargetPositionOptions,
} from './ports/strategy.js';
export { resolveParams } from './ports/strategyParams.js';
export type { ParamSpec, ParamSpecs, ParamValue, ParamValues } from './ports/strategyParams.js';
