import { Decimal, Money, Price, Quantity, createOrderRequest, isBotError } from '@bot/core-types';
import type { ClientOrderId, Fill } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { OrderManager } from './orderManager.js';

const req = (qty: number) => createOrderRequest({ symbol: 'ABC/USD', side: 'buy', type: 'limit', limitPrice: 10, quantity: qty });
let n = 0;
const fill = (id: ClientOrderId, qty: string, price: string): Fill => ({
  fillId: `f${++n}`,
  clientOrderId: id,
  symbol: 'ABC/USD',
  side: 'buy',
  quantity: Quantity.of(qty),
  price: Price.of(price),
  fee: Money.of(0, 'USD'),
  liquidity: 'maker',
  time: 5,
});

describe('OrderManager', () => {
  it('drives the status machine and accumulates partial fills into an exact VWAP', () => {
    const om = new OrderManager();
    const id = om.nextId('s');
    om.create(id, req(3), 's', 1);
    expect(om.get(id)?.status).toBe('new');
    om.markSubmitted(id, 2);
    om.applyVenueEvent({ type: 'order-accepted', clientOrderId: id, venueOrderId: 'v1', time: 3 });
    const f1 = fill(id, '1', '10');
    om.applyVenueEvent({ type: 'fill', fill: f1 });
    expect(om.get(id)?.status).toBe('partially-filled');
    // duplicate fill ignored
    expect(om.applyVenueEvent({ type: 'fill', fill: f1 }).changed).toBe(false);
    om.applyVenueEvent({ type: 'fill', fill: fill(id, '2', '10.3') });
    const o = om.get(id)!;
    expect(o.status).toBe('filled');
    expect(o.filledQuantity.toString()).toBe('3');
    // (1 * 10 + 2 * 10.3) / 3 = 10.2
    expect(o.averageFillPrice!.value.eq(new Decimal('10.2'))).toBe(true);
    expect(o.venueOrderId).toBe('v1');
    expect(om.openCount).toBe(0);
  });

  it('throws on an overfill and on illegal transitions', () => {
    const om = new OrderManager();
    const id = om.nextId('s');
    om.create(id, req(1), 's', 1);
    om.markSubmitted(id, 2);
    expect(() => om.applyVenueEvent({ type: 'fill', fill: fill(id, '2', '10') })).toThrow(/overfills/);
    om.applyVenueEvent({ type: 'order-canceled', clientOrderId: id, time: 3 });
    try {
      om.applyVenueEvent({ type: 'order-accepted', clientOrderId: id, venueOrderId: 'v', time: 4 });
    } catch (e) {
      throw new Error('accepted after cancel must be ignored, not thrown', { cause: e });
    }
    let code: string | undefined;
    try {
      om.applyVenueEvent({ type: 'order-expired', clientOrderId: id, time: 4 });
    } catch (e) {
      code = isBotError(e) ? e.code : undefined;
    }
    expect(code).toBe('INVALID_TRANSITION');
  });

  it('OCO: a fill of one member cancels the others; bracket children activate on the full entry fill', () => {
    const om = new OrderManager();
    const entry = om.nextId('s');
    const tp = om.nextId('s');
    const sl = om.nextId('s');
    for (const id of [entry, tp, sl]) om.create(id, req(2), 's', 0);
    om.linkOco([tp, sl]);
    om.linkBracket(entry, [tp, sl]);
    om.markSubmitted(entry, 1);
    const partial = om.applyVenueEvent({ type: 'fill', fill: fill(entry, '0.5', '10') });
    expect(partial.followUps.activate).toEqual([]);
    const done = om.applyVenueEvent({ type: 'fill', fill: fill(entry, '1.5', '10') });
    expect(done.followUps.activate.map((a) => [a.clientOrderId, a.quantity.toString()])).toEqual([
      [tp, '2'],
      [sl, '2'],
    ]);
    om.markSubmitted(tp, 2);
    om.markSubmitted(sl, 2);
    const tpFill = om.applyVenueEvent({ type: 'fill', fill: fill(tp, '1', '12') });
    expect(tpFill.followUps.cancel).toEqual([sl]);
  });

  it('ids are <strategy>-<n>, sanitised and at most 36 characters', () => {
    const om = new OrderManager();
    expect(om.nextId('sma cross/1')).toBe('sma_cross_1-1');
    const long = om.nextId('x'.repeat(60));
    expect(long.length).toBeLessThanOrEqual(36);
    expect(long.endsWith('-2')).toBe(true);
  });
});

describe('OrderManager ids', () => {
  it('finds orders by id whatever the id looks like (generated, caller-given, colliding suffixes) and keeps creation order', () => {
    const om = new OrderManager();
    const a = om.nextId('s'); // s-1
    const b = om.nextId('s'); // s-2
    const c = om.nextId('t'); // t-3
    const ids = [
      'x-2' as ClientOrderId, // same suffix as b, created first
      b,
      'plain' as ClientOrderId,
      '-3' as ClientOrderId,
      c,
      'y-007' as ClientOrderId,
      'z-99' as ClientOrderId, // suffix beyond the sequence
      a,
      `${'s-1'}` as ClientOrderId, // a distinct string equal to a: duplicate
    ];
    for (const [k, id] of ids.slice(0, -1).entries()) om.create(id, req(k + 1), 's', k);
    expect(() => om.create(ids.at(-1)!, req(1), 's', 9)).toThrow(/duplicate client order id s-1/);
    expect(om.all().map((o) => o.clientOrderId)).toEqual(ids.slice(0, -1));
    for (const [k, id] of ids.slice(0, -1).entries()) {
      // a fresh string (not the object used at creation) finds the same order
      const copy = id.split('').join('') as ClientOrderId;
      expect(om.get(copy)?.request.quantity.toString()).toBe(String(k + 1));
      expect(om.statusOf(copy)).toBe('new');
    }
    expect(om.get('s-3' as ClientOrderId)).toBeUndefined();
    expect(om.get('x-1' as ClientOrderId)).toBeUndefined();
    expect(om.get('y-7' as ClientOrderId)).toBeUndefined();
    om.markSubmitted(b, 10);
    om.applyVenueEvent({ type: 'order-accepted', clientOrderId: 'x-2' as ClientOrderId, venueOrderId: 'v', time: 11 });
    expect(om.statusOf('x-2' as ClientOrderId)).toBe('new'); // not submitted: the event is ignored
    expect(om.statusOf(b)).toBe('submitted');
    expect(om.openOrders().map((o) => o.clientOrderId)).toEqual([b]);
    om.rejectLocally(c, 'risk: max-notional', 12);
    const seen: [string, string | undefined][] = [];
    om.forEachStatus((status, reason) => seen.push([status, reason]));
    expect(seen).toEqual(om.all().map((o) => [o.status, o.reason]));
    expect(seen.filter(([s]) => s !== 'new')).toEqual([
      ['submitted', undefined],
      ['rejected', 'risk: max-notional'],
    ]);
  });
});
