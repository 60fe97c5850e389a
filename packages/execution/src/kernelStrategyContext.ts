import type {
  BarHistory,
  ClientOrderId,
  DecimalLike,
  Instrument,
  Order,
  OrderAmendment,
  OrderInput,
  Position,
  Signal,
  StrategyContext,
  Symbol,
  TargetPositionOptions,
  TradingMode,
} from '@bot/core-types';

/** The exit legs of a bracket order: a take-profit limit and a stop-loss (stop, or stop-limit with `limitPrice`). */
export interface BracketExits {
  readonly takeProfit: { readonly limitPrice: DecimalLike; readonly tag?: string };
  readonly stopLoss: { readonly stopPrice: DecimalLike; readonly limitPrice?: DecimalLike; readonly tag?: string };
}

/** Client order ids of a bracket. */
export interface BracketIds {
  readonly entry: ClientOrderId;
  readonly takeProfit: ClientOrderId;
  readonly stopLoss: ClientOrderId;
}

/**
 * The `StrategyContext` the trading kernel gives strategies, plus linked orders. Strategies written against the
 * core-types interface run unchanged; those that want brackets and OCO can narrow to this type.
 */
export interface KernelStrategyContext extends StrategyContext {
  /**
   * Submits an entry with a take-profit and a stop-loss (both reduce-only, one-cancels-other, opposite side),
   * activated when the entry fills (for the filled quantity). All three legs pass the risk gate now; if any is
   * rejected, all are. @throws ValidationError for malformed legs; BotError `BAD_SYMBOL`.
   */
  submitBracket(entry: OrderInput, exits: BracketExits): BracketIds;
  /** Submits orders linked one-cancels-other (the first fill of any cancels the rest). */
  submitOco(orders: readonly OrderInput[]): readonly ClientOrderId[];
  /** Orders of this strategy that are not terminal, including bracket legs waiting for their entry. */
  pendingOrders(symbol?: Symbol): readonly Order[];
}

/** @internal What a context needs from the kernel. */
export interface KernelServices {
  now(): number;
  mode(): TradingMode;
  instrument(symbol: Symbol): Instrument;
  bars(symbol: Symbol): BarHistory;
  /** `generation` is bumped whenever a history object is replaced (a shared object: contexts read it per bar). */
  readonly historyVersion: { readonly generation: number };
  position(symbol: Symbol): Position;
  openOrders(strategyId: string, symbol?: Symbol): readonly Order[];
  pendingOrders(strategyId: string, symbol?: Symbol): readonly Order[];
  equity(): number;
  cash(): number;
  submit(strategyId: string, order: OrderInput): ClientOrderId;
  submitBracket(strategyId: string, entry: OrderInput, exits: BracketExits): BracketIds;
  submitOco(strategyId: string, orders: readonly OrderInput[]): readonly ClientOrderId[];
  cancel(strategyId: string, id: ClientOrderId): void;
  amend(strategyId: string, id: ClientOrderId, amendment: OrderAmendment): void;
  setTargetPosition(strategyId: string, symbol: Symbol, quantity: DecimalLike, options?: TargetPositionOptions): void;
  setTargetWeight(strategyId: string, symbol: Symbol, weight: number, options?: TargetPositionOptions): void;
  emitSignal(strategyId: string, signal: Signal): void;
}

/** @internal One strategy's window onto the kernel. */
export class KernelContext implements KernelStrategyContext {
  readonly strategyId: string;
  readonly #k: KernelServices;
  #lastSymbol: Symbol | undefined;
  #lastGen = -1;
  #lastHistory: BarHistory | undefined;

  constructor(strategyId: string, kernel: KernelServices) {
    this.strategyId = strategyId;
    this.#k = kernel;
  }
  now(): number {
    return this.#k.now();
  }
  get mode(): TradingMode {
    return this.#k.mode();
  }
  instrument(symbol: Symbol): Instrument {
    return this.#k.instrument(symbol);
  }
  bars(symbol: Symbol): BarHistory {
    // strategies ask for the same symbol every bar: remember the last answer (histories are replaced only
    // between runs, which bumps the kernel's generation); the lookup is a separate method to keep this inlinable
    if (symbol === this.#lastSymbol && this.#k.historyVersion.generation === this.#lastGen) return this.#lastHistory!;
    return this.#lookUpBars(symbol);
  }

  #lookUpBars(symbol: Symbol): BarHistory {
    const gen = this.#k.historyVersion.generation;
    const h = this.#k.bars(symbol);
    this.#lastSymbol = symbol;
    this.#lastGen = gen;
    this.#lastHistory = h;
    return h;
  }
  position(symbol: Symbol): Position {
    return this.#k.position(symbol);
  }
  openOrders(symbol?: Symbol): readonly Order[] {
    return this.#k.openOrders(this.strategyId, symbol);
  }
  pendingOrders(symbol?: Symbol): readonly Order[] {
    return this.#k.pendingOrders(this.strategyId, symbol);
  }
  equity(): number {
    return this.#k.equity();
  }
  cash(): number {
    return this.#k.cash();
  }
  submitOrder(order: OrderInput): ClientOrderId {
    return this.#k.submit(this.strategyId, order);
  }
  submitBracket(entry: OrderInput, exits: BracketExits): BracketIds {
    return this.#k.submitBracket(this.strategyId, entry, exits);
  }
  submitOco(orders: readonly OrderInput[]): readonly ClientOrderId[] {
    return this.#k.submitOco(this.strategyId, orders);
  }
  cancelOrder(clientOrderId: ClientOrderId): void {
    this.#k.cancel(this.strategyId, clientOrderId);
  }
  amendOrder(clientOrderId: ClientOrderId, amendment: OrderAmendment): void {
    this.#k.amend(this.strategyId, clientOrderId, amendment);
  }
  setTargetPosition(symbol: Symbol, quantity: DecimalLike, options?: TargetPositionOptions): void {
    this.#k.setTargetPosition(this.strategyId, symbol, quantity, options);
  }
  setTargetWeight(symbol: Symbol, weight: number, options?: TargetPositionOptions): void {
    this.#k.setTargetWeight(this.strategyId, symbol, weight, options);
  }
  emitSignal(signal: Signal): void {
    this.#k.emitSignal(this.strategyId, signal);
  }
}
