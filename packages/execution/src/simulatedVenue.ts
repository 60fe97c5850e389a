import { Decimal, Quantity, ValidationError, roundToIncrement } from '@bot/core-types';
import { BoundedLog, checkLimit } from './boundedLog.js';
import { holeyObjectArray, objectArray, packedCopy } from './elementsKind.js';
import { ExactFill, type FillTerms } from './exactFill.js';
import { IdTable } from './idTable.js';
import type { Fx } from './fx.js';
import {
  FX_ZERO,
  fx,
  fxAdd,
  fxCmp,
  fxFromDecimal,
  fxFromNumber,
  fxIsZero,
  fxMul,
  fxNeg,
  fxSign,
  fxSub,
  fxToDecimal,
  fxToString,
} from './fx.js';
import { Portfolio } from './portfolio.js';
import { instrumentNumbers } from './sizing.js';
import type {
  AccountBalances,
  Balance,
  BarSeries,
  ClientOrderId,
  Clock,
  Currency,
  ExecutionVenue,
  Fill,
  Instrument,
  MarketEvent,
  OrderAmendment,
  OrderRequest,
  Position,
  Symbol,
  VenueEvent,
  VenueId,
  VenueOrderReport,
} from '@bot/core-types';
import { slippage as slippageModels } from './slippage.js';
import type { SlippageModel, SlippageRequest } from './slippage.js';

/** The account the simulated venue checks fills against (the kernel attaches its `Portfolio`). */
export interface SimulatedAccount {
  /** Exact cash of a currency. */
  cashOf(currency: Currency): Decimal;
  /** Current position (signed exact quantity). */
  position(symbol: Symbol): Position;
  /** Whether positions may go negative. */
  readonly allowShort: boolean;
}

/** Options of {@link SimulatedVenue}. */
export interface SimulatedVenueOptions {
  readonly clock: Clock;
  readonly instruments: readonly Instrument[];
  /** Venue id reported on fills. Default `sim`. */
  readonly id?: VenueId;
  /**
   * When market orders fill. `next-open` (default): at the open of the first bar that starts at or after the
   * order became active - the decision was made on a closed bar, so this is the first price it could get.
   * `close`: immediately at the close of the bar the decision was made on. **Look-ahead-prone**: the strategy
   * saw that close before deciding, a price nobody can trade at after seeing it. Only for comparison with
   * engines that "cheat on close". What `maxVolumeParticipation` leaves of such an order rests and fills like a
   * `next-open` market order: at the open of the following bars, capped again (IOC: canceled instead).
   */
  readonly fill?: 'next-open' | 'close';
  /**
   * Slippage applied to taker fills. Default `slippage.none()`. A slipped price is rounded to the tick away from
   * the trader and, for fills against a bar, then moved into that bar's `[low, high]` (a fill never leaves its
   * bar); fills against trade events, which have no range, keep the slipped price.
   */
  readonly slippage?: SlippageModel;
  /**
   * Highest fraction (0-1] of a bar's volume that this venue's fills may take per symbol and bar (all fills of the
   * bar together, `fill: 'close'` fills at its close included); the rest of an order keeps resting for the next
   * bars. Default: no cap.
   */
  readonly maxVolumeParticipation?: number;
  /**
   * Milliseconds between submission and the order being live at the venue. An order only trades on bars whose
   * `openTime` is at or after `submitTime + latencyMs` (intrabar timing is unknown, so latency rounds up to the
   * next bar). Default 0.
   */
  readonly latencyMs?: number;
  /**
   * When a stop-type order and a limit-type order of the same symbol both trigger inside one bar (neither at the
   * open), which fills first - and so which one an OCO link cancels. Default `stop-first` (conservative: the
   * stop-loss wins over the take-profit).
   */
  readonly stopVsTakeProfit?: 'stop-first' | 'take-profit-first';
  /** Currency fees are charged in: the instrument's `quote` (default, fee = notional * rate) or `base` (fee = quantity * rate). */
  readonly feeCurrency?: 'quote' | 'base';
  /**
   * What to do when a buy fill would cost more cash than the attached account holds: `reject` (default: cancel
   * the order with reason `insufficient funds`, like an exchange or backtrader's margin check), `clip` (fill what
   * the cash pays for, cancel the rest) or `allow` (let cash go negative). Without an attached account no check
   * is made.
   */
  readonly insufficientFunds?: 'reject' | 'clip' | 'allow';
}

/**
 * @internal Receives the two events every order of a backtest produces, `order-accepted` and `fill`, as direct
 * calls instead of `VenueEvent` objects (the kernel attaches one with {@link SimulatedVenue.attachDirectSink});
 * every other event still goes to the event handler.
 */
export interface SimulatedVenueSink {
  /** Same as an `order-accepted` event. */
  accepted(clientOrderId: ClientOrderId, venueOrderId: string, time: number): void;
  /** Same as a `fill` event. */
  filled(fill: ExactFill): void;
}

const KIND_MARKET = 0;
const KIND_LIMIT = 1;
const KIND_STOP = 2;
const KIND_STOP_LIMIT = 3;
const KIND_TRAILING = 4;
const DAY_MS = 86_400_000;
type ClosedStatus = 'filled' | 'canceled' | 'expired' | 'rejected';
const EXACT_NONE = 0;
const EXACT_LIMIT = 1;
const EXACT_STOP = 2;

interface SimOrder {
  readonly id: ClientOrderId;
  /** Submission order in this venue. */
  readonly seq: number;
  readonly venueOrderId: string;
  request: OrderRequest;
  readonly slot: number;
  readonly inst: Instrument;
  readonly buy: boolean;
  readonly kind: number;
  readonly total: Fx;
  remaining: Fx;
  filled: Fx;
  limitFx: Fx | undefined;
  stopFx: Fx | undefined;
  limit: number;
  stop: number;
  trailOffset: number;
  trailBps: boolean;
  extreme: number;
  triggered: boolean;
  readonly activeAt: number;
  expireAt: number;
  accepted: boolean;
  done: boolean;
  barsSeen: number;
  /**
   * `matchStamp` of the market event this order was last evaluated on: not the event's time,
   * since several trades may share one millisecond.
   */
  lastStamp: number;
  /** Path position from which it may trade in the current bar (orders submitted while matching). */
  startPos: number;
  /** Amended to a limit that crossed the last price: its next fill at its start point takes liquidity. */
  takerNext: boolean;
  // scratch of the current evaluation
  mPos: number;
  mPrice: number;
  mTaker: boolean;
  /** Final status once done. */
  closedAs: 'filled' | 'canceled' | 'expired' | 'rejected';
  /** Which exact request price the evaluated fill is at (EXACT_*), or none (a bar/path price). */
  mExact: number;
}

/** Exact fee rates, lot and shared fill terms of one instrument slot (built on its first fill). */
interface SlotRates {
  readonly taker: Fx;
  readonly maker: Fx;
  readonly lot: Fx;
  readonly lotNum: number;
  readonly takerTerms: FillTerms;
  readonly makerTerms: FillTerms;
}

function kindOf(type: OrderRequest['type']): number {
  switch (type) {
    case 'market':
      return KIND_MARKET;
    case 'limit':
      return KIND_LIMIT;
    case 'stop':
      return KIND_STOP;
    case 'stop-limit':
      return KIND_STOP_LIMIT;
    case 'trailing-stop':
      return KIND_TRAILING;
  }
}

/**
 * A bar-driven matching engine for backtests and paper trading, implementing the core-types `ExecutionVenue`.
 *
 * **Intrabar price path.** Inside a bar the price is assumed to go open -> the extreme nearer to the open ->
 * the other extreme -> close, linearly (a tie `high - open === open - low` goes to the high first). Every
 * trigger is evaluated on that path:
 * - market: the open of the first active bar (`fill: 'next-open'`), or the decision bar's close (`fill: 'close'`);
 * - limit: at the limit when the path reaches it (touch), at the open when the bar opens through it (a better
 *   price); never worse than the limit;
 * - stop: at the stop level when the path reaches it, at the open when the bar gaps through it;
 * - stop-limit: the stop triggers as above, then it is a limit from that point of the path on;
 * - trailing stop: the stop follows the best price since submission (the last close at submission, then the path)
 *   by `trailingOffset` (price units or bps of that best price) and triggers like a stop.
 *
 * **Liquidity and fees.** A limit that is marketable when it arrives (at the open of its first bar, or when it is
 * triggered/submitted mid-path) takes liquidity (taker fee, slippage capped at the limit); a limit that rested
 * first fills as maker at its limit (or at a better open), without slippage. Market, stop and trailing fills are
 * taker. A post-only limit that would be marketable on arrival is rejected. A limit price changed by `amendOrder` is
 * judged like a new order against the last price: a post-only order's amendment that would cross is refused (the order
 * keeps its price), any other order that now crosses takes liquidity when it next trades. Fees are `notional * rate` in the
 * quote currency (or `quantity * rate` in base with `feeCurrency: 'base'`), exact.
 *
 * **Time in force.** IOC/FOK: trade only on their first active bar (FOK only if the whole quantity fills there),
 * the rest is canceled. GTD: expires on the first bar opening at or after `expireTime`. DAY: expires on the first
 * bar opening at or after the end of the UTC day in which it became active.
 *
 * **Volume.** With `maxVolumeParticipation`, fills of a symbol in one bar take at most that fraction of the bar's
 * volume (rounded down to the lot), counted over all of the bar's fills (`fill: 'close'` fills at its close
 * included); the rest rests for later bars (with `fill: 'close'`: a market order's rest fills at the open of the
 * next bars, like `next-open`).
 *
 * **Ranges.** A fill against a bar lies in its `[low, high]`: a slipped (or tick-rounded trailing-stop) price is
 * moved into the range. A trade event is a one-price bar without a range: its slipped fills keep their price.
 *
 * **Position checks** (with an attached account, see {@link SimulatedVenue.attachAccount}). A reduce-only order
 * fills at most the position left to reduce; the fill that closes the position cancels the rest, so a leftover
 * never trades a position opened later. Without shorting, a sell fills at most the position.
 *
 * Fills are stamped with the bar's `openTime` (the exact intrabar time is unknown); `close` fills with the clock.
 * Events are delivered synchronously to the handler.
 *
 * @example
 * ```ts
 * const venue = new SimulatedVenue({ clock, instruments: [btc], slippage: slippage.fixedBps(2), latencyMs: 500 });
 * ```
 * @throws ValidationError for out-of-range options.
 */
export class SimulatedVenue implements ExecutionVenue {
  readonly id: VenueId;
  readonly simulated = true;
  readonly fillMode: 'next-open' | 'close';
  private readonly clock: Clock;
  private readonly instrumentList: readonly Instrument[];
  private readonly slotBySymbol = new Map<Symbol, number>();
  private readonly slip: SlippageModel;
  private readonly slipIsNone: boolean;
  private readonly participation: number;
  private readonly latency: number;
  private readonly stopFirst: boolean;
  private readonly feeInBase: boolean;
  private readonly fundsPolicy: 'reject' | 'clip' | 'allow';
  private handler: (event: VenueEvent) => void = () => undefined;
  private direct: SimulatedVenueSink | undefined;
  private account: SimulatedAccount | undefined;
  private fastAccount: Portfolio | undefined;
  private readonly rateCache = holeyObjectArray<SlotRates>();
  /**
   * Live orders (and those waiting for activation) by id; a closed order's entry is replaced by its final status
   * (duplicate detection, {@link SimulatedVenue.closedStatus}) so a long backtest does not keep them alive.
   */
  private readonly orders = new IdTable<SimOrder | ClosedStatus>();
  private readonly bySlot: SimOrder[][];
  private active = 0;
  private fillSeq = 0;
  private orderSeq = 0;
  private readonly fillPrefix: string;
  // last bar per slot
  private readonly lastOpen: Float64Array;
  private readonly lastHigh: Float64Array;
  private readonly lastLow: Float64Array;
  private readonly lastClose: Float64Array;
  private readonly lastVolume: Float64Array;
  private readonly lastBid: Float64Array;
  private readonly lastAsk: Float64Array;
  // matching scratch
  private readonly path = new Float64Array(4);
  private matchingSlot = -1;
  private readonly batchBuf = objectArray<SimOrder | undefined>();
  private readonly candidateBuf = objectArray<SimOrder | undefined>();
  private retiredInMatch = false;
  private matchingPos = 0;
  private bO = 0;
  private bH = 0;
  private bL = 0;
  private bC = 0;
  private bV = 0;
  /** The current bar has a range (a bar, not a trade): fill prices are kept inside `[bL, bH]`. */
  private bRanged = true;
  /** Volume taken by this venue's fills from the latest bar of each slot (all fills of the bar share the cap). */
  private readonly volumeUsed: Float64Array;
  /** Incremented per matched market event; orders remember the stamp of the event they were last evaluated on. */
  private matchStamp = 0;
  private fillLog = new BoundedLog<Fill>();
  private maxClosed = Number.POSITIVE_INFINITY;
  private closedCount = 0;

  constructor(options: SimulatedVenueOptions) {
    this.clock = options.clock;
    this.id = options.id ?? 'sim';
    this.fillPrefix = `${this.id}-f`;
    this.fillMode = options.fill ?? 'next-open';
    if (this.fillMode !== 'next-open' && this.fillMode !== 'close') {
      throw new ValidationError('fill', this.fillMode, 'next-open or close');
    }
    this.instrumentList = packedCopy(options.instruments);
    const n = options.instruments.length;
    options.instruments.forEach((inst, i) => this.slotBySymbol.set(inst.symbol, i));
    this.bySlot = Array.from({ length: n }, () => objectArray<SimOrder>());
    this.slip = options.slippage ?? slippageModels.none();
    this.slipIsNone = this.slip.name === 'none';
    const part = options.maxVolumeParticipation;
    if (part !== undefined && !(part > 0 && part <= 1)) {
      throw new ValidationError('maxVolumeParticipation', part, 'a fraction in (0, 1]');
    }
    this.participation = part ?? Number.NaN;
    const lat = options.latencyMs ?? 0;
    if (!(lat >= 0) || !Number.isFinite(lat)) throw new ValidationError('latencyMs', lat, 'a finite number of ms >= 0');
    this.latency = lat;
    const svt = options.stopVsTakeProfit ?? 'stop-first';
    if (svt !== 'stop-first' && svt !== 'take-profit-first') {
      throw new ValidationError('stopVsTakeProfit', svt, 'stop-first or take-profit-first');
    }
    this.stopFirst = svt === 'stop-first';
    this.feeInBase = (options.feeCurrency ?? 'quote') === 'base';
    this.fundsPolicy = options.insufficientFunds ?? 'reject';
    const nan = () => new Float64Array(n).fill(Number.NaN);
    this.lastOpen = nan();
    this.lastHigh = nan();
    this.lastLow = nan();
    this.lastClose = nan();
    this.lastVolume = nan();
    this.volumeUsed = new Float64Array(n);
    this.lastBid = nan();
    this.lastAsk = nan();
  }

  /** Registers the kernel's event handler. */
  setEventHandler(handler: (event: VenueEvent) => void): void {
    this.handler = handler;
    this.direct = undefined;
  }

  /**
   * @internal Registers the kernel: `handler` gets every event but acceptances and fills, which go to `sink` as
   * direct calls (no event objects on the order path). A later {@link SimulatedVenue.setEventHandler} undoes it.
   */
  attachDirectSink(handler: (event: VenueEvent) => void, sink: SimulatedVenueSink): void {
    this.handler = handler;
    this.direct = sink;
  }

  private emitAccepted(o: SimOrder, time: number): void {
    const direct = this.direct;
    if (direct !== undefined) direct.accepted(o.id, o.venueOrderId, time);
    else this.emit({ type: 'order-accepted', clientOrderId: o.id, venueOrderId: o.venueOrderId, time });
  }

  private emitFill(fill: ExactFill): void {
    const direct = this.direct;
    if (direct !== undefined) direct.filled(fill);
    else this.emit({ type: 'fill', fill });
  }

  /** Attaches the account checked for funds and short positions at fill time (done by the kernel). */
  attachAccount(account: SimulatedAccount): void {
    this.account = account;
    this.fastAccount = account instanceof Portfolio ? account : undefined;
  }

  /** Number of orders live or waiting for activation (the kernel skips matching when 0). */
  get openOrderCount(): number {
    return this.active;
  }

  /** Slot of a symbol in the venue's instrument list, or -1. */
  slotOf(symbol: Symbol): number {
    return this.slotBySymbol.get(symbol) ?? -1;
  }

  /** Every fill this venue produced, in order (the newest ones when bounded by {@link SimulatedVenue.bound}). */
  allFills(): readonly Fill[] {
    return this.fillLog.view();
  }

  /**
   * Bounds the venue's memory for long-running paper trading (the kernel calls it from its `retention` option):
   * keeps the newest `maxFills` fills (`allFills`, `fetchFills`) and the final status of the newest `maxClosedOrders`
   * closed orders (duplicate detection, `closedStatus`). Live orders are never dropped. Call before trading.
   * @throws ValidationError for a limit that is not an integer >= 1 (or `Infinity`).
   */
  bound(maxFills: number, maxClosedOrders: number): void {
    const log = new BoundedLog<Fill>(checkLimit('maxFills', maxFills, 1));
    for (const f of this.fillLog.view()) log.push(f);
    this.fillLog = log;
    this.maxClosed = checkLimit('maxClosedOrders', maxClosedOrders, 1);
    // the oldest closed orders are dropped in insertion order: keep them all in the table's Map
    if (this.maxClosed !== Number.POSITIVE_INFINITY) this.orders.disableSlots();
  }

  private emit(event: VenueEvent): void {
    this.handler(event);
  }

  /**
   * Accepts an order for matching. It becomes live `latencyMs` after the clock's current time. A duplicate client
   * order id is ignored (never a second order). With `fill: 'close'` and no latency, a market order fills at once
   * at the last close (as far as `maxVolumeParticipation` lets it; the rest rests). Unknown symbols are rejected.
   */
  submitOrder(clientOrderId: ClientOrderId, request: OrderRequest): void {
    this.submitExact(clientOrderId, request, undefined);
  }

  /** @internal {@link SimulatedVenue.submitOrder} with the exact quantity already known (kernel fast path). */
  submitExact(clientOrderId: ClientOrderId, request: OrderRequest, quantityFx: Fx | undefined): void {
    if (this.orders.has(clientOrderId)) return;
    const now = this.clock.now();
    const slot = this.slotBySymbol.get(request.symbol);
    if (slot === undefined) {
      this.emit({ type: 'order-rejected', clientOrderId, reason: `unknown symbol ${request.symbol}`, time: now });
      return;
    }
    const inst = this.instrumentList[slot]!;
    const activeAt = now + this.latency;
    const kind = kindOf(request.type);
    const total = quantityFx ?? fxFromDecimal(request.quantity.value);
    const o: SimOrder = {
      id: clientOrderId,
      seq: ++this.orderSeq,
      // the simulated venue uses the client order id as its own id (one string per order instead of two)
      venueOrderId: clientOrderId,
      request,
      slot,
      inst,
      buy: request.side === 'buy',
      kind,
      total,
      remaining: total,
      filled: FX_ZERO,
      limitFx: undefined,
      stopFx: undefined,
      limit: 'limitPrice' in request ? request.limitPrice.toNumber() : Number.NaN,
      stop: 'stopPrice' in request ? request.stopPrice.toNumber() : Number.NaN,
      trailOffset: request.type === 'trailing-stop' ? request.trailingOffset.toNumber() : 0,
      trailBps: request.type === 'trailing-stop' && request.trailingOffsetType === 'bps',
      extreme: this.lastClose[slot]!,
      triggered: false,
      activeAt,
      expireAt:
        request.timeInForce === 'GTD'
          ? (request.expireTime ?? Number.POSITIVE_INFINITY)
          : request.timeInForce === 'DAY'
            ? (Math.floor(activeAt / DAY_MS) + 1) * DAY_MS
            : Number.POSITIVE_INFINITY,
      accepted: false,
      done: false,
      barsSeen: 0,
      lastStamp: Number.NaN,
      startPos: 0,
      takerNext: false,
      mPos: 0,
      mPrice: 0,
      mTaker: false,
      mExact: EXACT_NONE,
      closedAs: 'canceled',
    };
    this.orders.set(clientOrderId, o);
    if (this.fillMode === 'close' && kind === KIND_MARKET && this.latency === 0 && !Number.isNaN(this.lastClose[slot]!)) {
      this.fillAtClose(o);
      return;
    }
    if (this.matchingSlot === slot) {
      // Sent while this symbol's bar is being matched (a bracket child after its entry filled): it may trade on
      // the rest of this bar's path.
      o.startPos = this.matchingPos;
    }
    this.bySlot[slot]!.push(o);
    this.active++;
  }

  /**
   * `fill: 'close'`: fills a market order at the close of its symbol's latest bar, sharing that bar's volume cap
   * with the bar's other fills. What the cap leaves rests like a `next-open` market order (IOC: canceled).
   */
  private fillAtClose(o: SimOrder): void {
    const s = o.slot;
    const now = this.clock.now();
    o.accepted = true;
    this.emitAccepted(o, now);
    // a strategy may send this from a fill callback while another bar is being matched: keep that bar's scratch
    const { bO, bH, bL, bC, bV, bRanged } = this;
    const high = this.lastHigh[s]!;
    const close = this.lastClose[s]!;
    const ranged = !Number.isNaN(high); // NaN: the latest event was a trade (no range)
    this.setMatchBar(this.lastOpen[s]!, ranged ? high : close, ranged ? this.lastLow[s]! : close, close, this.lastVolume[s]!, ranged);
    o.mPrice = close;
    o.mTaker = true;
    o.mExact = EXACT_NONE;
    try {
      this.execute(o, now);
    } finally {
      this.setMatchBar(bO, bH, bL, bC, bV, bRanged);
    }
    if (o.done) return;
    const tif = o.request.timeInForce;
    if (tif === 'IOC' || tif === 'FOK') {
      this.finish(o, 'canceled', now, `${tif}: unfilled quantity canceled`);
      return;
    }
    // the cap of this bar is used up: the rest trades on the next bars
    this.bySlot[s]!.push(o);
    this.active++;
  }

  /** Cancels a live order; `cancel-rejected` when it is unknown or already closed. */
  cancelOrder(clientOrderId: ClientOrderId): void {
    const o = this.orders.get(clientOrderId);
    const now = this.clock.now();
    if (o === undefined || typeof o === 'string' || o.done) {
      const reason = o === undefined ? 'unknown order' : 'order is closed';
      this.emit({ type: 'cancel-rejected', clientOrderId, reason, time: now });
      return;
    }
    this.finish(o, 'canceled', now, 'canceled by request');
  }

  /**
   * Amends a live order's quantity (total, must stay above the filled quantity), limit or stop price.
   * Refusals are reported as `cancel-rejected` with the reason (the port has no amend-rejected event).
   */
  amendOrder(clientOrderId: ClientOrderId, amendment: OrderAmendment): void {
    const o = this.orders.get(clientOrderId);
    const now = this.clock.now();
    const refuse = (reason: string) => this.emit({ type: 'cancel-rejected', clientOrderId, reason: `amend refused: ${reason}`, time: now });
    if (o === undefined || typeof o === 'string' || o.done) return refuse(o === undefined ? 'unknown order' : 'order is closed');
    const newTotal = amendment.quantity === undefined ? undefined : fxFromDecimal(amendment.quantity.value);
    if (amendment.quantity !== undefined && newTotal !== undefined && fxCmp(newTotal, o.filled) <= 0) {
      return refuse(`quantity ${amendment.quantity.toString()} <= filled ${fxToString(o.filled)}`);
    }
    if (amendment.limitPrice !== undefined && !('limitPrice' in o.request)) return refuse('order has no limit price');
    if (amendment.stopPrice !== undefined && !('stopPrice' in o.request)) return refuse('order has no stop price');
    // A new limit price on a live limit is judged like a new order against the market (the last price seen): a
    // post-only order must not take liquidity, and any other one that crosses takes it (taker) when it next trades.
    let reprice = false;
    if (amendment.limitPrice !== undefined && (o.kind === KIND_LIMIT || (o.kind === KIND_STOP_LIMIT && o.triggered))) {
      const last = this.lastClose[o.slot]!;
      const limit = amendment.limitPrice.toNumber();
      if (!Number.isNaN(last) && (o.buy ? last <= limit : last >= limit)) {
        if (o.request.postOnly) return refuse(`post-only order would take liquidity (limit ${amendment.limitPrice.toString()}, last price ${last})`);
        reprice = true;
      }
    }
    let req = o.request;
    if (amendment.quantity !== undefined) {
      req = { ...req, quantity: amendment.quantity };
      o.remaining = fxSub(newTotal!, o.filled);
      (o as { total: Fx }).total = newTotal!;
    }
    if (amendment.limitPrice !== undefined && 'limitPrice' in req) {
      req = { ...req, limitPrice: amendment.limitPrice };
      o.limit = amendment.limitPrice.toNumber();
      o.limitFx = undefined;
    }
    if (amendment.stopPrice !== undefined && 'stopPrice' in req) {
      req = { ...req, stopPrice: amendment.stopPrice };
      o.stop = amendment.stopPrice.toNumber();
      o.stopFx = undefined;
    }
    o.request = req;
    if (reprice) o.takerNext = true;
    this.emit({ type: 'order-amended', clientOrderId, time: now, ...amendment });
  }

  /**
   * Matches live orders against market data: a bar runs the intrabar path; a trade is a one-price bar of its
   * quantity; a quote records bid/ask (for `halfSpread('quotes')`) and does not match. Book events are ignored.
   */
  onMarketEvent(event: MarketEvent): void {
    const slot = this.slotBySymbol.get(event.symbol);
    if (slot === undefined) return;
    if (event.type === 'bar') {
      this.matchBar(slot, event.openTime, event.open, event.high, event.low, event.close, event.volume);
    } else if (event.type === 'trade') {
      this.matchTrade(slot, event.time, event.price, event.quantity);
    } else if (event.type === 'quote') {
      this.lastBid[slot] = event.bid;
      this.lastAsk[slot] = event.ask;
    }
  }

  /**
   * The allocation-free entry used by the kernel's bar loop: records the bar as the symbol's latest and matches
   * the symbol's live orders against it. `slot` is {@link SimulatedVenue.slotOf}.
   */
  matchBar(slot: number, openTime: number, open: number, high: number, low: number, close: number, volume: number): void {
    this.lastOpen[slot] = open;
    this.lastHigh[slot] = high;
    this.lastLow[slot] = low;
    this.lastClose[slot] = close;
    this.lastVolume[slot] = volume;
    this.volumeUsed[slot] = 0;
    const list = this.bySlot[slot]!;
    if (list.length === 0) return;
    this.matchSlot(slot, list, openTime, open, high, low, close, volume, true);
  }

  /**
   * A trade: a one-price bar of its quantity, without a range (slipped fills are not moved back to the price).
   * Its high and low are recorded as NaN so that a later `fill: 'close'` fill knows that, too.
   */
  private matchTrade(slot: number, time: number, price: number, quantity: number): void {
    this.lastOpen[slot] = price;
    this.lastHigh[slot] = Number.NaN;
    this.lastLow[slot] = Number.NaN;
    this.lastClose[slot] = price;
    this.lastVolume[slot] = quantity;
    this.volumeUsed[slot] = 0;
    const list = this.bySlot[slot]!;
    if (list.length === 0) return;
    this.matchSlot(slot, list, time, price, price, price, price, quantity, false);
  }

  /**
   * @internal {@link SimulatedVenue.matchBar} for bar `i` of a columnar series (the kernel's backtest loop). The
   * prices are read here instead of being passed: a call the compiler does not inline boxes every floating-point
   * argument in a heap object, and this one runs for every bar.
   */
  matchSeriesBar(slot: number, s: BarSeries, i: number): void {
    this.lastOpen[slot] = s.open[i]!;
    this.lastHigh[slot] = s.high[i]!;
    this.lastLow[slot] = s.low[i]!;
    this.lastClose[slot] = s.close[i]!;
    this.lastVolume[slot] = s.volume[i]!;
    this.volumeUsed[slot] = 0;
    if (this.bySlot[slot]!.length !== 0) this.matchSeriesOrders(slot, s, i);
  }

  /** The live orders of `slot` against bar `i` of `s` (kept out of matchSeriesBar, which the bar loop inlines). */
  private matchSeriesOrders(slot: number, s: BarSeries, i: number): void {
    this.matchSlot(slot, this.bySlot[slot]!, s.openTime[i]!, s.open[i]!, s.high[i]!, s.low[i]!, s.close[i]!, s.volume[i]!, true);
  }

  /** Sets the bar that fills are judged against (`ranged` false: a trade, whose price is the whole "bar"). */
  private setMatchBar(o: number, h: number, l: number, c: number, v: number, ranged: boolean): void {
    this.bO = o;
    this.bH = h;
    this.bL = l;
    this.bC = c;
    this.bV = v;
    this.bRanged = ranged;
  }

  private matchSlot(
    slot: number,
    list: SimOrder[],
    openTime: number,
    o: number,
    h: number,
    l: number,
    c: number,
    v: number,
    ranged: boolean,
  ): void {
    const p = this.path;
    const highFirst = h - o <= o - l;
    p[0] = o;
    p[1] = highFirst ? h : l;
    p[2] = highFirst ? l : h;
    p[3] = c;
    this.setMatchBar(o, h, l, c, v, ranged);
    // orders are skipped by the stamp of the event they were evaluated on, not its time: two trades of one
    // millisecond are two chances to fill, while passes within one event never evaluate an order twice
    const stamp = ++this.matchStamp;
    this.matchingSlot = slot;
    this.matchingPos = 0;
    try {
      // Passes: orders submitted during a pass (bracket children) join the next pass from their start position.
      // (matching never re-enters itself, so the two scratch arrays are reused across bars; they are filled and
      // cleared by index, because `array.length = 0` is a runtime call on every bar that has live orders)
      const batch = this.batchBuf;
      for (let pass = 0; pass < 8; pass++) {
        let nb = 0;
        for (let r = 0; r < list.length; r++) {
          const ord = list[r]!;
          if (ord.done || ord.lastStamp === stamp || openTime < ord.activeAt) continue;
          batch[nb++] = ord;
        }
        if (nb === 0) break;
        this.runPass(batch, nb, openTime, stamp);
        for (let b = 0; b < nb; b++) batch[b] = undefined; // keep no finished order alive
      }
    } finally {
      this.matchingSlot = -1;
    }
    // end of bar: an order sent while this bar was matched trades from the open of every later bar (its start
    // position held for this bar only); trailing extremes follow the whole bar
    for (const ord of list) {
      ord.startPos = 0;
      if (ord.done || ord.kind !== KIND_TRAILING || ord.lastStamp !== stamp) continue;
      if (ord.buy) ord.extreme = Number.isNaN(ord.extreme) ? l : Math.min(ord.extreme, l);
      else ord.extreme = Number.isNaN(ord.extreme) ? h : Math.max(ord.extreme, h);
    }
    if (this.retiredInMatch) {
      this.retiredInMatch = false;
      // compact in place (the list is this slot's array; orders added meanwhile are kept)
      let w = 0;
      for (let r = 0; r < list.length; r++) {
        const ord = list[r]!;
        if (!ord.done) list[w++] = ord;
      }
      while (list.length > w) list.pop(); // usually one order: cheaper than setting the length
    }
  }

  /** Evaluates and executes the first `nb` orders of `batch` on the current bar's path (event `stamp`). */
  private runPass(batch: readonly (SimOrder | undefined)[], nb: number, openTime: number, stamp: number): void {
    const candidates = this.candidateBuf;
    let nc = 0;
    for (let b = 0; b < nb; b++) {
      const ord = batch[b]!;
      ord.lastStamp = stamp;
      // a limit repriced to cross the market (amend) is marketable on arrival again
      const first = ord.barsSeen === 0 || ord.takerNext;
      ord.takerNext = false;
      ord.barsSeen++;
      if (!ord.accepted) {
        if (ord.request.postOnly && this.crossesAt(ord, this.priceAt(ord.startPos))) {
          this.finish(ord, 'rejected', openTime, 'post-only order would take liquidity');
          continue;
        }
        ord.accepted = true;
        this.emitAccepted(ord, openTime);
      }
      if (openTime >= ord.expireAt) {
        this.finish(ord, 'expired', openTime, undefined);
        continue;
      }
      if (this.evaluate(ord, first)) candidates[nc++] = ord;
    }
    const ordered = nc > 1 ? (candidates.slice(0, nc) as SimOrder[]).sort(this.stopFirst ? byFillOrderStopFirst : byFillOrderTakeProfitFirst) : candidates;
    for (let c = 0; c < nc; c++) {
      const ord = ordered[c]!;
      if (ord.done) continue; // canceled by an OCO sibling's fill
      this.matchingPos = ord.mPos;
      this.execute(ord, openTime);
    }
    for (let c = 0; c < nc; c++) candidates[c] = undefined; // keep no finished order alive
    for (let b = 0; b < nb; b++) {
      const ord = batch[b]!;
      if (ord.done) continue;
      const tif = ord.request.timeInForce;
      if (tif === 'IOC' || tif === 'FOK') {
        if (ord.barsSeen === 1) this.finish(ord, 'canceled', openTime, `${tif}: unfilled quantity canceled`);
      }
    }
  }

  private priceAt(pos: number): number {
    const p = this.path;
    if (pos <= 0) return p[0]!;
    const k = Math.min(Math.floor(pos), 2);
    const a = p[k]!;
    return a + (pos - k) * (p[k + 1]! - a);
  }

  /** First path position >= start where price >= level (up) / <= level (down), or -1. */
  private reach(start: number, level: number, up: boolean): number {
    const p = this.path;
    const a = this.priceAt(start);
    if (up ? a >= level : a <= level) return start;
    for (let k = Math.min(Math.floor(start), 3); k < 3; k++) {
      const b = p[k + 1]!;
      if (up ? b >= level : b <= level) {
        const s = p[k]!;
        const pos = k + (level - s) / (b - s);
        return pos < start ? start : pos;
      }
    }
    return -1;
  }

  /** True when a limit order would be marketable at `price`. */
  private crossesAt(o: SimOrder, price: number): boolean {
    return o.buy ? price <= o.limit : price >= o.limit;
  }

  /** Evaluates an order on the current bar's path; sets mPos/mPrice/mTaker/mExact when it trades. */
  private evaluate(o: SimOrder, first: boolean): boolean {
    const start = o.startPos;
    o.mExact = EXACT_NONE;
    switch (o.kind) {
      case KIND_MARKET:
        o.mPos = start;
        o.mPrice = this.priceAt(start);
        o.mTaker = true;
        return true;
      case KIND_LIMIT:
        return this.evalLimit(o, start, first);
      case KIND_STOP:
      case KIND_STOP_LIMIT: {
        if (o.triggered) {
          if (o.kind === KIND_STOP) {
            o.mPos = start;
            o.mPrice = this.priceAt(start);
            o.mTaker = true;
            return true;
          }
          return this.evalLimit(o, start, first); // rested as a limit: maker, unless repriced across the market
        }
        const t = this.reach(start, o.stop, o.buy);
        if (t < 0) return false;
        o.triggered = true;
        const gap = t === start;
        if (o.kind === KIND_STOP) {
          o.mPos = t;
          o.mPrice = gap ? this.priceAt(start) : o.stop;
          if (!gap) o.mExact = EXACT_STOP;
          o.mTaker = true;
          return true;
        }
        // stop-limit: a limit from the trigger point on; marketable at the trigger = taker
        const tp = gap ? this.priceAt(start) : o.stop;
        if (this.crossesAt(o, tp)) {
          o.mPos = t;
          o.mPrice = tp;
          if (!gap) o.mExact = EXACT_STOP;
          o.mTaker = true;
          return true;
        }
        const f = this.reach(t, o.limit, !o.buy);
        if (f < 0) return false;
        o.mPos = f;
        o.mPrice = o.limit;
        o.mExact = EXACT_LIMIT;
        o.mTaker = false;
        return true;
      }
      case KIND_TRAILING:
        return this.evalTrailing(o, start);
    }
    return false;
  }

  private evalLimit(o: SimOrder, start: number, first: boolean): boolean {
    const a = this.priceAt(start);
    if (this.crossesAt(o, a)) {
      o.mPos = start;
      o.mPrice = a;
      o.mTaker = first; // marketable on arrival takes liquidity; a resting order hit by a gap is maker
      return true;
    }
    const f = this.reach(start, o.limit, !o.buy);
    if (f < 0) return false;
    o.mPos = f;
    o.mPrice = o.limit;
    o.mExact = EXACT_LIMIT;
    o.mTaker = false;
    return true;
  }

  private trailStop(o: SimOrder, extreme: number): number {
    const off = o.trailBps ? (extreme * o.trailOffset) / 10_000 : o.trailOffset;
    return o.buy ? extreme + off : extreme - off;
  }

  private evalTrailing(o: SimOrder, start: number): boolean {
    const p = this.path;
    let a = this.priceAt(start);
    if (o.triggered) {
      o.mPos = start;
      o.mPrice = a;
      o.mTaker = true;
      return true;
    }
    let e = o.extreme;
    if (Number.isNaN(e)) e = a;
    if (o.buy ? a < e : a > e) e = a;
    let stop = this.trailStop(o, e);
    if (o.buy ? a >= stop : a <= stop) {
      o.triggered = true;
      o.mPos = start;
      o.mPrice = a;
      o.mTaker = true;
      return true;
    }
    for (let k = Math.min(Math.floor(start), 3); k < 3; k++) {
      const b = p[k + 1]!;
      const favourable = o.buy ? b <= a : b >= a;
      if (favourable) {
        e = o.buy ? Math.min(e, b) : Math.max(e, b);
      } else {
        stop = this.trailStop(o, e);
        if (o.buy ? b >= stop : b <= stop) {
          const s = p[k]!;
          o.triggered = true;
          o.mPos = Math.max(start, k + (stop - s) / (b - s));
          o.mPrice = stop;
          o.mTaker = true;
          return true;
        }
      }
      a = b;
    }
    return false;
  }

  private exactPrice(o: SimOrder): Fx {
    const r = o.request;
    if (o.mExact === EXACT_LIMIT && 'limitPrice' in r) return (o.limitFx ??= fxFromDecimal(r.limitPrice.value));
    if (o.mExact === EXACT_STOP && 'stopPrice' in r) return (o.stopFx ??= fxFromDecimal(r.stopPrice.value));
    if (o.kind === KIND_TRAILING) {
      return this.insideBar(fxFromDecimal(roundToIncrement(fxToDecimal(fxFromNumber(o.mPrice)), o.inst.tickSize, o.buy ? 'up' : 'down')));
    }
    return fxFromNumber(o.mPrice);
  }

  /**
   * A price rounded or slipped away from the path, moved back into the current bar's `[low, high]` (rounding to
   * the tick can leave a bar whose prices are finer than the tick; slippage can leave any bar). Trades have no
   * range: unchanged.
   */
  private insideBar(price: Fx): Fx {
    if (!this.bRanged) return price;
    const high = fxFromNumber(this.bH);
    if (fxCmp(price, high) > 0) return high;
    const low = fxFromNumber(this.bL);
    return fxCmp(price, low) < 0 ? low : price;
  }

  private rates(slot: number): SlotRates {
    let r = this.rateCache[slot];
    if (r === undefined) {
      const inst = this.instrumentList[slot]!;
      const taker = fxFromDecimal(inst.takerFee);
      const maker = fxFromDecimal(inst.makerFee);
      const terms = (rateFx: Fx, liquidity: 'taker' | 'maker'): FillTerms => ({
        idPrefix: this.fillPrefix,
        symbol: inst.symbol,
        rateFx,
        feeInBase: this.feeInBase,
        feeCurrency: this.feeInBase ? inst.base : inst.quote,
        liquidity,
      });
      r = {
        taker,
        maker,
        lot: fxFromDecimal(inst.lotSize),
        lotNum: instrumentNumbers(inst).lotSize,
        takerTerms: terms(taker, 'taker'),
        makerTerms: terms(maker, 'maker'),
      };
      this.rateCache[slot] = r;
    }
    return r;
  }

  /** Fills (part of) an order at its evaluated price, applying volume cap, position/funds checks, slippage, fees. */
  private execute(o: SimOrder, time: number): void {
    const inst = o.inst;
    const rates = this.rates(o.slot);
    let qty = o.remaining;
    if (!Number.isNaN(this.participation)) {
      const capNum = this.bV * this.participation - this.volumeUsed[o.slot]!;
      // volume x fraction is a double (0.7 * 0.1 = 0.06999999999999999): a lot count within float noise of an
      // integer is that integer
      const lotCount = capNum / rates.lotNum;
      const lots = capNum > 0 ? Math.floor(lotCount + lotCount * 1e-12) : 0;
      const cap = lots > 0 ? fxMul(fx(BigInt(lots), 0), rates.lot) : FX_ZERO;
      if (fxCmp(cap, qty) < 0) qty = cap;
      if (o.request.timeInForce === 'FOK' && fxCmp(qty, o.remaining) < 0) {
        this.finish(o, 'canceled', time, 'FOK: full quantity not available');
        return;
      }
      if (fxIsZero(qty)) return; // rests for the next bar (IOC is canceled after the pass)
    }
    const acct = this.account;
    const fast = this.fastAccount;
    let closesPosition = false;
    if (acct !== undefined) {
      const pos = fast !== undefined ? fast.quantityFx(fast.slotOf(inst.symbol)) : fxFromDecimal(acct.position(inst.symbol).quantity);

      let max: Fx | undefined;
      let why = '';
      const reduceOnly = o.request.reduceOnly === true;
      if (reduceOnly) {
        max = o.buy ? (fxSign(pos) < 0 ? fxNeg(pos) : FX_ZERO) : fxSign(pos) < 0 ? FX_ZERO : pos;
        why = 'reduce-only: no position left to reduce';
      } else if (!o.buy && !acct.allowShort) {
        max = fxSign(pos) < 0 ? FX_ZERO : pos;
        why = 'shorting disabled: nothing left to sell';
      }
      if (max !== undefined && fxCmp(max, qty) < 0) {
        if (o.request.timeInForce === 'FOK') {
          this.finish(o, 'canceled', time, why);
          return;
        }
        qty = max;
        if (fxIsZero(qty)) {
          this.finish(o, 'canceled', time, why);
          return;
        }
        // this fill closes the position: the rest of a reduce-only order must not trade a later position
        closesPosition = reduceOnly;
      }
    }
    // price
    let exact: Fx | undefined;
    if (o.mTaker && !this.slipIsNone) {
      const req: SlippageRequest = {
        side: o.request.side,
        price: o.mPrice,
        quantity: fxToNumberFast(qty),
        open: this.bO,
        high: this.bH,
        low: this.bL,
        close: this.bC,
        volume: this.bV,
        bid: this.lastBid[o.slot]!,
        ask: this.lastAsk[o.slot]!,
      };
      let adj = this.slip.fillPrice(req);
      if (!Number.isNaN(o.limit) && (o.kind === KIND_LIMIT || o.kind === KIND_STOP_LIMIT)) {
        adj = o.buy ? Math.min(adj, o.limit) : Math.max(adj, o.limit);
      }
      if (adj !== o.mPrice) {
        exact = this.insideBar(fxFromDecimal(roundToIncrement(new Decimal(adj), inst.tickSize, o.buy ? 'up' : 'down')));
      }
    }
    exact ??= this.exactPrice(o);
    if (fxSign(exact) <= 0) {
      this.finish(o, 'canceled', time, `no positive fill price (${fxToString(exact)})`);
      return;
    }
    const rate = o.mTaker ? rates.taker : rates.maker;
    let clipped = false;
    if (o.buy && acct !== undefined && this.fundsPolicy !== 'allow') {
      // the fill's notional and fee are recomputed from qty, price and rate when read (ExactFill)
      const notional = fxMul(qty, exact);
      const cash = fast !== undefined ? fast.cashFxOf(inst.quote) : fxFromDecimal(acct.cashOf(inst.quote));
      const cost = this.feeInBase ? notional : fxAdd(notional, fxMul(notional, rate));
      if (fxCmp(cost, cash) > 0) {
        if (this.fundsPolicy === 'reject') {
          this.finish(o, 'canceled', time, `insufficient funds: needs ${fxToString(cost)} ${inst.quote}, has ${fxToString(cash)}`);
          return;
        }
        const cashD = fxToDecimal(cash);
        const exactD = fxToDecimal(exact);
        const denom = this.feeInBase ? exactD : exactD.times(fxToDecimal(rate).plus(1));
        const affordable = cashD.isPositive() ? roundToIncrement(cashD.div(denom), inst.lotSize, 'down') : new Decimal(0);
        if (affordable.isZero() || o.request.timeInForce === 'FOK') {
          // FOK is all or nothing: a clipped fill is no fill
          this.finish(o, 'canceled', time, `insufficient funds: ${cashD.toString()} ${inst.quote}`);
          return;
        }
        qty = fxFromDecimal(affordable);
        clipped = true;
      }
    }
    // the request's Quantity is reused when the whole order fills at once (the common case)
    const whole = fxIsZero(o.filled) && fxCmp(qty, o.total) === 0;
    const fill = new ExactFill(
      o.mTaker ? rates.takerTerms : rates.makerTerms,
      ++this.fillSeq,
      o.id,
      o.request.side,
      qty,
      exact,
      time,
      whole ? o.request.quantity : undefined,
    );
    if (!Number.isNaN(this.participation)) this.volumeUsed[o.slot]! += fxToNumberFast(qty);
    o.remaining = whole ? FX_ZERO : fxSub(o.remaining, qty);
    o.filled = fxIsZero(o.filled) ? qty : fxAdd(o.filled, qty);
    if (fxIsZero(o.remaining)) {
      o.done = true;
      this.active--;
      this.retire(o);
    }
    this.fillLog.push(fill);
    this.emitFill(fill);
    // 'clip': what the cash paid for is filled, the rest canceled
    if (clipped && !o.done) this.finish(o, 'canceled', time, 'insufficient funds: the rest of the order canceled');
    else if (closesPosition && !o.done) this.finish(o, 'canceled', time, 'reduce-only: position closed, the rest canceled');
  }

  /** Moves a closed order out of the live map, keeping only its id (duplicate detection) and final state. */
  private retire(o: SimOrder): void {
    if (fxIsZero(o.remaining)) o.closedAs = 'filled';
    this.orders.set(o.id, o.closedAs);
    if (this.matchingSlot === o.slot) this.retiredInMatch = true;
    if (++this.closedCount > this.maxClosed) this.dropClosed();
  }

  /** Forgets the final status of the oldest closed orders beyond `maxClosed` (live orders stay). */
  private dropClosed(): void {
    const orders = this.orders;
    for (const [id, o] of orders.entries()) {
      if (this.closedCount <= this.maxClosed) return;
      if (typeof o !== 'string') continue;
      orders.delete(id);
      this.closedCount--;
    }
  }

  private finish(o: SimOrder, how: 'canceled' | 'expired' | 'rejected', time: number, reason: string | undefined): void {
    if (o.done) return;
    o.done = true;
    this.active--;
    o.closedAs = how;
    this.retire(o);
    if (how === 'canceled') {
      this.emit(reason === undefined ? { type: 'order-canceled', clientOrderId: o.id, time } : { type: 'order-canceled', clientOrderId: o.id, reason, time });
    } else if (how === 'expired') {
      this.emit({ type: 'order-expired', clientOrderId: o.id, time });
    } else {
      this.emit({ type: 'order-rejected', clientOrderId: o.id, reason: reason ?? 'rejected', time });
    }
    if (this.matchingSlot !== o.slot) {
      const list = this.bySlot[o.slot]!;
      const i = list.indexOf(o);
      if (i >= 0) list.splice(i, 1);
    }
  }

  /** Balances of the attached account (cash per currency as free = total; nothing is locked in simulation). */
  fetchBalances(): Promise<AccountBalances> {
    const out = new Map<Currency, Balance>();
    const acct = this.account;
    if (acct !== undefined) {
      const ccys = new Set<Currency>();
      for (const inst of this.instrumentList) {
        ccys.add(inst.quote);
        ccys.add(inst.base);
      }
      for (const c of ccys) {
        const total = acct.cashOf(c);
        out.set(c, { currency: c, free: total, locked: new Decimal(0), total });
      }
    }
    return Promise.resolve(out);
  }

  /** Live orders (optionally of one symbol). */
  fetchOpenOrders(symbol?: Symbol): Promise<readonly VenueOrderReport[]> {
    // live orders are exactly the not-done ones of the per-symbol lists; reported in submission order
    const live: SimOrder[] = [];
    for (const list of this.bySlot) {
      for (const o of list) {
        if (o.done || (symbol !== undefined && o.inst.symbol !== symbol)) continue;
        live.push(o);
      }
    }
    live.sort((a, b) => a.seq - b.seq);
    return Promise.resolve(live.map((o) => this.report(o)));
  }

  /**
   * A live order by client id. Closed orders are released by the simulated venue (their final state is in the
   * kernel's `OrderManager`), so they report `undefined`; {@link SimulatedVenue.closedStatus} tells how they ended.
   */
  fetchOrder(clientOrderId: ClientOrderId): Promise<VenueOrderReport | undefined> {
    const o = this.orders.get(clientOrderId);
    // closed orders are released; their final state lives in the kernel's OrderManager
    return Promise.resolve(o === undefined || typeof o === 'string' ? undefined : this.report(o));
  }

  /** Final status of a closed order, undefined for live or unknown ones. */
  closedStatus(clientOrderId: ClientOrderId): 'filled' | 'canceled' | 'expired' | 'rejected' | undefined {
    const o = this.orders.get(clientOrderId);
    return typeof o === 'string' ? o : undefined;
  }

  /** Fills at or after `since`. */
  fetchFills(since: number, symbol?: Symbol): Promise<readonly Fill[]> {
    return Promise.resolve(this.fillLog.view().filter((f) => f.time >= since && (symbol === undefined || f.symbol === symbol)));
  }

  private report(o: SimOrder): VenueOrderReport {
    const r = o.request;
    return {
      clientOrderId: o.id,
      venueOrderId: o.venueOrderId,
      symbol: r.symbol,
      side: r.side,
      status: o.done ? o.closedAs : fxIsZero(o.filled) ? (o.accepted ? 'accepted' : 'submitted') : 'partially-filled',
      quantity: r.quantity,
      filledQuantity: Quantity.of(fxToDecimal(o.filled)),
      ...('limitPrice' in r ? { limitPrice: r.limitPrice } : {}),
      ...('stopPrice' in r ? { stopPrice: r.stopPrice } : {}),
    };
  }
}

/**
 * Fill order inside one bar: fills at an order's start point (the open, a gap) first; then, for intrabar triggers,
 * stop-type before limit-type orders (or the reverse), then by path position.
 */
function byFillOrder(a: SimOrder, b: SimOrder, stopFirst: boolean): number {
  const ga = a.mPos <= a.startPos ? 0 : 1;
  const gb = b.mPos <= b.startPos ? 0 : 1;
  if (ga !== gb) return ga - gb;
  if (ga === 1) {
    const ca = classOf(a, stopFirst);
    const cb = classOf(b, stopFirst);
    if (ca !== cb) return ca - cb;
  }
  return a.mPos - b.mPos;
}

function byFillOrderStopFirst(a: SimOrder, b: SimOrder): number {
  return byFillOrder(a, b, true);
}

function byFillOrderTakeProfitFirst(a: SimOrder, b: SimOrder): number {
  return byFillOrder(a, b, false);
}

function classOf(o: SimOrder, stopFirst: boolean): number {
  // a stop-limit is the stop-loss kind even when it fills at its limit (as maker)
  const isStop = o.kind === KIND_STOP || o.kind === KIND_TRAILING || o.kind === KIND_STOP_LIMIT;
  if (o.kind === KIND_MARKET) return 0;
  return isStop === stopFirst ? 1 : 2;
}

/** Nearest double of a quantity (for volume accounting and slippage models). */
function fxToNumberFast(a: Fx): number {
  return a.e === 0 ? Number(a.m) : Number(a.m) * 10 ** a.e;
}
