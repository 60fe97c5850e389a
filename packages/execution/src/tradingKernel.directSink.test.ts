import { ManualClock } from '@bot/core-types';
import type { AuditEvent, ExecutionVenue, Strategy } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { SimulatedVenue } from './simulatedVenue.js';
import { TradingKernel } from './tradingKernel.js';
import { instrument, series, T0, MIN } from '../test/helpers.js';

/** A strategy that trades every kind of order and records what the kernel tells it, in order. */
function trader(log: string[]): Strategy {
  let n = 0;
  return {
    id: 't',
    onBar(_bar, ctx) {
      const i = n++;
      if (i === 0) ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'market', quantity: 10, timeInForce: 'GTC' });
      if (i === 5) ctx.submitOrder({ symbol: 'ABC/USD', side: 'sell', type: 'limit', quantity: 6, limitPrice: 104 });
      if (i === 6) ctx.setTargetWeight('ABC/USD', 0);
      if (i === 8) ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'limit', quantity: 1, limitPrice: 1 });
      if (i === 9) for (const o of ctx.openOrders()) ctx.cancelOrder(o.clientOrderId);
    },
    onOrderUpdate(order) {
      log.push(`order ${order.clientOrderId} ${order.status} ${order.filledQuantity.toString()}`);
    },
    onFill(fill) {
      log.push(`fill ${fill.clientOrderId} ${fill.side} ${fill.quantity.toString()} @ ${fill.price.toString()}`);
    },
  };
}

/** Every method of the venue, on a plain object: not `instanceof SimulatedVenue`, so the kernel uses its events. */
function eventsOnly(v: SimulatedVenue): ExecutionVenue {
  return {
    id: v.id,
    simulated: true,
    setEventHandler: (h) => v.setEventHandler(h),
    submitOrder: (id, r) => v.submitOrder(id, r),
    cancelOrder: (id) => v.cancelOrder(id),
    amendOrder: (id, a) => v.amendOrder(id, a),
    onMarketEvent: (e) => v.onMarketEvent(e),
    fetchBalances: () => v.fetchBalances(),
    fetchOpenOrders: (s) => v.fetchOpenOrders(s),
  };
}

function run(direct: boolean) {
  const clock = new ManualClock(T0 - MIN);
  const instruments = [instrument()];
  // volume 5 with a 50% cap: fills of at most 2.5 per bar, so orders fill in parts across bars
  const sim = new SimulatedVenue({ clock, instruments, maxVolumeParticipation: 0.5 });
  const audit: AuditEvent[] = [];
  const log: string[] = [];
  const kernel = new TradingKernel({
    clock,
    venue: direct ? sim : eventsOnly(sim),
    instruments,
    account: { currency: 'USD', initialCash: 10_000 },
    strategies: [trader(log)],
    auditSink: { record: (e) => void audit.push(e), flush: () => Promise.resolve(), close: () => Promise.resolve() },
  });
  if (!direct) sim.attachAccount(kernel.portfolio);
  const rows = Array.from({ length: 14 }, (_, i) => [100 + i, 105 + i, 99 + i, 102 + i, 5]);
  kernel.runBarSeries([series(rows)]);
  const fills = kernel.fills().map((f) => JSON.stringify(f));
  const orders = kernel.orders().map((o) => JSON.stringify(o));
  return { log, fills, orders, audit: audit.map((e) => JSON.stringify(e)), equity: kernel.portfolio.exactEquity().toString() };
}

describe('TradingKernel with a SimulatedVenue: acceptances and fills as direct calls', () => {
  it('gives the same run, notification for notification and audit record for audit record, as the event path', () => {
    const direct = run(true);
    const events = run(false);
    // the scenario exercises acceptances, partial fills, a fill on a later bar and a cancel
    expect(direct.log.some((l) => l.includes(' partially-filled '))).toBe(true);
    expect(direct.log.some((l) => l.includes(' canceled '))).toBe(true);
    expect(direct.fills).toHaveLength(9);
    expect(direct.log).toEqual(events.log);
    expect(direct.fills).toEqual(events.fills);
    expect(direct.orders).toEqual(events.orders);
    expect(direct.audit).toEqual(events.audit);
    expect(direct.equity).toBe(events.equity);
  });
});
