import {
  BotError,
  barAt,
  Decimal,
  Quantity,
  TradingMode,
  ValidationError,
  createOrderRequest,
  isOpenOrderStatus,
  roundToIncrement,
  timeframeToMs,
  toDecimal,
} from '@bot/core-types';
import type {
  ManualClock,
  AuditEvent,
  AuditSink,
  Bar,
  BarHistory,
  BarSeries,
  ClientOrderId,
  Clock,
  Currency,
  DecimalLike,
  ExecutionVenue,
  MarketOrderRequest,
  Fill,
  Instrument,
  JsonValue,
  MarketEvent,
  MarketView,
  ModeChangeRequest,
  Order,
  OrderAmendment,
  OrderInput,
  OrderIntent,
  OrderRequest,
  OrderSide,
  PositionSizer,
  RiskContext,
  RiskDecision,
  RiskGate,
  Signal,
  Strategy,
  Symbol,
  TargetPositionOptions,
  Timeframe,
  Unsubscribable,
  VenueEvent,
} from '@bot/core-types';
import { AllInSizer } from './allInSizer.js';
import type { Fx } from './fx.js';
import { FX_ZERO, fx, fxAbs, fxAdd, fxCmp, fxFromDecimal, fxFromString, fxIsZero, fxNeg, fxSign, fxSub, fxToDecimal, fxToNumber } from './fx.js';
import { decisionJson, fillJson, orderJson, requestJson } from './auditPayloads.js';
import { BarHistoryBuffer, barHistoryControl } from './barHistoryBuffer.js';
import { BoundedLog, checkLimit } from './boundedLog.js';
import { firstNonAscending } from './firstNonAscending.js';
import { KernelContext } from './kernelStrategyContext.js';
import { lazyQuantity } from './lazyQuantity.js';
import type { BracketExits, BracketIds, KernelServices } from './kernelStrategyContext.js';
import { OrderManager } from './orderManager.js';
import type { OrderFollowUps } from './orderManager.js';
import { APPROVE_DECISION, PermissiveRiskGate } from './permissiveRiskGate.js';
import { DecisionLog, type RiskDecisionRecord } from './decisionLog.js';
import { Portfolio } from './portfolio.js';
import { SignalLog } from './signalLog.js';
import { packedCopy } from './elementsKind.js';
import { SimulatedVenue } from './simulatedVenue.js';

/** Options of {@link TradingKernel}. */
export interface KernelOptions {
  /** The time source. `runBarSeries` needs a `ManualClock` (it moves it to each bar's close). */
  readonly clock: Clock;
  /** Where approved orders go: a `SimulatedVenue` (backtest, paper) or a live venue. */
  readonly venue: ExecutionVenue;
  /** Tradable instruments (and conversion pairs for multi-currency accounts). */
  readonly instruments: readonly Instrument[];
  /** The account: its reporting currency and starting cash (exact). */
  readonly account: { readonly currency: Currency; readonly initialCash: DecimalLike; readonly allowShort?: boolean };
  /** Strategies, called in this order for every event. Ids must be unique. */
  readonly strategies: readonly Strategy[];
  /** Pre-trade risk gate; default {@link PermissiveRiskGate} (approves all, still enforces the trading mode). */
  readonly riskGate?: RiskGate;
  /** Audit trail; when absent, auditing costs nothing. */
  readonly auditSink?: AuditSink;
  /** Sizing policy of `ctx.setTargetWeight`; default {@link AllInSizer}. */
  readonly sizer?: PositionSizer;
  /** Record one close-marked equity point per bar timestamp. Default true. */
  readonly recordEquity?: boolean;
  /**
   * Bounded memory for long-running paper/live engines: how many of each record the kernel keeps (the newest).
   * Every field defaults to unbounded (what a backtest wants: everything is kept). See {@link KernelRetention}.
   */
  readonly retention?: KernelRetention;
}

/**
 * How much history a {@link TradingKernel} keeps; each limit keeps the newest entries and drops the oldest.
 * Omitted fields are unbounded. Limits must be integers (`bars` >= {@link MIN_RETAINED_BARS}, others >= 1).
 *
 * - `bars`: closed bars per symbol visible to strategies. `ctx.bars(symbol).length` is then at most `bars`, so a
 *   strategy can look back at most `bars - 1` bars (`close(bars - 1)` is the oldest); asking for an older bar
 *   throws BotError `INVALID_ARGUMENT` (never a silent `NaN`). Set it above every strategy's longest look-back.
 * - `equityPoints`: points of {@link TradingKernel.equityCurve} (the newest ones).
 * - `fills`, `decisions`, `signals`: entries of {@link TradingKernel.fills}, {@link TradingKernel.riskDecisions},
 *   {@link TradingKernel.signals}; with a `SimulatedVenue` its fill log is bounded by `fills` and its closed-order
 *   ids by `orders` too.
 * - `orders`: orders of {@link TradingKernel.orders}; beyond it the oldest terminal orders are forgotten, open and
 *   not yet sent orders never are.
 *
 * The account (cash, positions, fees, realized PnL, peak equity) is exact and complete whatever the limits.
 *
 * @example
 * ```ts
 * new TradingKernel({ ...options, retention: { bars: 10_000, equityPoints: 10_000, fills: 10_000, orders: 10_000, decisions: 10_000, signals: 10_000 } });
 * ```
 */
export interface KernelRetention {
  readonly bars?: number;
  readonly equityPoints?: number;
  readonly fills?: number;
  readonly orders?: number;
  readonly decisions?: number;
  readonly signals?: number;
}

/** Smallest accepted `retention.bars` (a look-back of a couple of hundred bars is common in strategies). */
export const MIN_RETAINED_BARS = 256;

/** Options of {@link TradingKernel.runBarSeries}. */
export interface RunBarSeriesOptions {
  /**
   * Called with (bars done, total bars) once early (after 256 timestamps), then after every 65 536 timestamps, and
   * at the end.
   */
  readonly onProgress?: (done: number, total: number) => void;
}

export type { RiskDecisionRecord } from './decisionLog.js';

const KERNEL_STRATEGY = 'kernel';
const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/** Progress reports of {@link TradingKernel.runBarSeries}: every 65 536 timestamps (mask), and an early first one. */
const PROGRESS_MASK = 0xffff;
const FIRST_REPORT = 256;

/** The decision recorded for an order placed during {@link TradingKernel.warmUp}. */
const WARM_UP_REJECTION: RiskDecision = {
  kind: 'reject',
  reasons: [{ code: 'warm-up', message: 'placed on a warm-up bar: no orders are sent before the first live bar' }],
};

/**
 * The market order request `setTargetPosition`/`setTargetWeight` send: a plain `MarketOrderRequest` (own,
 * enumerable fields only), built by a class rather than an object literal because the order book keeps every
 * request for the whole run, and V8 deoptimises code that inlined a literal whose objects turn out long-lived (see
 * `ExactDecimal` in fx.ts).
 */
class TargetMarketRequest implements MarketOrderRequest {
  // `declare`d (no field initializer function: one call less per order), assigned in the constructor
  declare readonly symbol: Symbol;
  declare readonly side: OrderSide;
  declare readonly type: 'market';
  declare readonly quantity: Quantity;
  declare readonly timeInForce: 'GTC';
  declare readonly postOnly: boolean;
  declare readonly reduceOnly: boolean;
  declare readonly clientOrderId: ClientOrderId;
  declare readonly strategyId: string;
  declare readonly tag: string;

  constructor(symbol: Symbol, side: OrderSide, quantity: Quantity, clientOrderId: ClientOrderId, strategyId: string, tag: string) {
    // the fields in the order of the object literal this replaces (key order shows in JSON)
    this.symbol = symbol;
    this.side = side;
    this.type = 'market';
    this.quantity = quantity;
    this.timeInForce = 'GTC';
    this.postOnly = false;
    this.reduceOnly = false;
    this.clientOrderId = clientOrderId;
    this.strategyId = strategyId;
    this.tag = tag;
  }
}

/**
 * The one event loop of @bot for backtest, paper and live trading. It routes
 * market data -> strategies -> risk gate -> order manager -> venue -> fills -> portfolio -> strategies, and offers
 * every step to the audit sink (signal, order-intent, risk-decision, order-event, fill, mode-change).
 *
 * Two entry points, same semantics:
 * - {@link TradingKernel.onMarketEvent} (paper/live, or any event replay): a `Bar` is treated as closed when it is
 *   delivered; the venue first matches resting orders against it, then the portfolio is marked at its close, then
 *   strategies see it.
 * - {@link TradingKernel.runBarSeries} (backtests): the same order for every timestamp, over columnar series, with
 *   no decimal arithmetic and no allocation per bar beyond one `Bar` object for the strategies.
 *
 * Guarantees: a strategy never sees a bar before its close (`ctx.bars()` is limited to closed bars), an order
 * decided on bar `i` can fill at the earliest at bar `i + 1`'s open (with the default `next-open` venue), the
 * state seen by strategies is consistent when they are called (venue events are booked first; strategy
 * callbacks never re-enter: notifications raised while a strategy runs are delivered right after it returns).
 * In `emergency` mode the kernel cancels all open orders and flattens every position with reduce-only market
 * orders (through the gate).
 *
 * @example
 * ```ts
 * const clock = new ManualClock(0);
 * const venue = new SimulatedVenue({ clock, instruments: [inst] });
 * const kernel = new TradingKernel({ clock, venue, instruments: [inst], account: { currency: 'USD', initialCash: 10_000 }, strategies: [s] });
 * kernel.runBarSeries([series]);
 * kernel.portfolio.equity();
 * ```
 * @throws ValidationError for duplicate strategy ids or an empty instrument list.
 */
export class TradingKernel {
  /** The account. */
  readonly portfolio: Portfolio;
  /** All orders of the run. */
  readonly orderManager: OrderManager;
  private readonly clock: Clock;
  private readonly venue: ExecutionVenue;
  private readonly simVenue: SimulatedVenue | undefined;
  private readonly gate: RiskGate;
  private readonly sink: AuditSink | undefined;
  private readonly sizer: PositionSizer;
  private readonly strategies: readonly Strategy[];
  private readonly contexts: KernelContext[];
  private readonly contextById = new Map<string, KernelContext>();
  private readonly listeners = new Map<string, { strategy: Strategy; ctx: KernelContext }>();
  private readonly instrumentBySymbol = new Map<Symbol, Instrument>();
  private readonly instrumentAt: readonly Instrument[];
  private readonly histories: BarHistoryBuffer[];
  private readonly recordEquity: boolean;
  private readonly fillList: BoundedLog<Fill>;
  private readonly decisionList: DecisionLog;
  /** The gate is exactly the default {@link PermissiveRiskGate} (its `normal`-mode verdict is known in advance). */
  private readonly permissiveGate: boolean;
  private readonly signalList: SignalLog;
  private readonly maxBars: number;
  private readonly maxEquity: number;
  private readonly market: MarketView;
  private eqTime = new Float64Array(0);
  private eqValue = new Float64Array(0);
  private eqLen = 0;
  /**
   * Parts of the time column not written yet: `eqTime[at + i]` is `times[i]` for `i < count`. A single-series run
   * records its times as one such part (they are the series' own `openTime` values) instead of storing 8 bytes per
   * bar into freshly allocated memory, whose first touch (page faults) costs about as much as the whole bar loop's
   * bookkeeping; the part is copied in when the curve is read or its points are moved.
   */
  private readonly pendingTimes: { at: number; times: Float64Array; count: number }[] = [];
  private depth = 0;
  /** Inside {@link TradingKernel.warmUp}: orders are rejected before the gate. */
  private warmingUp = false;
  private warmUpRejections = 0;
  /** Bumped whenever a history object is replaced; shared with the contexts (read per bar: a field, no call). */
  private readonly historyVersion = { generation: 0 };
  private readonly queue: (() => void)[] = [];
  private started = false;
  private modeSub: Unsubscribable | undefined;
  private readonly services: KernelServices;

  constructor(options: KernelOptions) {
    if (options.instruments.length === 0) throw new ValidationError('instruments', options.instruments, 'at least one instrument');
    this.clock = options.clock;
    this.venue = options.venue;
    this.simVenue = options.venue instanceof SimulatedVenue ? options.venue : undefined;
    this.gate = options.riskGate ?? new PermissiveRiskGate();
    this.permissiveGate = this.gate.constructor === PermissiveRiskGate;
    this.sink = options.auditSink;
    this.sizer = options.sizer ?? new AllInSizer();
    this.strategies = options.strategies;
    this.recordEquity = options.recordEquity ?? true;
    const ret = options.retention ?? {};
    this.maxBars = checkLimit('retention.bars', ret.bars, MIN_RETAINED_BARS);
    this.maxEquity = checkLimit('retention.equityPoints', ret.equityPoints, 1);
    const maxFills = checkLimit('retention.fills', ret.fills, 1);
    const maxOrders = checkLimit('retention.orders', ret.orders, 1);
    this.fillList = new BoundedLog(maxFills);
    this.decisionList = new DecisionLog(checkLimit('retention.decisions', ret.decisions, 1));
    this.signalList = new SignalLog(checkLimit('retention.signals', ret.signals, 1));
    for (const inst of options.instruments) this.instrumentBySymbol.set(inst.symbol, inst);
    this.instrumentAt = packedCopy(options.instruments);
    this.portfolio = new Portfolio({
      currency: options.account.currency,
      initialCash: options.account.initialCash,
      instruments: options.instruments,
      ...(options.account.allowShort === undefined ? {} : { allowShort: options.account.allowShort }),
    });
    this.orderManager = new OrderManager(maxOrders === Number.POSITIVE_INFINITY ? {} : { maxOrders });
    this.portfolio.setOpenOrdersProvider(() => this.orderManager.openOrders());
    this.histories = options.instruments.map((i) => this.newHistory(i.symbol, '1m'));
    const portfolio = this.portfolio;
    this.market = {
      lastPrice: (s) => portfolio.lastPrice(s),
      lastUpdateTime: (s) => portfolio.lastUpdateTime(s),
      instrument: (s) => this.instrumentBySymbol.get(s),
    };
    this.services = this.makeServices();
    this.contexts = options.strategies.map((s) => {
      if (this.contextById.has(s.id)) throw new ValidationError('strategies', s.id, 'unique strategy ids');
      const ctx = new KernelContext(s.id, this.services);
      this.contextById.set(s.id, ctx);
      this.listeners.set(s.id, { strategy: s, ctx });
      return ctx;
    });
    this.simVenue?.attachAccount(this.portfolio);
    if (maxFills !== Number.POSITIVE_INFINITY || maxOrders !== Number.POSITIVE_INFINITY) this.simVenue?.bound(maxFills, maxOrders);
    if (this.simVenue !== undefined) {
      // acceptances and fills of the simulated venue arrive as direct calls (no event objects per order)
      this.simVenue.attachDirectSink((e) => this.onVenueEvent(e), {
        accepted: (id, venueOrderId, time) => this.onAccepted(id, venueOrderId, time),
        filled: (fill) => this.onFill(fill),
      });
    } else this.venue.setEventHandler((e) => this.onVenueEvent(e));
  }

  // ---------------------------------------------------------------- lifecycle

  /** Subscribes to mode changes and calls every strategy's `onStart`. Idempotent. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.modeSub = this.gate.modeChanges?.subscribe({ next: (m) => this.onModeChange(m) });
    this.forEachStrategy((s, ctx) => s.onStart?.(ctx));
  }

  /** Calls every strategy's `onStop` and unsubscribes from mode changes. Idempotent. */
  stop(): void {
    if (!this.started) return;
    this.forEachStrategy((s, ctx) => s.onStop?.(ctx));
    this.modeSub?.unsubscribe();
    this.modeSub = undefined;
    this.started = false;
  }

  /** Strategies' saved state by strategy id (only those implementing `saveState`). */
  saveState(): Record<string, JsonValue> {
    const out: Record<string, JsonValue> = {};
    for (const s of this.strategies) if (s.saveState !== undefined) out[s.id] = s.saveState();
    return out;
  }

  /** Gives each strategy its saved state back (ids without a strategy are ignored). */
  restoreState(state: Readonly<Record<string, JsonValue>>): void {
    for (const s of this.strategies) {
      const st = state[s.id];
      if (st !== undefined && s.restoreState !== undefined) s.restoreState(st);
    }
  }

  // ---------------------------------------------------------------- results

  /** Every fill booked, in order (the newest `retention.fills` when bounded). */
  fills(): readonly Fill[] {
    return this.fillList.view();
  }

  /**
   * Number of fills booked since the kernel was created, including those dropped by `retention.fills` (use it,
   * not `fills().length`, to count fills in a bounded kernel).
   */
  get fillCount(): number {
    return this.fillList.total;
  }

  /** Every order of the run (latest state), in creation order (terminal ones beyond `retention.orders` dropped). */
  orders(): readonly Order[] {
    return this.orderManager.all();
  }

  /** Every risk-gate verdict, in order (the newest `retention.decisions` when bounded). */
  riskDecisions(): readonly RiskDecisionRecord[] {
    return this.decisionList.view();
  }

  /** Signals strategies emitted (the newest `retention.signals` when bounded). */
  signals(): readonly { time: number; strategyId: string; signal: Signal }[] {
    return this.signalList.view();
  }

  /**
   * The close-marked equity curve: one point per bar timestamp (`time` = the bars' `openTime`, epoch ms; `equity`
   * = account-currency equity at those bars' close, after the strategies reacted). Views, not copies; the newest
   * `retention.equityPoints` points when bounded.
   */
  equityCurve(): { time: Float64Array; equity: Float64Array } {
    this.settleTimes();
    const from = this.eqLen > this.maxEquity ? this.eqLen - this.maxEquity : 0;
    return { time: this.eqTime.subarray(from, this.eqLen), equity: this.eqValue.subarray(from, this.eqLen) };
  }

  private newHistory(symbol: Symbol, timeframe: Timeframe): BarHistoryBuffer {
    const h = new BarHistoryBuffer(symbol, timeframe);
    if (this.maxBars !== Number.POSITIVE_INFINITY) barHistoryControl.setMaxBars(h, this.maxBars);
    return h;
  }

  /** Closed-bar history of a symbol (what strategies see). @throws BotError `BAD_SYMBOL`. */
  bars(symbol: Symbol): BarHistory {
    return this.histories[this.slot(symbol)]!;
  }

  // ---------------------------------------------------------------- event paths

  /**
   * Routes one market event (paper/live path). A bar is treated as closed on delivery: the venue matches live
   * orders against it, the portfolio is marked at its close, strategies get `onBar` and an equity point is
   * recorded. Trades mark the portfolio and go to `onTrade`; quotes to `onQuote`; book snapshots to `onOrderBook`
   * (deltas are passed to the venue only). Unknown symbols are ignored.
   */
  onMarketEvent(event: MarketEvent): void {
    if (!this.started) this.start();
    const slot = this.portfolio.slotOf(event.symbol);
    if (slot < 0) return;
    switch (event.type) {
      case 'bar': {
        this.matchVenue(event);
        const closeTime = event.openTime + timeframeToMs(event.timeframe);
        this.portfolio.mark(slot, event.close, closeTime);
        this.appendHistory(slot, event);
        this.sizer.onBar?.(event);
        this.deliverBar(event);
        if (this.recordEquity) this.pushEquity(event.openTime);
        else this.portfolio.updatePeak();
        break;
      }
      case 'trade':
        this.matchVenue(event);
        this.portfolio.mark(slot, event.price, event.time);
        this.forEachStrategy((s, ctx) => s.onTrade?.(event, ctx));
        break;
      case 'quote':
        this.matchVenue(event);
        this.forEachStrategy((s, ctx) => s.onQuote?.(event, ctx));
        break;
      case 'book-snapshot':
        this.matchVenue(event);
        this.forEachStrategy((s, ctx) => s.onOrderBook?.(event, ctx));
        break;
      case 'book-delta':
        this.matchVenue(event);
        break;
    }
  }

  private appendHistory(slot: number, bar: Bar): void {
    let hist = this.histories[slot]!;
    if (hist.length === 0 && hist.timeframe !== bar.timeframe) {
      hist = this.newHistory(bar.symbol, bar.timeframe);
      this.histories[slot] = hist;
      this.historyVersion.generation++;
    }
    barHistoryControl.appendBar(hist, bar);
  }

  /**
   * Warm-up before live trading: replays closed historical bars (ascending `openTime`) to the strategies. Each bar
   * marks the portfolio at its close, enters the bar history and reaches `sizer.onBar` and the strategies'
   * `onBar`, but is not matched by the venue and records no equity point. Every order a strategy places meanwhile
   * is rejected with reason code `warm-up` before it reaches the risk gate or the venue (recorded like any
   * rejection, so its client order id is used). Afterwards the strategies' saved state (`saveState`) from before
   * the warm-up is restored, so state a strategy keeps about its own trading matches the book again; indicator
   * state stays warm. Signals seen during warm-up are therefore not acted on: a strategy that trades on changes
   * (a crossover) waits for the next one. Unknown symbols are ignored. Starts the kernel if needed.
   *
   * @returns the bars delivered and the orders rejected.
   */
  warmUp(bars: Iterable<Bar>): { readonly bars: number; readonly ordersRejected: number } {
    if (!this.started) this.start();
    const saved = this.saveState();
    let delivered = 0;
    this.warmUpRejections = 0;
    this.warmingUp = true;
    try {
      for (const bar of bars) {
        const slot = this.portfolio.slotOf(bar.symbol);
        if (slot < 0) continue;
        this.portfolio.mark(slot, bar.close, bar.openTime + timeframeToMs(bar.timeframe));
        this.appendHistory(slot, bar);
        this.sizer.onBar?.(bar);
        this.deliverBar(bar);
        delivered++;
      }
    } finally {
      this.warmingUp = false;
    }
    this.restoreState(saved);
    return { bars: delivered, ordersRejected: this.warmUpRejections };
  }

  private matchVenue(event: MarketEvent): void {
    const sim = this.simVenue;
    if (sim !== undefined) sim.onMarketEvent(event);
    else this.venue.onMarketEvent?.(event);
  }

  /** Writes the pending parts of the time column (see {@link TradingKernel.pendingTimes}). */
  private settleTimes(): void {
    const pending = this.pendingTimes;
    if (pending.length === 0) return;
    for (const part of pending) this.eqTime.set(part.times.subarray(0, part.count), part.at);
    pending.length = 0;
  }

  private pushEquity(time: number): void {
    this.settleTimes();
    if (this.eqLen === this.eqTime.length) {
      if (this.eqLen >= 2 * this.maxEquity) {
        // bounded: slide the newest points back to the front (once per maxEquity points)
        const keep = this.maxEquity;
        this.eqTime.copyWithin(0, this.eqLen - keep, this.eqLen);
        this.eqValue.copyWithin(0, this.eqLen - keep, this.eqLen);
        this.eqLen = keep;
      } else {
        this.growEquity(Math.min(Math.max(1024, this.eqLen * 2), Math.max(2 * this.maxEquity, this.eqLen + 1)));
      }
    }
    this.eqTime[this.eqLen] = time;
    this.eqValue[this.eqLen] = this.portfolio.updatePeak();
    this.eqLen++;
  }

  private growEquity(cap: number): void {
    const t = new Float64Array(cap);
    const v = new Float64Array(cap);
    t.set(this.eqTime.subarray(0, this.eqLen));
    v.set(this.eqValue.subarray(0, this.eqLen));
    this.eqTime = t;
    this.eqValue = v;
  }

  private deliverBar(bar: Bar): void {
    const strategies = this.strategies;
    const contexts = this.contexts;
    for (let j = 0; j < strategies.length; j++) {
      const s = strategies[j]!;
      if (s.onBar === undefined) continue;
      this.depth++;
      try {
        s.onBar(bar, contexts[j]!);
      } finally {
        this.depth--;
      }
      if (this.queue.length !== 0 && this.depth === 0) this.drain();
    }
  }

  /**
   * The backtest fast path: merges the series by `openTime` and, for every timestamp, (1) lets the venue match
   * live orders against the new bars (orders decided on the previous closed bar fill at these bars' open by
   * default), (2) moves the clock to the bars' close and marks the portfolio at the closes, (3) makes the bars
   * visible in `ctx.bars()` and delivers them to `sizer.onBar` and the strategies' `onBar`, (4) records one equity
   * point. Series must share one timeframe; each must be in strictly ascending `openTime`. The kernel is started
   * if needed and not stopped. A `Bar` object is allocated per delivered bar only when some strategy has `onBar`.
   *
   * @throws BotError `INVALID_ARGUMENT` when the clock is not a `ManualClock`, timeframes differ or a series is not
   *   ascending; `BAD_SYMBOL` for a series of an unknown instrument.
   */
  runBarSeries(series: readonly BarSeries[], options: RunBarSeriesOptions = {}): void {
    // duck-typed (not instanceof) so a ManualClock from another copy of core-types (ESM/CJS) works too
    const clock = this.clock as Partial<ManualClock> & Clock;
    if (typeof clock.advanceTo !== 'function') {
      throw new BotError('INVALID_ARGUMENT', 'runBarSeries needs a ManualClock (it moves the clock to each bar close)');
    }
    const manual = clock as ManualClock;
    if (series.length === 0) return;
    const tf = series[0]!.timeframe;
    for (const s of series) {
      if (s.timeframe !== tf) {
        throw new BotError('INVALID_ARGUMENT', `runBarSeries: all series must share one timeframe (${tf} vs ${s.timeframe} for ${s.symbol})`);
      }
      const bad = firstNonAscending(s.openTime, s.length);
      if (bad >= 0) throw new BotError('INVALID_ARGUMENT', `runBarSeries: ${s.symbol} openTime not strictly ascending at index ${bad}`);
    }
    if (!this.started) this.start();
    const tfMs = timeframeToMs(tf);
    let total = 0;
    for (const s of series) total += s.length;
    if (this.recordEquity) this.ensureEquityCapacity(total);
    const slots = series.map((s) => this.slot(s.symbol));
    const hs = slots.map((slot, j) => {
      const h = this.newHistory(series[j]!.symbol, tf);
      barHistoryControl.attachSeries(h, series[j]!);
      this.histories[slot] = h;
      this.historyVersion.generation++;
      return h;
    });
    if (series.length === 1) {
      // The bookkeeping after the loop is done here, not in runSingle: code that has not run yet when the loop is
      // compiled mid-run has no type feedback, and reaching it would throw the compiled loop away at the end of
      // every run (the next run then starts in the interpreter again).
      const s = series[0]!;
      const k0 = this.eqLen;
      const k = this.runSingle(s, slots[0]!, hs[0]!, tfMs, manual, total, options.onProgress);
      if (k > k0) this.pendingTimes.push({ at: k0, times: s.openTime, count: k - k0 });
      this.eqLen = k;
      options.onProgress?.(s.length, total);
    }
    else this.runMerged(series, slots, hs, tfMs, manual, total, options.onProgress);
  }

  private ensureEquityCapacity(extra: number): void {
    const need = this.eqLen + extra;
    if (need <= this.eqTime.length) return;
    const t = new Float64Array(need);
    const v = new Float64Array(need);
    t.set(this.eqTime.subarray(0, this.eqLen));
    v.set(this.eqValue.subarray(0, this.eqLen));
    this.eqTime = t;
    this.eqValue = v;
  }

  /** The bar loop of a single series; returns the new equity length (runBarSeries records the points). */
  private runSingle(
    s: BarSeries,
    slot: number,
    hist: BarHistoryBuffer,
    tfMs: number,
    clock: ManualClock,
    total: number,
    onProgress: ((done: number, total: number) => void) | undefined,
  ): number {
    const n = s.length;
    const ot = s.openTime;
    const op = s.open;
    const hi = s.high;
    const lo = s.low;
    const cl = s.close;
    const vo = s.volume;
    const symbol = s.symbol;
    const timeframe = s.timeframe;
    const sim = this.simVenue;
    const vslot = sim === undefined ? -1 : sim.slotOf(symbol);
    const portfolio = this.portfolio;
    // packed copies: the loop below is compiled once for every run, whatever arrays `filter`/`map` return
    const strategies = packedCopy(this.strategies.filter((x) => x.onBar !== undefined));
    const contexts = packedCopy(strategies.map((x) => this.contextById.get(x.id)!));
    const ns = strategies.length;
    const sizerOnBar = this.sizer.onBar === undefined ? undefined : this.sizer;
    const record = this.recordEquity;
    const eqV = this.eqValue;
    const k0 = this.eqLen;
    let k = k0;
    const setLen = barHistoryControl.setVisibleLength;
    const genericVenue = sim === undefined && this.venue.onMarketEvent !== undefined ? this.venue : undefined;
    // The first report comes early on purpose: the reporting code then runs (and records type feedback) before the
    // loop is compiled, so reaching it later does not throw the compiled loop away.
    let nextReport = FIRST_REPORT;
    for (let i = 0; i < n; i++) {
      const t = ot[i]!;
      const c = cl[i]!;
      if (sim !== undefined) {
        if (vslot >= 0) sim.matchSeriesBar(vslot, s, i);
      } else if (genericVenue !== undefined) {
        genericVenue.onMarketEvent!({ type: 'bar', symbol, timeframe, openTime: t, open: op[i]!, high: hi[i]!, low: lo[i]!, close: c, volume: vo[i]! });
      }
      const closeTime = t + tfMs;
      clock.advanceTo(closeTime);
      portfolio.mark(slot, c, closeTime);
      setLen(hist, i + 1);
      if (ns !== 0 || sizerOnBar !== undefined) {
        const bar: Bar = { type: 'bar', symbol, timeframe, openTime: t, open: op[i]!, high: hi[i]!, low: lo[i]!, close: c, volume: vo[i]! };
        sizerOnBar?.onBar!(bar);
        for (let j = 0; j < ns; j++) {
          this.depth++;
          try {
            strategies[j]!.onBar!(bar, contexts[j]!);
          } finally {
            this.depth--;
          }
          if (this.queue.length !== 0) this.drain();
        }
      }
      if (record) {
        // the time of point k is ot[k - k0]: recorded by runBarSeries as one pending part, not stored per bar
        eqV[k] = portfolio.updatePeak();
        k++;
      } else portfolio.updatePeak();
      if (i + 1 === nextReport) {
        onProgress?.(nextReport, total);
        nextReport = (nextReport | PROGRESS_MASK) + 1; // the next multiple of 65 536
      }
    }
    return k;
  }

  private runMerged(
    series: readonly BarSeries[],
    slots: number[],
    hs: BarHistoryBuffer[],
    tfMs: number,
    clock: ManualClock,
    total: number,
    onProgress: ((done: number, total: number) => void) | undefined,
  ): void {
    const m = series.length;
    const idx = new Int32Array(m);
    const due = new Uint8Array(m);
    const sim = this.simVenue;
    const vslots = series.map((s) => (sim === undefined ? -1 : sim.slotOf(s.symbol)));
    const portfolio = this.portfolio;
    const anyOnBar = this.strategies.some((x) => x.onBar !== undefined) || this.sizer.onBar !== undefined;
    let done = 0;
    let steps = 0;
    let nextReport = FIRST_REPORT;
    for (;;) {
      let t = Number.POSITIVE_INFINITY;
      for (let j = 0; j < m; j++) {
        const s = series[j]!;
        if (idx[j]! < s.length) {
          const ti = s.openTime[idx[j]!]!;
          if (ti < t) t = ti;
        }
      }
      if (t === Number.POSITIVE_INFINITY) break;
      for (let j = 0; j < m; j++) {
        const s = series[j]!;
        const i = idx[j]!;
        due[j] = i < s.length && s.openTime[i] === t ? 1 : 0;
        if (due[j] === 1) {
          if (sim !== undefined) {
            if (vslots[j]! >= 0) sim.matchSeriesBar(vslots[j]!, s, i);
          } else if (this.venue.onMarketEvent !== undefined) {
            this.venue.onMarketEvent(barAt(s, i));
          }
        }
      }
      const closeTime = t + tfMs;
      clock.advanceTo(closeTime);
      for (let j = 0; j < m; j++) if (due[j] === 1) portfolio.mark(slots[j]!, series[j]!.close[idx[j]!]!, closeTime);
      for (let j = 0; j < m; j++) {
        if (due[j] !== 1) continue;
        const i = idx[j]!;
        barHistoryControl.setVisibleLength(hs[j]!, i + 1);
        idx[j] = i + 1;
        done++;
      }
      if (anyOnBar) {
        for (let j = 0; j < m; j++) {
          if (due[j] !== 1) continue;
          const bar = barAt(series[j]!, idx[j]! - 1);
          this.sizer.onBar?.(bar);
          this.deliverBar(bar);
        }
      }
      if (this.recordEquity) {
        this.eqTime[this.eqLen] = t;
        this.eqValue[this.eqLen] = portfolio.updatePeak();
        this.eqLen++;
      } else portfolio.updatePeak();
      steps++;
      if (steps === nextReport) {
        onProgress?.(done, total);
        nextReport = (nextReport | PROGRESS_MASK) + 1; // the next multiple of 65 536
      }
    }
    onProgress?.(done, total);
  }

  // ---------------------------------------------------------------- strategies

  private forEachStrategy(fn: (s: Strategy, ctx: KernelContext) => void): void {
    for (let j = 0; j < this.strategies.length; j++) {
      this.depth++;
      try {
        fn(this.strategies[j]!, this.contexts[j]!);
      } finally {
        this.depth--;
      }
      if (this.depth === 0 && this.queue.length !== 0) this.drain();
    }
  }

  /** Runs `fn` now when no strategy callback is on the stack, else after the running callback returns. */
  private notify(fn: () => void): void {
    if (this.depth > 0) {
      this.queue.push(fn);
      return;
    }
    this.depth++;
    try {
      fn();
    } finally {
      this.depth--;
    }
    if (this.depth === 0 && this.queue.length !== 0) this.drain();
  }

  private drain(): void {
    while (this.queue.length !== 0) {
      const fn = this.queue.shift()!;
      this.depth++;
      try {
        fn();
      } finally {
        this.depth--;
      }
    }
  }

  /**
   * Whether any strategy implements `onFill` (read live: one or two strategies, no lookup). One function per
   * callback with a literal property name: a computed `strategy[key]` is a polymorphic keyed load on the order
   * path, four times per order.
   */
  private anyListensToFills(): boolean {
    const st = this.strategies;
    for (let j = 0; j < st.length; j++) if (st[j]!.onFill !== undefined) return true;
    return false;
  }

  /** Whether any strategy implements `onOrderUpdate` (read live, see {@link TradingKernel.anyListensToFills}). */
  private anyListensToOrderUpdates(): boolean {
    const st = this.strategies;
    for (let j = 0; j < st.length; j++) if (st[j]!.onOrderUpdate !== undefined) return true;
    return false;
  }

  private notifyFill(fill: Fill): void {
    if (!this.anyListensToFills()) return;
    const sid = this.orderManager.strategyOf(fill.clientOrderId);
    const listener = sid === undefined ? undefined : this.listeners.get(sid);
    if (listener?.strategy.onFill === undefined) return;
    this.notify(() => listener.strategy.onFill!(fill, listener.ctx));
  }

  private audit(event: AuditEvent): void {
    this.sink?.record(event);
  }

  // ---------------------------------------------------------------- orders

  private slot(symbol: Symbol): number {
    const slot = this.portfolio.slotOf(symbol);
    if (slot < 0) throw new BotError('BAD_SYMBOL', `the run does not trade ${symbol}`);
    return slot;
  }

  private instrument(symbol: Symbol): Instrument {
    return this.instrumentAt[this.slot(symbol)]!;
  }

  /** One context object for every gate call (`now` reads the clock when asked): no allocation per order. */
  private riskCtx: RiskContext | undefined;
  private riskContext(): RiskContext {
    if (this.riskCtx === undefined) {
      const clock = this.clock;
      this.riskCtx = Object.freeze({
        get now(): number {
          return clock.now();
        },
        portfolio: this.portfolio,
        market: this.market,
      });
    }
    return this.riskCtx;
  }

  private buildRequest(strategyId: string, input: OrderInput): OrderRequest {
    this.instrument(input.symbol);
    return createOrderRequest({ ...input, strategyId });
  }

  /** Creates an order, asks the gate, records the verdict. Returns the request to send, or undefined if rejected. */
  private gateNew(
    strategyId: string,
    request: OrderRequest,
    sendNow: boolean,
    quantityFx?: Fx,
  ): { id: ClientOrderId; request: OrderRequest | undefined } {
    const now = this.clock.now();
    const id = request.clientOrderId ?? this.orderManager.nextId(strategyId);
    // one request object from here on (the order manager stores it as is when the id is already in it)
    if (request.clientOrderId !== id) request = { ...request, clientOrderId: id };
    this.orderManager.create(id, request, strategyId, now, quantityFx);
    if (this.sink !== undefined) {
      this.audit({ type: 'order-intent', actor: `strategy:${strategyId}`, payload: requestJson(request), clientOrderId: id, strategyId, symbol: request.symbol });
    }
    let decision: RiskDecision;
    let intent: OrderIntent | undefined;
    if (this.warmingUp) {
      decision = WARM_UP_REJECTION;
      this.warmUpRejections++;
    } else if (this.permissiveGate && this.gate.mode === TradingMode.Normal) {
      // exactly what PermissiveRiskGate.check answers in normal mode, without building the intent (the log
      // rebuilds it from its columns when read)
      decision = APPROVE_DECISION;
    } else {
      intent = { clientOrderId: id, request, strategyId, time: now };
      decision = this.gate.check(intent, this.riskContext());
    }
    this.decisionList.push(now, id, request, strategyId, decision, intent);
    if (this.sink !== undefined) {
      this.audit({ type: 'risk-decision', actor: 'risk-gate', payload: decisionJson(decision), clientOrderId: id, strategyId, symbol: request.symbol });
    }
    if (decision.kind === 'reject') {
      if (sendNow) this.reject(id, `risk: ${decision.reasons.map((r) => r.code).join(', ') || 'rejected'}`);
      return { id, request: undefined };
    }
    const finalRequest = decision.kind === 'resize' ? { ...request, quantity: decision.quantity } : request;
    return { id, request: finalRequest };
  }

  private reject(id: ClientOrderId, reason: string): void {
    this.orderManager.rejectLocally(id, reason, this.clock.now());
    this.orderChanged(id);
  }

  /** Audits the order's new state and tells its strategy (snapshots are only built when someone listens). */
  private orderChanged(id: ClientOrderId, audit = true, notify = true): void {
    if (!(audit && this.sink !== undefined) && !(notify && this.anyListensToOrderUpdates())) return;
    const sid = this.orderManager.strategyOf(id);
    const listener = sid === undefined ? undefined : this.listeners.get(sid);
    const wants = notify && listener !== undefined && listener.strategy.onOrderUpdate !== undefined;
    const auditing = audit && this.sink !== undefined;
    if (!auditing && !wants) return;
    const order = this.orderManager.get(id);
    if (order === undefined) return; // forgotten (retention.orders)
    if (auditing) {
      this.audit({
        type: 'order-event',
        actor: 'kernel',
        payload: orderJson(order),
        clientOrderId: id,
        symbol: order.request.symbol,
        ...(sid === undefined ? {} : { strategyId: sid }),
      });
    }
    if (wants) this.notify(() => listener.strategy.onOrderUpdate!(order, listener.ctx));
  }

  /**
   * Honours reduce-only (clip to the position, reject when nothing to reduce) and the no-short rule, then sends
   * the order to the venue.
   */
  private dispatch(id: ClientOrderId, request: OrderRequest): void {
    const pos = this.portfolio.quantityFx(this.slot(request.symbol));
    let req = request;
    let qty = this.orderManager.quantityFx(id, req.quantity);
    if (req.reduceOnly) {
      const reducible = req.side === 'buy' ? (fxSign(pos) < 0 ? fxNeg(pos) : FX_ZERO) : fxSign(pos) > 0 ? pos : FX_ZERO;
      if (fxIsZero(reducible)) return this.reject(id, 'reduce-only: no position to reduce');
      if (fxCmp(qty, reducible) > 0) {
        req = { ...req, quantity: Quantity.of(fxToDecimal(reducible)) };
        qty = reducible;
      }
    } else if (req.side === 'sell' && !this.portfolio.allowShort && fxCmp(qty, pos) > 0) {
      return this.reject(id, `short selling is disabled: sell ${req.quantity.toString()} > position ${fxToDecimal(pos).toString()}`);
    }
    this.orderManager.markSubmitted(id, this.clock.now(), req, qty);
    this.orderChanged(id);
    if (this.simVenue !== undefined) this.simVenue.submitExact(id, req, qty);
    else this.venue.submitOrder(id, req);
  }

  private submit(strategyId: string, input: OrderInput): ClientOrderId {
    const request = this.buildRequest(strategyId, input);
    const { id, request: approved } = this.gateNew(strategyId, request, true);
    if (approved !== undefined) this.dispatch(id, approved);
    return id;
  }

  private submitOco(strategyId: string, inputs: readonly OrderInput[]): readonly ClientOrderId[] {
    const requests = inputs.map((i) => this.buildRequest(strategyId, i));
    const gated = requests.map((r) => this.gateNew(strategyId, r, true));
    const ids = gated.map((g) => g.id);
    this.orderManager.linkOco(ids);
    for (const g of gated) {
      if (g.request === undefined) continue;
      if (this.orderManager.statusOf(g.id) !== 'new') continue; // canceled by a sibling's immediate fill
      this.dispatch(g.id, g.request);
    }
    return ids;
  }

  private submitBracket(strategyId: string, entry: OrderInput, exits: BracketExits): BracketIds {
    const entryReq = this.buildRequest(strategyId, entry);
    const exitSide = entryReq.side === 'buy' ? 'sell' : 'buy';
    const base = { symbol: entryReq.symbol, side: exitSide, quantity: entryReq.quantity, reduceOnly: true, timeInForce: 'GTC' } as const;
    const tpReq = this.buildRequest(strategyId, {
      ...base,
      type: 'limit',
      limitPrice: exits.takeProfit.limitPrice,
      tag: exits.takeProfit.tag ?? 'take-profit',
    });
    const slReq = this.buildRequest(strategyId, {
      ...base,
      type: exits.stopLoss.limitPrice === undefined ? 'stop' : 'stop-limit',
      stopPrice: exits.stopLoss.stopPrice,
      ...(exits.stopLoss.limitPrice === undefined ? {} : { limitPrice: exits.stopLoss.limitPrice }),
      tag: exits.stopLoss.tag ?? 'stop-loss',
    });
    const e = this.gateNew(strategyId, entryReq, false);
    const tp = this.gateNew(strategyId, tpReq, false);
    const sl = this.gateNew(strategyId, slReq, false);
    const ids: BracketIds = { entry: e.id, takeProfit: tp.id, stopLoss: sl.id };
    if (e.request === undefined || tp.request === undefined || sl.request === undefined) {
      for (const g of [e, tp, sl]) {
        this.reject(g.id, g.request === undefined ? 'risk: rejected' : 'bracket: another leg was rejected by the risk gate');
      }
      return ids;
    }
    if (tp.request !== tpReq) this.orderManager.setNewQuantity(tp.id, tp.request.quantity);
    if (sl.request !== slReq) this.orderManager.setNewQuantity(sl.id, sl.request.quantity);
    this.orderManager.linkOco([tp.id, sl.id]);
    this.orderManager.linkBracket(e.id, [tp.id, sl.id]);
    this.dispatch(e.id, e.request);
    return ids;
  }

  private cancel(strategyId: string | undefined, id: ClientOrderId): void {
    const status = this.orderManager.statusOf(id);
    if (status === undefined) throw new BotError('ORDER_NOT_FOUND', `unknown client order id ${id}`);
    if (strategyId !== undefined && this.orderManager.strategyOf(id) !== strategyId) {
      throw new BotError('ORDER_NOT_FOUND', `order ${id} does not belong to strategy ${strategyId}`);
    }
    if (status === 'new') {
      this.orderManager.cancelLocally(id, 'canceled before activation', this.clock.now());
      this.orderChanged(id);
      return;
    }
    if (isOpenOrderStatus(status)) this.venue.cancelOrder(id);
  }

  private amend(strategyId: string, id: ClientOrderId, amendment: OrderAmendment): void {
    const order = this.orderManager.get(id);
    if (order === undefined || this.orderManager.strategyOf(id) !== strategyId) {
      throw new BotError('ORDER_NOT_FOUND', `order ${id} does not belong to strategy ${strategyId}`);
    }
    if (!isOpenOrderStatus(order.status)) return;
    if (amendment.quantity !== undefined && amendment.quantity.value.gt(order.request.quantity.value)) {
      // a larger order is new exposure: the gate decides
      const intent: OrderIntent = { clientOrderId: id, request: { ...order.request, quantity: amendment.quantity }, strategyId, time: this.clock.now() };
      const decision = this.gate.check(intent, this.riskContext());
      this.decisionList.push(intent.time, id, intent.request, strategyId, decision, intent);
      if (this.sink !== undefined) {
        this.audit({ type: 'risk-decision', actor: 'risk-gate', payload: decisionJson(decision), clientOrderId: id, strategyId, symbol: order.request.symbol });
      }
      if (decision.kind === 'reject') return;
      if (decision.kind === 'resize') amendment = { ...amendment, quantity: decision.quantity };
    }
    this.venue.amendOrder(id, amendment);
  }

  /** Exact lot multiple of a number quantity, toward zero (snaps float noise of sizer output). */
  private lotFx(inst: Instrument, quantity: number): Fx {
    const lotDigits = this.lotDigits(inst);
    if (lotDigits >= 0 && lotDigits <= 22) {
      // integer count of lots in float: exact below 2^53; a sizer's lot multiple lands within float noise of an
      // integer (take it), anything else is truncated toward zero
      const scaled = quantity * POW10[lotDigits]!;
      if (Math.abs(scaled) < 2 ** 52) {
        const near = Math.round(scaled);
        const lots = Math.abs(scaled - near) <= 1e-6 * Math.max(1, Math.abs(near)) ? near : Math.trunc(scaled);
        return fx(BigInt(lots), -lotDigits);
      }
    }
    if (lotDigits >= 0 && lotDigits <= 90 && Math.abs(quantity) < 1e15) {
      // a power-of-ten lot: toFixed gives the correctly rounded decimal string. When the 3 digits past the lot are
      // zero the number was a lot multiple up to float noise (the sizer's output): take it as is.
      const s = quantity.toFixed(lotDigits + 3);
      if (s.endsWith('000')) return fxFromString(s.slice(0, lotDigits === 0 ? -4 : -3));
      return fxFromDecimal(new Decimal(s).toDecimalPlaces(lotDigits, Decimal.ROUND_DOWN));
    }
    return fxFromDecimal(roundToIncrement(new Decimal(quantity), inst.lotSize, 'toward-zero'));
  }

  private readonly lotDigitCache = new Map<Instrument, number>();
  /** One-entry cache in front of lotDigitCache (orders come one instrument at a time). */
  private lastLotInstrument: Instrument | undefined;
  private lastLotDigits = -1;
  private lotDigits(inst: Instrument): number {
    if (inst === this.lastLotInstrument) return this.lastLotDigits;
    let d = this.lotDigitCache.get(inst);
    if (d === undefined) {
      const lot = inst.lotSize;
      // -1 when the lot is not a power of ten (then the generic rounding is used)
      d = lot.eq(new Decimal(10).pow(-lot.decimalPlaces())) ? lot.decimalPlaces() : -1;
      this.lotDigitCache.set(inst, d);
    }
    this.lastLotInstrument = inst;
    this.lastLotDigits = d;
    return d;
  }

  private setTargetPosition(strategyId: string, symbol: Symbol, quantity: DecimalLike, options: TargetPositionOptions = {}): void {
    const inst = this.instrument(symbol);
    const desired =
      typeof quantity === 'number'
        ? this.lotFx(inst, quantity)
        : fxFromDecimal(roundToIncrement(toDecimal(quantity), inst.lotSize, 'toward-zero'));
    this.sendTarget(strategyId, inst, desired, options);
  }

  private sendTarget(strategyId: string, inst: Instrument, desired: Fx, options: TargetPositionOptions): void {
    const symbol = inst.symbol;
    const pos = this.portfolio.quantityFx(this.slot(symbol));
    const pending = this.orderManager.openRemainingFx(strategyId, symbol);
    const current = pending === undefined ? pos : fxAdd(pos, pending);
    const diff = fxSub(desired, current);
    if (fxIsZero(diff)) return;
    const type = options.type ?? 'market';
    const side = fxSign(diff) < 0 ? 'sell' : 'buy';
    const tag = options.tag ?? 'target';
    const abs = fxAbs(diff);
    if (type === 'market') {
      const quantity = lazyQuantity(abs);
      // built directly (valid by construction) to keep the decision path cheap
      const request = new TargetMarketRequest(symbol, side, quantity, this.orderManager.nextId(strategyId), strategyId, tag);
      const { id, request: approved } = this.gateNew(strategyId, request, true, abs);
      if (approved !== undefined) this.dispatch(id, approved);
      return;
    }
    if (options.limitPrice === undefined) throw new ValidationError('limitPrice', undefined, 'a limit price for a limit target');
    const quantity = Quantity.of(fxToDecimal(abs));
    this.submit(strategyId, { symbol, side, type: 'limit', quantity, limitPrice: options.limitPrice, timeInForce: 'GTC', tag });
  }

  private setTargetWeight(strategyId: string, symbol: Symbol, weight: number, options: TargetPositionOptions = {}): void {
    if (!Number.isFinite(weight) || weight < -1 || weight > 1) throw new ValidationError('weight', weight, 'a number in [-1, 1]');
    const slot = this.slot(symbol);
    const inst = this.instrumentAt[slot]!;
    const price = this.portfolio.lastPriceAt(slot);
    if (Number.isNaN(price)) throw new BotError('INVALID_ARGUMENT', `setTargetWeight(${symbol}) before any price of it is known`);
    const pending = this.orderManager.openRemainingFx(strategyId, symbol);
    const current = this.portfolio.quantityAt(slot) + (pending === undefined ? 0 : fxToNumber(pending));
    const target = this.sizer.targetQuantity({
      instrument: inst,
      weight,
      price,
      equity: this.portfolio.equity(),
      cash: this.portfolio.cash(),
      currentQuantity: current,
      time: this.clock.now(),
    });
    if (!Number.isFinite(target)) throw new BotError('INTERNAL', `sizer ${this.sizer.name} returned ${target}`);
    if (target === current) return;
    this.sendTarget(strategyId, inst, target === 0 ? FX_ZERO : this.lotFx(inst, target), options);
  }

  // ---------------------------------------------------------------- venue events

  private onVenueEvent(event: VenueEvent): void {
    const update = this.orderManager.applyVenueEvent(event);
    if (!update.changed) return;
    const fill = update.fill;
    if (fill !== undefined) {
      this.afterFill(fill, update.followUps);
      return;
    }
    this.orderChanged(update.clientOrderId);
    this.followUp(update.followUps);
  }

  /** An `order-accepted` event of the simulated venue, delivered as a call (see `SimulatedVenueSink`). */
  private onAccepted(id: ClientOrderId, venueOrderId: string, time: number): void {
    if (this.orderManager.acceptOrder(id, venueOrderId, time)) this.orderChanged(id);
  }

  /** A `fill` event of the simulated venue, delivered as a call (see `SimulatedVenueSink`). */
  private onFill(fill: Fill): void {
    const followUps = this.orderManager.applyFillOf(fill);
    if (followUps !== undefined) this.afterFill(fill, followUps);
  }

  /** Everything after the order manager applied a fill: book it, audit it, follow-ups, notifications. */
  private afterFill(fill: Fill, followUps: OrderFollowUps): void {
    const id = fill.clientOrderId;
    this.portfolio.bookFill(fill);
    this.fillList.push(fill);
    if (this.sink !== undefined) {
      this.orderChanged(id, true, false);
      const sid = this.orderManager.strategyOf(id);
      this.audit({
        type: 'fill',
        actor: `venue:${this.venue.id}`,
        payload: fillJson(fill),
        clientOrderId: id,
        symbol: fill.symbol,
        ...(sid === undefined ? {} : { strategyId: sid }),
      });
    }
    this.gate.onFill?.(fill, this.riskContext());
    this.followUp(followUps);
    this.notifyFill(fill);
    this.orderChanged(id, false, true);
  }

  private followUp(f: OrderFollowUps): void {
    if (f.cancel.length === 0 && f.activate.length === 0 && f.drop.length === 0) return;
    const now = this.clock.now();
    for (const id of f.cancel) {
      const status = this.orderManager.statusOf(id);
      if (status === 'new') {
        this.orderManager.cancelLocally(id, 'OCO: a linked order filled', now);
        this.orderChanged(id);
      } else if (status !== undefined && isOpenOrderStatus(status)) this.venue.cancelOrder(id);
    }
    for (const id of f.drop) {
      this.orderManager.cancelLocally(id, 'bracket: entry ended without a fill', now);
      this.orderChanged(id);
    }
    for (const a of f.activate) {
      const req = this.orderManager.setNewQuantity(a.clientOrderId, a.quantity);
      if (this.orderManager.statusOf(a.clientOrderId) === 'new') this.dispatch(a.clientOrderId, req);
    }
  }

  // ---------------------------------------------------------------- modes

  private onModeChange(change: ModeChangeRequest): void {
    if (this.sink !== undefined) {
      this.audit({
        type: 'mode-change',
        actor: change.source,
        payload: { mode: change.mode, reason: change.reason, time: change.time },
      });
    }
    this.forEachStrategy((s, ctx) => s.onModeChange?.(change.mode, ctx));
    if (change.mode === TradingMode.Emergency) this.emergency();
  }

  /** Cancels every open order and flattens every position with reduce-only market orders (through the gate). */
  private emergency(): void {
    const now = this.clock.now();
    for (const o of this.orderManager.all()) {
      if (o.status === 'new') {
        this.orderManager.cancelLocally(o.clientOrderId, 'emergency: canceled', now);
        this.orderChanged(o.clientOrderId);
      } else if (isOpenOrderStatus(o.status)) {
        this.venue.cancelOrder(o.clientOrderId);
      }
    }
    for (const pos of this.portfolio.positions()) {
      if (pos.quantity.isZero()) continue;
      this.submit(KERNEL_STRATEGY, {
        symbol: pos.symbol,
        side: pos.quantity.isNegative() ? 'buy' : 'sell',
        type: 'market',
        quantity: pos.quantity.abs(),
        reduceOnly: true,
        timeInForce: 'GTC',
        tag: 'emergency-flatten',
      });
    }
  }

  private makeServices(): KernelServices {
    return {
      now: () => this.clock.now(),
      mode: () => this.gate.mode,
      instrument: (s) => this.instrument(s),
      bars: (s) => this.histories[this.slot(s)]!,
      historyVersion: this.historyVersion,
      position: (s) => this.portfolio.position(s),
      openOrders: (sid, sym) => this.orderManager.openOrders(sid, sym),
      pendingOrders: (sid, sym) => this.orderManager.pending(sid, sym),
      equity: () => this.portfolio.equity(),
      cash: () => this.portfolio.cash(),
      submit: (sid, o) => this.submit(sid, o),
      submitBracket: (sid, e, x) => this.submitBracket(sid, e, x),
      submitOco: (sid, os) => this.submitOco(sid, os),
      cancel: (sid, id) => this.cancel(sid, id),
      amend: (sid, id, a) => this.amend(sid, id, a),
      setTargetPosition: (sid, sym, q, opt) => this.setTargetPosition(sid, sym, q, opt),
      setTargetWeight: (sid, sym, w, opt) => this.setTargetWeight(sid, sym, w, opt),
      emitSignal: (sid, signal) => {
        const time = this.clock.now();
        this.signalList.push(time, sid, signal);
        if (this.sink !== undefined) this.auditSignal(sid, signal, time);
      },
    };
  }

  /** Audit record of an emitted signal (apart from emitSignal, which strategies' bar code inlines). */
  private auditSignal(sid: string, signal: Signal, time: number): void {
    this.audit({
      type: 'signal',
      actor: `strategy:${sid}`,
      payload: { symbol: signal.symbol, strength: signal.strength, reason: signal.reason ?? null, time },
      strategyId: sid,
      symbol: signal.symbol,
    });
  }
}
