import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileTrail, verifyFileTrail } from '@bot/audit';
import { FakeBinance, type FakeKline, FakeBinanceOrders } from '@bot/fake-exchange';
import { afterEach, describe, expect, it } from 'vitest';
import { controlSocketPath, sendControlCommand } from '../src/control/controlSocket.js';
import type { EngineStatus } from '../src/engineStatus.js';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const child = join(appDir, 'test', 'fixtures', 'liveEngineChild.ts');
const MIN = 60_000;

interface Proc {
  readonly proc: ChildProcess;
  readonly ready: Promise<void>;
  readonly exited: Promise<number | null>;
  stderr(): string;
}

function startChild(configPath: string, env: Record<string, string>): Proc {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, configPath], { cwd: appDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    proc.on('exit', (code) => reject(new Error(`child exited (${code}) before ready:\n${err.slice(-3000)}`)));
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, ready, exited, stderr: () => err };
}

let fake: FakeBinance | undefined;
const procs: ChildProcess[] = [];
afterEach(async () => {
  for (const p of procs.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  await fake?.server.close();
  fake = undefined;
});

async function crashScenario(whileDown: 'partial-fill' | 'canceled'): Promise<void> {
  {
    fake = await FakeBinance.start();
    const f = fake;
    f.addMarket({ symbol: 'BTC/USDT', tickSize: '0.01', stepSize: '0.00001', minNotional: '5' });
    // the fake's trade times follow the wall clock, as a real exchange's do (reconciliation asks for trades since its orders)
    Object.defineProperty(f, 'serverTime', { get: () => Date.now(), set: () => undefined });
    const orders = FakeBinanceOrders.install(f).setBalance('USDT', 100_000).setBalance('BTC', 0).setPrice('BTC/USDT', 40_100);
    const dir = mkdtempSync(join(tmpdir(), 'bot-live-crash-'));
    const configPath = join(dir, 'engine.yaml');
    writeFileSync(
      configPath,
      `mode: live
live: { exchange: binance }
account: { currency: USDT, initialCash: "100000" }
instruments:
  - { symbol: BTC/USDT, tickSize: "0.01", lotSize: "0.00001", minQuantity: "0.00001", minNotional: "5", makerFee: "0.001", takerFee: "0.001" }
feed: { type: ccxt, exchange: binance, symbols: [BTC/USDT], timeframe: 1m, staleAfterMs: 600000 }
strategies:
  - { name: hold-and-offer, id: hold, symbols: [BTC/USDT] }
http: { port: 0 }
stateDir: state
`,
    );
    const auditPath = join(dir, 'state', 'audit.jsonl');
    const env = { BOT_BINANCE_API_KEY: 'test-key', BOT_BINANCE_SECRET: 'test-secret', BOT_EXCHANGE_URL_OVERRIDE: f.httpUrl };
    const t0 = Math.floor(Date.now() / MIN) * MIN - 10 * MIN;
    const kline = (i: number, closed: boolean): void => void f.pushKline('BTC/USDT', '1m', [t0 + i * MIN, 40_000, 40_000, 40_000, 40_000, 5] as FakeKline, closed);
    let current: Proc | undefined;
    const until = (cond: () => boolean, what: string) =>
      f.server.waitFor(cond, 20_000, what).catch(async (e: unknown) => {
        const st = await sendControlCommand(controlSocketPath(join(dir, 'state')), { command: 'status' }).then((r) => JSON.stringify(r.data).slice(0, 1500), (x: unknown) => String(x));
        throw new Error(`${String(e)}\nstatus ${st}\nengine stderr:\n${current?.stderr().slice(-4000) ?? ''}\nrequests ${JSON.stringify(f.server.requestsTo('/api/v3/order'))}`);
      });
    const trailHas = (text: string) => readFileSync(auditPath, 'utf8').includes(text);

    // first run: buys on bar 0, offers the position on bar 1
    const a = startChild(configPath, env);
    procs.push(a.proc);
    current = a;
    await a.ready;
    await until(() => orders.userStreamCount >= 1 && f.server.subscribers('btcusdt@kline_1m') >= 1, 'first run subscribed');
    kline(0, true);
    kline(1, false);
    await until(() => orders.ordersWithClientId('hold-1')[0]?.status === 'FILLED', 'the buy filled on the exchange');
    await until(() => trailHas('"fillId"'), 'the buy fill in the trail');
    kline(1, true);
    kline(2, false);
    await until(() => orders.ordersWithClientId('hold-2')[0]?.status === 'NEW', 'the offer resting on the exchange');
    await until(() => /"clientOrderId":"hold-2"[^\n]*"status":"accepted"|"status":"accepted"[^\n]*"clientOrderId":"hold-2"/.test(readFileSync(auditPath, 'utf8')), 'the offer accepted in the trail');
    a.proc.kill('SIGKILL');
    await a.exited;

    // while the engine is down, 0.02 of the offer executes, or someone cancels it on the exchange's website
    if (whileDown === 'partial-fill') orders.fillOrder('hold-2', 0.02, 50_000);
    else orders.cancelFromVenue('hold-2');

    const b = startChild(configPath, env);
    procs.push(b.proc);
    current = b;
    await b.ready.catch((e: unknown) => {
      throw new Error(`${String(e)}\n${b.stderr().slice(-3000)}`);
    });
    const status = async () => (await sendControlCommand(controlSocketPath(join(dir, 'state')), { command: 'status' })).data as EngineStatus;
    if (whileDown === 'canceled') {
      // reconciliation finds the offer canceled: the restored book is long 0.05 with no open order
      for (let i = 0; i < 200 && (await status()).openOrders.length > 0; i++) await new Promise((r) => setTimeout(r, 50));
      const s = await status();
      expect(s.positions).toEqual([expect.objectContaining({ symbol: 'BTC/USDT', quantity: 0.05 })]);
      expect(s.openOrders).toEqual([]);
      expect(s.cash).toBeCloseTo(100_000 - 0.05 * 40_100 * 1.001, 6);
      expect(orders.balanceOf('BTC').free).toBeCloseTo(0.05, 12);
      // the next bar: long without an offer, so the strategy offers again, under a new id (the sequence continues)
      await until(() => f.server.subscribers('btcusdt@kline_1m') >= 1, 'second run subscribed');
      kline(2, true);
      kline(3, false);
      await until(() => orders.ordersWithClientId('hold-3')[0]?.status === 'NEW', 'the new offer on the exchange');
      for (const id of ['hold-1', 'hold-2', 'hold-3']) expect(orders.ordersWithClientId(id)).toHaveLength(1);
      expect(f.server.requestsTo('/api/v3/order').filter((q) => q.method === 'POST')).toHaveLength(3);
      b.proc.kill('SIGTERM');
      expect(await b.exited).toBe(0);
      expect(orders.ordersWithClientId('hold-3')[0]!.status).toBe('CANCELED');
      const trail = [...readFileTrail(auditPath)];
      expect(trail.filter((r) => r.type === 'recovery' && r.actor === 'engine')).toHaveLength(1);
      expect(trail.filter((r) => r.type === 'fill')).toHaveLength(1);
      expect(verifyFileTrail(auditPath).ok).toBe(true);
      return;
    }
    // reconciliation replays the missed fill into the restored book
    for (let i = 0; i < 200 && (await status()).positions[0]?.quantity !== 0.03; i++) await new Promise((r) => setTimeout(r, 50));
    const s = await status();
    expect(s.positions).toEqual([expect.objectContaining({ symbol: 'BTC/USDT', quantity: 0.03 })]);
    expect(s.openOrders).toEqual([expect.objectContaining({ clientOrderId: 'hold-2', side: 'sell', quantity: 0.05, filledQuantity: 0.02 })]);
    // the engine's book equals the exchange's: BTC held (free + locked in the offer) and the open orders
    const btc = orders.balanceOf('BTC');
    expect(btc.free + btc.locked).toBeCloseTo(0.03, 12);
    expect(orders.openOrders().map((o) => o.clientOrderId)).toEqual(['hold-2']);
    // cash by hand: 100 000 - 0.05 x 40 100 x 1.001 + 0.02 x 50 000 x 0.999
    expect(s.cash).toBeCloseTo(100_000 - 0.05 * 40_100 * 1.001 + 0.02 * 50_000 * 0.999, 6);

    // a new bar: the restored book says "long with an open offer", so nothing is sent
    await until(() => f.server.subscribers('btcusdt@kline_1m') >= 1, 'second run subscribed');
    kline(2, true);
    kline(3, false);
    for (let i = 0; i < 100 && (await status()).feed.eventsProcessed < 1; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await status()).feed.eventsProcessed).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 300));
    for (const id of ['hold-1', 'hold-2']) expect(orders.ordersWithClientId(id)).toHaveLength(1);
    expect(orders.ordersWithClientId('hold-3')).toHaveLength(0);
    expect(f.server.requestsTo('/api/v3/order').filter((q) => q.method === 'POST')).toHaveLength(2);

    // graceful stop: the offer is canceled through the venue
    b.proc.kill('SIGTERM');
    expect(await b.exited).toBe(0);
    expect(orders.ordersWithClientId('hold-2')[0]!.status).toBe('CANCELED');
    const trail = [...readFileTrail(auditPath)];
    expect(trail.filter((r) => r.type === 'recovery' && r.actor === 'engine')).toHaveLength(1);
    expect(new Set(trail.filter((r) => r.type === 'fill').map((r) => (r.payload as { fillId: string }).fillId)).size).toBe(trail.filter((r) => r.type === 'fill').length);
    expect(trail.filter((r) => r.type === 'fill')).toHaveLength(2);
    expect(verifyFileTrail(auditPath).ok).toBe(true);
  }
}

describe('live crash recovery (engine child process, SIGKILL, fake Binance)', () => {
  it('after SIGKILL, a restart rebooks the fills, re-follows the open order, replays the fill missed while down, sends nothing twice, and the trail verifies', async () => {
    await crashScenario('partial-fill');
  }, 90_000);

  it('after SIGKILL, an offer canceled on the exchange while down is seen canceled; the strategy offers again under the next id, never a reused one', async () => {
    await crashScenario('canceled');
  }, 90_000);
});
