import { Money, Price, Quantity, ValidationError, createOrderRequest } from '@bot/core-types';
import type { ClientOrderId, Fill } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { BoundedLog } from './boundedLog.js';
import { OrderManager } from './orderManager.js';

const req = (qty: number) => createOrderRequest({ symbol: 'ABC/USD', side: 'buy', type: 'limit', limitPrice: 10, quantity: qty });
const fill = (fillId: string, id: ClientOrderId, qty: string): Fill => ({
  fillId,
  clientOrderId: id,
  symbol: 'ABC/USD',
  side: 'buy',
  quantity: Quantity.of(qty),
  price: Price.of('10'),
  fee: Money.of(0, 'USD'),
  liquidity: 'maker',
  time: 5,
});

describe('OrderManager maxOrders', () => {
  it('forgets the oldest terminal orders (and their fill ids), never open or new ones', () => {
    const om = new OrderManager({ maxOrders: 3 });
    const ids: ClientOrderId[] = [];
    const open = om.nextId('s');
    om.create(open, req(5), 's', 0);
    om.markSubmitted(open, 0);
    const waiting = om.nextId('s');
    om.create(waiting, req(1), 's', 0); // stays 'new' (like a bracket leg)
    for (let i = 0; i < 5; i++) {
      const id = om.nextId('s');
      ids.push(id);
      om.create(id, req(1), 's', i);
      om.markSubmitted(id, i);
      expect(om.applyVenueEvent({ type: 'fill', fill: fill(`f-${id}`, id, '1') }).changed).toBe(true);
    }
    // 3 kept: the open one, the new one and the newest filled one
    expect(om.all().map((o) => o.clientOrderId)).toEqual([open, waiting, ids[4]]);
    const statuses: string[] = [];
    om.forEachStatus((status) => statuses.push(status));
    expect(statuses).toEqual(['submitted', 'new', 'filled']);
    expect(om.droppedOrders).toBe(4);
    expect(om.get(ids[0]!)).toBeUndefined();
    // a replayed fill of a forgotten order is ignored like an unknown id; of a kept one, as a duplicate
    expect(om.applyVenueEvent({ type: 'fill', fill: fill(`f-${ids[0]}`, ids[0]!, '1') }).changed).toBe(false);
    expect(om.applyVenueEvent({ type: 'fill', fill: fill(`f-${ids[4]}`, ids[4]!, '1') }).changed).toBe(false);
    // the open order still fills normally
    om.applyVenueEvent({ type: 'fill', fill: fill('g1', open, '5') });
    expect(om.get(open)?.status).toBe('filled');
  });

  it('rejects a limit below 1', () => {
    expect(() => new OrderManager({ maxOrders: 0 })).toThrow(ValidationError);
  });
});

describe('BoundedLog', () => {
  it('keeps the newest `limit` entries in order across many trims', () => {
    const log = new BoundedLog<number>(3);
    for (let i = 0; i < 100; i++) {
      log.push(i);
      const want = [i - 2, i - 1, i].filter((x) => x >= 0);
      expect(log.view()).toEqual(want);
    }
    expect(log.dropped).toBe(97);
    const all = new BoundedLog<number>();
    for (let i = 0; i < 10; i++) all.push(i);
    expect(all.view()).toHaveLength(10);
  });
});
