import type { AuditRecord } from '@bot/audit';
import { type ClientOrderId, createOrderRequest, type Fill, Money, type Order, type OrderInput, type OrderStatus, Price, Quantity } from '@bot/core-types';
import type { TradingKernel } from '@bot/execution';

/** What {@link restoreLiveState} rebuilt from the trail of the previous run(s). */
export interface LiveRestoreSummary {
  /** Fills re-booked into the portfolio (every fill of the trail). */
  readonly fills: number;
  /** Their venue fill ids (given to the venue so reconciliation replays only what the trail lacks). */
  readonly fillIds: readonly string[];
  /** Orders open at the crash, re-registered in the kernel's order manager (and to be given to the venue). */
  readonly openOrders: readonly Order[];
}

const OPEN: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['submitted', 'accepted', 'partially-filled']);

function fillOf(r: AuditRecord): Fill | undefined {
  const p = r.payload as Record<string, unknown> | null;
  if (p === null || typeof p['fillId'] !== 'string' || typeof p['clientOrderId'] !== 'string') return undefined;
  return {
    fillId: p['fillId'],
    clientOrderId: p['clientOrderId'] as ClientOrderId,
    ...(typeof p['venueOrderId'] === 'string' ? { venueOrderId: p['venueOrderId'] } : {}),
    symbol: String(p['symbol']),
    side: p['side'] === 'sell' ? 'sell' : 'buy',
    quantity: Quantity.of(String(p['quantity'])),
    price: Price.of(String(p['price'])),
    fee: Money.of(String(p['fee']), String(p['feeCurrency'])),
    liquidity: p['liquidity'] === 'maker' ? 'maker' : 'taker',
    time: Number(p['time']),
  };
}

/**
 * Rebuilds a live engine's book from the audit trail after a restart, before the venue reconciles:
 * - every recorded fill is booked again into the portfolio (cash, positions, fees exact, as the kernel booked them);
 * - every order whose last recorded status was open (`submitted`, `accepted`, `partially-filled`) is registered again
 *   in the kernel's order manager with its recorded request, strategy and fills, so fills the exchange executed while
 *   the engine was down (replayed by reconciliation) book against it and its strategy sees them.
 * With `reopenOrders: false` (a simulated venue, which forgets its orders on restart) no order is re-registered.
 * Orders that ended are not re-registered (their fills are in the portfolio). Strategy-internal state is not part of
 * the trail: strategies start fresh and see the restored positions and open orders through their context.
 */
export function restoreLiveState(kernel: TradingKernel, records: Iterable<AuditRecord>, options: { readonly reopenOrders: boolean }): LiveRestoreSummary {
  const intents = new Map<string, { input: OrderInput; strategyId: string | undefined; time: number }>();
  const lastStatus = new Map<string, OrderStatus>();
  const fills: Fill[] = [];
  for (const r of records) {
    const id = r.clientOrderId;
    if (r.type === 'order-intent' && id !== undefined) {
      intents.set(id, { input: r.payload as unknown as OrderInput, strategyId: r.strategyId, time: r.time });
    } else if (r.type === 'order-event' && id !== undefined) {
      const status = (r.payload as Record<string, unknown> | null)?.['status'];
      if (typeof status === 'string') lastStatus.set(id, status as OrderStatus);
    } else if (r.type === 'fill') {
      const fill = fillOf(r);
      if (fill !== undefined) fills.push(fill);
    }
  }
  const om = kernel.orderManager;
  const reopened = new Set<string>();
  for (const [id, status] of lastStatus) {
    const intent = intents.get(id);
    if (!options.reopenOrders || !OPEN.has(status) || intent === undefined) continue;
    const cid = id as ClientOrderId;
    om.create(cid, createOrderRequest(intent.input), intent.strategyId, intent.time);
    om.markSubmitted(cid, intent.time);
    // accepted at the crash: accepted again (the trail has no venue order id; the venue finds the order by its client
    // id, and reports it canceled if the exchange no longer knows it). Submitted only: left submitted.
    if (status !== 'submitted') om.applyVenueEvent({ type: 'order-accepted', clientOrderId: cid, venueOrderId: '', time: intent.time });
    reopened.add(id);
  }
  for (const fill of fills) {
    kernel.portfolio.applyFill(fill);
    if (reopened.has(fill.clientOrderId)) om.applyVenueEvent({ type: 'fill', fill });
  }
  const openOrders = [...reopened]
    .map((id) => om.get(id as ClientOrderId))
    .filter((o): o is Order => o !== undefined)
    .map((o) => {
      // the venue must look the order up by its client id, not by a venue id the trail does not have
      const { venueOrderId: _unknown, ...rest } = o;
      return rest as Order;
    });
  return { fills: fills.length, fillIds: fills.map((f) => f.fillId), openOrders };
}
