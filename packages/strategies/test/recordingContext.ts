import {
  type Bar,
  type BarHistory,
  type ClientOrderId,
  type DecimalLike,
  type Instrument,
  type Order,
  type OrderAmendment,
  type OrderInput,
  type Position,
  type Signal,
  type Strategy,
  type StrategyContext,
  type Symbol,
  type TargetPositionOptions,
  BotError,
  TradingMode,
  clientOrderId,
  createInstrument,
  createOrderRequest,
  flatPosition,
  Quantity,
  toDecimal,
} from '@bot/core-types';

/** Closed bars of one symbol, newest at ago = 0; nothing beyond what was fed is reachable. */
class RecordedHistory implements BarHistory {
  readonly bars: Bar[] = [];
  constructor(readonly symbol: Symbol) {}
  get length(): number {
    return this.bars.length;
  }
  at(ago: number): Bar | undefined {
    if (!Number.isInteger(ago) || ago < 0) return undefined;
    return this.bars[this.bars.length - 1 - ago];
  }
  private field(ago: number, f: 'open' | 'high' | 'low' | 'close' | 'volume' | 'openTime'): number {
    const b = this.at(ago);
    return b === undefined ? Number.NaN : b[f];
  }
  close(ago = 0): number {
    return this.field(ago, 'close');
  }
  open(ago = 0): number {
    return this.field(ago, 'open');
  }
  high(ago = 0): number {
    return this.field(ago, 'high');
  }
  low(ago = 0): number {
    return this.field(ago, 'low');
  }
  volume(ago = 0): number {
    return this.field(ago, 'volume');
  }
  openTime(ago = 0): number {
    return this.field(ago, 'openTime');
  }
  closes(count: number): Float64Array {
    const k = Math.min(count, this.bars.length);
    const out = new Float64Array(k);
    for (let i = 0; i < k; i++) out[i] = this.bars[this.bars.length - k + i]!.close;
    return out;
  }
}

/** One recorded target-weight request. */
export interface WeightRecord {
  readonly time: number;
  readonly symbol: Symbol;
  readonly weight: number;
}

/** One recorded action on orders. */
export type OrderAction =
  | { readonly kind: 'submit'; readonly time: number; readonly id: ClientOrderId; readonly order: OrderInput }
  | { readonly kind: 'cancel'; readonly time: number; readonly id: ClientOrderId }
  | { readonly kind: 'amend'; readonly time: number; readonly id: ClientOrderId; readonly amendment: OrderAmendment };

/**
 * A small StrategyContext for unit tests: feeds closed bars, records target weights / positions / orders /
 * signals, and keeps positions that tests set explicitly (or that follow target positions when `autoFill`).
 * It is not a kernel: no matching, no risk gate, no portfolio accounting.
 */
export class RecordingContext implements StrategyContext {
  readonly strategyId: string;
  mode: TradingMode = TradingMode.Normal;
  time = 0;
  readonly weights: WeightRecord[] = [];
  readonly targets: { time: number; symbol: Symbol; quantity: number; options?: TargetPositionOptions }[] = [];
  readonly orders: OrderAction[] = [];
  readonly signals: Signal[] = [];
  readonly open = new Map<ClientOrderId, Order>();
  private readonly histories = new Map<Symbol, RecordedHistory>();
  private readonly positions = new Map<Symbol, Position>();
  private readonly latestWeight = new Map<Symbol, number>();
  private seq = 0;
  equityValue = 10_000;

  constructor(
    private readonly strategy: Strategy,
    private readonly instruments: Record<Symbol, Instrument> = {},
  ) {
    this.strategyId = strategy.id;
  }

  /** Appends a closed bar (clock = its close time) and calls `onBar`. */
  feed(bar: Bar, closeTimeMs = bar.openTime): void {
    this.time = closeTimeMs;
    let h = this.histories.get(bar.symbol);
    if (!h) {
      h = new RecordedHistory(bar.symbol);
      this.histories.set(bar.symbol, h);
    }
    h.bars.push(bar);
    this.strategy.onBar?.(bar, this);
  }

  /** The latest target weight asked for a symbol (0 when none). */
  weight(symbol: Symbol): number {
    return this.latestWeight.get(symbol) ?? 0;
  }

  setPosition(symbol: Symbol, quantity: DecimalLike, entry: DecimalLike = 0): void {
    this.positions.set(symbol, { ...flatPosition(symbol), quantity: toDecimal(quantity), averageEntryPrice: toDecimal(entry) });
  }

  now(): number {
    return this.time;
  }
  instrument(symbol: Symbol): Instrument {
    const i = this.instruments[symbol];
    if (i) return i;
    if (!this.histories.has(symbol)) throw new BotError('BAD_SYMBOL', `unknown symbol ${symbol}`);
    return createInstrument({ symbol, tickSize: '0.00000001', lotSize: '0.00000001' });
  }
  bars(symbol: Symbol): BarHistory {
    let h = this.histories.get(symbol);
    if (!h) {
      h = new RecordedHistory(symbol);
      this.histories.set(symbol, h);
    }
    return h;
  }
  position(symbol: Symbol): Position {
    return this.positions.get(symbol) ?? flatPosition(symbol);
  }
  openOrders(symbol?: Symbol): readonly Order[] {
    return [...this.open.values()].filter((o) => symbol === undefined || o.request.symbol === symbol);
  }
  equity(): number {
    return this.equityValue;
  }
  cash(): number {
    return this.equityValue;
  }
  submitOrder(order: OrderInput): ClientOrderId {
    const request = createOrderRequest(order);
    const id = clientOrderId(order.clientOrderId ?? `t${++this.seq}`);
    this.orders.push({ kind: 'submit', time: this.time, id, order });
    this.open.set(id, {
      clientOrderId: id,
      request,
      status: 'accepted',
      filledQuantity: Quantity.ZERO,
      createdAt: this.time,
      updatedAt: this.time,
    } as Order);
    return id;
  }
  cancelOrder(id: ClientOrderId): void {
    this.orders.push({ kind: 'cancel', time: this.time, id });
    this.open.delete(id);
  }
  amendOrder(id: ClientOrderId, amendment: OrderAmendment): void {
    this.orders.push({ kind: 'amend', time: this.time, id, amendment });
    const o = this.open.get(id);
    if (o && amendment.limitPrice && o.request.type === 'limit') {
      this.open.set(id, { ...o, request: { ...o.request, limitPrice: amendment.limitPrice } });
    }
  }
  setTargetPosition(symbol: Symbol, quantity: DecimalLike, options?: TargetPositionOptions): void {
    this.targets.push({ time: this.time, symbol, quantity: Number(toDecimal(quantity)), ...(options ? { options } : {}) });
  }
  setTargetWeight(symbol: Symbol, weight: number): void {
    this.weights.push({ time: this.time, symbol, weight });
    this.latestWeight.set(symbol, weight);
  }
  emitSignal(signal: Signal): void {
    this.signals.push(signal);
  }
}

/** Bars from columns (test helper). */
export function barsFrom(
  symbol: Symbol,
  cols: { time: ArrayLike<number>; open: ArrayLike<number>; high: ArrayLike<number>; low: ArrayLike<number>; close: ArrayLike<number>; volume: ArrayLike<number> },
  timeframe: Bar['timeframe'] = '1h',
): Bar[] {
  const out: Bar[] = [];
  for (let i = 0; i < cols.close.length; i++) {
    out.push({
      type: 'bar',
      symbol,
      timeframe,
      openTime: cols.time[i]!,
      open: cols.open[i]!,
      high: cols.high[i]!,
      low: cols.low[i]!,
      close: cols.close[i]!,
      volume: cols.volume[i]!,
    });
  }
  return out;
}
