import { BotError, Price, Quantity, clientOrderId, isOpenOrderStatus, transitionOrder } from '@bot/core-types';
import type { ClientOrderId, Fill, Order, OrderRequest, OrderStatus, VenueEvent } from '@bot/core-types';

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
  /** The order after the event (undefined for an unknown client order id). */
  readonly order: Order | undefined;
  /** Whether the event changed anything (duplicates and unknown ids do not). */
  readonly changed: boolean;
  /** The fill, for fill events that were applied. */
  readonly fill?: Fill;
  readonly followUps: OrderFollowUps;
}

interface OrderRecord {
  order: Order;
  readonly strategyId: string | undefined;
  /** Other members of this order's one-cancels-other group. */
  oco: ClientOrderId[];
  /** Children waiting for this entry to fill (bracket). */
  children: ClientOrderId[];
  parent: ClientOrderId | undefined;
}

/** Builds an order snapshot; optional fields are left out when undefined (exactOptionalPropertyTypes). */
function orderOf(
  clientOrderId: ClientOrderId,
  venueOrderId: string | undefined,
  request: OrderRequest,
  status: OrderStatus,
  filledQuantity: Quantity,
  averageFillPrice: Price | undefined,
  createdAt: number,
  updatedAt: number,
  reason: string | undefined,
): Order {
  const o: { -readonly [K in keyof Order]: Order[K] } = { clientOrderId, request, status, filledQuantity, createdAt, updatedAt };
  if (venueOrderId !== undefined) o.venueOrderId = venueOrderId;
  if (averageFillPrice !== undefined) o.averageFillPrice = averageFillPrice;
  if (reason !== undefined) o.reason = reason;
  return o;
}

const NO_FOLLOW_UPS: OrderFollowUps = Object.freeze({ cancel: [], activate: [], drop: [] });
const ID_CHARS = /[^A-Za-z0-9._:-]/g;

/**
 * The order book of a run: assigns client order ids, drives every order through the core-types status machine
 * (`transitionOrder`; illegal transitions throw), accumulates partial fills (exact quantity and VWAP price), and
 * keeps one-cancels-other (OCO) and bracket links.
 *
 * Conventions:
 * - Client order ids are `<strategyId>-<n>` with the strategy id sanitised to `[A-Za-z0-9._:-]` and cut to fit
 *   36 characters; `n` counts orders of the run from 1, so ids are unique per run and deterministic.
 * - OCO: when any member of a group receives a fill (even partial), the other members are canceled.
 * - Bracket: the children (take-profit and stop-loss, an OCO pair, both reduce-only) stay `new` until the entry is
 *   completely filled, then are sent with the entry's filled quantity. If the entry ends (canceled/expired) after a
 *   partial fill, the children are sent for the filled part; if it ends without a fill they are canceled locally.
 * - Duplicate fills (same `fillId`) are ignored. A fill larger than the remaining quantity is a venue bug and throws.
 *
 * @example
 * ```ts
 * const om = new OrderManager();
 * const id = om.nextId('sma-cross');          // 'sma-cross-1'
 * om.create(id, request, 'sma-cross', now);
 * om.markSubmitted(id, now);
 * om.applyVenueEvent({ type: 'fill', fill });
 * ```
 */
export class OrderManager {
  private readonly records = new Map<ClientOrderId, OrderRecord>();
  private readonly openIds = new Set<ClientOrderId>();
  private readonly seenFills = new Set<string>();
  private seq = 0;
  private readonly prefixes = new Map<string, string>();

  /** A fresh deterministic client order id for a strategy (or `bot` when none). */
  nextId(strategyId: string | undefined): ClientOrderId {
    this.seq++;
    const key = strategyId ?? 'bot';
    let prefix = this.prefixes.get(key);
    if (prefix === undefined) {
      // leave room for '-' and up to 12 digits of sequence
      prefix = key.replace(ID_CHARS, '_').slice(0, 23) || 'bot';
      this.prefixes.set(key, prefix);
    }
    const id = `${prefix}-${this.seq}`;
    // valid by construction while the sequence has <= 12 digits; validate beyond that
    return this.seq < 1e12 ? (id as ClientOrderId) : clientOrderId(id);
  }

  /**
   * Registers a new order in status `new`.
   * @throws BotError `INVALID_ARGUMENT` when the id is already used.
   */
  create(id: ClientOrderId, request: OrderRequest, strategyId: string | undefined, time: number): Order {
    if (this.records.has(id)) throw new BotError('INVALID_ARGUMENT', `duplicate client order id ${id}`);
    const req = request.clientOrderId === id ? request : { ...request, clientOrderId: id };
    const order = orderOf(id, undefined, req, 'new', Quantity.ZERO, undefined, time, time, undefined);
    this.records.set(id, { order, strategyId, oco: [], children: [], parent: undefined });
    return order;
  }

  /** Links orders into a one-cancels-other group. @throws BotError `ORDER_NOT_FOUND` for unknown ids. */
  linkOco(ids: readonly ClientOrderId[]): void {
    for (const id of ids) {
      const r = this.record(id);
      for (const other of ids) if (other !== id && !r.oco.includes(other)) r.oco.push(other);
    }
  }

  /** Makes `children` wait for `parent` to fill (bracket). @throws BotError `ORDER_NOT_FOUND` for unknown ids. */
  linkBracket(parent: ClientOrderId, children: readonly ClientOrderId[]): void {
    const p = this.record(parent);
    for (const c of children) {
      this.record(c).parent = parent;
      p.children.push(c);
    }
  }

  private record(id: ClientOrderId): OrderRecord {
    const r = this.records.get(id);
    if (r === undefined) throw new BotError('ORDER_NOT_FOUND', `unknown client order id ${id}`);
    return r;
  }

  private set(r: OrderRecord, patch: Partial<Order>, time: number): Order {
    const o = r.order;
    // explicit literal (one hidden class for every snapshot; faster than spreading)
    const next = orderOf(
      patch.clientOrderId ?? o.clientOrderId,
      patch.venueOrderId ?? o.venueOrderId,
      patch.request ?? o.request,
      patch.status ?? o.status,
      patch.filledQuantity ?? o.filledQuantity,
      patch.averageFillPrice ?? o.averageFillPrice,
      o.createdAt,
      time,
      patch.reason ?? o.reason,
    );
    r.order = next;
    if (isOpenOrderStatus(next.status)) this.openIds.add(next.clientOrderId);
    else this.openIds.delete(next.clientOrderId);
    return next;
  }

  private move(r: OrderRecord, to: OrderStatus, time: number, extra: Partial<Order> = {}): Order {
    return this.set(r, { ...extra, status: transitionOrder(r.order.status, to) }, time);
  }

  /** `new -> submitted` (about to be sent to the venue), optionally with a replaced (resized/clipped) request. */
  markSubmitted(id: ClientOrderId, time: number, request?: OrderRequest): Order {
    const r = this.record(id);
    return this.move(r, 'submitted', time, request === undefined ? {} : { request });
  }

  /** Rejects a `new` or `submitted` order locally (risk gate, reduce-only, short check). */
  rejectLocally(id: ClientOrderId, reason: string, time: number): Order {
    return this.move(this.record(id), 'rejected', time, { reason });
  }

  /** Cancels a `new` order locally (e.g. a bracket child whose entry never filled). */
  cancelLocally(id: ClientOrderId, reason: string, time: number): Order {
    return this.move(this.record(id), 'canceled', time, { reason });
  }

  /** Replaces the quantity of a `new` order (bracket child activation). */
  setNewQuantity(id: ClientOrderId, quantity: Quantity): Order {
    const r = this.record(id);
    if (r.order.status !== 'new') throw new BotError('INVALID_ARGUMENT', `order ${id} is ${r.order.status}, not new`);
    return this.set(r, { request: { ...r.order.request, quantity } }, r.order.updatedAt);
  }

  /**
   * Applies a venue event: status transition, fill accumulation (exact VWAP), amendments; returns OCO and
   * bracket follow-ups. Unknown ids and duplicate fills are ignored (`changed: false`).
   * @throws InvalidTransitionError for an event the state machine forbids; BotError `INTERNAL` for an overfill.
   */
  applyVenueEvent(event: VenueEvent): OrderUpdate {
    const id = event.type === 'fill' ? event.fill.clientOrderId : event.clientOrderId;
    const r = this.records.get(id);
    if (r === undefined) return { order: undefined, changed: false, followUps: NO_FOLLOW_UPS };
    switch (event.type) {
      case 'order-accepted':
        if (r.order.status !== 'submitted') return { order: r.order, changed: false, followUps: NO_FOLLOW_UPS };
        return { order: this.move(r, 'accepted', event.time, { venueOrderId: event.venueOrderId }), changed: true, followUps: NO_FOLLOW_UPS };
      case 'order-rejected': {
        const order = this.move(r, 'rejected', event.time, { reason: event.reason });
        return { order, changed: true, followUps: this.ended(r, event.time) };
      }
      case 'order-canceled': {
        if (!isOpenOrderStatus(r.order.status) && r.order.status !== 'new') {
          return { order: r.order, changed: false, followUps: NO_FOLLOW_UPS };
        }
        const order = this.move(r, 'canceled', event.time, event.reason === undefined ? {} : { reason: event.reason });
        return { order, changed: true, followUps: this.ended(r, event.time) };
      }
      case 'order-expired': {
        const order = this.move(r, 'expired', event.time, { reason: 'expired' });
        return { order, changed: true, followUps: this.ended(r, event.time) };
      }
      case 'order-amended': {
        const req = r.order.request;
        const next = {
          ...req,
          ...(event.quantity === undefined ? {} : { quantity: event.quantity }),
          ...(event.limitPrice !== undefined && 'limitPrice' in req ? { limitPrice: event.limitPrice } : {}),
          ...(event.stopPrice !== undefined && 'stopPrice' in req ? { stopPrice: event.stopPrice } : {}),
        } as OrderRequest;
        return { order: this.set(r, { request: next }, event.time), changed: true, followUps: NO_FOLLOW_UPS };
      }
      case 'cancel-rejected':
        return { order: r.order, changed: false, followUps: NO_FOLLOW_UPS };
      case 'fill':
        return this.applyFill(r, event.fill);
    }
  }

  private applyFill(r: OrderRecord, fill: Fill): OrderUpdate {
    if (this.seenFills.has(fill.fillId)) return { order: r.order, changed: false, followUps: NO_FOLLOW_UPS };
    const o = r.order;
    const filled = o.filledQuantity.value.plus(fill.quantity.value);
    const total = o.request.quantity.value;
    if (filled.gt(total)) {
      throw new BotError('INTERNAL', `fill ${fill.fillId} overfills ${o.clientOrderId}: ${filled.toString()} > ${total.toString()}`);
    }
    this.seenFills.add(fill.fillId);
    const first = o.filledQuantity.isZero();
    // first fill: the VWAP is the fill price (no division on the common one-fill path)
    const avg = first
      ? fill.price
      : Price.unsafe(
          o.averageFillPrice!.value.times(o.filledQuantity.value).plus(fill.price.value.times(fill.quantity.value)).div(filled),
        );
    const complete = filled.eq(total);
    const order = this.move(r, complete ? 'filled' : 'partially-filled', fill.time, {
      filledQuantity: first ? fill.quantity : Quantity.of(filled),
      averageFillPrice: avg,
    });
    const cancel = r.oco.filter((sib) => {
      const s = this.records.get(sib);
      return s !== undefined && (isOpenOrderStatus(s.order.status) || s.order.status === 'new');
    });
    r.oco = [];
    const activate = complete ? this.activation(r) : [];
    return { order, changed: true, fill, followUps: { cancel, activate, drop: [] } };
  }

  private activation(r: OrderRecord): { clientOrderId: ClientOrderId; quantity: Quantity }[] {
    const out = r.children
      .filter((c) => this.records.get(c)?.order.status === 'new')
      .map((c) => ({ clientOrderId: c, quantity: r.order.filledQuantity }));
    r.children = [];
    return out;
  }

  private ended(r: OrderRecord, _time: number): OrderFollowUps {
    if (r.children.length === 0) return NO_FOLLOW_UPS;
    if (r.order.filledQuantity.isZero()) {
      const drop = r.children.filter((c) => this.records.get(c)?.order.status === 'new');
      r.children = [];
      return { cancel: [], activate: [], drop };
    }
    return { cancel: [], activate: this.activation(r), drop: [] };
  }

  /** An order by client id. */
  get(id: ClientOrderId): Order | undefined {
    return this.records.get(id)?.order;
  }

  /** The strategy that owns an order. */
  strategyOf(id: ClientOrderId): string | undefined {
    return this.records.get(id)?.strategyId;
  }

  /** Parent (bracket entry) of an order. */
  parentOf(id: ClientOrderId): ClientOrderId | undefined {
    return this.records.get(id)?.parent;
  }

  /** Number of orders that are `submitted`, `accepted` or `partially-filled`. */
  get openCount(): number {
    return this.openIds.size;
  }

  /** Open orders (`submitted`, `accepted`, `partially-filled`), optionally of one strategy and/or symbol. */
  openOrders(strategyId?: string, symbol?: string): Order[] {
    const out: Order[] = [];
    for (const id of this.openIds) {
      const r = this.records.get(id)!;
      if (strategyId !== undefined && r.strategyId !== strategyId) continue;
      if (symbol !== undefined && r.order.request.symbol !== symbol) continue;
      out.push(r.order);
    }
    return out;
  }

  /** Every order of the run in creation order. */
  all(): Order[] {
    return Array.from(this.records.values(), (r) => r.order);
  }
}
