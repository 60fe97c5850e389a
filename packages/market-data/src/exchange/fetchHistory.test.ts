import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BotError, isBotError } from '@bot/core-types';
import { FakeBinance, type FakeKline, type FakeTrade } from '@bot/fake-exchange';
import ccxt, { type Exchange } from 'ccxt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InstantClock } from '../../test/instantClock.js';
import { generateBars } from '../synthetic/generateBars.js';
import { SeededRandom } from '../synthetic/seededRandom.js';
import { fetchOhlcvHistory, fetchTradesHistory, type HistoryProgress } from './fetchHistory.js';
import { redirectExchangeUrls } from './redirectExchangeUrls.js';
import type { RetryEvent } from './retry.js';

const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;
const N = 2500;
let fake: FakeBinance;
let klines: FakeKline[];
let trades: FakeTrade[];
const exchanges: Exchange[] = [];
const tmpDirs: string[] = [];
const tempDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  tmpDirs.push(d);
  return d;
};

function binance(timeoutMs = 2000): Exchange {
  const ex = new ccxt.binance({ enableRateLimit: false, timeout: timeoutMs });
  redirectExchangeUrls(ex, fake.httpUrl);
  exchanges.push(ex);
  return ex;
}

async function rejection(p: Promise<unknown>): Promise<BotError> {
  try {
    await p;
  } catch (e) {
    if (isBotError(e)) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  fake = await FakeBinance.start();
  fake.addMarket({ symbol: 'BTC/USDT' });
  const s = generateBars({ seed: 21, bars: N, timeframe: '1m', start: T0, startPrice: 40_000 });
  klines = Array.from({ length: N }, (_, i) => [s.openTime[i]!, s.open[i]!, s.high[i]!, s.low[i]!, s.close[i]!, s.volume[i]!] as const);
  fake.setKlines('BTC/USDT', '1m', klines);
  // 3 hours of trades, several sharing a millisecond (page boundaries fall inside such groups).
  const rng = new SeededRandom(5);
  trades = [];
  let t = T0;
  for (let id = 1; t < T0 + 3 * 3_600_000 - 10_000; id++) {
    if (rng.next() < 0.7) t += 1 + Math.floor(rng.next() * 8000);
    trades.push({ id, time: t, price: 40_000 + Math.round(rng.normal() * 100) / 100, quantity: 0.001 + Math.floor(rng.next() * 1000) / 1e4, buyerMaker: rng.next() < 0.5 });
  }
  fake.setTrades('BTC/USDT', trades);
});
afterEach(() => fake.server.clearFaults());
afterAll(async () => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
  for (const ex of exchanges) await ex.close();
  await fake.server.close();
});

const klineRequests = () => fake.server.requestsTo('/api/v3/klines');

describe('fetchOhlcvHistory against the fake Binance (real ccxt)', () => {
  it('paginates a 2500-bar range in pages of 1000, respecting the rate limit', async () => {
    const before = klineRequests().length;
    const clock = new InstantClock(T0 + N * MIN + 5 * MIN);
    const start = clock.now();
    const progress: HistoryProgress[] = [];
    const ex = binance();
    const { data, pages } = await fetchOhlcvHistory(ex, { symbol: 'BTC/USDT', timeframe: '1m', since: T0, clock, onProgress: (p) => progress.push(p) });
    expect(data.length).toBe(N);
    expect(Array.from(data.openTime)).toEqual(klines.map((k) => k[0]));
    expect(Array.from(data.close)).toEqual(klines.map((k) => k[4]));
    const reqs = klineRequests().slice(before);
    expect(reqs.map((r) => Number(r.query['startTime']))).toEqual([T0, T0 + 1000 * MIN, T0 + 2000 * MIN, T0 + 2500 * MIN].slice(0, reqs.length));
    expect(pages).toBe(reqs.length);
    // Requests spaced by exchange.rateLimit on the injected clock.
    expect(ex.rateLimit).toBe(50);
    expect(clock.now() - start).toBeGreaterThanOrEqual((pages - 1) * 50);
    const fractions = progress.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
  });

  it('drops bars repeated across page boundaries', async () => {
    // An exchange that answers every page from 5 bars before the requested start.
    const original = fake.server.handlerOf('GET', '/api/v3/klines')!;
    fake.server.route('GET', '/api/v3/klines', (r) => {
      const start = Number(r.query.get('startTime')) - 5 * MIN;
      const rows = klines.filter((k) => k[0] >= start).slice(0, Number(r.query.get('limit') ?? 500));
      return { json: rows.map(([t, o, h, l, c, v]) => [t, String(o), String(h), String(l), String(c), String(v), t + MIN - 1, '0', 1, '0', '0', '0']) };
    });
    try {
      const clock = new InstantClock(T0 + N * MIN + MIN);
      const { data } = await fetchOhlcvHistory(binance(), { symbol: 'BTC/USDT', timeframe: '1m', since: T0 + 10 * MIN, until: T0 + 1510 * MIN, limit: 400, clock });
      expect(data.length).toBe(1500);
      expect(new Set(data.openTime).size).toBe(1500);
      expect(data.openTime[0]).toBe(T0 + 10 * MIN);
    } finally {
      fake.server.route('GET', '/api/v3/klines', original);
    }
  });

  it('429 with Retry-After, then success: waits at least Retry-After and retries', async () => {
    fake.server.injectFault('/api/v3/klines', { kind: 'status', status: 429, json: { code: -1003, msg: 'Too many requests.' }, headers: { 'Retry-After': '7' } });
    const clock = new InstantClock(T0 + N * MIN);
    const retries: RetryEvent[] = [];
    const { data } = await fetchOhlcvHistory(binance(), { symbol: 'BTC/USDT', timeframe: '1m', since: T0, until: T0 + 100 * MIN, clock, onRetry: (e) => retries.push(e) });
    expect(data.length).toBe(100);
    expect(retries.map((r) => [r.attempt, r.error.code])).toEqual([[1, 'RATE_LIMIT']]);
    expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(7000);
    expect(clock.sleeps.some((s) => s >= 7000)).toBe(true);
  });

  it('418 (IP ban warning) is a RATE_LIMIT and is retried', async () => {
    fake.server.injectFault('/api/v3/klines', { kind: 'status', status: 418, json: { code: -1003, msg: 'Way too many requests; IP banned until 1704067260000.' }, headers: { 'Retry-After': '60' } });
    const clock = new InstantClock(T0 + N * MIN);
    const retries: RetryEvent[] = [];
    const { data } = await fetchOhlcvHistory(binance(), { symbol: 'BTC/USDT', timeframe: '1m', since: T0, until: T0 + 10 * MIN, clock, onRetry: (e) => retries.push(e) });
    expect(data.length).toBe(10);
    expect(retries.map((r) => r.error.code)).toEqual(['RATE_LIMIT']);
    expect((retries[0]!.error.cause as Error).constructor.name).toBe('DDoSProtection');
    expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(60_000);
  });

  it('5xx is retried with growing, jittered delays; persistent 5xx gives up with EXCHANGE_UNAVAILABLE', async () => {
    fake.server.injectFault('/api/v3/klines', { kind: 'status', status: 503, text: 'Service Unavailable' }, 2);
    const clock = new InstantClock(T0 + N * MIN);
    const retries: RetryEvent[] = [];
    const ok = await fetchOhlcvHistory(binance(), { symbol: 'BTC/USDT', timeframe: '1m', since: T0, until: T0 + 10 * MIN, clock, retry: { baseDelayMs: 1000 }, onRetry: (e) => retries.push(e) });
    expect(ok.data.length).toBe(10);
    expect(retries.map((r) => r.error.code)).toEqual(['EXCHANGE_UNAVAILABLE', 'EXCHANGE_UNAVAILABLE']);
    // Equal jitter: attempt k waits in [base 2^(k-1) / 2, base 2^(k-1)].
    expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(500);
    expect(retries[0]!.delayMs).toBeLessThanOrEqual(1000);
    expect(retries[1]!.delayMs).toBeGreaterThanOrEqual(1000);
    expect(retries[1]!.delayMs).toBeLessThanOrEqual(2000);

    fake.server.injectFault('/api/v3/klines', { kind: 'status', status: 502, text: 'Bad Gateway' }, 10);
    const before = klineRequests().length;
    const e = await rejection(fetchOhlcvHistory(binance(), { symbol: 'BTC/USDT', timeframe: '1m', since: T0, until: T0 + 10 * MIN, clock, retry: { maxAttempts: 3 } }));
    expect(e.code).toBe('EXCHANGE_UNAVAILABLE');
    expect(e.retryable).toBe(true);
    expect(e.message).toMatch(/gave up after 3 attempts/);
    expect(klineRequests().length - before).toBe(3);
    expect((e.cause as BotError).cause).toBeInstanceOf(ccxt.ExchangeNotAvailable);
  });

  it('a slow response times out (TIMEOUT) and the retry succeeds', async () => {
    fake.server.injectFault('/api/v3/klines', { kind: 'delay', ms: 1500 });
    const clock = new InstantClock(T0 + N * MIN);
    const retries: RetryEvent[] = [];
    const { data } = await fetchOhlcvHistory(binance(300), { symbol: 'BTC/USDT', timeframe: '1m', since: T0, until: T0 + 10 * MIN, clock, onRetry: (e) => retries.push(e) });
    expect(data.length).toBe(10);
    expect(retries.map((r) => r.error.code)).toEqual(['TIMEOUT']);
  });

  it('a dropped connection is a NETWORK error and is retried', async () => {
    fake.server.injectFault('/api/v3/klines', { kind: 'hangup' });
    const clock = new InstantClock(T0 + N * MIN);
    const retries: RetryEvent[] = [];
    const { data } = await fetchOhlcvHistory(binance(), { symbol: 'BTC/USDT', timeframe: '1m', since: T0, until: T0 + 10 * MIN, clock, onRetry: (e) => retries.push(e) });
    expect(data.length).toBe(10);
    expect(retries.map((r) => r.error.code)).toEqual(['NETWORK']);
  });

  it('malformed JSON is a clear error, never silent empty data', async () => {
    fake.server.injectFault('/api/v3/klines', { kind: 'malformed' });
    const clock = new InstantClock(T0 + N * MIN);
    const { data } = await fetchOhlcvHistory(binance(), { symbol: 'BTC/USDT', timeframe: '1m', since: T0, until: T0 + 10 * MIN, clock });
    expect(data.length).toBe(10);
    fake.server.injectFault('/api/v3/klines', { kind: 'malformed', text: '[[1704067200000,"4' }, 5);
    const e = await rejection(fetchOhlcvHistory(binance(), { symbol: 'BTC/USDT', timeframe: '1m', since: T0, until: T0 + 10 * MIN, clock, retry: { maxAttempts: 2 } }));
    expect(e.message).toMatch(/binance fetchOHLCV: malformed JSON in the response \(body starts "\[\[1704067200000,\\"4"\)/);
  });

  it('terminal errors are not retried: unknown symbol, server-side bad symbol, auth', async () => {
    const clock = new InstantClock(T0 + N * MIN);
    const retries: RetryEvent[] = [];
    const onRetry = (e: RetryEvent) => retries.push(e);
    const local = await rejection(fetchOhlcvHistory(binance(), { symbol: 'NOPE/USDT', timeframe: '1m', since: T0, clock, onRetry }));
    expect(local.code).toBe('BAD_SYMBOL');
    expect(local.cause).toBeInstanceOf(ccxt.BadSymbol);

    let before = klineRequests().length;
    fake.server.injectFault('/api/v3/klines', { kind: 'status', status: 400, json: { code: -1121, msg: 'Invalid symbol.' } }, 5);
    const remote = await rejection(fetchOhlcvHistory(binance(), { symbol: 'BTC/USDT', timeframe: '1m', since: T0, until: T0 + 10 * MIN, clock, onRetry }));
    expect(remote.code).toBe('BAD_SYMBOL');
    expect(remote.retryable).toBe(false);
    expect(klineRequests().length - before).toBe(1);
    fake.server.clearFaults();

    before = klineRequests().length;
    fake.server.injectFault('/api/v3/klines', { kind: 'status', status: 401, json: { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' } }, 5);
    const auth = await rejection(fetchOhlcvHistory(binance(), { symbol: 'BTC/USDT', timeframe: '1m', since: T0, until: T0 + 10 * MIN, clock, onRetry }));
    expect(auth.code).toBe('AUTH');
    expect(klineRequests().length - before).toBe(1);
    expect(retries).toEqual([]);
  });

  it('only closed bars are returned', async () => {
    const clock = new InstantClock(T0 + 100 * MIN + 30_000); // bar 100 is still open
    const { data } = await fetchOhlcvHistory(binance(), { symbol: 'BTC/USDT', timeframe: '1m', since: T0 + 90 * MIN, clock });
    expect(data.length).toBe(10);
    expect(data.openTime[9]).toBe(T0 + 99 * MIN);
  });

  it('the on-disk cache resumes an interrupted download without refetching finished chunks', async () => {
    const cacheDir = tempDir('md-cache-');
    const clock = new InstantClock(T0 + 3000 * MIN); // every chunk has closed
    const opts = { symbol: 'BTC/USDT', timeframe: '1m' as const, since: T0, until: T0 + N * MIN, limit: 500, chunkBars: 500, cacheDir, clock, retry: { maxAttempts: 2 } };
    // Run 1 dies on the 3rd chunk (two chunks of 500 bars complete).
    fake.server.injectFault('/api/v3/klines', { kind: 'status', status: 503, text: 'down' }, 10, 2);
    const e = await rejection(fetchOhlcvHistory(binance(), opts));
    expect(e.code).toBe('EXCHANGE_UNAVAILABLE');
    fake.server.clearFaults();
    // Chunks are aligned to multiples of 500 minutes since the epoch.
    const chunkMs = 500 * MIN;
    const c0 = Math.floor(T0 / chunkMs) * chunkMs;
    const files = readdirSync(join(cacheDir, 'binance', 'BTC-USDT', '1m')).sort();
    expect(files).toEqual([`${c0}.json`, `${c0 + chunkMs}.json`]);
    expect(readdirSync(join(cacheDir, 'binance', 'BTC-USDT', '1m')).some((f) => f.endsWith('.tmp'))).toBe(false);

    // Run 2 fetches only the three missing chunks.
    const before = klineRequests().length;
    const second = await fetchOhlcvHistory(binance(), opts);
    const starts = klineRequests().slice(before).map((r) => Number(r.query['startTime']));
    expect(Math.min(...starts)).toBe(c0 + 2 * chunkMs);
    const totalChunks = Math.ceil((T0 + N * MIN - c0) / chunkMs);
    expect(second.cachedChunks).toBe(2);
    expect(second.fetchedChunks).toBe(totalChunks - 2);
    expect(Array.from(second.data.openTime)).toEqual(klines.map((k) => k[0]));
    expect(Array.from(second.data.volume)).toEqual(klines.map((k) => k[5]));

    // Run 3 is served entirely from disk.
    const before3 = klineRequests().length;
    const third = await fetchOhlcvHistory(binance(), opts);
    expect(klineRequests().length).toBe(before3);
    expect(third.pages).toBe(0);
    expect(third.data.length).toBe(N);

    // A damaged chunk (truncated by a crash outside our atomic writes) is refetched, alone.
    const damaged = join(cacheDir, 'binance', 'BTC-USDT', '1m', `${c0 + 3 * chunkMs}.json`);
    writeFileSync(damaged, readFileSync(damaged, 'utf8').slice(0, 100));
    const before4 = klineRequests().length;
    const fourth = await fetchOhlcvHistory(binance(), opts);
    expect(klineRequests().slice(before4).map((r) => Number(r.query['startTime']))).toEqual([c0 + 3 * chunkMs]);
    expect(fourth.fetchedChunks).toBe(1);
    expect(Array.from(fourth.data.close)).toEqual(klines.map((k) => k[4]));
  });
});

describe('fetchTradesHistory against the fake Binance (real ccxt)', () => {
  it('pages through 3 hours of trades without duplicates or losses across page boundaries', async () => {
    const clock = new InstantClock(T0 + 4 * 3_600_000);
    const before = fake.server.requestsTo('/api/v3/aggTrades').length;
    const { data, pages } = await fetchTradesHistory(binance(), { symbol: 'BTC/USDT', since: T0, until: T0 + 3 * 3_600_000, limit: 200, clock });
    expect(data.map((t) => Number(t.tradeId))).toEqual(trades.map((t) => t.id));
    expect(data.map((t) => t.price)).toEqual(trades.map((t) => t.price));
    // Binance: buyer is maker => the aggressor sold.
    expect(data.map((t) => t.aggressor)).toEqual(trades.map((t) => (t.buyerMaker ? 'sell' : 'buy')));
    expect(pages).toBe(fake.server.requestsTo('/api/v3/aggTrades').length - before);
    expect(pages).toBeGreaterThan(trades.length / 200);
  });

  it('a venue that caps the page size below the requested limit loses no trades', async () => {
    const clock = new InstantClock(T0 + 4 * 3_600_000);
    // The fake (like Binance) returns at most 1000 trades per request; ask for 5000.
    const perHour = trades.filter((t) => t.time < T0 + 3_600_000).length;
    expect(perHour).toBeGreaterThan(1000);
    const { data } = await fetchTradesHistory(binance(), { symbol: 'BTC/USDT', since: T0, until: T0 + 3 * 3_600_000, limit: 5000, clock });
    expect(data.map((t) => Number(t.tradeId))).toEqual(trades.map((t) => t.id));
  });

  it('caches complete hours and reads them back', async () => {
    const cacheDir = tempDir('md-tcache-');
    const clock = new InstantClock(T0 + 4 * 3_600_000);
    const opts = { symbol: 'BTC/USDT', since: T0, until: T0 + 2 * 3_600_000, limit: 500, cacheDir, clock };
    const first = await fetchTradesHistory(binance(), opts);
    expect(first.fetchedChunks).toBe(2);
    const before = fake.server.requestsTo('/api/v3/aggTrades').length;
    const second = await fetchTradesHistory(binance(), opts);
    expect(fake.server.requestsTo('/api/v3/aggTrades').length).toBe(before);
    expect(second.cachedChunks).toBe(2);
    expect(second.data).toEqual(first.data);
  });
});
