import { Decimal, Price, Quantity, SystemClock, clientOrderId } from '@bot/core-types';
import type { AuditEvent, AuditSink, BotError, ClientOrderId, Fill, OrderRequest, VenueEvent, VenueOrderReport } from '@bot/core-types';
import { createRiskGate, parseRiskGateConfig } from '@bot/risk';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReconcileDifference } from './ccxtVenueOptions.js';
import { startHarness, type Harness } from './testing/fakeBinanceHarness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const market = (qty: string, side: 'buy' | 'sell' = 'buy'): OrderRequest => ({
  symbol: 'BTC/USDT', side, type: 'market', quantity: Quantity.of(qty), timeInForce: 'IOC', postOnly: false, reduceOnly: false,
});
const limit = (qty: string, price: string, side: 'buy' | 'sell' = 'buy'): OrderRequest => ({
  symbol: 'BTC/USDT', side, type: 'limit', quantity: Quantity.of(qty), limitPrice: Price.of(price), timeInForce: 'GTC', postOnly: false, reduceOnly: false,
});
const ofType = <T extends VenueEvent['type']>(events: VenueEvent[], type: T) => events.filter((e): e is Extract<VenueEvent, { type: T }> => e.type === type);
const fills = (events: VenueEvent[], id?: string): Fill[] => ofType(events, 'fill').map((e) => e.fill).filter((f) => id === undefined || f.clientOrderId === id);
const creates = (hh: Harness) => hh.fake.server.requests.filter((r) => r.method === 'POST' && r.path === '/api/v3/order');
const realWait = (ms: number) => new Promise((r) => setTimeout(r, ms));

class ArraySink implements AuditSink {
  readonly records: AuditEvent[] = [];
  record(event: AuditEvent): void {
    this.records.push(event);
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}

describe('CcxtVenue against the fake Binance (real ccxt, no mocks)', () => {
  it('market order: accepted, then one fill carrying the venue trade id, price and fee', async () => {
    h = await startHarness();
    await h.venue.connect();
    const id = clientOrderId('s-1');
    h.venue.submitOrder(id, market('0.01'));
    await h.waitFor(() => fills(h!.events).length === 1, 'the fill');
    expect(h.events[0]).toMatchObject({ type: 'order-accepted', clientOrderId: id });
    const [fill] = fills(h.events);
    const venueFill = h.orders.fills[0]!;
    expect(fill!.fillId).toBe(`binance:BTC/USDT:${venueFill.id}`);
    expect(fill!.quantity.toString()).toBe('0.01');
    expect(fill!.price.toString()).toBe('40000');
    // fee: 0.1 % of 400 USDT, independently: 400 * 0.001
    expect(fill!.fee.amount.toString()).toBe('0.4');
    expect(fill!.fee.currency).toBe('USDT');
    expect(h.orders.ordersWithClientId('s-1')).toHaveLength(1);
    // balances as the venue reports them
    const balances = await h.venue.fetchBalances();
    expect(balances.get('BTC')!.total.toString()).toBe('1.01');
    expect(balances.get('USDT')!.total.toString()).toBe(String(100_000 - 400 - 0.4));
    expect((await h.venue.fetchPositions()).find((p) => p.symbol === 'BTC/USDT')!.quantity.toString()).toBe('1.01');
  });

  it('create / fetch / amend / cancel round trip (amend = cancel-replace, mapped back to the same client id)', async () => {
    h = await startHarness();
    await h.venue.connect();
    const id = clientOrderId('s-2');
    h.venue.submitOrder(id, limit('0.02', '39000'));
    await h.waitFor(() => ofType(h!.events, 'order-accepted').length === 1, 'accepted');
    const open = await h.venue.fetchOpenOrders('BTC/USDT');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ clientOrderId: id, side: 'buy', status: 'accepted' });
    expect(open[0]!.quantity.toString()).toBe('0.02');
    expect(open[0]!.limitPrice!.toString()).toBe('39000');
    const looked = await h.venue.fetchOrder(id, 'BTC/USDT');
    expect(looked?.venueOrderId).toBe(open[0]!.venueOrderId);
    // submitting a live order's id again is ignored: still one create
    h.venue.submitOrder(id, limit('0.02', '39000'));
    await realWait(50);
    expect(creates(h)).toHaveLength(1);

    h.venue.amendOrder(id, { quantity: Quantity.of('0.03'), limitPrice: Price.of('39100') });
    await h.waitFor(() => ofType(h!.events, 'order-amended').length === 1, 'amended');
    const amended = ofType(h.events, 'order-amended')[0]!;
    expect(amended.quantity!.toString()).toBe('0.03');
    expect(amended.limitPrice!.toString()).toBe('39100');
    const legs = h.orders.ordersWithClientId('s-2');
    expect(legs.map((o) => o.status)).toEqual(['CANCELED']);
    const live = h.orders.ordersWithClientId('s-2.1');
    expect(live).toHaveLength(1);
    expect([live[0]!.origQty, live[0]!.price, live[0]!.status]).toEqual([0.03, 39100, 'NEW']);
    expect(ofType(h.events, 'order-canceled')).toHaveLength(0); // the replaced leg's cancel is not the order's

    h.orders.fillOrder('s-2.1', 0.01);
    await h.waitFor(() => fills(h!.events).length === 1, 'fill of the replacement leg');
    expect(fills(h.events)[0]!.clientOrderId).toBe(id);
    expect(fills(h.events)[0]!.price.toString()).toBe('39100');

    h.venue.cancelOrder(id);
    await h.waitFor(() => ofType(h!.events, 'order-canceled').length === 1, 'canceled');
    expect(h.orders.ordersWithClientId('s-2.1')[0]!.status).toBe('CANCELED');
    // cancel of an order that is no longer open: a cancel-rejected, no request storm
    h.venue.cancelOrder(id);
    await h.waitFor(() => ofType(h!.events, 'cancel-rejected').length === 1, 'cancel-rejected');
    expect(h.events.map((e) => e.type)).toEqual(['order-accepted', 'order-amended', 'fill', 'order-canceled', 'cancel-rejected']);
  });

  it('amend after a partial fill sends the new total minus what executed; submit before connect loads the markets, connect replays the fill', async () => {
    h = await startHarness();
    const id = clientOrderId('am-1');
    h.venue.submitOrder(id, limit('0.02', '39000')); // markets not loaded yet: the venue loads them first
    await h.waitFor(() => ofType(h!.events, 'order-accepted').length === 1, 'accepted');
    h.orders.fillOrder('am-1', 0.005); // nothing listens before connect(): the start-up reconciliation replays it
    await h.venue.connect();
    expect(fills(h.events)).toHaveLength(1);
    expect(h.venue.stats.fillsFromReconcile).toBe(1);
    h.venue.amendOrder(id, { quantity: Quantity.of('0.03') });
    await h.waitFor(() => ofType(h!.events, 'order-amended').length === 1, 'amended');
    const leg = h.orders.ordersWithClientId('am-1.1')[0]!;
    expect([leg.origQty, leg.price]).toEqual([0.025, 39000]); // 0.03 - 0.005
    expect(ofType(h.events, 'order-amended')[0]!.quantity!.toString()).toBe('0.03');
    expect(ofType(h.events, 'order-amended')[0]!.limitPrice).toBeUndefined();
    h.orders.fillOrder('am-1.1', 0.025);
    await h.waitFor(() => fills(h!.events).length === 2, 'rest filled', 250);
    const total = fills(h.events).reduce((a, f) => a.plus(f.quantity.value), new Decimal(0));
    expect(total.toString()).toBe('0.03');
    expect(h.events.map((e) => e.type)).toEqual(['order-accepted', 'fill', 'order-amended', 'fill']);
  });

  it('an amend that times out but was applied: the replacement is found by its client id, the order stays open', async () => {
    h = await startHarness({ timeoutMs: 300 });
    await h.venue.connect();
    await h.fake.server.waitFor(() => h!.orders.userStreamCount === 1, 3000, 'user stream subscribed');
    const id = clientOrderId('at-1');
    h.venue.submitOrder(id, limit('0.02', '39000'));
    await h.waitFor(() => ofType(h!.events, 'order-accepted').length === 1, 'accepted');
    // apply the cancel-replace at once, answer after the client gave up
    const original = h.fake.server.handlerOf('POST', '/api/v3/order/cancelReplace')!;
    h.fake.server.route('POST', '/api/v3/order/cancelReplace', async (r) => {
      const res = await original(r);
      await realWait(800);
      return res;
    });
    h.venue.amendOrder(id, { limitPrice: Price.of('39050') });
    await h.waitFor(() => ofType(h!.events, 'order-amended').length === 1, 'amended after the timeout');
    expect(ofType(h.events, 'order-amended')[0]!.limitPrice!.toString()).toBe('39050');
    expect(ofType(h.events, 'order-canceled')).toHaveLength(0);
    expect(ofType(h.events, 'cancel-rejected')).toHaveLength(0);
    expect(h.orders.openOrders().map((o) => [o.clientOrderId, o.price])).toEqual([['at-1.1', 39050]]);
    h.orders.fillOrder('at-1.1', 0.02);
    await h.waitFor(() => fills(h!.events).length === 1, 'fill of the replacement');
    expect(fills(h.events)[0]!.clientOrderId).toBe(id);
    await realWait(900); // the late HTTP answer changes nothing
    expect(h.events.map((e) => e.type)).toEqual(['order-accepted', 'order-amended', 'fill']);
  });

  it('rounds to the market precision (conservative price direction) and rejects limit violations locally', async () => {
    h = await startHarness();
    await h.venue.connect();
    h.venue.submitOrder(clientOrderId('p-1'), limit('0.0123456', '39000.019', 'buy'));
    h.venue.submitOrder(clientOrderId('p-2'), limit('0.0123456', '41000.011', 'sell'));
    await h.waitFor(() => ofType(h!.events, 'order-accepted').length === 2, 'both accepted');
    const amend = (id: string) => ofType(h!.events, 'order-amended').find((e) => e.clientOrderId === id)!;
    // step 0.00001 truncates 0.0123456 to 0.01234; tick 0.01: buys round down, sells up
    expect(amend('p-1').quantity!.toString()).toBe('0.01234');
    expect(amend('p-1').limitPrice!.toString()).toBe('39000.01');
    expect(amend('p-2').limitPrice!.toString()).toBe('41000.02');
    expect(h.orders.ordersWithClientId('p-1')[0]).toMatchObject({ origQty: 0.01234, price: 39000.01 });
    expect(h.orders.ordersWithClientId('p-2')[0]).toMatchObject({ origQty: 0.01234, price: 41000.02 });
    // the amendment reaches the handler before the acceptance, so the order manager books the sent quantity
    const types = h.events.filter((e) => e.type !== 'fill' && 'clientOrderId' in e && e.clientOrderId === 'p-1').map((e) => e.type);
    expect(types).toEqual(['order-amended', 'order-accepted']);

    const before = creates(h).length;
    h.venue.submitOrder(clientOrderId('p-3'), limit('0.0001', '40000')); // notional 4 < 5
    h.venue.submitOrder(clientOrderId('p-4'), limit('0.000001', '40000')); // rounds to 0
    h.venue.submitOrder(clientOrderId('p-5'), limit('0.001', '2000000')); // above max price 1 000 000
    await h.waitFor(() => ofType(h!.events, 'order-rejected').length === 3, 'local rejections');
    const reason = (id: string) => ofType(h!.events, 'order-rejected').find((e) => e.clientOrderId === id)!.reason;
    expect(reason('p-3')).toMatch(/notional 4 .*below the minimum cost 5 of binance BTC\/USDT/);
    expect(reason('p-4')).toMatch(/rounds to 0 at the amount precision/);
    expect(reason('p-5')).toMatch(/above the maximum price 1000000/);
    expect(creates(h).length).toBe(before); // nothing was sent
  });

  it('a create that times out but reached the venue: looked up by client id, exactly one order, one fill', async () => {
    h = await startHarness({ timeoutMs: 300 });
    await h.venue.connect();
    h.orders.delayNextCreate(1200);
    const id = clientOrderId('t-1');
    h.venue.submitOrder(id, market('0.01'));
    await h.waitFor(() => fills(h!.events).length === 1 && h!.venue.stats.lookupsAfterAmbiguousFailure > 0, 'fill after the timeout');
    await realWait(1300); // let the delayed response arrive (it is ignored by ccxt)
    expect(creates(h)).toHaveLength(1);
    expect(h.orders.ordersWithClientId('t-1')).toHaveLength(1);
    expect(h.orders.fills).toHaveLength(1);
    expect(ofType(h.events, 'order-accepted')).toHaveLength(1);
    expect(fills(h.events)).toHaveLength(1);
    expect(ofType(h.events, 'order-rejected')).toHaveLength(0);
    // a second submit with the same (now finished) id never creates a second order: it is refused
    h.venue.submitOrder(id, market('0.01'));
    await h.waitFor(() => ofType(h!.events, 'order-rejected').length === 1, 'id reuse refused');
    expect(ofType(h.events, 'order-rejected')[0]!.reason).toBe('client order id t-1 was already used for a finished order at binance');
    expect(creates(h)).toHaveLength(1);
  });

  it('a failed create that did not reach the venue is re-sent once look-ups after the ambiguity window say it is absent', async () => {
    h = await startHarness({ timeoutMs: 300 });
    await h.venue.connect();
    h.fake.server.injectFault('/api/v3/order', { kind: 'hangup' }, 1);
    h.venue.submitOrder(clientOrderId('t-2'), market('0.01'));
    await h.waitFor(() => fills(h!.events).length === 1, 'fill after the re-send');
    const reqs = h.fake.server.requests.filter((r) => r.path === '/api/v3/order');
    // create (hung up) -> look-up (absent) -> wait out the ambiguity window -> look-up (absent) -> create
    expect(reqs.map((r) => r.method)).toEqual(['POST', 'GET', 'GET', 'POST']);
    expect(h.orders.ordersWithClientId('t-2')).toHaveLength(1);
  });

  it('a create delayed in flight and applied late (within recvWindow) is found after the ambiguity window: no duplicate', async () => {
    // real time here: the exchange's validity window is real time. recvWindow 1.5 s, the create reaches the matching
    // engine after 0.8 s (the client gave up at 0.3 s), the venue waits out 2 s before it would send again
    const clock = new SystemClock();
    h = await startHarness({ timeoutMs: 300, recvWindowMs: 1500, venue: { clock, ambiguityWindowMs: 2000, retry: { baseDelayMs: 50, maxDelayMs: 200 } } });
    await h.venue.connect();
    h.fake.server.injectFault('/api/v3/order', { kind: 'delay', ms: 800 }, 1);
    const id = clientOrderId('late-1');
    h.venue.submitOrder(id, market('0.01'));
    await h.fake.server.waitFor(() => ofType(h!.events, 'order-accepted').length === 1, 8000, 'accepted');
    await h.fake.server.waitFor(() => fills(h!.events).length === 1, 8000, 'fill');
    // the create loop itself concludes only after the window: its second look-up finds the order
    await h.fake.server.waitFor(() => h!.venue.stats.lookupsAfterAmbiguousFailure === 2, 8000, 'look-up after the window');
    await realWait(100);
    expect(creates(h)).toHaveLength(1); // an immediate re-send at 0.3 s would have made a second (filled) order
    expect(h.orders.ordersWithClientId('late-1')).toHaveLength(1);
    expect(h.venue.stats.createAttempts).toBe(1);
  });

  it('429 storm: backoff on the clock, then success; consecutive errors trip the venue-errors breaker to pause', async () => {
    const errors: BotError[] = [];
    const ref: { gate?: ReturnType<typeof createRiskGate> } = {};
    h = await startHarness({
      venue: {
        onVenueError: (e) => {
          errors.push(e);
          ref.gate!.breakers.recordVenueError('binance');
        },
        onVenueSuccess: () => ref.gate?.breakers.recordVenueSuccess('binance'),
      },
    });
    const gate = createRiskGate(parseRiskGateConfig({ breakers: { venueErrors: { mode: 'pause', maxConsecutive: 3 } } }), { clock: h.clock });
    ref.gate = gate;
    await h.venue.connect();
    expect(gate.mode).toBe('normal');
    const tooMany = { kind: 'status', status: 429, json: { code: -1003, msg: 'Too many requests; current limit is 6000 request weight per 1 MINUTE.' }, headers: { 'Retry-After': '1' } } as const;
    h.fake.server.injectFault('/api/v3/order', tooMany, 4);
    h.venue.submitOrder(clientOrderId('r-1'), market('0.01'));
    await h.fake.server.waitFor(() => creates(h!).length === 1, 2000, 'first attempt');
    // the backoff waits on the injected clock: without advancing it, nothing is re-sent
    await realWait(150);
    expect(creates(h)).toHaveLength(1);
    await h.waitFor(() => fills(h!.events).length === 1, 'fill after the storm', 100);
    expect(creates(h)).toHaveLength(5);
    expect(h.orders.ordersWithClientId('r-1')).toHaveLength(1);
    expect(errors.slice(0, 4).map((e) => e.code)).toEqual(['RATE_LIMIT', 'RATE_LIMIT', 'RATE_LIMIT', 'RATE_LIMIT']);
    expect(gate.breakers.isTripped('venue-errors')).toBe(true);
    expect(gate.mode).toBe('pause');
  });

  it('a rejection is not retried and becomes order-rejected with Binance\'s message', async () => {
    h = await startHarness();
    await h.venue.connect();
    h.venue.submitOrder(clientOrderId('x-1'), market('5')); // 200 000 USDT > 100 000
    await h.waitFor(() => ofType(h!.events, 'order-rejected').length === 1, 'rejection');
    expect(ofType(h.events, 'order-rejected')[0]!.reason).toBe(
      'binance rejected the order: Account has insufficient balance for requested action. [INSUFFICIENT_FUNDS]',
    );
    h.orders.rejectNext(-1013, 'Filter failure: PERCENT_PRICE_BY_SIDE');
    h.venue.submitOrder(clientOrderId('x-2'), limit('0.01', '39000'));
    await h.waitFor(() => ofType(h!.events, 'order-rejected').length === 2, 'second rejection');
    expect(ofType(h.events, 'order-rejected')[1]!.reason).toBe('binance rejected the order: Filter failure: PERCENT_PRICE_BY_SIDE [ORDER_REJECTED]');
    h.clock.advanceBy(60_000); // no backoff timer is pending: nothing more is sent
    await realWait(50);
    expect(creates(h)).toHaveLength(2);
    expect(h.orders.orders.size).toBe(0);
  });

  it('partial fills arrive in order, then the terminal cancel after the last fill', async () => {
    h = await startHarness();
    await h.venue.connect();
    await h.fake.server.waitFor(() => h!.orders.userStreamCount === 1, 3000, 'user stream subscribed');
    const id = clientOrderId('pf-1');
    h.venue.submitOrder(id, limit('0.01', '39000'));
    await h.waitFor(() => ofType(h!.events, 'order-accepted').length === 1, 'accepted');
    h.orders.setPrice('BTC/USDT', 38_990, 0.004); // crosses the bid with 0.004 of liquidity
    h.orders.fillOrder('pf-1', 0.003);
    await h.waitFor(() => fills(h!.events).length === 2, 'two partial fills');
    expect(fills(h.events).map((f) => f.quantity.toString())).toEqual(['0.004', '0.003']);
    expect(fills(h.events).map((f) => f.liquidity)).toEqual(['maker', 'maker']);
    h.venue.cancelOrder(id);
    await h.waitFor(() => ofType(h!.events, 'order-canceled').length === 1, 'cancel');
    expect(h.events.map((e) => e.type)).toEqual(['order-accepted', 'fill', 'fill', 'order-canceled']);
    const open: readonly VenueOrderReport[] = await h.venue.fetchOpenOrders();
    expect(open).toHaveLength(0);
  });

  it('a market order larger than the liquidity: partial fill, then order-expired (IOC remainder); fetchFills agrees', async () => {
    h = await startHarness();
    await h.venue.connect();
    await h.fake.server.waitFor(() => h!.orders.userStreamCount === 1, 3000, 'user stream subscribed');
    h.orders.setPrice('BTC/USDT', 40_000, 0.004);
    const id = clientOrderId('ioc-1');
    h.venue.submitOrder(id, market('0.01'));
    await h.waitFor(() => ofType(h!.events, 'order-expired').length === 1, 'expired');
    expect(h.events.map((e) => e.type)).toEqual(['order-accepted', 'fill', 'order-expired']);
    expect(fills(h.events)[0]!.quantity.toString()).toBe('0.004');
    const venueFills = await h.venue.fetchFills(0, 'BTC/USDT');
    expect(venueFills.map((f) => [f.fillId, f.clientOrderId, f.quantity.toString()])).toEqual([[fills(h.events)[0]!.fillId, id, '0.004']]);
  });

  it('dropped user-data stream: polling takes over and recovers the fills, then the stream comes back', async () => {
    const problems: BotError[] = [];
    h = await startHarness({ venue: { pollIntervalMs: 1000, streamRetryMs: 5000, onProblem: (e) => problems.push(e) } });
    await h.venue.connect();
    await h.fake.server.waitFor(() => h!.orders.userStreamCount === 1, 3000, 'user stream subscribed');
    const id = clientOrderId('d-1');
    h.venue.submitOrder(id, limit('0.01', '39000'));
    await h.waitFor(() => ofType(h!.events, 'order-accepted').length === 1, 'accepted');
    expect(h.orders.dropUserStreams()).toBe(1);
    await h.fake.server.waitFor(() => problems.some((p) => /stream down/.test(p.message)), 3000, 'stream down noticed');
    expect(h.venue.isStreaming).toBe(false);
    h.orders.fillOrder('d-1', 0.004); // nobody is listening: only polling can learn it
    await h.waitFor(() => fills(h!.events).length === 1, 'fill recovered by polling', 250);
    expect(h.venue.stats.fillsFromPolling).toBe(1);
    expect(h.venue.stats.fillsFromStream).toBe(0);
    // the stream is re-opened after streamRetryMs; once it delivers, fills come from it again
    await h.waitFor(() => h!.orders.userStreamCount === 1, 'stream re-subscribed', 500);
    h.orders.fillOrder('d-1', 0.006);
    await h.waitFor(() => fills(h!.events).length === 2, 'second fill');
    expect(fills(h.events).map((f) => f.quantity.toString())).toEqual(['0.004', '0.006']);
    expect(h.venue.stats.fillsFromStream + h.venue.stats.fillsFromPolling).toBe(2);
    await h.waitFor(() => h!.venue.isStreaming, 'stream marked up');
  });

  it('dropped stream with no polling: reconciliation replays the missed fills once and records them in the audit trail', async () => {
    const sink = new ArraySink();
    const diffs: ReconcileDifference[] = [];
    h = await startHarness({ venue: { pollIntervalMs: 1e9, streamRetryMs: 1e9, auditSink: sink, onReconcileDifference: (d) => diffs.push(d) } });
    await h.venue.connect();
    await h.fake.server.waitFor(() => h!.orders.userStreamCount === 1, 3000, 'user stream subscribed');
    const id = clientOrderId('rc-1');
    h.venue.submitOrder(id, limit('0.01', '39000'));
    await h.waitFor(() => ofType(h!.events, 'order-accepted').length === 1, 'accepted');
    h.orders.dropUserStreams();
    await realWait(100);
    h.orders.fillOrder('rc-1', 0.004);
    h.orders.fillOrder('rc-1', 0.006);
    await realWait(100);
    expect(fills(h.events)).toHaveLength(0);
    const report = await h.venue.reconcile({ expectedBalances: new Map([['BTC', new Decimal('1.01')], ['USDT', new Decimal('99000')]]) });
    expect(fills(h.events).map((f) => f.quantity.toString())).toEqual(['0.004', '0.006']);
    const missed = report.differences.filter((d) => d.kind === 'missed-fill');
    expect(missed).toHaveLength(2);
    expect(missed.every((d) => d.action === 'replayed' && d.clientOrderId === id)).toBe(true);
    // USDT: 100000 - 390 - 0.39 fee = 99609.61, not 99000: reported
    const bal = report.differences.filter((d) => d.kind === 'balance-mismatch');
    expect(bal).toHaveLength(1);
    expect(bal[0]!.detail).toBe('USDT: venue 99609.61 vs expected 99000 (tolerance 0)');
    expect(diffs).toEqual(report.differences);
    const recs = sink.records.filter((r) => r.actor === 'reconciler');
    expect(recs.map((r) => r.type)).toEqual(['recovery', 'recovery', 'recovery']);
    expect(recs[0]!.clientOrderId).toBe(id);
    // a second pass finds nothing new
    const again = await h.venue.reconcile();
    expect(again.differences).toHaveLength(0);
    expect(fills(h.events)).toHaveLength(2);
  });

  it('reconciliation replays a cancel that happened while the stream was down (audit: order-event, actor reconciler)', async () => {
    const sink = new ArraySink();
    h = await startHarness({ venue: { pollIntervalMs: 1e9, streamRetryMs: 1e9, auditSink: sink } });
    await h.venue.connect();
    await h.fake.server.waitFor(() => h!.orders.userStreamCount === 1, 3000, 'user stream subscribed');
    const id = clientOrderId('sm-1');
    h.venue.submitOrder(id, limit('0.01', '39000'));
    await h.waitFor(() => ofType(h!.events, 'order-accepted').length === 1, 'accepted');
    h.orders.dropUserStreams();
    await realWait(100);
    h.orders.fillOrder('sm-1', 0.002);
    h.orders.cancelFromVenue('sm-1'); // e.g. the exchange's self-trade prevention or an operator in the web UI
    const report = await h.venue.reconcile();
    expect(report.differences.map((d) => [d.kind, d.action])).toEqual([['missed-fill', 'replayed'], ['status-mismatch', 'replayed']]);
    // the fill first, then the cancel: the kernel never sees a fill after a terminal status
    expect(h.events.map((e) => e.type)).toEqual(['order-accepted', 'fill', 'order-canceled']);
    expect(sink.records.map((r) => [r.type, r.actor, r.clientOrderId])).toEqual([
      ['recovery', 'reconciler', id],
      ['order-event', 'reconciler', id],
    ]);
  });

  it('reconciliation cancels an unknown venue order under the cancel policy', async () => {
    const diffs: ReconcileDifference[] = [];
    h = await startHarness({ venue: { unknownOrderPolicy: 'cancel', onReconcileDifference: (d) => diffs.push(d) } });
    h.orders.placeExternal({ symbol: 'BTC/USDT', side: 'BUY', price: 38000, quantity: 0.01, clientOrderId: 'web_manual_1' });
    await h.venue.connect(); // reconciles at start
    expect(h.orders.ordersWithClientId('web_manual_1')[0]!.status).toBe('CANCELED');
    expect(diffs).toHaveLength(1);
    expect(diffs[0]).toMatchObject({ kind: 'unknown-order', action: 'canceled', clientOrderId: 'web_manual_1', symbol: 'BTC/USDT' });
  });

  it('reconciliation adopts an unknown venue order under the adopt policy; its fills then flow under its id', async () => {
    const adopted: VenueOrderReport[] = [];
    h = await startHarness({ venue: { unknownOrderPolicy: 'adopt', onAdopt: (r) => adopted.push(r) } });
    h.orders.placeExternal({ symbol: 'BTC/USDT', side: 'SELL', price: 42000, quantity: 0.02, clientOrderId: 'web_manual_2' });
    await h.venue.connect();
    expect(h.orders.ordersWithClientId('web_manual_2')[0]!.status).toBe('NEW');
    expect(adopted).toHaveLength(1);
    expect(adopted[0]).toMatchObject({ clientOrderId: 'web_manual_2', side: 'sell', status: 'accepted' });
    expect(adopted[0]!.quantity.toString()).toBe('0.02');
    expect(ofType(h.events, 'order-accepted').map((e) => e.clientOrderId)).toEqual(['web_manual_2']);
    await h.fake.server.waitFor(() => h!.orders.userStreamCount === 1, 3000, 'user stream subscribed');
    h.orders.setPrice('BTC/USDT', 42_000);
    await h.waitFor(() => fills(h!.events).length === 1, 'fill of the adopted order');
    expect(fills(h.events)[0]).toMatchObject({ clientOrderId: 'web_manual_2', side: 'sell' });
  });

  it('after a restart, an order amended in the previous run is followed on its replacement leg (no false cancel)', async () => {
    h = await startHarness({ venue: { streaming: false, pollIntervalMs: 1000 } });
    // previous run: leg 1 under 'k-2', replaced by leg 2 under 'k-2.1' (cancel-replace); the engine knows leg 1's id
    const leg1 = h.orders.placeExternal({ symbol: 'BTC/USDT', side: 'BUY', price: 39000, quantity: 0.01, clientOrderId: 'k-2' });
    h.orders.cancelFromVenue('k-2');
    h.orders.placeExternal({ symbol: 'BTC/USDT', side: 'BUY', price: 39100, quantity: 0.01, clientOrderId: 'k-2.1' });
    const request = limit('0.01', '39100');
    h.venue.restore({
      orders: [{ clientOrderId: 'k-2' as ClientOrderId, venueOrderId: String(leg1.orderId), request, status: 'accepted', filledQuantity: Quantity.ZERO, createdAt: h.clock.now(), updatedAt: h.clock.now() }],
      fillIds: [],
    });
    const report = await (async () => {
      await h!.venue.connect();
      return h!.venue.reconcile();
    })();
    expect(report.differences).toEqual([]);
    expect(h.events).toEqual([]);
    expect(report.openOrders.map((o) => o.clientOrderId)).toEqual(['k-2']);
    h.orders.fillOrder('k-2.1', 0.01);
    await h.waitFor(() => fills(h!.events).length === 1, 'fill of leg 2 by polling', 250);
    expect(fills(h.events)[0]!.clientOrderId).toBe('k-2');
    expect(ofType(h.events, 'order-canceled')).toHaveLength(0);
  });

  it('after a restart, an order that never reached the venue is rejected once the ambiguity window has passed, never re-sent', async () => {
    const diffs: ReconcileDifference[] = [];
    h = await startHarness({ venue: { streaming: false, pollIntervalMs: 1e9, ambiguityWindowMs: 15_000, onReconcileDifference: (d) => diffs.push(d) } });
    const createdAt = h.clock.now();
    h.venue.restore({
      orders: [{ clientOrderId: 'k-7' as ClientOrderId, request: limit('0.01', '39000'), status: 'submitted', filledQuantity: Quantity.ZERO, createdAt, updatedAt: createdAt }],
      fillIds: [],
    });
    await h.venue.connect(); // inside the window: still possibly in flight at the exchange
    expect(h.events).toEqual([]);
    h.clock.advanceBy(15_000);
    await h.venue.reconcile();
    expect(ofType(h.events, 'order-rejected')).toEqual([
      { type: 'order-rejected', clientOrderId: 'k-7', reason: 'never reached the venue before the restart; not re-sent', time: h.clock.now() },
    ]);
    expect(diffs.map((d) => d.kind)).toEqual(['missing-order']);
    expect(h.orders.ordersWithClientId('k-7')).toHaveLength(0); // nothing was sent
  });

  it('after a restart, a submitted order that did reach the venue is followed, not rejected', async () => {
    h = await startHarness({ venue: { streaming: false, pollIntervalMs: 1e9, ambiguityWindowMs: 15_000 } });
    const createdAt = h.clock.now();
    h.orders.placeExternal({ symbol: 'BTC/USDT', side: 'BUY', price: 39000, quantity: 0.01, clientOrderId: 'k-8' });
    h.venue.restore({
      orders: [{ clientOrderId: 'k-8' as ClientOrderId, request: limit('0.01', '39000'), status: 'submitted', filledQuantity: Quantity.ZERO, createdAt, updatedAt: createdAt }],
      fillIds: [],
    });
    h.clock.advanceBy(20_000);
    await h.venue.connect();
    expect(ofType(h.events, 'order-rejected')).toHaveLength(0);
    expect(ofType(h.events, 'order-accepted').map((e) => e.clientOrderId)).toEqual(['k-8']);
    expect(h.orders.ordersWithClientId('k-8')).toHaveLength(1);
  });

  it('after a restart, restore + reconcile replays only the fills the engine had not booked', async () => {
    h = await startHarness({ venue: { streaming: false, pollIntervalMs: 1e9 } });
    // "previous run": an order placed and partly filled twice; the engine had booked the first fill only
    const o = h.orders.placeExternal({ symbol: 'BTC/USDT', side: 'BUY', price: 39000, quantity: 0.01, clientOrderId: 'k-1' });
    const f1 = h.orders.fillOrder('k-1', 0.002);
    h.orders.fillOrder('k-1', 0.003);
    const request = limit('0.01', '39000');
    h.venue.restore({
      orders: [{ clientOrderId: 'k-1' as ClientOrderId, venueOrderId: String(o.orderId), request, status: 'partially-filled', filledQuantity: Quantity.of('0.002'), createdAt: h.clock.now(), updatedAt: h.clock.now() }],
      fillIds: [`binance:BTC/USDT:${f1.id}`],
    });
    await h.venue.connect();
    expect(fills(h.events).map((f) => f.quantity.toString())).toEqual(['0.003']);
    expect(ofType(h.events, 'order-accepted')).toHaveLength(0); // it was accepted in the previous run
    expect(h.orders.ordersWithClientId('k-1')).toHaveLength(1);
    expect(h.orders.ordersWithClientId('k-1')[0]!.status).toBe('PARTIALLY_FILLED');
  });
});
