import { type Bar, type BookLevel, ManualClock, type OrderBookDelta, type OrderBookSnapshot, type Trade } from '@bot/core-types';
import { FakeBinance, type FakeKline } from '@bot/fake-exchange';
import ccxt, { type Exchange } from 'ccxt';
import { share, Subject, type Subscription } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InstantClock } from '../../test/instantClock.js';
import { redirectExchangeUrls } from '../exchange/redirectExchangeUrls.js';
import type { LiveStatus } from './liveLoop.js';
import { monitorStaleness } from './staleness.js';
import { tradesToBars } from './tradesToBars.js';
import { watchBars } from './watchBars.js';
import { watchOrderBook } from './watchOrderBook.js';
import { watchTrades } from './watchTrades.js';

const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;
let fake: FakeBinance;
const exchanges: Exchange[] = [];
const subs: Subscription[] = [];

function pro(): Exchange {
  const ex = new ccxt.pro.binance({ enableRateLimit: false, timeout: 2000 });
  redirectExchangeUrls(ex, fake.httpUrl);
  exchanges.push(ex);
  return ex;
}
const kline = (i: number): FakeKline => [T0 + i * MIN, 100 + i, 101 + i, 99 + i, 100.5 + i, 10 + i];
const until = (cond: () => boolean, what: string) => fake.server.waitFor(cond, 5000, what);

beforeAll(async () => {
  fake = await FakeBinance.start();
  fake.addMarket({ symbol: 'BTC/USDT' });
});
afterEach(() => {
  for (const s of subs.splice(0)) s.unsubscribe();
});
afterAll(async () => {
  for (const ex of exchanges) await ex.close().catch(() => undefined);
  await fake.server.close();
});

describe('watchBars (real ccxt pro against the fake Binance WebSocket)', () => {
  it('emits each bar once when it closes; after a dropped connection it reconnects and backfills, with no duplicate or lost bar', async () => {
    const clock = new InstantClock(T0 + 9 * MIN + 1000); // the wall time when bar 9 has started
    const bars: Bar[] = [];
    const status: LiveStatus[] = [];
    subs.push(watchBars(pro(), { symbol: 'BTC/USDT', timeframe: '1m', clock, onStatus: (s) => status.push(s) }).subscribe((b) => bars.push(b)));
    const stream = 'btcusdt@kline_1m';
    await fake.server.waitForSubscribers(stream);
    for (let i = 0; i <= 3; i++) {
      fake.pushKline('BTC/USDT', '1m', [kline(i)[0], 100 + i, 100 + i, 100 + i, 100 + i, 1], false); // early partial version
      fake.pushKline('BTC/USDT', '1m', kline(i), true); // final version
    }
    await until(() => bars.length === 3, 'bars 0..2');
    expect(bars.map((b) => b.openTime)).toEqual([0, 1, 2].map((i) => T0 + i * MIN));
    expect(bars[1]).toEqual({ type: 'bar', symbol: 'BTC/USDT', timeframe: '1m', openTime: T0 + MIN, open: 101, high: 102, low: 100, close: 101.5, volume: 11 });

    // Outage: bars 3..7 close while disconnected; the exchange's REST history has them.
    fake.setKlines('BTC/USDT', '1m', Array.from({ length: 9 }, (_, i) => kline(i)));
    fake.server.dropWebSockets();
    await fake.server.waitForSubscribers(stream);
    fake.pushKline('BTC/USDT', '1m', kline(8), false);
    fake.pushKline('BTC/USDT', '1m', kline(9), false);
    await until(() => bars.length === 9, 'bars 0..8');
    expect(bars.map((b) => (b.openTime - T0) / MIN)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(bars[5]!.close).toBe(105.5);
    expect(status.map((s) => s.kind)).toContain('reconnecting');
    const reconnect = status.find((s) => s.kind === 'reconnecting');
    expect(reconnect?.kind === 'reconnecting' && reconnect.error.code).toBe('NETWORK');
  });

  it('a long outage (more bars than one REST page) is backfilled page by page', async () => {
    const clock = new InstantClock(T0 + 1600 * MIN + 1000);
    const bars: Bar[] = [];
    const stream = 'btcusdt@kline_1m';
    await until(() => fake.server.subscribers(stream) === 0, 'earlier streams released');
    subs.push(watchBars(pro(), { symbol: 'BTC/USDT', timeframe: '1m', clock, release: 'close' }).subscribe((b) => bars.push(b)));
    await fake.server.waitForSubscribers(stream);
    fake.pushKline('BTC/USDT', '1m', kline(0), true);
    fake.pushKline('BTC/USDT', '1m', kline(1), false);
    await until(() => bars.length === 1, 'bar 0');
    fake.setKlines('BTC/USDT', '1m', Array.from({ length: 1601 }, (_, i) => kline(i)));
    const before = fake.server.requestsTo('/api/v3/klines').length;
    fake.server.dropWebSockets();
    await fake.server.waitForSubscribers(stream);
    fake.pushKline('BTC/USDT', '1m', kline(1600), false);
    await until(() => bars.length === 1600, 'bars 0..1599');
    expect(bars.every((b, i) => b.openTime === T0 + i * MIN)).toBe(true);
    expect(fake.server.requestsTo('/api/v3/klines').length - before).toBeGreaterThanOrEqual(2);
  });

  it('closeAfterMs closes a bar by clock time when the venue sends no next candle; late updates are ignored', async () => {
    const stream = 'btcusdt@kline_1m';
    await until(() => fake.server.subscribers(stream) === 0, 'earlier streams released');
    const clock = new ManualClock(T0 + 30_000);
    const bars: Bar[] = [];
    subs.push(watchBars(pro(), { symbol: 'BTC/USDT', timeframe: '1m', clock, closeAfterMs: 2000 }).subscribe((b) => bars.push(b)));
    await fake.server.waitForSubscribers(stream);
    fake.pushKline('BTC/USDT', '1m', kline(0), false);
    await until(() => clock.pendingTimers > 0, 'the close timer');
    clock.advanceTo(T0 + MIN + 1999);
    expect(bars).toEqual([]);
    clock.advanceTo(T0 + MIN + 2000);
    expect(bars.map((b) => [b.openTime, b.close])).toEqual([[T0, 100.5]]);
    fake.pushKline('BTC/USDT', '1m', [T0, 100, 101, 99, 777, 99], true); // late revision of the emitted bar
    fake.pushKline('BTC/USDT', '1m', kline(1), false);
    fake.pushKline('BTC/USDT', '1m', kline(2), false);
    await until(() => bars.length === 2, 'bar 1');
    expect(bars.map((b) => [b.openTime, b.close])).toEqual([[T0, 100.5], [T0 + MIN, 101.5]]);
  });

  it('a terminal error (unknown symbol) ends the stream with BAD_SYMBOL, no reconnect loop', async () => {
    const clock = new InstantClock(T0);
    const error = await new Promise<unknown>((resolve) => {
      subs.push(watchBars(pro(), { symbol: 'NOPE/USDT', timeframe: '1m', clock }).subscribe({ error: resolve }));
    });
    expect((error as { code: string }).code).toBe('BAD_SYMBOL');
    expect(clock.sleeps).toEqual([]);
  });

  it('unsubscribing releases the channel (unwatch) or the whole connection (close) and stops the loop', async () => {
    const clock = new InstantClock(T0);
    const stream = 'btcusdt@kline_1m';
    await until(() => fake.server.subscribers(stream) === 0, 'earlier streams released');
    const ex = pro();
    const sub = watchBars(ex, { symbol: 'BTC/USDT', timeframe: '1m', clock }).subscribe();
    await fake.server.waitForSubscribers(stream);
    sub.unsubscribe();
    await until(() => fake.server.subscribers(stream) === 0, 'UNSUBSCRIBE');

    const before = fake.server.connectionCount;
    const ex2 = pro();
    const sub2 = watchBars(ex2, { symbol: 'BTC/USDT', timeframe: '1m', clock, release: 'close' }).subscribe();
    await until(() => fake.server.connectionCount === before + 1, 'a new connection');
    sub2.unsubscribe();
    await until(() => fake.server.connectionCount === before, 'connection closed');
    // Nothing reconnects afterwards: the loop has stopped.
    await new Promise((r) => setTimeout(r, 150));
    expect(fake.server.connectionCount).toBe(before);
    expect(fake.server.subscribers(stream)).toBe(0);
  });
});

describe('watchTrades and tradesToBars', () => {
  it('emits trades once (duplicates dropped), survives a reconnect, and builds bars', async () => {
    const clock = new InstantClock(T0);
    const trades: Trade[] = [];
    const bars: Bar[] = [];
    const source = watchTrades(pro(), { symbol: 'BTC/USDT', clock }).pipe(share());
    subs.push(source.subscribe((t) => trades.push(t)));
    subs.push(source.pipe(tradesToBars({ symbol: 'BTC/USDT', timeframe: '1m' })).subscribe((b) => bars.push(b)));
    await fake.server.waitForSubscribers('btcusdt@trade');
    fake.pushTrade('BTC/USDT', { id: 1, time: T0 + 1000, price: 100, quantity: 1, buyerMaker: false });
    fake.pushTrade('BTC/USDT', { id: 2, time: T0 + 2000, price: 102, quantity: 2, buyerMaker: true });
    fake.pushTrade('BTC/USDT', { id: 2, time: T0 + 2000, price: 102, quantity: 2, buyerMaker: true }); // repeated
    await until(() => trades.length === 2, 'two trades');
    fake.server.dropWebSockets();
    await fake.server.waitForSubscribers('btcusdt@trade');
    fake.pushTrade('BTC/USDT', { id: 3, time: T0 + 3000, price: 99, quantity: 1, buyerMaker: true });
    fake.pushTrade('BTC/USDT', { id: 4, time: T0 + MIN + 1, price: 101, quantity: 1, buyerMaker: false });
    await until(() => trades.length === 4 && bars.length === 1, 'trades after reconnect and a bar');
    expect(trades.map((t) => [t.tradeId, t.aggressor])).toEqual([['1', 'buy'], ['2', 'sell'], ['3', 'sell'], ['4', 'buy']]);
    expect(bars[0]).toEqual({ type: 'bar', symbol: 'BTC/USDT', timeframe: '1m', openTime: T0, open: 100, high: 102, low: 99, close: 99, volume: 4 });
  });
});

describe('watchOrderBook', () => {
  it('snapshot then deltas with contiguous sequences; a gap in update ids triggers a resync from a fresh snapshot', async () => {
    fake.setBook('BTC/USDT', { lastUpdateId: 100, bids: [[99, 1], [98, 2]], asks: [[101, 1], [102, 3]] });
    const clock = new InstantClock(T0);
    const events: (OrderBookSnapshot | OrderBookDelta)[] = [];
    const status: LiveStatus[] = [];
    subs.push(watchOrderBook(pro(), { symbol: 'BTC/USDT', clock, onStatus: (s) => status.push(s) }).subscribe((e) => events.push(e)));
    await until(() => events.length === 1, 'the snapshot');
    expect(events[0]).toMatchObject({ type: 'book-snapshot', sequence: 100, bids: [[99, 1], [98, 2]], asks: [[101, 1], [102, 3]] });
    const depthRequests = fake.server.requestsTo('/api/v3/depth').length;

    fake.pushDepth('BTC/USDT', { bids: [[99, 1.5]], asks: [[101, 0]] });
    await until(() => events.length === 2, 'delta 1');
    fake.pushDepth('BTC/USDT', { bids: [[97, 4]] }, { updates: 3 });
    await until(() => events.length === 3, 'delta 2');
    expect(events[1]).toMatchObject({ type: 'book-delta', firstSequence: 101, sequence: 101, bids: [[99, 1.5]], asks: [[101, 0]] });
    expect(events[2]).toMatchObject({ type: 'book-delta', firstSequence: 102, sequence: 104, bids: [[97, 4]], asks: [] });

    // Update ids 105..109 never arrive: the next message starts at 110.
    fake.pushDepth('BTC/USDT', { asks: [[103, 7]] }, { skip: 5 });
    await until(() => events.some((e, i) => i > 2 && e.type === 'book-snapshot'), 'the resync snapshot');
    expect(status.some((s) => s.kind === 'resync')).toBe(true);
    expect(fake.server.requestsTo('/api/v3/depth').length).toBeGreaterThan(depthRequests);
    const resync = events.findLast((e) => e.type === 'book-snapshot') as OrderBookSnapshot;
    expect(resync.sequence).toBe(110);
    fake.pushDepth('BTC/USDT', { bids: [[99, 0]] });
    await until(() => events.at(-1)?.type === 'book-delta' && (events.at(-1) as OrderBookDelta).sequence === 111, 'delta after resync');

    // Replaying the events rebuilds exactly the exchange's book, and sequences chain without holes.
    const bids = new Map<number, number>();
    const asks = new Map<number, number>();
    let seq = -1;
    const apply = (side: Map<number, number>, levels: readonly BookLevel[]) => {
      for (const [p, q] of levels) {
        if (q === 0) side.delete(p);
        else side.set(p, q);
      }
    };
    for (const e of events) {
      if (e.type === 'book-snapshot') {
        bids.clear();
        asks.clear();
        apply(bids, e.bids);
        apply(asks, e.asks);
      } else {
        expect(e.firstSequence).toBe(seq + 1);
        apply(bids, e.bids);
        apply(asks, e.asks);
      }
      seq = e.sequence;
    }
    expect([...bids.entries()].sort((a, b) => b[0] - a[0])).toEqual([[98, 2], [97, 4]]);
    expect([...asks.entries()].sort((a, b) => a[0] - b[0])).toEqual([[102, 3], [103, 7]]);
    expect(seq).toBe(fake.bookUpdateId('BTC/USDT'));

    // A dropped connection: reconnect, then a fresh snapshot at the exchange's current update id.
    const snapshots = events.filter((e) => e.type === 'book-snapshot').length;
    fake.server.dropWebSockets();
    const depthSubscribed = () => [...fake.server.sockets].some((c) => [...c.streams].some((st) => st.startsWith('btcusdt@depth')));
    await until(depthSubscribed, 'depth re-subscribed');
    fake.pushDepth('BTC/USDT', { bids: [[96, 1]] });
    await until(() => events.filter((e) => e.type === 'book-snapshot').length === snapshots + 1, 'snapshot after reconnect');
    expect(status.some((s) => s.kind === 'reconnecting')).toBe(true);
    const again = events.findLast((e) => e.type === 'book-snapshot') as OrderBookSnapshot;
    expect(again.sequence).toBeGreaterThanOrEqual(111);
  });
});

describe('monitorStaleness', () => {
  it('signals stale after the configured silence on the clock and fresh when data resumes', () => {
    const clock = new ManualClock(0);
    const source = new Subject<number>();
    const { data$, stale$ } = monitorStaleness(source, { clock, staleAfterMs: 1000 });
    const stale: boolean[] = [];
    const data: number[] = [];
    const s1 = stale$.subscribe((s) => stale.push(s));
    const s2 = data$.subscribe((d) => data.push(d));
    expect(source.observed).toBe(true);
    source.next(1);
    clock.advanceBy(999);
    expect(stale).toEqual([false]);
    clock.advanceBy(1);
    expect(stale).toEqual([false, true]);
    clock.advanceBy(5000);
    expect(stale).toEqual([false, true]);
    source.next(2);
    expect(stale).toEqual([false, true, false]);
    clock.advanceBy(500);
    source.next(3);
    clock.advanceBy(999);
    expect(stale).toEqual([false, true, false]);
    expect(data).toEqual([1, 2, 3]);
    s1.unsubscribe();
    s2.unsubscribe();
    expect(source.observed).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });
});
