import type { DecimalLike } from '../decimal.js';
import type { Fill } from '../fill.js';
import type { Instrument, Symbol } from '../instrument.js';
import type { Bar, OrderBookSnapshot, Quote, Trade } from '../marketEvents.js';
import type { ClientOrderId, Order, OrderInput } from '../orders.js';
import type { Position } from '../position.js';
import type { TradingMode } from '../tradingMode.js';
import type { OrderAmendment } from './executionVenue.js';
import type { JsonValue } from './auditSink.js';
import type { ParamSpecs, ParamValues } from './strategyParams.js';

/**
 * The closed bars of one symbol, newest at `ago = 0`. There is no way to reach a bar that has not closed:
 * the kernel appends a bar only after its close time.
 */
export interface BarHistory {
  readonly symbol: Symbol;
  /** Closed bars so far. */
  readonly length: number;
  /** The bar `ago` bars back (0 = latest closed), undefined out of range. */
  at(ago: number): Bar | undefined;
  /** Close `ago` bars back, `NaN` out of range. */
  close(ago?: number): number;
  open(ago?: number): number;
  high(ago?: number): number;
  low(ago?: number): number;
  volume(ago?: number): number;
  openTime(ago?: number): number;
  /** The last `count` closes, oldest first (a copy; shorter when fewer bars exist). */
  closes(count: number): Float64Array;
}

/** A directional opinion, recorded for the audit trail and combined by ensembles. */
export interface Signal {
  readonly symbol: Symbol;
  /** In [-1, 1]: -1 full short, 0 flat, 1 full long. */
  readonly strength: number;
  readonly reason?: string;
}

/** How a target position is reached. */
export interface TargetPositionOptions {
  /** `market` (default) or `limit` at `limitPrice`. */
  readonly type?: 'market' | 'limit';
  readonly limitPrice?: DecimalLike;
  readonly tag?: string;
}

/**
 * What a strategy may see and do. Everything it sees is as of the current clock time (closed bars only, its own
 * positions and orders); everything it does goes through the risk gate.
 */
export interface StrategyContext {
  readonly strategyId: string;
  /** Clock time, epoch ms. */
  now(): number;
  /** Current trading mode (orders that the mode forbids will be rejected by the gate). */
  readonly mode: TradingMode;
  /** @throws BotError `BAD_SYMBOL` for an instrument the run does not trade. */
  instrument(symbol: Symbol): Instrument;
  /** Closed bars of a symbol. */
  bars(symbol: Symbol): BarHistory;
  /** This account's position in a symbol (flat when none). */
  position(symbol: Symbol): Position;
  /** Orders of this strategy that are not terminal. */
  openOrders(symbol?: Symbol): readonly Order[];
  /** Marked equity in account currency. */
  equity(): number;
  /** Free cash in account currency. */
  cash(): number;
  /** Validates and submits an order through the risk gate; rejections arrive via `onOrderUpdate`. */
  submitOrder(order: OrderInput): ClientOrderId;
  cancelOrder(clientOrderId: ClientOrderId): void;
  amendOrder(clientOrderId: ClientOrderId, amendment: OrderAmendment): void;
  /**
   * Asks for a signed target position (+ long, - short, 0 flat); the kernel sends the difference as an order,
   * taking this strategy's open orders into account.
   */
  setTargetPosition(symbol: Symbol, quantity: DecimalLike, options?: TargetPositionOptions): void;
  /**
   * Asks for a target exposure in [-1, 1] (1 = fully long under the run's sizing policy, -1 fully short, 0 flat).
   * The run's {@link PositionSizer} turns it into a quantity (e.g. all-in: `cash / (price * (1 + fee))`), then it
   * proceeds like {@link StrategyContext.setTargetPosition}. Built-in strategies use this so sizing stays a run choice.
   */
  setTargetWeight(symbol: Symbol, weight: number, options?: TargetPositionOptions): void;
  /** Records a signal (audit trail, ensembles). */
  emitSignal(signal: Signal): void;
}

/**
 * A trading strategy: callbacks invoked by the kernel in event order. Every callback is optional except the
 * identity. State needed across restarts is returned by `saveState` and given back to `restoreState`.
 */
export interface Strategy {
  /** Instance id, unique in a run (`sma-cross#1`). */
  readonly id: string;
  onStart?(ctx: StrategyContext): void;
  /** A bar closed. */
  onBar?(bar: Bar, ctx: StrategyContext): void;
  onTrade?(trade: Trade, ctx: StrategyContext): void;
  onQuote?(quote: Quote, ctx: StrategyContext): void;
  /** The book after applying the latest snapshot/delta. */
  onOrderBook?(book: OrderBookSnapshot, ctx: StrategyContext): void;
  onFill?(fill: Fill, ctx: StrategyContext): void;
  onOrderUpdate?(order: Order, ctx: StrategyContext): void;
  onModeChange?(mode: TradingMode, ctx: StrategyContext): void;
  onStop?(ctx: StrategyContext): void;
  saveState?(): JsonValue;
  restoreState?(state: JsonValue): void;
}

/**
 * A strategy type: its name, documentation and typed parameters with ranges (usable by optimisers), and a factory.
 *
 * @example
 * ```ts
 * const def = strategies.get('sma-cross');
 * const s = def.create(resolveParams(def.params, { fast: '10', slow: 30 }), { symbols: ['BTC/USDT'] });
 * ```
 */
export interface StrategyDefinition<S extends ParamSpecs = ParamSpecs> {
  /** Registry name (`sma-cross`). */
  readonly name: string;
  /** What it trades and when. */
  readonly description: string;
  readonly params: S;
  create(params: ParamValues<S>, options: StrategyCreateOptions): Strategy;
  /**
   * Closed bars of history the strategy needs before it can take its first decision with these parameters (e.g.
   * `slow + 1` for a moving-average crossover). Live and paper-live engines fetch this many bars and replay them
   * to the strategy, without trading, before the first live bar. Omit when the strategy needs no bar history.
   */
  warmupBars?(params: ParamValues<S>): number;
}

/** Run-level inputs to a strategy factory. */
export interface StrategyCreateOptions {
  /** Symbols the strategy trades (pairs strategies take two). */
  readonly symbols: readonly Symbol[];
  /** Instance id; defaults to the definition name. */
  readonly id?: string;
  /** Services by port (e.g. a `Forecaster`), keyed by name. */
  readonly services?: Readonly<Record<string, unknown>>;
}
