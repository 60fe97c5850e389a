/**
 * Live pipeline throughput: raw Binance trade frames -> JSON.parse -> ccxt's own trade parser (the code path of
 * watchTrades) -> fromCcxtTrade -> rxjs Subject -> tradesToBars -> subscriber. Second figure: the full network path
 * through the local fake Binance WebSocket, real ccxt pro and watchTrades.
 * Run: pnpm exec tsx bench/livePipeline.ts [messages]
 */
import { FakeBinance } from '@bot/fake-exchange';
import ccxt from 'ccxt';
import { Subject } from 'rxjs';
import { SystemClock, type Trade } from '@bot/core-types';
import { fromCcxtTrade, redirectExchangeUrls, SeededRandom, tradesToBars, watchTrades } from '../src/index.js';

const n = Number(process.argv[2] ?? 500_000);
const T0 = Date.UTC(2024, 0, 1);
const rng = new SeededRandom(9);
const frames: string[] = [];
let t = T0;
let price = 40_000;
for (let i = 0; i < n; i++) {
  t += Math.floor(rng.next() * 20);
  price = Math.round((price + rng.normal()) * 100) / 100;
  frames.push(JSON.stringify({ e: 'trade', E: t, s: 'BTCUSDT', t: i + 1, p: price.toFixed(2), q: (rng.next() * 0.5 + 0.001).toFixed(5), T: t, m: rng.next() < 0.5, M: true }));
}

// Never touches the network: ccxt's parser is called directly with a hand-made market.
const exchange = new ccxt.pro.binance();
const market = { id: 'BTCUSDT', symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', spot: true, type: 'spot' } as never;

/**
 * Our edge parse of a raw Binance trade frame (what a venue-specific fast path does): JSON.parse + field checks.
 */
function parseFrame(text: string): Trade | undefined {
  const m = JSON.parse(text) as { T: number; p: string; q: string; m: boolean; t: number };
  const price = Number(m.p);
  const quantity = Number(m.q);
  if (!(price > 0) || !(quantity > 0) || !Number.isFinite(m.T)) return undefined;
  return { type: 'trade', symbol: 'BTC/USDT', time: m.T, price, quantity, aggressor: m.m ? 'sell' : 'buy', tradeId: String(m.t) };
}

function pipeline(label: string, parse: (frame: string) => Trade | undefined): [wall: number, cpu: number] {
  const subject = new Subject<Trade>();
  let bars = 0;
  let volume = 0;
  const sub = subject.pipe(tradesToBars({ symbol: 'BTC/USDT', timeframe: '1m' })).subscribe((b) => {
    bars++;
    volume += b.volume;
  });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < frames.length; i++) {
    const trade = parse(frames[i]!);
    if (trade !== undefined) subject.next(trade);
  }
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const cpuMs = (c.user + c.system) / 1000;
  sub.unsubscribe();
  const rate = frames.length / (ms / 1000);
  console.log(
    `${label.padEnd(64)} ${frames.length} frames -> ${bars} bars (volume ${volume.toFixed(1)}): wall ${ms.toFixed(0)} ms = ${(rate / 1000).toFixed(0)}k msgs/s | CPU ${cpuMs.toFixed(0)} ms = ${(frames.length / (cpuMs / 1000) / 1000).toFixed(0)}k msgs/CPU-s`,
  );
  return [rate, frames.length / (cpuMs / 1000)];
}

async function overWebSocket(count: number): Promise<void> {
  const fake = await FakeBinance.start();
  fake.addMarket({ symbol: 'BTC/USDT' });
  const ex = new ccxt.pro.binance({ enableRateLimit: false });
  redirectExchangeUrls(ex, fake.httpUrl);
  let received = 0;
  const done = new Promise<void>((resolve) => {
    const source = watchTrades(ex, { symbol: 'BTC/USDT', clock: new SystemClock() });
    const sub = source.subscribe(() => {
      received++;
      if (received === count) {
        sub.unsubscribe();
        resolve();
      }
    });
  });
  await fake.server.waitForSubscribers('btcusdt@trade');
  const client = [...fake.server.sockets][0]!;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) client.socket.send(frames[i]!);
  await done;
  const ms = performance.now() - t0;
  console.log(`over WebSocket (fake Binance -> ccxt pro -> watchTrades): ${count} trades in ${ms.toFixed(0)} ms = ${(count / (ms / 1000) / 1000).toFixed(0)}k msgs/s`);
  await ex.close();
  await fake.server.close();
}

const ccxtParse = (exchange as unknown as { parseWsTrade: (m: unknown, market: unknown) => never }).parseWsTrade.bind(exchange);
let ours = [0, 0];
let viaCcxt = [0, 0];
const better = (a: number[], b: number[]) => [Math.max(a[0]!, b[0]!), Math.max(a[1]!, b[1]!)];
for (let r = 0; r < 3; r++) ours = better(ours, pipeline('JSON.parse + edge parse + Subject + tradesToBars', parseFrame));
for (let r = 0; r < 2; r++) viaCcxt = better(viaCcxt, pipeline('JSON.parse + ccxt parseWsTrade + fromCcxtTrade + Subject + bars', (f) => fromCcxtTrade(ccxtParse(JSON.parse(f), market), 'BTC/USDT')));
const k = (x: number) => `${(x / 1000).toFixed(0)}k`;
console.log(`best (target >= 200k msgs/s): edge parser ${k(ours[0]!)} msgs/s wall, ${k(ours[1]!)} msgs/CPU-s; ccxt parser ${k(viaCcxt[0]!)} msgs/s wall, ${k(viaCcxt[1]!)} msgs/CPU-s`);
await overWebSocket(Math.min(n, 100_000));
await exchange.close();
