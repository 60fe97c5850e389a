import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileTrail, verifyFileTrail } from '@bot/audit';
import type { StrategyDefinition } from '@bot/core-types';
import { FakeBinance, type FakeKline, FakeBinanceOrders } from '@bot/fake-exchange';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEngineConfig } from '../src/config/loadEngineConfig.js';
import { controlSocketPath, sendControlCommand } from '../src/control/controlSocket.js';
import { TradingEngine } from '../src/tradingEngine.js';
import { memoryLogger } from './engineFixtures.js';

const MIN = 60_000;

/** Buys 0.05 BTC at market on the first closed bar it sees, nothing else. */
const buyFirstBar: StrategyDefinition<never> = {
  name: 'buy-first-bar',
  description: 'test: one market buy on the first bar',
  params: {} as never,
  create: (_params, options) => {
    let done = false;
    return {
      id: options.id ?? 'buy-first-bar',
      onBar(bar, ctx) {
        if (done) return;
        done = true;
        ctx.submitOrder({ symbol: bar.symbol, side: 'buy', type: 'market', quantity: '0.05' });
      },
    };
  },
};

interface Rig {
  fake: FakeBinance;
  orders: FakeBinanceOrders;
  engine?: TradingEngine;
  auditPath: string;
}
let rig: Rig | undefined;
afterEach(async () => {
  await rig?.engine?.stop('test end');
  await rig?.fake.server.close();
  rig = undefined;
});

async function startRig(
  extra = '',
  tuning: Parameters<typeof TradingEngine.start>[0]['liveVenue'] = {},
  head = 'mode: live\nlive: { exchange: binance }',
  staleAfterMs = 600_000,
  before: (orders: FakeBinanceOrders) => void = () => undefined,
): Promise<Rig> {
  const fake = await FakeBinance.start();
  fake.addMarket({ symbol: 'BTC/USDT', tickSize: '0.01', stepSize: '0.00001', minNotional: '5' });
  const orders = FakeBinanceOrders.install(fake).setBalance('USDT', 100_000).setBalance('BTC', 0).setPrice('BTC/USDT', 40_000);
  before(orders);
  const dir = mkdtempSync(join(tmpdir(), 'bot-live-'));
  const configPath = join(dir, 'engine.yaml');
  writeFileSync(
    configPath,
    `${head}
account: { currency: USDT, initialCash: "100000" }
instruments:
  - { symbol: BTC/USDT, tickSize: "0.01", lotSize: "0.00001", minQuantity: "0.00001", minNotional: "5", makerFee: "0.001", takerFee: "0.001" }
feed: { type: ccxt, exchange: binance, symbols: [BTC/USDT], timeframe: 1m, staleAfterMs: ${staleAfterMs} }
strategies:
  - { name: buy-first-bar, symbols: [BTC/USDT] }
sizing: { type: fixed, quantity: "0.05" }
http: { port: 0 }
stateDir: state
${extra}`,
  );
  const config = loadEngineConfig(configPath);
  const env = { BOT_BINANCE_API_KEY: 'test-key', BOT_BINANCE_SECRET: 'test-secret', BOT_EXCHANGE_URL_OVERRIDE: fake.httpUrl };
  const engine = await TradingEngine.start({
    config,
    logger: memoryLogger(),
    env,
    extraStrategies: new Map([['buy-first-bar', buyFirstBar]]),
    liveVenue: { timeoutMs: 2000, ambiguityWindowMs: 1500, pollIntervalMs: 300, reconcileIntervalMs: 0, retry: { baseDelayMs: 50, maxDelayMs: 200, maxAttempts: 3 }, ...tuning },
    cancelTimeoutMs: 3000,
  });
  rig = { fake, orders, engine, auditPath: join(dir, 'state', 'audit.jsonl') };
  return rig;
}

const until = (r: Rig, cond: () => boolean, what: string, ms = 8000) => r.fake.server.waitFor(cond, ms, what);
const kline = (t: number, close: number): FakeKline => [t, close, close, close, close, 5];

/** Pushes two closed klines: watchBars emits the first once the second exists. */
async function firstClosedBar(r: Rig): Promise<void> {
  await r.fake.server.waitForSubscribers('btcusdt@kline_1m', 1, 8000);
  const t0 = Math.floor(Date.now() / MIN) * MIN - 2 * MIN;
  r.fake.pushKline('BTC/USDT', '1m', kline(t0, 40_000), true);
  r.fake.pushKline('BTC/USDT', '1m', kline(t0 + MIN, 40_050), false);
}

describe('live mode against the fake Binance (real ccxt, 127.0.0.1)', () => {
  it('a strategy buys on the first closed bar of the kline stream: the order reaches the exchange under the kernel id; the fill comes back into the portfolio and the audit trail', async () => {
    const r = await startRig();
    const engine = r.engine!;
    await until(r, () => r.orders.userStreamCount >= 1, 'user stream subscribed');
    r.orders.setPrice('BTC/USDT', 40_100);
    await firstClosedBar(r);
    await until(r, () => engine.fillCount === 1, 'the fill in the engine');
    const [fill] = engine.fills();
    expect(fill!.clientOrderId).toBe('buy-first-bar-1');
    const onVenue = r.orders.ordersWithClientId('buy-first-bar-1');
    expect(onVenue).toHaveLength(1);
    expect(onVenue[0]!.status).toBe('FILLED');
    const s = engine.status();
    expect(s.runMode).toBe('live');
    expect(s.feed).toMatchObject({ stale: false, healthy: true, eventsProcessed: 1 });
    expect(s.positions).toEqual([expect.objectContaining({ symbol: 'BTC/USDT', quantity: 0.05, averageEntryPrice: 40_100 })]);
    // cash by hand: 100 000 - 0.05 x 40 100 - 0.1 % fee
    expect(s.cash).toBeCloseTo(100_000 - 0.05 * 40_100 * 1.001, 9);
    expect(r.orders.balanceOf('BTC').free).toBeCloseTo(0.05, 12);
    expect((await fetch(new URL('/healthz', engine.url)).then((x) => x.status))).toBe(200);
    const metrics = await fetch(new URL('/metrics', engine.url)).then((x) => x.text());
    expect(metrics).toMatch(/^bot_venue_stat\{stat="createAttempts"\} 1$/m);
    expect(metrics).toMatch(/^bot_fills_total 1$/m);
    await engine.stop('test');
    const trail = [...readFileTrail(r.auditPath)];
    expect(trail.filter((x) => x.type === 'fill' && x.clientOrderId === 'buy-first-bar-1')).toHaveLength(1);
    expect(trail.filter((x) => x.type === 'order-intent')).toHaveLength(1);
    expect(verifyFileTrail(r.auditPath).ok).toBe(true);
  });

  it('a create that times out but reached the exchange gives exactly one order (found by its client id, not re-sent)', async () => {
    const r = await startRig('', { timeoutMs: 400 });
    const engine = r.engine!;
    await until(r, () => r.orders.userStreamCount >= 1, 'user stream subscribed');
    r.orders.delayNextCreate(1200); // applied at once, answered after the client gave up
    await firstClosedBar(r);
    await until(r, () => engine.fillCount === 1, 'the fill after the ambiguous create', 12_000);
    await new Promise((res) => setTimeout(res, 1500)); // past the ambiguity window: a re-send would show now
    expect(r.orders.ordersWithClientId('buy-first-bar-1')).toHaveLength(1);
    expect(r.fake.server.requestsTo('/api/v3/order').filter((q) => q.method === 'POST')).toHaveLength(1);
    expect(engine.venueStats!.lookupsAfterAmbiguousFailure).toBeGreaterThanOrEqual(1);
    expect(engine.fillCount).toBe(1);
  });

  it('a 429 storm on order creation trips the venue-errors breaker: the trading mode moves to pause', async () => {
    const r = await startRig('risk: { breakers: { venueErrors: { maxConsecutive: 3, windowMs: 60000, mode: pause } } }\n');
    const engine = r.engine!;
    await until(r, () => r.orders.userStreamCount >= 1, 'user stream subscribed');
    const tooMany = { kind: 'status', status: 429, json: { code: -1003, msg: 'Too many requests' }, headers: { 'Retry-After': '0' } } as const;
    r.fake.server.injectFault('/api/v3/order', tooMany, 10);
    await firstClosedBar(r);
    await until(r, () => engine.tradingMode === 'pause', 'pause after the storm');
    expect(engine.status().tradingMode).toBe('pause');
    expect(r.fake.server.requestsTo('/api/v3/order').filter((q) => q.method === 'POST').length).toBeGreaterThanOrEqual(3);
    expect(r.orders.ordersWithClientId('buy-first-bar-1')).toHaveLength(0);
  });

  it('paper mode on the live feed (simulated venue): fills at the next bar open, and /healthz turns 503 when the feed goes stale', async () => {
    const r = await startRig('', {}, 'mode: paper', 400);
    const engine = r.engine!;
    await r.fake.server.waitForSubscribers('btcusdt@kline_1m', 1, 8000);
    const t0 = Math.floor(Date.now() / MIN) * MIN - 3 * MIN;
    r.fake.pushKline('BTC/USDT', '1m', [t0, 40_000, 40_000, 40_000, 40_000, 5], true);
    r.fake.pushKline('BTC/USDT', '1m', [t0 + MIN, 40_200, 40_300, 40_100, 40_250, 5], true);
    r.fake.pushKline('BTC/USDT', '1m', [t0 + 2 * MIN, 40_250, 40_250, 40_250, 40_250, 5], false);
    await until(r, () => engine.fillCount === 1, 'the simulated fill');
    expect(engine.fills()[0]!.price.toNumber()).toBe(40_200); // next-open of bar 1
    expect(engine.status().runMode).toBe('paper');
    expect(r.fake.server.requestsTo('/api/v3/order')).toHaveLength(0); // nothing reaches the exchange in paper mode
    expect((await fetch(new URL('/healthz', engine.url)).then((x) => x.status))).toBe(200);
    await new Promise((res) => setTimeout(res, 600)); // no bar for longer than staleAfterMs (400 ms)
    expect(engine.status().feed).toMatchObject({ stale: true, healthy: false });
    const health = await fetch(new URL('/healthz', engine.url));
    expect(health.status).toBe(503);
    expect(((await health.json()) as { problems: string[] }).problems.join()).toMatch(/stale/);
  });

  it('an order found on the exchange at start is adopted into the kernel before strategies run; its fill books into the portfolio', async () => {
    const r = await startRig('', {}, 'mode: live\nlive: { exchange: binance }', 600_000, (orders) => {
      orders.setBalance('BTC', 0.1);
      orders.placeExternal({ symbol: 'BTC/USDT', side: 'SELL', price: 42_000, quantity: 0.02, clientOrderId: 'web_manual_1' });
    });
    const engine = r.engine!;
    // adopted during connect(), i.e. before TradingEngine.start resolved
    expect(engine.status().openOrders).toEqual([expect.objectContaining({ clientOrderId: 'web_manual_1', side: 'sell', type: 'limit', quantity: 0.02, limitPrice: 42_000 })]);
    await until(r, () => r.orders.userStreamCount >= 1, 'user stream subscribed');
    r.orders.setPrice('BTC/USDT', 42_000); // the resting sell executes
    await until(r, () => engine.fillCount === 1, 'the adopted order fill');
    const s = engine.status();
    expect(s.openOrders).toEqual([]);
    expect(s.positions).toEqual([expect.objectContaining({ symbol: 'BTC/USDT', quantity: -0.02 })]); // the engine's own book: it held no BTC
    expect(s.cash).toBeCloseTo(100_000 + 0.02 * 42_000 * 0.999, 9);
    await engine.stop('test');
    const trail = [...readFileTrail(r.auditPath)];
    expect(trail.some((x) => x.actor === 'reconciler' && JSON.stringify(x.payload).includes('web_manual_1'))).toBe(true);
  });

  it('bot kill in live mode: emergency mode, the kernel flattens the position through the exchange', async () => {
    const r = await startRig();
    const engine = r.engine!;
    await until(r, () => r.orders.userStreamCount >= 1, 'user stream subscribed');
    await firstClosedBar(r);
    await until(r, () => engine.fillCount === 1, 'the buy fill');
    const reply = await sendControlCommand(controlSocketPath(join(r.auditPath, '..')), { command: 'kill', operator: 'alice', reason: 'drill' });
    expect(reply.ok).toBe(true);
    expect(engine.tradingMode).toBe('emergency');
    await until(r, () => engine.fillCount === 2, 'the flattening fill');
    expect(engine.status().positions).toEqual([]);
    // exactly two orders reached the exchange: the buy and the flattening sell
    expect(r.fake.server.requestsTo('/api/v3/order').filter((q) => q.method === 'POST')).toHaveLength(2);
    expect(engine.fills()[1]).toMatchObject({ side: 'sell' });
    expect(engine.fills()[1]!.quantity.toString()).toBe('0.05');
    expect(r.orders.balanceOf('BTC').free).toBeCloseTo(0, 12);
  });
});
