import { BotError, InvalidTransitionError, ORDER_STATUSES, ORDER_TRANSITIONS, Price, Quantity, clientOrderId, isOpenOrderStatus } from '@bot/core-types';
import type { ClientOrderId, Fill, Order, OrderRequest, OrderStatus, VenueEvent } from '@bot/core-types';
import { checkLimit } from './boundedLog.js';
import { ExactFill } from './exactFill.js';
import { holeyObjectArray, objectArray } from './elementsKind.js';
import { seqOf } from './idTable.js';
import type { Fx } from './fx.js';
import { FX_ZERO, fxAdd, fxCmp, fxFromDecimal, fxIsZero, fxMul, fxNeg, fxSub, fxToDecimal } from './fx.js';

/** What the kernel must do after the order manager applied a venue event. */
export interface OrderFollowUps {
  /** Orders to cancel (OCO siblings of an order that just filled). */
  readonly cancel: readonly ClientOrderId[];
  /** Bracket children to send now, with the quantity to send (the entry's filled quantity). */
  readonly activate: readonly { readonly clientOrderId: ClientOrderId; readonly quantity: Quantity }[];
  /** Bracket children to drop locally (their entry ended without any fill). */
  readonly drop: readonly ClientOrderId[];
}

/** The result of applying one venue event. */
export interface OrderUpdate {
  /** The client order id the event was about. */
  readonly clientOrderId: ClientOrderId;
  /** Whether the event changed anything (duplicates and unknown ids do not). */
  readonly changed: boolean;
  /** The fill, for fill events that were applied. */
  readonly fill?: Fill;
  readonly followUps: OrderFollowUps;
}

/**
 * One order's book entry. A class, not an object literal: the records live for the whole run, and V8 deoptimises
 * every function that inlined a literal once it sees that the literal's objects outlive the young generation (see
 * `ExactDecimal` in fx.ts); instances of a class carry no such allocation site.
 */
class OrderRecord {
  // Fields are `declare`d and assigned in the constructor: declarations with initializers compile to a separate
  // initializer function, one more call for every order.
  /** Current request (its quantity and prices change on amends). */
  declare request: OrderRequest;
  /** Exact `request.quantity`. */
  declare total: Fx;
  declare status: OrderStatus;
  declare venueOrderId: string | undefined;
  declare reason: string | undefined;
  declare updatedAt: number;
  declare filled: Fx;
  /** Sum of price * quantity over fills (exact), for the VWAP. */
  declare notional: Fx;
  declare fills: number;
  declare firstFill: Fill | undefined;
  /** Cached snapshot, dropped on every change. */
  declare snapshot: Order | undefined;
  /** Other members of this order's one-cancels-other group. */
  declare oco: ClientOrderId[];
  /** Children waiting for this entry to fill (bracket). */
  declare children: ClientOrderId[];
  declare parent: ClientOrderId | undefined;
  /** Ids of the venue fills applied (only kept when retention is bounded, to forget them with the order). */
  declare fillIds: string[] | undefined;
  /** Neighbours in the list of open orders (see {@link OrderManager.openHead}); undefined when not open. */
  declare openPrev: OrderRecord | undefined;
  declare openNext: OrderRecord | undefined;
  declare readonly id: ClientOrderId;
  declare readonly strategyId: string | undefined;
  declare readonly createdAt: number;

  constructor(id: ClientOrderId, strategyId: string | undefined, request: OrderRequest, total: Fx, createdAt: number) {
    this.request = request;
    this.total = total;
    this.status = 'new';
    this.venueOrderId = undefined;
    this.reason = undefined;
    this.updatedAt = createdAt;
    this.filled = FX_ZERO;
    this.notional = FX_ZERO;
    this.fills = 0;
    this.firstFill = undefined;
    this.snapshot = undefined;
    this.oco = NONE;
    this.children = NONE;
    this.parent = undefined;
    this.fillIds = undefined;
    this.openPrev = undefined;
    this.openNext = undefined;
    this.id = id;
    this.strategyId = strategyId;
    this.createdAt = createdAt;
  }
}

/** Options of {@link OrderManager}. */
export interface OrderManagerOptions {
  /**
   * Most orders to keep (default unbounded). Beyond it the oldest terminal orders (filled, canceled, expired,
   * rejected) are forgotten - with the ids of their fills used for duplicate detection; orders that are `new` or
   * open are never dropped, so more than `maxOrders` are kept while that many are live.
   */
  readonly maxOrders?: number;
}

/** `LEGAL[from][to]`: the core-types `ORDER_TRANSITIONS`, as a lookup table. */
const LEGAL = Object.fromEntries(
  ORDER_STATUSES.map((from) => [from, Object.fromEntries(ORDER_TRANSITIONS[from].map((to) => [to, true]))]),
) as Record<OrderStatus, Partial<Record<OrderStatus, true>>>;
/** `OPEN[status]`: core-types `isOpenOrderStatus`, as a lookup table. */
const OPEN = Object.fromEntries(ORDER_STATUSES.map((s) => [s, isOpenOrderStatus(s)])) as Record<OrderStatus, boolean>;

const NO_FOLLOW_UPS: OrderFollowUps = Object.freeze({ cancel: [], activate: [], drop: [] });

/** Shared empty link list (most orders have no links; a fresh array per order would cost memory). */
const NONE: ClientOrderId[] = [];

function unchangedUpdate(clientOrderId: ClientOrderId): OrderUpdate {
  return { clientOrderId, changed: false, followUps: NO_FOLLOW_UPS };
}
const ID_CHARS = /[^A-Za-z0-9._:-]/g;

/**
 * The order book of a run: assigns client order ids, drives every order through the core-types status machine
 * (`ORDER_TRANSITIONS`; illegal transitions throw `InvalidTransitionError`), accumulates partial fills (exact
 * quantity and VWAP price), and keeps one-cancels-other (OCO) and bracket links.
 *
 * Conventions:
 * - Client order ids are `<strategyId>-<n>` with the strategy id sanitised to `[A-Za-z0-9._:-]` and cut to 23
 *   characters; `n` counts orders of the run from 1, so ids are unique per run and deterministic.
 * - OCO: when any member of a group receives a fill (even partial), the other members are canceled.
 * - Bracket: the children (take-profit and stop-loss, an OCO pair, both reduce-only) stay `new` until the entry is
 *   completely filled, then are sent with the entry's filled quantity. If the entry ends (canceled/expired) after a
 *   partial fill, the children are sent for the filled part; if it ends without a fill they are canceled locally.
 * - Duplicate fills (same `fillId`) are ignored. A fill larger than the remaining quantity is a venue bug and throws.
 * - `Order` objects are immutable snapshots, built when asked for (`get`, `all`, `openOrders`) and cached until
 *   the order changes, so a backtest does not pay for snapshots nobody reads.
 * - With `maxOrders` (long-running engines) the oldest terminal orders beyond the limit are forgotten: `get`,
 *   `statusOf` and `all` no longer know them, and venue events about them are ignored like unknown ids.
 *
 * @example
 * ```ts
 * const om = new OrderManager();
 * const id = om.nextId('sma-cross');          // 'sma-cross-1'
 * om.create(id, request, 'sma-cross', now);
 * om.markSubmitted(id, now);
 * om.applyVenueEvent({ type: 'fill', fill });
 * om.get(id)?.status;                          // 'filled'
 * ```
 */
export class OrderManager {
  /**
   * Records by id. Unbounded (a backtest): only orders whose id does not fit {@link OrderManager.bySeq} (ids
   * given by the caller); bounded (`maxOrders`): every order, in creation order.
   */
  private readonly records = new Map<ClientOrderId, OrderRecord>();
  /**
   * Unbounded mode: records indexed by the sequence number that ends their id (`<prefix>-<n>`, what
   * {@link OrderManager.nextId} makes), so creating and finding an order costs no hashing of its id.
   */
  private readonly bySeq: (OrderRecord | undefined)[] = holeyObjectArray<OrderRecord>();
  /** Unbounded mode: every record in creation order. */
  private readonly list: OrderRecord[] = objectArray<OrderRecord>();
  private readonly useSlots: boolean;
  /**
   * Open orders (`submitted`, `accepted`, `partially-filled`) as a doubly-linked list through their records, in
   * the order they opened (what a `Set` of ids would iterate), so opening and closing an order costs no hashing.
   */
  private openHead: OrderRecord | undefined;
  private openTail: OrderRecord | undefined;
  private openSize = 0;
  private readonly seenFills = new Set<string>();
  private seq = 0;
  /** The id {@link OrderManager.nextId} returned last, until it is created (its number is `seq`: no parsing). */
  private issued: ClientOrderId | undefined;
  private readonly prefixes = new Map<string, string>();
  private lastKey: string | undefined;
  private lastPrefix: string | undefined;
  private readonly maxOrders: number;
  private droppedCount = 0;
  /** The record looked up last: the kernel asks about the same order several times in a row (no hashing then). */
  private last: OrderRecord | undefined;

  /** @throws ValidationError when `maxOrders` is not an integer >= 1. */
  constructor(options: OrderManagerOptions = {}) {
    this.maxOrders = checkLimit('retention.orders', options.maxOrders, 1);
    this.useSlots = this.maxOrders === Number.POSITIVE_INFINITY;
  }

  /** Terminal orders forgotten so far because of `maxOrders`. */
  get droppedOrders(): number {
    return this.droppedCount;
  }

  /** A fresh deterministic client order id for a strategy (or `bot` when none). */
  nextId(strategyId: string | undefined): ClientOrderId {
    this.seq++;
    const key = strategyId ?? 'bot';
    let prefix = key === this.lastKey ? this.lastPrefix : this.prefixes.get(key);
    if (prefix === undefined) {
      // leave room for '-' and up to 12 digits of sequence
      prefix = key.replace(ID_CHARS, '_').slice(0, 23) || 'bot';
      this.prefixes.set(key, prefix);
    }
    this.lastKey = key;
    this.lastPrefix = prefix;
    const id = `${prefix}-${this.seq}`;
    // valid by construction while the sequence has <= 12 digits; validate beyond that
    const out = this.seq < 1e12 ? (id as ClientOrderId) : clientOrderId(id);
    this.issued = out;
    return out;
  }

  /**
   * Registers a new order in status `new`.
   * @throws BotError `INVALID_ARGUMENT` when the id is already used.
   */
  create(id: ClientOrderId, request: OrderRequest, strategyId: string | undefined, time: number, quantityFx?: Fx): void {
    // The id nextId just issued has the newest number, whose slot no order can hold yet (a caller's id can only
    // take a slot up to the sequence at its creation); only the Map of other ids can already know it.
    const fresh = this.useSlots && id === this.issued;
    this.issued = undefined;
    const taken = fresh ? this.records.size !== 0 && this.records.has(id) : this.find(id) !== undefined;
    if (taken) throw new BotError('INVALID_ARGUMENT', `duplicate client order id ${id}`);
    const rec = new OrderRecord(id, strategyId, request.clientOrderId === id ? request : { ...request, clientOrderId: id }, quantityFx ?? fxFromDecimal(request.quantity.value), time);
    this.last = rec;
    if (this.useSlots) {
      this.list.push(rec);
      const n = fresh ? this.seq : seqOf(id, this.seq);
      if (n > 0 && this.bySeq[n] === undefined) this.bySeq[n] = rec;
      else this.records.set(id, rec);
      return;
    }
    this.records.set(id, rec);
    if (this.records.size > this.maxOrders) this.dropTerminal();
  }

  /** Forgets the oldest terminal orders until at most `maxOrders` remain (or only live ones are left over). */
  private dropTerminal(): void {
    const records = this.records;
    for (const r of records.values()) {
      if (records.size <= this.maxOrders) return;
      if (r.status === 'new' || isOpenOrderStatus(r.status)) continue;
      records.delete(r.id);
      if (this.last === r) this.last = undefined;
      this.droppedCount++;
      if (r.fillIds !== undefined) for (const f of r.fillIds) this.seenFills.delete(f);
    }
  }

  /** Links orders into a one-cancels-other group. @throws BotError `ORDER_NOT_FOUND` for unknown ids. */
  linkOco(ids: readonly ClientOrderId[]): void {
    for (const id of ids) {
      const r = this.record(id);
      if (r.oco === NONE) r.oco = [];
      for (const other of ids) if (other !== id && !r.oco.includes(other)) r.oco.push(other);
    }
  }

  /** Makes `children` wait for `parent` to fill (bracket). @throws BotError `ORDER_NOT_FOUND` for unknown ids. */
  linkBracket(parent: ClientOrderId, children: readonly ClientOrderId[]): void {
    const p = this.record(parent);
    if (p.children === NONE) p.children = [];
    for (const c of children) {
      this.record(c).parent = parent;
      p.children.push(c);
    }
  }

  private find(id: ClientOrderId): OrderRecord | undefined {
    const l = this.last;
    if (l !== undefined && l.id === id) return l;
    let r: OrderRecord | undefined;
    if (this.useSlots) {
      const n = seqOf(id, this.seq);
      r = n > 0 ? this.bySeq[n] : undefined;
      if (r === undefined || r.id !== id) r = this.records.get(id);
    } else r = this.records.get(id);
    if (r !== undefined) this.last = r;
    return r;
  }

  private record(id: ClientOrderId): OrderRecord {
    const r = this.find(id);
    if (r === undefined) throw new BotError('ORDER_NOT_FOUND', `unknown client order id ${id}`);
    return r;
  }

  /** One step of the core-types status machine (tables built from it: no calls on the order path). */
  private move(r: OrderRecord, to: OrderStatus, time: number): void {
    const from = r.status;
    if (LEGAL[from][to] !== true) throw new InvalidTransitionError('order', from, to);
    r.status = to;
    r.updatedAt = time;
    r.snapshot = undefined;
    // the set changes only when the order opens or closes (submitted -> accepted -> partially-filled stay in it)
    const wasOpen = OPEN[from];
    const open = OPEN[to];
    if (open && !wasOpen) this.linkOpen(r);
    else if (!open && wasOpen) this.unlinkOpen(r);
  }

  private linkOpen(r: OrderRecord): void {
    const tail = this.openTail;
    r.openPrev = tail;
    r.openNext = undefined;
    if (tail === undefined) this.openHead = r;
    else tail.openNext = r;
    this.openTail = r;
    this.openSize++;
  }

  private unlinkOpen(r: OrderRecord): void {
    const prev = r.openPrev;
    const next = r.openNext;
    if (prev === undefined) this.openHead = next;
    else prev.openNext = next;
    if (next === undefined) this.openTail = prev;
    else next.openPrev = prev;
    r.openPrev = undefined;
    r.openNext = undefined;
    this.openSize--;
  }

  /** `new -> submitted` (about to be sent to the venue), optionally with a replaced (resized/clipped) request. */
  markSubmitted(id: ClientOrderId, time: number, request?: OrderRequest, quantityFx?: Fx): void {
    const r = this.record(id);
    if (request !== undefined && request !== r.request) {
      if (request.quantity !== r.request.quantity) r.total = quantityFx ?? fxFromDecimal(request.quantity.value);
      r.request = request.clientOrderId === id ? request : { ...request, clientOrderId: id };
    }
    this.move(r, 'submitted', time);
  }

  /** Rejects a `new` or `submitted` order locally (risk gate, reduce-only, short check). */
  rejectLocally(id: ClientOrderId, reason: string, time: number): void {
    const r = this.record(id);
    r.reason = reason;
    this.move(r, 'rejected', time);
  }

  /** Cancels a `new` order locally (e.g. a bracket child whose entry never filled). */
  cancelLocally(id: ClientOrderId, reason: string, time: number): void {
    const r = this.record(id);
    r.reason = reason;
    this.move(r, 'canceled', time);
  }

  /** Replaces the quantity of a `new` order (bracket child activation). */
  setNewQuantity(id: ClientOrderId, quantity: Quantity): OrderRequest {
    const r = this.record(id);
    if (r.status !== 'new') throw new BotError('INVALID_ARGUMENT', `order ${id} is ${r.status}, not new`);
    r.request = { ...r.request, quantity };
    r.total = fxFromDecimal(quantity.value);
    r.snapshot = undefined;
    return r.request;
  }

  /**
   * Applies a venue event: status transition, fill accumulation (exact), amendments; returns OCO and bracket
   * follow-ups. Unknown ids and duplicate fills are ignored (`changed: false`).
   * @throws InvalidTransitionError for an event the state machine forbids; BotError `INTERNAL` for an overfill.
   */
  applyVenueEvent(event: VenueEvent): OrderUpdate {
    const id = event.type === 'fill' ? event.fill.clientOrderId : event.clientOrderId;
    const r = this.find(id);
    if (r === undefined) return unchangedUpdate(id);
    switch (event.type) {
      case 'order-accepted':
        if (!this.accept(r, event.venueOrderId, event.time)) return unchangedUpdate(id);
        return { clientOrderId: id, changed: true, followUps: NO_FOLLOW_UPS };
      case 'order-rejected':
        r.reason = event.reason;
        this.move(r, 'rejected', event.time);
        return { clientOrderId: id, changed: true, followUps: this.ended(r) };
      case 'order-canceled':
        if (!isOpenOrderStatus(r.status) && r.status !== 'new') return unchangedUpdate(id);
        if (event.reason !== undefined) r.reason = event.reason;
        this.move(r, 'canceled', event.time);
        return { clientOrderId: id, changed: true, followUps: this.ended(r) };
      case 'order-expired':
        r.reason = 'expired';
        this.move(r, 'expired', event.time);
        return { clientOrderId: id, changed: true, followUps: this.ended(r) };
      case 'order-amended': {
        const req = r.request;
        r.request = {
          ...req,
          ...(event.quantity === undefined ? {} : { quantity: event.quantity }),
          ...(event.limitPrice !== undefined && 'limitPrice' in req ? { limitPrice: event.limitPrice } : {}),
          ...(event.stopPrice !== undefined && 'stopPrice' in req ? { stopPrice: event.stopPrice } : {}),
        } as OrderRequest;
        if (event.quantity !== undefined) r.total = fxFromDecimal(event.quantity.value);
        r.updatedAt = event.time;
        r.snapshot = undefined;
        return { clientOrderId: id, changed: true, followUps: NO_FOLLOW_UPS };
      }
      case 'cancel-rejected':
        return unchangedUpdate(id);
      case 'fill': {
        const followUps = this.applyFill(r, event.fill);
        return followUps === undefined ? unchangedUpdate(id) : { clientOrderId: id, changed: true, fill: event.fill, followUps };
      }
    }
  }

  /**
   * @internal `applyVenueEvent` of an `order-accepted` event, without the event and update objects (the kernel's
   * simulated-venue path). Returns whether it changed the order (false for unknown ids and orders not `submitted`).
   */
  acceptOrder(id: ClientOrderId, venueOrderId: string, time: number): boolean {
    const r = this.find(id);
    return r !== undefined && this.accept(r, venueOrderId, time);
  }

  private accept(r: OrderRecord, venueOrderId: string, time: number): boolean {
    if (r.status !== 'submitted') return false;
    r.venueOrderId = venueOrderId;
    this.move(r, 'accepted', time);
    return true;
  }

  /**
   * @internal `applyVenueEvent` of a `fill` event, without the event and update objects (the kernel's
   * simulated-venue path): the follow-ups, or undefined when the fill changed nothing (unknown order, duplicate).
   */
  applyFillOf(fill: Fill): OrderFollowUps | undefined {
    const r = this.find(fill.clientOrderId);
    return r === undefined ? undefined : this.applyFill(r, fill);
  }

  /** Books a fill on its order; the follow-ups, or undefined for a duplicate. */
  private applyFill(r: OrderRecord, fill: Fill): OrderFollowUps | undefined {
    const exact = fill instanceof ExactFill;
    // replays are a live-venue problem: the simulated venue's ExactFills are unique by construction
    if (!exact && this.seenFills.has(fill.fillId)) return undefined;
    const q = exact ? fill.qtyFx : fxFromDecimal(fill.quantity.value);
    const p = exact ? fill.priceFx : fxFromDecimal(fill.price.value);
    const filled = fxAdd(r.filled, q);
    const total = r.total;
    const cmp = fxCmp(filled, total);
    if (cmp > 0) {
      throw new BotError('INTERNAL', `fill ${fill.fillId} overfills ${r.id}: ${fxToDecimal(filled).toString()} > ${r.request.quantity.toString()}`);
    }
    if (!exact) {
      this.seenFills.add(fill.fillId);
      if (this.maxOrders !== Number.POSITIVE_INFINITY) (r.fillIds ??= []).push(fill.fillId);
    }
    r.filled = filled;
    // the VWAP needs the notional only from the second fill on
    if (r.fills === 1 && r.firstFill !== undefined) r.notional = this.fillNotional(r.firstFill);
    if (r.fills >= 1) r.notional = fxAdd(r.notional, fxMul(p, q));
    r.fills++;
    r.firstFill ??= fill;
    const complete = cmp === 0;
    this.move(r, complete ? 'filled' : 'partially-filled', fill.time);
    // most orders have no links: no arrays are built for them
    if (r.oco.length === 0 && !(complete && r.children.length !== 0)) return NO_FOLLOW_UPS;
    let cancel: ClientOrderId[] = [];
    if (r.oco.length !== 0) {
      cancel = r.oco.filter((sib) => {
        const s = this.find(sib);
        return s !== undefined && (isOpenOrderStatus(s.status) || s.status === 'new');
      });
      r.oco = NONE;
    }
    const activate = complete && r.children.length !== 0 ? this.activation(r) : [];
    if (cancel.length === 0 && activate.length === 0) return NO_FOLLOW_UPS;
    return { cancel, activate, drop: [] };
  }

  private fillNotional(f: Fill): Fx {
    return f instanceof ExactFill ? fxMul(f.priceFx, f.qtyFx) : fxMul(fxFromDecimal(f.price.value), fxFromDecimal(f.quantity.value));
  }

  private filledQuantity(r: OrderRecord): Quantity {
    if (fxIsZero(r.filled)) return Quantity.ZERO;
    if (fxCmp(r.filled, r.total) === 0) return r.request.quantity;
    if (r.fills === 1 && r.firstFill !== undefined) return r.firstFill.quantity;
    return Quantity.of(fxToDecimal(r.filled));
  }

  private activation(r: OrderRecord): { clientOrderId: ClientOrderId; quantity: Quantity }[] {
    const quantity = this.filledQuantity(r);
    const out = r.children.filter((c) => this.find(c)?.status === 'new').map((c) => ({ clientOrderId: c, quantity }));
    r.children = NONE;
    return out;
  }

  private ended(r: OrderRecord): OrderFollowUps {
    if (r.children.length === 0) return NO_FOLLOW_UPS;
    if (fxIsZero(r.filled)) {
      const drop = r.children.filter((c) => this.find(c)?.status === 'new');
      r.children = NONE;
      return { cancel: [], activate: [], drop };
    }
    return { cancel: [], activate: this.activation(r), drop: [] };
  }

  private snapshot(r: OrderRecord): Order {
    let s = r.snapshot;
    if (s === undefined) {
      const o: { -readonly [K in keyof Order]: Order[K] } = {
        clientOrderId: r.id,
        request: r.request,
        status: r.status,
        filledQuantity: this.filledQuantity(r),
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
      };
      if (r.venueOrderId !== undefined) o.venueOrderId = r.venueOrderId;
      if (r.fills === 1 && r.firstFill !== undefined) o.averageFillPrice = r.firstFill.price;
      else if (r.fills > 1) o.averageFillPrice = Price.unsafe(fxToDecimal(r.notional).div(fxToDecimal(r.filled)));
      if (r.reason !== undefined) o.reason = r.reason;
      s = Object.freeze(o);
      r.snapshot = s;
    }
    return s;
  }

  /** The current snapshot of an order by client id. */
  get(id: ClientOrderId): Order | undefined {
    const r = this.find(id);
    return r === undefined ? undefined : this.snapshot(r);
  }

  /**
   * @internal Exact value of `quantity`, taken from the order's record when it is the order's own quantity object
   * (no parsing), else parsed. @throws BotError `ORDER_NOT_FOUND`.
   */
  quantityFx(id: ClientOrderId, quantity: Quantity): Fx {
    const r = this.record(id);
    return r.request.quantity === quantity ? r.total : fxFromDecimal(quantity.value);
  }

  /** Current status of an order (no snapshot). */
  statusOf(id: ClientOrderId): OrderStatus | undefined {
    return this.find(id)?.status;
  }

  /** The strategy that owns an order. */
  strategyOf(id: ClientOrderId): string | undefined {
    return this.find(id)?.strategyId;
  }

  /** Parent (bracket entry) of an order. */
  parentOf(id: ClientOrderId): ClientOrderId | undefined {
    return this.find(id)?.parent;
  }

  /** Number of orders that are `submitted`, `accepted` or `partially-filled`. */
  get openCount(): number {
    return this.openSize;
  }

  /** Open orders (`submitted`, `accepted`, `partially-filled`), optionally of one strategy and/or symbol. */
  openOrders(strategyId?: string, symbol?: string): Order[] {
    const out: Order[] = [];
    for (let r = this.openHead; r !== undefined; r = r.openNext) {
      if (strategyId !== undefined && r.strategyId !== strategyId) continue;
      if (symbol !== undefined && r.request.symbol !== symbol) continue;
      out.push(this.snapshot(r));
    }
    return out;
  }

  /**
   * @internal Signed remaining quantity (buys +, sells -) of one strategy's open orders in a symbol, exact, or
   * undefined when it has none (no snapshots built).
   */
  openRemainingFx(strategyId: string, symbol: string): Fx | undefined {
    let sum: Fx | undefined;
    for (let r = this.openHead; r !== undefined; r = r.openNext) {
      if (r.strategyId !== strategyId || r.request.symbol !== symbol) continue;
      const rem = fxSub(r.total, r.filled);
      sum = fxAdd(sum ?? FX_ZERO, r.request.side === 'buy' ? rem : fxNeg(rem));
    }
    return sum;
  }

  /** Every order of the run in creation order. */
  all(): Order[] {
    return Array.from(this.useSlots ? this.list : this.records.values(), (r) => this.snapshot(r));
  }

  /**
   * Calls `visit` with the status and reason of every order that {@link OrderManager.all} lists, in the same
   * order, without building `Order` snapshots (for summaries over a backtest's 10^4+ orders).
   */
  forEachStatus(visit: (status: OrderStatus, reason: string | undefined) => void): void {
    for (const r of this.useSlots ? this.list : this.records.values()) visit(r.status, r.reason);
  }

  /** Orders of a strategy that are `new` (bracket legs waiting) or open. */
  pending(strategyId: string, symbol?: string): Order[] {
    const out: Order[] = [];
    for (const r of this.useSlots ? this.list : this.records.values()) {
      if (r.strategyId !== strategyId || (symbol !== undefined && r.request.symbol !== symbol)) continue;
      if (r.status === 'new' || isOpenOrderStatus(r.status)) out.push(this.snapshot(r));
    }
    return out;
  }
}
