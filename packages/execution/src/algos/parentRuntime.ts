import { Decimal, Price, Quantity, TradingMode, isTerminalOrderStatus, orderSizeProblem, roundToIncrement } from '@bot/core-types';
import type {
  Bar,
  ClientOrderId,
  Clock,
  Instrument,
  Order,
  OrderInput,
  OrderSide,
  OrderStatus,
  TimerHandle,
  Trade,
} from '@bot/core-types';
import type { KernelStrategyContext } from '../kernelStrategyContext.js';
import type { ParentOrder } from './parentOrders.js';
import type { VenueCapabilities } from './venueCapabilities.js';

/** Parent order id, unique per {@link AlgoHost}. */
export type ParentOrderId = string & { readonly __brand: 'ParentOrderId' };

/**
 * Lifecycle of a parent order: `working` until it ends as `completed` (the whole quantity filled), `canceled`
 * (by request or emergency mode), `expired` (the schedule / window ended with a remainder) or `stopped` (child
 * rejection policy).
 */
export type ParentStatus = 'working' | 'completed' | 'canceled' | 'expired' | 'stopped';

/** One child as the host tracks it. */
export interface ChildView {
  readonly clientOrderId: ClientOrderId;
  /** What the child is for: `slice`, `display`, `trigger`, `entry`, `leg:<i>`, `native`. */
  readonly role: string;
  readonly side: OrderSide;
  /** Current order quantity (after any risk-gate resize). */
  readonly quantity: Quantity;
  readonly filledQuantity: Quantity;
  readonly status: OrderStatus;
  readonly createdAt: number;
}

/** A parent order's state, as reported by {@link AlgoHost.progress} and `onParentUpdate`. */
export interface ParentProgress {
  readonly id: ParentOrderId;
  readonly kind: ParentOrder['kind'];
  readonly symbol: string;
  readonly side: OrderSide;
  readonly status: ParentStatus;
  /** Parent quantity. */
  readonly quantity: Quantity;
  /** Quantity of the parent done (accumulating algos: all children; OCO: the winning leg; bracket: the entry). */
  readonly filledQuantity: Quantity;
  /** Volume-weighted average price of `filledQuantity` (rounded to 10 decimal places), undefined before any fill. */
  readonly averagePrice?: Price;
  /** True while the trading mode keeps the parent from sending children. */
  readonly held: boolean;
  /** Whether stops/trailing/OCO/bracket run emulated by the host (false: sent natively). */
  readonly emulated: boolean;
  readonly children: readonly ChildView[];
  /** Why the parent ended, or why its last child was not sent. */
  readonly reason?: string;
}

/** @internal What a runtime needs from its host. */
export interface HostServices {
  readonly clock: Clock;
  readonly capabilities: VenueCapabilities;
  ctx(): KernelStrategyContext;
  lastPrice(symbol: string): number | undefined;
  register(rt: ParentRuntime, id: ClientOrderId): void;
  changed(rt: ParentRuntime): void;
  /** Runs host code without re-entrance (timer callbacks). */
  run(fn: () => void): void;
}

/** @internal Child bookkeeping. */
export interface ChildState {
  readonly id: ClientOrderId;
  readonly role: string;
  readonly side: OrderSide;
  readonly type: string;
  readonly reduceOnly: boolean;
  readonly counts: boolean;
  quantity: Decimal;
  filled: Decimal;
  notional: Decimal;
  status: OrderStatus;
  readonly createdAt: number;
  canceledByUs: boolean;
}

/** @internal A child the runtime wants to send. */
export interface ChildRequest {
  readonly role: string;
  readonly type: 'market' | 'limit' | 'stop' | 'stop-limit' | 'trailing-stop';
  readonly quantity: Decimal;
  readonly side?: OrderSide;
  readonly limitPrice?: Price;
  readonly stopPrice?: Price;
  readonly reduceOnly?: boolean;
  readonly timeInForce?: 'GTC' | 'IOC';
  readonly trailingOffset?: Decimal;
  readonly trailingOffsetType?: 'price' | 'bps';
  /** Whether fills of this child count toward the parent's filled quantity (default true). */
  readonly counts?: boolean;
  /** Cap the child at the parent's unfilled, unworked remainder (default true). */
  readonly capAtRemaining?: boolean;
  readonly tag?: string;
}

const ZERO = new Decimal(0);

/** @internal Shared machinery of every parent runtime: children, mode rules, sizing, rejection policy. */
export abstract class ParentRuntime {
  status: ParentStatus = 'working';
  reason: string | undefined;
  held = false;
  readonly children = new Map<ClientOrderId, ChildState>();
  readonly instrument: Instrument;
  protected rejectionsInRow = 0;
  // running totals (kept per child update, so a parent with many children costs O(1) per event)
  private filledSum = ZERO;
  private notionalSum = ZERO;
  private openRemaining = ZERO;
  private readonly open = new Set<ChildState>();
  private committedNum = 0;
  private committedDirty = false;
  private readonly timers = new Set<TimerHandle>();

  constructor(
    readonly id: ParentOrderId,
    readonly spec: ParentOrder,
    protected readonly host: HostServices,
  ) {
    this.instrument = host.ctx().instrument(spec.symbol);
  }

  /** Whether stop-like behaviour is emulated (reported in progress). */
  abstract readonly emulated: boolean;
  /** Called once after registration. */
  abstract begin(): void;
  onBar(_bar: Bar): void {}
  onTrade(_trade: Trade): void {}
  /** A child changed state (already booked). */
  protected abstract childChanged(child: ChildState, previous: OrderStatus): void;
  /** The mode went back to normal. */
  protected resume(): void {}

  get working(): boolean {
    return this.status === 'working';
  }

  /** Exact filled quantity of the children that count toward the parent. */
  filled(): Decimal {
    return this.filledSum;
  }

  /** Filled plus still-working quantity of counting children: what the parent has committed. */
  committed(): Decimal {
    return this.filledSum.plus(this.openRemaining);
  }

  /** {@link ParentRuntime.committed} as a number, cached between child changes (cheap per-event pre-checks). */
  committedNumber(): number {
    if (this.committedDirty) {
      this.committedNum = this.committed().toNumber();
      this.committedDirty = false;
    }
    return this.committedNum;
  }

  /** Children that are not terminal. */
  openChildren(): readonly ChildState[] {
    return [...this.open];
  }

  get openCount(): number {
    return this.open.size;
  }

  /** Books an order update of one of this parent's children. */
  applyUpdate(order: Order): void {
    const c = this.children.get(order.clientOrderId);
    if (c === undefined) return;
    const previous = c.status;
    const filledBefore = c.filled;
    const sameSize = order.filledQuantity.value.eq(c.filled) && order.request.quantity.value.eq(c.quantity);
    if (sameSize && !isTerminalOrderStatus(order.status)) {
      // an acknowledgement: nothing to re-book
      c.status = order.status;
      this.childChanged(c, previous);
      this.host.changed(this);
      return;
    }
    this.committedDirty = true;
    if (c.counts) {
      this.filledSum = this.filledSum.minus(c.filled);
      this.notionalSum = this.notionalSum.minus(c.notional);
      if (this.open.has(c)) this.openRemaining = this.openRemaining.minus(Decimal.max(c.quantity.minus(c.filled), ZERO));
    }
    c.status = order.status;
    c.quantity = order.request.quantity.value;
    c.filled = order.filledQuantity.value;
    c.notional = order.averageFillPrice === undefined ? ZERO : order.averageFillPrice.value.times(c.filled);
    const open = !isTerminalOrderStatus(c.status);
    if (!open) this.open.delete(c);
    if (c.counts) {
      this.filledSum = this.filledSum.plus(c.filled);
      this.notionalSum = this.notionalSum.plus(c.notional);
      if (open) this.openRemaining = this.openRemaining.plus(Decimal.max(c.quantity.minus(c.filled), ZERO));
    }
    if (c.filled.gt(filledBefore)) this.rejectionsInRow = 0;
    if (order.status === 'rejected' && previous !== 'rejected') {
      this.rejectionsInRow++;
      this.reason = `child ${order.clientOrderId} rejected: ${order.reason ?? 'no reason'}`;
      if (this.working && (this.spec.onChildRejected === 'stop' || this.rejectionsInRow >= this.spec.maxConsecutiveRejections)) {
        this.finish('stopped', `${this.reason} (policy ${this.spec.onChildRejected}, ${this.rejectionsInRow} in a row)`);
        return;
      }
    }
    this.childChanged(c, previous);
    this.host.changed(this);
  }

  /**
   * Sends a child through the kernel (and so through the risk gate), after the mode rules and the instrument's
   * size rules. Returns undefined (and records why in `reason`) when nothing was sent.
   */
  protected send(req: ChildRequest): ClientOrderId | undefined {
    if (!this.working) return undefined;
    const ctx = this.host.ctx();
    const side = req.side ?? this.spec.side;
    const reduceOnly = req.reduceOnly ?? this.spec.reduceOnly;
    let qty = req.quantity;
    if (req.capAtRemaining ?? true) qty = Decimal.min(qty, this.spec.quantity.value.minus(this.committed()));
    const mode = ctx.mode;
    if (mode === TradingMode.Pause || mode === TradingMode.Emergency || (mode === TradingMode.Reduce && !reduceOnly)) {
      this.held = true;
      this.reason = `trading mode ${mode}: no new ${reduceOnly ? '' : 'exposure-increasing '}children`;
      this.host.changed(this);
      return undefined;
    }
    this.held = false;
    if (mode === TradingMode.Reduce) qty = Decimal.min(qty, this.reducible(side));
    qty = roundToIncrement(qty, this.instrument.lotSize, 'down');
    if (!qty.gt(0)) {
      this.reason = 'nothing to send after lot rounding / reducible position';
      return undefined;
    }
    const quantity = Quantity.of(qty);
    const refPrice = req.limitPrice?.toNumber() ?? req.stopPrice?.toNumber() ?? this.host.lastPrice(this.spec.symbol);
    const problem =
      refPrice === undefined || !(refPrice > 0)
        ? quantity.value.lt(this.instrument.minQuantity)
          ? `quantity ${quantity.toString()} is below the minimum ${this.instrument.minQuantity.toString()}`
          : undefined
        : orderSizeProblem(this.instrument, quantity, Price.of(refPrice));
    if (problem !== undefined) {
      this.reason = `child deferred: ${problem}`;
      return undefined;
    }
    const input: OrderInput = {
      symbol: this.spec.symbol,
      side,
      type: req.type,
      quantity,
      reduceOnly,
      tag: req.tag ?? this.spec.tag ?? this.id,
      ...(req.timeInForce === undefined ? { timeInForce: 'GTC' } : { timeInForce: req.timeInForce }),
      ...(req.limitPrice === undefined ? {} : { limitPrice: req.limitPrice }),
      ...(req.stopPrice === undefined ? {} : { stopPrice: req.stopPrice }),
      ...(req.trailingOffset === undefined ? {} : { trailingOffset: req.trailingOffset, trailingOffsetType: req.trailingOffsetType ?? 'price' }),
    };
    let id: ClientOrderId;
    try {
      id = ctx.submitOrder(input);
    } catch (err) {
      // a malformed child (a bug or an impossible parent): stop rather than retry the same thing every event
      this.finish('stopped', `child not sent: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
    this.track(id, req.role, req.type, side, reduceOnly, qty, req.counts ?? true);
    return id;
  }

  /** Registers a child sent by other means (native OCO/bracket legs). */
  protected track(id: ClientOrderId, role: string, type: string, side: OrderSide, reduceOnly: boolean, quantity: Decimal, counts: boolean): void {
    const c: ChildState = {
      id,
      role,
      type,
      side,
      reduceOnly,
      counts,
      quantity,
      filled: ZERO,
      notional: ZERO,
      status: 'new',
      createdAt: this.host.clock.now(),
      canceledByUs: false,
    };
    this.children.set(id, c);
    this.open.add(c);
    if (counts) this.openRemaining = this.openRemaining.plus(quantity);
    this.committedDirty = true;
    this.host.register(this, id);
  }

  /** Position quantity that a `side` order may still reduce, net of this host's open reduce-only orders. */
  private reducible(side: OrderSide): Decimal {
    const ctx = this.host.ctx();
    const pos = ctx.position(this.spec.symbol).quantity;
    let r = side === 'sell' ? Decimal.max(pos, 0) : Decimal.max(pos.neg(), 0);
    for (const o of ctx.openOrders(this.spec.symbol)) {
      if (o.request.side === side && o.request.reduceOnly) r = r.minus(o.request.quantity.value.minus(o.filledQuantity.value));
    }
    return Decimal.max(r, 0);
  }

  protected cancelChild(c: ChildState): void {
    if (isTerminalOrderStatus(c.status) || c.canceledByUs) return;
    c.canceledByUs = true;
    this.host.ctx().cancelOrder(c.id);
  }

  protected cancelOpen(filter: (c: ChildState) => boolean = () => true): void {
    for (const c of this.openChildren()) if (filter(c)) this.cancelChild(c);
  }

  protected at(time: number, fn: () => void): void {
    const h = this.host.clock.setTimer(() => {
      this.timers.delete(h);
      this.host.run(() => {
        if (this.working) fn();
      });
    }, time - this.host.clock.now());
    this.timers.add(h);
  }

  /** Ends the parent: clears timers, cancels open children (unless `keepChildren`), reports. */
  finish(status: Exclude<ParentStatus, 'working'>, reason?: string, keepChildren = false): void {
    if (!this.working) return;
    this.status = status;
    if (reason !== undefined) this.reason = reason;
    this.held = false;
    for (const h of this.timers) this.host.clock.clearTimer(h);
    this.timers.clear();
    if (!keepChildren) this.cancelOpen();
    this.host.changed(this);
  }

  /** Trading mode changed. Pause/Reduce: cancel resting non-market children that could add exposure; Emergency: cancel the parent. */
  onMode(mode: TradingMode): void {
    if (!this.working) return;
    if (mode === TradingMode.Emergency) {
      // the kernel itself cancels every open order in emergency mode
      this.finish('canceled', 'emergency mode', true);
      return;
    }
    if (mode === TradingMode.Normal) {
      if (this.held) {
        this.held = false;
        this.resume();
        this.host.changed(this);
      }
      return;
    }
    this.held = true;
    // resting children that could add exposure go; market children are in flight (a venue fills them at once)
    this.cancelOpen((c) => !c.reduceOnly && c.type !== 'market');
    this.host.changed(this);
  }

  progress(): ParentProgress {
    const filled = this.filledSum;
    const notional = this.notionalSum;
    const children: ChildView[] = [];
    for (const c of this.children.values()) {
      children.push({
        clientOrderId: c.id,
        role: c.role,
        side: c.side,
        quantity: Quantity.of(c.quantity),
        filledQuantity: Quantity.of(c.filled),
        status: c.status,
        createdAt: c.createdAt,
      });
    }
    return {
      id: this.id,
      kind: this.spec.kind,
      symbol: this.spec.symbol,
      side: this.spec.side,
      status: this.status,
      quantity: this.spec.quantity,
      filledQuantity: Quantity.of(filled),
      ...(filled.gt(0) ? { averagePrice: Price.of(notional.div(filled).toDecimalPlaces(10)) } : {}),
      held: this.held,
      emulated: this.emulated,
      children,
      ...(this.reason === undefined ? {} : { reason: this.reason }),
    };
  }
}
