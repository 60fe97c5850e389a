import {
  type Clock,
  type Fill,
  type Instrument,
  type ModeChangeRequest,
  type OrderIntent,
  Quantity,
  type RiskContext,
  type RiskDecision,
  type RiskGate,
  type RiskReason,
  type TradingMode,
} from '@bot/core-types';
import type { Observable } from 'rxjs';
import { CircuitBreakers } from '../breakers/circuitBreakers.js';
import { normalQuantile } from '../stats/normal.js';
import { ExposureBook, type SymbolSlot } from './exposureBook.js';
import { maxQuantityWithin } from './limitMath.js';
import type { ModeStore, PersistedModeState } from './modeStore.js';
import type { RiskGateConfig } from './riskGateConfig.js';
import type { RiskReasonCode } from './riskReasons.js';
import {
  type ModeHold,
  type ModeRefusal,
  type ModeRequestOutcome,
  type ModeTransition,
  TradingModeMachine,
} from './tradingModeMachine.js';

/** Options of {@link createRiskGate}. */
export interface CreateRiskGateOptions {
  /** Time source for mode changes and breakers (checks use `context.now`). */
  readonly clock: Clock;
  /** Where the trading mode survives restarts (default: in memory, lost on exit). */
  readonly modeStore?: ModeStore;
}

/** The @bot pre-trade risk gate: the `RiskGate` port plus modes, breakers and account-level evaluation. */
export interface PreTradeRiskGate extends RiskGate {
  readonly config: RiskGateConfig;
  /** Current trading mode. */
  readonly mode: TradingMode;
  /** Current mode with its source, reason and since-time (as persisted). */
  readonly modeState: PersistedModeState;
  /** Accepted mode changes (with `from`), for the audit trail. */
  readonly modeChanges: Observable<ModeTransition>;
  /** Refused mode requests, for the audit trail. */
  readonly modeRefusals: Observable<ModeRefusal>;
  /** Circuit breakers wired to this gate's mode machine. */
  readonly breakers: CircuitBreakers;
  /**
   * The last error of the mode store during an escalation triggered inside `check`/`onFill`/`evaluate` (the mode
   * still changed in memory); undefined when persistence never failed. Breaker trips and `requestMode` throw instead.
   */
  readonly modeStoreError: unknown;
  check(intent: OrderIntent, context: RiskContext): RiskDecision;
  onFill(fill: Fill, context: RiskContext): void;
  requestMode(request: ModeChangeRequest): ModeRequestOutcome;
  /**
   * Re-evaluates account-level limits (daily loss, drawdown hard limit) and requests mode changes when they are
   * hit; call after marking to market so a loss steps the mode down even when no order is pending.
   */
  evaluate(context: RiskContext): void;
}

const NO_REASONS: readonly RiskReason[] = Object.freeze([]);
const APPROVED: RiskDecision = Object.freeze({ kind: 'approve', reasons: NO_REASONS });
const REF_PRICE_CAPACITY = 10_000;
/** Loss fractions computed in floating point: a limit hit exactly (97k of 100k at 3%) counts as hit. */
const BOUNDARY_EPS = 1e-12;

interface InstrumentNumbers {
  readonly lot: number;
  readonly minQuantity: number;
  readonly minNotional: number;
}

/**
 * Builds the pre-trade risk gate from a validated config (see `parseRiskGateConfig`).
 *
 * For each order intent the gate returns approve, resize (the largest quantity, rounded down to the lot size,
 * that passes every check) or reject, with machine-readable reasons (codes in {@link RISK_REASON_CODES}).
 *
 * Conventions:
 * - Exposure of a symbol = signed position × last price; money is in the account currency, assumed to be the
 *   instruments' quote currency. Positions only: open orders are not counted as exposure.
 * - An order *reduces exposure* when it is on the opposite side of the symbol's position and no larger than it
 *   (a sell that flips a long into a short is reducing only up to the position size). The reducing part of an
 *   order always passes the exposure limits; the limits apply to the part that adds or flips exposure.
 * - An exposure limit already breached may be moved back toward (not past) its minimum, never made worse.
 * - Order notional uses the worse (higher) of the last price and the order's limit/stop price.
 * - Modes: `pause` rejects everything; `reduce` only exposure-reducing orders (resized down to the position);
 *   `emergency` only flattening orders, which skip every other check (getting flat comes first).
 * - Hot path: numbers only, exposures and risk-model quadratic forms are updated incrementally; only a resized
 *   quantity becomes a `Quantity`.
 *
 * @throws ValidationError when the mode store holds a corrupt state
 * @example
 * ```ts
 * const gate = createRiskGate(parseRiskGateConfig(json, 'risk.json'), { clock, modeStore: new FileModeStore('state/mode.json') });
 * const decision = gate.check(intent, { now, portfolio, market });
 * ```
 */
export function createRiskGate(config: RiskGateConfig, options: CreateRiskGateOptions): PreTradeRiskGate {
  return new PreTradeRiskGateImpl(config, options);
}

class PreTradeRiskGateImpl implements PreTradeRiskGate {
  readonly config: RiskGateConfig;
  readonly breakers: CircuitBreakers;
  modeStoreError: unknown = undefined;
  private readonly modes: TradingModeMachine;
  private readonly book: ExposureBook;
  private readonly instruments = new WeakMap<Instrument, InstrumentNumbers>();
  private readonly refPrices = new Map<string, number>();
  private epoch = 0;
  private readonly rateTimes: Float64Array;
  private rateHead = 0;
  private rateCount = 0;
  private drawdownBreached = false;
  private dailyLossBreached = false;
  private readonly varScale: number;
  private readonly quadratic: boolean;
  // Per-check scratch state (check is synchronous and not re-entrant): no closures or result objects per call.
  private cap = 0;
  private reasons: RiskReason[] | undefined;
  private gross = 0;
  private net = 0;
  /** Tightens the allowed quantity and records why. */
  private readonly bindFn = (code: RiskReasonCode, message: string, limit: number, value: number, allowed: number): void => {
    if (allowed < this.cap) this.cap = allowed;
    (this.reasons ??= []).push(reason(code, message, limit, value));
  };

  constructor(config: RiskGateConfig, options: CreateRiskGateOptions) {
    this.config = config;
    const holds = (): ModeHold[] => {
      const out: ModeHold[] = this.breakers.active().map((t) => ({ mode: t.mode, source: `breaker:${t.breaker}`, kind: 'breaker' as const }));
      const l = config.limits;
      if (this.drawdownBreached && l.drawdown) out.push({ mode: l.drawdown.hardMode, source: 'limit:drawdown', kind: 'limit' });
      if (this.dailyLossBreached && l.dailyLoss) out.push({ mode: l.dailyLoss.mode, source: 'limit:daily-loss', kind: 'limit' });
      return out;
    };
    this.modes = new TradingModeMachine({
      clock: options.clock,
      cooldownMs: config.modes.cooldownMs,
      initial: config.modes.initial,
      ...(options.modeStore === undefined ? {} : { store: options.modeStore }),
      holds,
    });
    this.breakers = new CircuitBreakers(config.breakers, options.clock, (r) => {
      this.modes.request(r);
    });
    const l = config.limits;
    this.quadratic = l.valueAtRisk !== undefined || l.maxCorrelatedExposure !== undefined;
    this.book = new ExposureBook(config.riskModel, this.quadratic);
    this.rateTimes = new Float64Array(l.orderRate?.maxOrders ?? 0);
    this.varScale = l.valueAtRisk ? normalQuantile(l.valueAtRisk.confidence) * Math.sqrt(l.valueAtRisk.horizonDays) : 0;
  }

  get mode(): TradingMode {
    return this.modes.mode;
  }
  get modeState(): PersistedModeState {
    return this.modes.current;
  }
  get modeChanges(): Observable<ModeTransition> {
    return this.modes.transitions;
  }
  get modeRefusals(): Observable<ModeRefusal> {
    return this.modes.refusals;
  }

  requestMode(request: ModeChangeRequest): ModeRequestOutcome {
    return this.modes.request(request);
  }

  /**
   * Escalation from inside `check`/`onFill`: the mode changes in memory even when the store fails (see
   * TradingModeMachine); the store error is kept in `modeStoreError` instead of failing the order check.
   */
  private escalateSafely(mode: TradingMode, source: string, reason: string, now: number): void {
    try {
      this.modes.escalate(mode, source, reason, now);
    } catch (error) {
      this.modeStoreError = error;
    }
  }

  evaluate(context: RiskContext): void {
    const p = context.portfolio;
    this.accountLimits(p.equity(), p.peakEquity(), p.startOfDayEquity(), context.now);
  }

  /** Updates the breach flags and escalates the mode; returns [daily loss fraction, drawdown fraction]. */
  private accountLimits(equity: number, peak: number, startOfDay: number, now: number): void {
    const l = this.config.limits;
    if (l.dailyLoss) {
      const loss = startOfDay > 0 ? 1 - equity / startOfDay : 0;
      this.dailyLossBreached = loss >= l.dailyLoss.maxFraction - BOUNDARY_EPS;
      if (this.dailyLossBreached) {
        this.escalateSafely(l.dailyLoss.mode, 'limit:daily-loss', `daily loss ${(loss * 100).toFixed(2)}% >= ${(l.dailyLoss.maxFraction * 100).toFixed(2)}%`, now);
      }
    }
    if (l.drawdown) {
      const dd = peak > 0 ? 1 - equity / peak : 0;
      this.drawdownBreached = dd >= l.drawdown.hard - BOUNDARY_EPS;
      if (this.drawdownBreached) {
        this.escalateSafely(l.drawdown.hardMode, 'limit:drawdown', `drawdown ${(dd * 100).toFixed(2)}% >= hard limit ${(l.drawdown.hard * 100).toFixed(2)}%`, now);
      }
    }
    if (this.config.modes.autoRecover && this.modes.mode !== 'normal') {
      const source = this.modes.current.source;
      const cleared =
        (source === 'limit:daily-loss' && !this.dailyLossBreached) || (source === 'limit:drawdown' && !this.drawdownBreached);
      if (cleared && now - this.modes.current.lastEscalationAt >= this.config.modes.cooldownMs) {
        this.modes.request({ mode: 'normal', source: 'limit:recovered', reason: `${source.slice(6)} limit no longer breached`, time: now });
      }
    }
  }

  onFill(fill: Fill, context: RiskContext): void {
    const ref = this.refPrices.get(fill.clientOrderId);
    if (ref !== undefined) this.breakers.onFill(fill.side, ref, fill.price.toNumber(), fill.time, fill.symbol);
    this.evaluate(context);
  }

  private instrumentNumbers(instrument: Instrument): InstrumentNumbers {
    let v = this.instruments.get(instrument);
    if (v === undefined) {
      v = {
        lot: instrument.lotSize.toNumber(),
        minQuantity: instrument.minQuantity.toNumber(),
        minNotional: instrument.minNotional.toNumber(),
      };
      this.instruments.set(instrument, v);
    }
    return v;
  }

  /** Brings exposures, gross and net up to date with the portfolio; returns the order symbol's slot. */
  private refresh(context: RiskContext, orderSlot: SymbolSlot): void {
    const portfolio = context.portfolio;
    const market = context.market;
    const book = this.book;
    const epoch = ++this.epoch;
    let gross = 0;
    let net = 0;
    let activeChanged = false;
    for (const symbol of portfolio.positionSymbols()) {
      const slot = book.slot(symbol);
      const q = portfolio.positionQuantity(symbol);
      const px = market.lastPrice(symbol);
      if (px !== undefined) slot.price = px;
      const e = slot.price > 0 ? q * slot.price : 0;
      slot.stamp = epoch;
      if (!slot.active) {
        slot.active = true;
        activeChanged = true;
      }
      if (e !== slot.exposure) book.setExposure(slot, e);
      gross += e < 0 ? -e : e;
      net += e;
    }
    // Positions that disappeared since the last refresh go to zero.
    const slots = book.slots;
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i]!;
      if (s.active && s.stamp !== epoch) {
        s.active = false;
        activeChanged = true;
        if (s.exposure !== 0) book.setExposure(s, 0);
      }
    }
    void activeChanged;
    const px = market.lastPrice(orderSlot.symbol);
    if (px !== undefined) orderSlot.price = px;
    this.gross = gross;
    this.net = net;
  }

  check(intent: OrderIntent, context: RiskContext): RiskDecision {
    const req = intent.request;
    const mode = this.modes.mode;
    if (mode === 'pause') return reject('mode-pause', 'trading is paused: no new orders');
    const symbol = req.symbol;
    const side = req.side === 'buy' ? 1 : -1;
    const qty = req.quantity.toNumber();
    const portfolio = context.portfolio;
    const market = context.market;
    const pos = portfolio.positionQuantity(symbol);
    const maxReduce = pos * side < 0 ? (pos < 0 ? -pos : pos) : 0;
    if (mode === 'emergency') {
      if (maxReduce === 0) return reject('mode-emergency', 'emergency: only orders that flatten a position pass');
      if (qty <= maxReduce) return APPROVED;
      return this.resize(maxReduce, [reason('mode-emergency', `emergency: resized to the position (${maxReduce})`, maxReduce, qty)], context, undefined, intent, true);
    }
    if (mode === 'reduce' && maxReduce === 0) return reject('mode-reduce', 'reduce mode: only exposure-reducing orders pass');

    const l = this.config.limits;
    const now = context.now;
    const last = market.lastPrice(symbol);
    const orderPx = orderPrice(req);
    this.cap = qty;
    this.reasons = undefined;
    const bind = this.bindFn;
    if (mode === 'reduce' && qty > maxReduce) {
      bind('mode-reduce', `reduce mode: resized to the position (${maxReduce})`, maxReduce, qty, maxReduce);
    }

    // Order checks: apply to every order.
    if (l.priceCollar && req.type !== 'market' && last !== undefined && orderPx !== undefined && 'limitPrice' in req) {
      const dev = Math.abs(orderPx / last - 1);
      if (dev > l.priceCollar.maxDeviation) {
        return reject('price-collar', `limit price ${orderPx} is ${(dev * 100).toFixed(2)}% from the last price ${last}`, l.priceCollar.maxDeviation, dev);
      }
    }
    if (l.orderRate && this.rateCount >= l.orderRate.maxOrders) {
      const oldest = this.rateTimes[this.rateHead]!;
      if (now - oldest < l.orderRate.windowMs) {
        return reject('order-rate', `order rate: ${l.orderRate.maxOrders} order(s) approved in the last ${l.orderRate.windowMs} ms, the maximum`, l.orderRate.maxOrders, l.orderRate.maxOrders + 1);
      }
    }
    const notionalPx = last === undefined ? orderPx : orderPx === undefined || orderPx < last ? last : orderPx;
    if (l.maxOrderNotional !== undefined) {
      if (notionalPx === undefined) return reject('no-market-price', `no price known for ${symbol}`);
      const allowed = l.maxOrderNotional / notionalPx;
      if (allowed < qty) bind('max-order-notional', `order notional ${(qty * notionalPx).toFixed(2)} above ${l.maxOrderNotional}`, l.maxOrderNotional, qty * notionalPx, allowed);
    }

    // Exposure checks: only when the order adds or flips exposure.
    if (qty > maxReduce && mode === 'normal') {
      this.exposureChecks(context, symbol, side, qty, pos, maxReduce, last, now, bind);
    }

    const cap = this.cap;
    const reasons = this.reasons;
    this.reasons = undefined;
    // Relative 1e-12: an order exactly at a limit must not be resized by float noise in the limit arithmetic.
    if (cap >= qty * (1 - 1e-12)) {
      this.recordApproval(intent, now, last ?? orderPx);
      return reasons === undefined ? APPROVED : { kind: 'approve', reasons };
    }
    return this.resize(cap, reasons!, context, last ?? notionalPx, intent, false);
  }

  private exposureChecks(
    context: RiskContext,
    symbol: string,
    side: number,
    qty: number,
    pos: number,
    maxReduce: number,
    last: number | undefined,
    now: number,
    bind: (code: RiskReasonCode, message: string, limit: number, value: number, allowed: number) => void,
  ): void {
    const l = this.config.limits;
    const portfolio = context.portfolio;
    if (last === undefined || !(last > 0)) {
      bind('no-market-price', `no price known for ${symbol}: only reducing orders pass`, 0, qty, maxReduce);
      return;
    }
    if (l.staleData) {
      const t = context.market.lastUpdateTime(symbol);
      const age = t === undefined ? Number.POSITIVE_INFINITY : now - t;
      if (age > l.staleData.maxAgeMs) {
        bind('stale-market-data', `last update of ${symbol} is ${age} ms old`, l.staleData.maxAgeMs, age, maxReduce);
        return;
      }
    }
    const equity = portfolio.equity();
    if (!(equity > 0)) {
      bind('non-positive-equity', `equity ${equity} <= 0: only reducing orders pass`, 0, equity, maxReduce);
      return;
    }
    if (l.dailyLoss || l.drawdown) {
      const peak = l.drawdown ? portfolio.peakEquity() : 0;
      const sod = l.dailyLoss ? portfolio.startOfDayEquity() : 0;
      this.accountLimits(equity, peak, sod, now);
      if (l.dailyLoss && this.dailyLossBreached) {
        const loss = 1 - equity / sod;
        bind('daily-loss-limit', `daily loss ${(loss * 100).toFixed(2)}% reached the limit`, l.dailyLoss.maxFraction, loss, maxReduce);
      }
      if (l.drawdown) {
        const dd = peak > 0 ? 1 - equity / peak : 0;
        if (this.drawdownBreached) {
          bind('drawdown-hard-limit', `drawdown ${(dd * 100).toFixed(2)}% reached the hard limit`, l.drawdown.hard, dd, maxReduce);
        } else if (dd > l.drawdown.soft + BOUNDARY_EPS) {
          const factor = (l.drawdown.hard - dd) / (l.drawdown.hard - l.drawdown.soft);
          bind('drawdown-soft-limit', `drawdown ${(dd * 100).toFixed(2)}%: new exposure scaled to ${(factor * 100).toFixed(1)}%`, l.drawdown.soft, dd, maxReduce + factor * (qty - maxReduce));
        }
      }
      if (this.modes.mode !== 'normal') {
        // An account limit just moved the mode: enforce it on this very order.
        bind(`mode-${this.modes.mode}` as RiskReasonCode, `mode changed to ${this.modes.mode}`, 0, qty, this.modes.mode === 'pause' ? 0 : maxReduce);
        return;
      }
    }
    const p = last;
    const sp = side * p;
    if (l.maxPositionQuantity !== undefined) {
      const lim = typeof l.maxPositionQuantity === 'number' ? l.maxPositionQuantity : l.maxPositionQuantity[symbol];
      if (lim !== undefined) {
        const allowed = maxQuantityWithin(1, side * pos, pos * pos, lim);
        if (allowed < qty) {
          bind('max-position-quantity', `position ${Math.abs(pos + side * qty)} above ${lim}`, lim, Math.abs(pos + side * qty), Math.max(allowed, maxReduce));
        }
      }
    }
    if (l.maxPositionNotional !== undefined) {
      const allowed = maxQuantityWithin(1, side * pos, pos * pos, l.maxPositionNotional / p);
      if (allowed < qty) {
        const v = Math.abs(pos + side * qty) * p;
        bind('max-position-notional', `position notional ${v.toFixed(2)} above ${l.maxPositionNotional}`, l.maxPositionNotional, v, Math.max(allowed, maxReduce));
      }
    }
    if (l.maxConcentration !== undefined) {
      const allowed = maxQuantityWithin(1, side * pos, pos * pos, (l.maxConcentration * equity) / p);
      if (allowed < qty) {
        const v = (Math.abs(pos + side * qty) * p) / equity;
        bind('max-concentration', `${symbol} would be ${(v * 100).toFixed(2)}% of equity`, l.maxConcentration, v, Math.max(allowed, maxReduce));
      }
    }
    const needBook = l.maxGrossLeverage !== undefined || l.maxNetLeverage !== undefined || this.quadratic;
    if (!needBook) return;
    const slot = this.book.slot(symbol);
    this.refresh(context, slot);
    const gross = this.gross;
    const net = this.net;
    const ek = slot.exposure;
    const ekAbs = ek < 0 ? -ek : ek;
    const A = p * p;
    if (l.maxGrossLeverage !== undefined) {
      const allowed = maxQuantityWithin(A, sp * ek, ek * ek, l.maxGrossLeverage * equity - (gross - ekAbs));
      if (allowed < qty) {
        const v = (gross - ekAbs + Math.abs(ek + sp * qty)) / equity;
        bind('max-gross-leverage', `gross leverage would be ${v.toFixed(3)}`, l.maxGrossLeverage, v, Math.max(allowed, maxReduce));
      }
    }
    if (l.maxNetLeverage !== undefined) {
      const allowed = maxQuantityWithin(A, sp * net, net * net, l.maxNetLeverage * equity);
      if (allowed < qty) {
        const v = Math.abs(net + sp * qty) / equity;
        bind('max-net-leverage', `net leverage would be ${v.toFixed(3)}`, l.maxNetLeverage, v, Math.max(allowed, maxReduce));
      }
    }
    if (l.maxCorrelatedExposure !== undefined) {
      const b = sp * this.book.corrRow(slot);
      const c = this.book.eCorrE;
      const allowed = maxQuantityWithin(A, b, c, l.maxCorrelatedExposure * equity);
      if (allowed < qty) {
        const v = Math.sqrt(Math.max(0, A * qty * qty + 2 * b * qty + c)) / equity;
        bind('max-correlated-exposure', `correlated exposure would be ${v.toFixed(3)} x equity`, l.maxCorrelatedExposure, v, Math.max(allowed, maxReduce));
      }
    }
    if (l.valueAtRisk !== undefined) {
      const a = A * this.book.variance(slot);
      const b = sp * this.book.covRow(slot);
      const c = this.book.eCovE;
      const allowed = maxQuantityWithin(a, b, c, (l.valueAtRisk.maxFraction * equity) / this.varScale);
      if (allowed < qty) {
        const v = (this.varScale * Math.sqrt(Math.max(0, a * qty * qty + 2 * b * qty + c))) / equity;
        bind('max-var', `VaR(${l.valueAtRisk.confidence}) would be ${(v * 100).toFixed(2)}% of equity`, l.valueAtRisk.maxFraction, v, Math.max(allowed, maxReduce));
      }
    }
  }

  private recordApproval(intent: OrderIntent, now: number, refPrice: number | undefined): void {
    const rate = this.config.limits.orderRate;
    if (rate) {
      this.rateTimes[this.rateHead] = now;
      this.rateHead = (this.rateHead + 1) % rate.maxOrders;
      if (this.rateCount < rate.maxOrders) this.rateCount++;
    }
    if (this.config.breakers.slippage && refPrice !== undefined) {
      if (this.refPrices.size >= REF_PRICE_CAPACITY) {
        const first = this.refPrices.keys().next();
        if (!first.done) this.refPrices.delete(first.value);
      }
      this.refPrices.set(intent.clientOrderId, refPrice);
    }
  }

  /** Turns the largest passing quantity into a resize (lot-rounded, minimums checked) or a rejection. */
  private resize(
    allowed: number,
    reasons: RiskReason[],
    context: RiskContext,
    price: number | undefined,
    intent: OrderIntent,
    flatten: boolean,
  ): RiskDecision {
    // Nothing passes: a rejection with the binding reasons (no rounding to talk about).
    if (!(allowed > 0)) return { kind: 'reject', reasons };
    const symbol = intent.request.symbol;
    // Emergency: exactly the position (not lot-rounded: the position is what the venue holds). Not throttled.
    if (flatten) return { kind: 'resize', quantity: Quantity.of(allowed), reasons };
    const instrument = context.market.instrument(symbol);
    if (instrument === undefined) {
      reasons.push(reason('unknown-instrument', `no instrument for ${symbol}: cannot round a resized quantity`));
      return { kind: 'reject', reasons };
    }
    const inst = this.instrumentNumbers(instrument);
    let lots = Math.floor(allowed / inst.lot);
    // Tolerate float noise of a quantity that is exactly on a lot boundary.
    if ((lots + 1) * inst.lot - allowed <= 1e-10 * allowed) lots += 1;
    const qn = lots * inst.lot;
    if (lots <= 0 || qn < inst.minQuantity || (price !== undefined && qn * price < inst.minNotional)) {
      reasons.push(
        reason('below-instrument-minimum', `largest passing quantity ${qn} is below the instrument minimums (quantity ${inst.minQuantity}, notional ${inst.minNotional})`, inst.minQuantity, qn),
      );
      return { kind: 'reject', reasons };
    }
    const quantity = Quantity.of(instrument.lotSize.times(lots));
    this.recordApproval(intent, context.now, price);
    return { kind: 'resize', quantity, reasons };
  }
}

function orderPrice(req: OrderIntent['request']): number | undefined {
  switch (req.type) {
    case 'limit':
    case 'stop-limit':
      return req.limitPrice.toNumber();
    case 'stop':
      return req.stopPrice.toNumber();
    default:
      return undefined;
  }
}

function reason(code: RiskReasonCode, message: string, limit?: number, value?: number): RiskReason {
  return {
    code,
    message,
    ...(limit === undefined ? {} : { limit }),
    ...(value === undefined ? {} : { value }),
  };
}

function reject(code: RiskReasonCode, message: string, limit?: number, value?: number): RiskDecision {
  return { kind: 'reject', reasons: [reason(code, message, limit, value)] };
}
