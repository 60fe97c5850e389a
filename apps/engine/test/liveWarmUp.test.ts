import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileTrail, verifyFileTrail } from '@bot/audit';
import type { StrategyDefinition } from '@bot/core-types';
import { FakeBinance, type FakeKline, FakeBinanceOrders } from '@bot/fake-exchange';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEngineConfig } from '../src/config/loadEngineConfig.js';
import { TradingEngine } from '../src/tradingEngine.js';
import { memoryLogger } from './engineFixtures.js';

const MIN = 60_000;
const WARMUP = 30;

/** History length seen on each bar; buys 0.05 once (remembered in its saved state). */
const seen: number[] = [];
const warmTest: StrategyDefinition<never> = {
  name: 'warm-test',
  description: 'test: needs 30 bars of history; one market buy on the first bar it sees',
  params: {} as never,
  warmupBars: () => WARMUP,
  create: (_params, options) => {
    let bought = false;
    return {
      id: options.id ?? 'warm-test',
      onBar(bar, ctx) {
        seen.push(ctx.bars(bar.symbol).length);
        if (bought) return;
        bought = true;
        ctx.submitOrder({ symbol: bar.symbol, side: 'buy', type: 'market', quantity: '0.05' });
      },
      saveState: () => ({ bought }),
      restoreState(state) {
        bought = (state as { bought: boolean }).bought;
      },
    };
  },
};

let fake: FakeBinance | undefined;
let engine: TradingEngine | undefined;
afterEach(async () => {
  await engine?.stop('test end');
  await fake?.server.close();
  fake = undefined;
  engine = undefined;
  seen.length = 0;
});

const kline = (t: number, close: number): FakeKline => [t, close, close + 5, close - 5, close, 5];

async function start(feedExtra = '', before: (f: FakeBinance) => void = () => undefined, head = 'mode: live\nlive: { exchange: binance }'): Promise<{ orders: FakeBinanceOrders; auditPath: string; lastWarm: number }> {
  fake = await FakeBinance.start();
  fake.addMarket({ symbol: 'BTC/USDT', tickSize: '0.01', stepSize: '0.00001', minNotional: '5' });
  const orders = FakeBinanceOrders.install(fake).setBalance('USDT', 100_000).setBalance('BTC', 0).setPrice('BTC/USDT', 40_000);
  // 60 closed minute bars of REST history, the newest ending three minutes ago
  const lastWarm = Math.floor(Date.now() / MIN) * MIN - 3 * MIN;
  fake.setKlines('BTC/USDT', '1m', Array.from({ length: 60 }, (_, i) => kline(lastWarm - (59 - i) * MIN, 39_000 + 10 * i)));
  before(fake);
  const dir = mkdtempSync(join(tmpdir(), 'bot-warmup-'));
  const configPath = join(dir, 'engine.yaml');
  writeFileSync(
    configPath,
    `${head}
account: { currency: USDT, initialCash: "100000" }
instruments:
  - { symbol: BTC/USDT, tickSize: "0.01", lotSize: "0.00001", minQuantity: "0.00001", minNotional: "5", makerFee: "0.001", takerFee: "0.001" }
feed: { type: ccxt, exchange: binance, symbols: [BTC/USDT], timeframe: 1m, staleAfterMs: 600000${feedExtra} }
strategies:
  - { name: warm-test, symbols: [BTC/USDT] }
sizing: { type: fixed, quantity: "0.05" }
http: { port: 0 }
stateDir: state
`,
  );
  const env = { BOT_BINANCE_API_KEY: 'test-key', BOT_BINANCE_SECRET: 'test-secret', BOT_EXCHANGE_URL_OVERRIDE: fake.httpUrl };
  engine = await TradingEngine.start({
    config: loadEngineConfig(configPath),
    logger: memoryLogger(),
    env,
    extraStrategies: new Map([['warm-test', warmTest]]),
    liveVenue: { timeoutMs: 2000, ambiguityWindowMs: 1500, pollIntervalMs: 300, reconcileIntervalMs: 0, retry: { baseDelayMs: 50, maxDelayMs: 200, maxAttempts: 3 } },
    cancelTimeoutMs: 3000,
  });
  return { orders, auditPath: join(dir, 'state', 'audit.jsonl'), lastWarm };
}

describe('live warm-up from REST history (fake Binance, real ccxt)', () => {
  it("replays the strategy's warmupBars before the first live bar: no order reaches the exchange until a live bar, repeated bars are skipped", async () => {
    const { orders, auditPath, lastWarm } = await start();
    // TradingEngine.start resolved: the warm-up is done, and its one order attempt was rejected locally
    expect(seen).toEqual(Array.from({ length: WARMUP }, (_, i) => i + 1));
    expect(fake!.server.requestsTo('/api/v3/order')).toHaveLength(0);
    await fake!.server.waitFor(() => orders.userStreamCount >= 1, 8000, 'user stream subscribed');
    await fake!.server.waitForSubscribers('btcusdt@kline_1m', 1, 8000);
    orders.setPrice('BTC/USDT', 40_100);
    // the stream repeats the newest warm-up bar first: skipped; then one new closed bar
    fake!.pushKline('BTC/USDT', '1m', kline(lastWarm, 39_590), true);
    fake!.pushKline('BTC/USDT', '1m', kline(lastWarm + MIN, 40_000), true);
    fake!.pushKline('BTC/USDT', '1m', kline(lastWarm + 2 * MIN, 40_050), false);
    await fake!.server.waitFor(() => engine!.fillCount === 1, 8000, 'the live fill');
    expect(seen).toEqual([...Array.from({ length: WARMUP }, (_, i) => i + 1), WARMUP + 1]);
    // warm-test-1 was the rejected warm-up attempt; the live order is the next id
    expect(orders.ordersWithClientId('warm-test-2')).toHaveLength(1);
    expect(orders.ordersWithClientId('warm-test-1')).toHaveLength(0);
    await engine!.stop('test');
    const trail = [...readFileTrail(auditPath)];
    const warm = trail.filter((r) => r.type === 'warm-up');
    expect(warm).toHaveLength(1);
    expect(warm[0]!.payload).toMatchObject({ requestedBars: WARMUP, bars: WARMUP, ordersRejected: 1, to: lastWarm, from: lastWarm - (WARMUP - 1) * MIN });
    const decisions = trail.filter((r) => r.type === 'risk-decision').map((r) => (r.payload as { kind: string }).kind);
    expect(decisions).toEqual(['reject', 'approve']);
    expect(verifyFileTrail(auditPath).ok).toBe(true);
  });

  it('paper mode on the live feed warms up the same way; its first live decision fills at the next open', async () => {
    const { lastWarm } = await start('', () => undefined, 'mode: paper');
    expect(seen).toEqual(Array.from({ length: WARMUP }, (_, i) => i + 1));
    await fake!.server.waitForSubscribers('btcusdt@kline_1m', 1, 8000);
    fake!.pushKline('BTC/USDT', '1m', kline(lastWarm + MIN, 40_000), true);
    fake!.pushKline('BTC/USDT', '1m', [lastWarm + 2 * MIN, 40_200, 40_300, 40_100, 40_250, 5], true);
    fake!.pushKline('BTC/USDT', '1m', kline(lastWarm + 3 * MIN, 40_250), false);
    await fake!.server.waitFor(() => engine!.fillCount === 1, 8000, 'the simulated fill');
    expect(engine!.fills()[0]!.price.toNumber()).toBe(40_200);
    expect(seen.slice(WARMUP)).toEqual([WARMUP + 1, WARMUP + 2]);
    expect(fake!.server.requestsTo('/api/v3/order')).toHaveLength(0);
  });

  it('a failed history download is recorded and the engine starts cold', async () => {
    const { auditPath } = await start('', (f) => f.server.injectFault('/api/v3/klines', { kind: 'status', status: 400, json: { code: -1100, msg: 'Illegal characters' } }, 10));
    expect(seen).toEqual([]);
    await engine!.stop('test');
    const warm = [...readFileTrail(auditPath)].filter((r) => r.type === 'warm-up');
    expect(warm).toHaveLength(1);
    expect(warm[0]!.payload).toMatchObject({ requestedBars: WARMUP, bars: 0 });
    expect(String((warm[0]!.payload as { error: string }).error)).toMatch(/Illegal characters|klines/);
  });

  it('feed.warmupBars: 0 turns it off (the strategy starts cold on live bars)', async () => {
    await start(', warmupBars: 0');
    expect(seen).toEqual([]);
  });
});
