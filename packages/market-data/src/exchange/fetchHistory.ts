import {
  type Bar,
  type BarSeries,
  BotError,
  barSeriesFromBars,
  parseTimeframe,
  type Symbol,
  type Timeframe,
  timeframeToMs,
  type Trade,
} from '@bot/core-types';
import type { Exchange, OHLCV, Trade as CcxtTrade } from 'ccxt';
import { type ExchangeCallOptions, ExchangeCaller } from './exchangeCaller.js';
import { HistoryCache } from './historyCache.js';

/** Progress of a history download, reported after every page and every cached chunk. */
export interface HistoryProgress {
  /** Epoch ms up to which data is complete. */
  readonly cursor: number;
  readonly since: number;
  readonly until: number;
  /** `(cursor - since) / (until - since)`, in [0, 1]. */
  readonly fraction: number;
  /** Rows (bars or trades) collected so far. */
  readonly rows: number;
  /** REST pages fetched so far. */
  readonly pages: number;
  /** Chunks served from the cache so far. */
  readonly cachedChunks: number;
}

/** Options shared by {@link fetchOhlcvHistory} and {@link fetchTradesHistory}. */
export interface HistoryOptions extends ExchangeCallOptions {
  readonly symbol: Symbol;
  /** Inclusive start, epoch ms. */
  readonly since: number;
  /** Exclusive end, epoch ms (default `clock.now()`). */
  readonly until?: number;
  /** Rows per request (default 1000 for OHLCV, 1000 for trades; the exchange may cap it lower). */
  readonly limit?: number;
  /** Directory of the on-disk cache; omit to disable caching. */
  readonly cacheDir?: string;
  readonly onProgress?: (progress: HistoryProgress) => void;
}

/** Options of {@link fetchOhlcvHistory}. */
export interface OhlcvHistoryOptions extends HistoryOptions {
  readonly timeframe: Timeframe;
  /** Bars per cache chunk (default 1000); chunks are aligned to multiples of `chunkBars * timeframe` since the epoch. */
  readonly chunkBars?: number;
}

/** Result of a history download. */
export interface HistoryResult<T> {
  readonly data: T;
  /** REST pages fetched (0 when everything came from the cache). */
  readonly pages: number;
  readonly cachedChunks: number;
  readonly fetchedChunks: number;
}

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function toBar(row: OHLCV, symbol: Symbol, timeframe: Timeframe, context: string): Bar {
  const [t, o, h, l, c, v] = row;
  if (![t, o, h, l, c].every(isFiniteNumber) || !(o! > 0 && h! >= Math.max(o!, c!, l!) && l! <= Math.min(o!, c!) && l! > 0)) {
    throw new BotError('DATA', `${context}: the exchange returned an invalid bar ${JSON.stringify(row)}`, { details: { row: row as unknown[] } });
  }
  const volume = isFiniteNumber(v) && v >= 0 ? v : 0;
  return { type: 'bar', symbol, timeframe, openTime: t!, open: o!, high: h!, low: l!, close: c!, volume };
}

/** Chunk windows `[start, end)` aligned to `chunkMs` covering `[since, until)`. */
function chunks(since: number, until: number, chunkMs: number): [number, number][] {
  const out: [number, number][] = [];
  for (let s = Math.floor(since / chunkMs) * chunkMs; s < until; s += chunkMs) out.push([s, s + chunkMs]);
  return out;
}

/**
 * Downloads OHLCV bars of `[since, until)` from any ccxt exchange, page by page (each page starts after the last bar
 * received; bars repeated across page boundaries are dropped), respecting `exchange.rateLimit`, retrying transient
 * faults with exponential backoff and jitter and failing fast on terminal ones. Only closed bars are returned
 * (`openTime + timeframe <= clock.now()`). Every bar is validated (prices > 0, OHLC consistent) as it enters.
 *
 * With `cacheDir`, time is cut into aligned chunks of `chunkBars` bars; each fully closed chunk is fetched whole and
 * saved atomically, so a second run (or a run after an interruption) reads finished chunks from disk and fetches
 * only the rest. Progress is reported through `onProgress`.
 *
 * @throws BotError `RATE_LIMIT` / `TIMEOUT` / `NETWORK` / `EXCHANGE_UNAVAILABLE` after the last retry,
 *   `BAD_SYMBOL` / `AUTH` / `EXCHANGE` at once, `DATA` for an invalid bar or an exchange that ignores `since`.
 * @example
 * ```ts
 * const { data: series } = await fetchOhlcvHistory(new ccxt.binance(), {
 *   symbol: 'BTC/USDT', timeframe: '1h', since: Date.parse('2024-01-01T00:00:00Z'), clock: new SystemClock(),
 *   cacheDir: '.cache/ohlcv', onProgress: (p) => bar.update(p.fraction),
 * });
 * ```
 */
export async function fetchOhlcvHistory(exchange: Exchange, options: OhlcvHistoryOptions): Promise<HistoryResult<BarSeries>> {
  const timeframe = parseTimeframe(options.timeframe);
  const tf = timeframeToMs(timeframe);
  const now = options.clock.now();
  const until = Math.min(options.until ?? now, now);
  const since = Math.ceil(options.since / tf) * tf;
  const caller = new ExchangeCaller(exchange, options);
  const limit = options.limit ?? 1000;
  const cache = options.cacheDir === undefined ? undefined : new HistoryCache(options.cacheDir);
  const context = `${exchange.id} fetchOHLCV ${options.symbol} ${timeframe}`;
  let pages = 0;
  let cachedChunks = 0;
  let fetchedChunks = 0;
  const bars: Bar[] = [];
  const progress = (cursor: number) =>
    options.onProgress?.({
      cursor,
      since,
      until,
      fraction: until > since ? Math.min(1, Math.max(0, (cursor - since) / (until - since))) : 1,
      rows: bars.length,
      pages,
      cachedChunks,
    });

  /** Fetches `[from, to)` page by page; returns closed bars in order without duplicates. */
  const fetchRange = async (from: number, to: number): Promise<Bar[]> => {
    const out: Bar[] = [];
    let cursor = from;
    let last = -Infinity;
    while (cursor < to) {
      const page = await caller.call('fetchOHLCV', (ex) => ex.fetchOHLCV(options.symbol, timeframe, cursor, limit));
      pages++;
      if (!Array.isArray(page) || page.length === 0) break;
      let added = 0;
      let maxTime = -Infinity;
      for (const row of page) {
        const bar = toBar(row, options.symbol, timeframe, context);
        maxTime = Math.max(maxTime, bar.openTime);
        if (bar.openTime <= last || bar.openTime < cursor || bar.openTime >= to || bar.openTime + tf > now) continue;
        out.push(bar);
        last = bar.openTime;
        added++;
      }
      if (maxTime < cursor) {
        throw new BotError('DATA', `${context}: the exchange ignored since=${new Date(cursor).toISOString()} (returned bars up to ${new Date(maxTime).toISOString()})`);
      }
      cursor = maxTime + tf;
      progress(Math.min(cursor, to));
      if (added === 0 && maxTime + tf > now) break; // only the unfinished bar is left
    }
    return out;
  };

  if (cache === undefined) {
    bars.push(...(await fetchRange(since, until)));
  } else {
    const chunkMs = tf * (options.chunkBars ?? 1000);
    for (const [cs, ce] of chunks(since, until, chunkMs)) {
      const keep = (b: Bar) => b.openTime >= since && b.openTime < until;
      if (ce <= now) {
        const hit = await cache.get<OHLCV>(exchange.id, options.symbol, timeframe, cs, ce);
        if (hit !== undefined) {
          cachedChunks++;
          for (const row of hit.rows) {
            const b = toBar(row, options.symbol, timeframe, `${context} (cache)`);
            if (keep(b)) bars.push(b);
          }
          progress(Math.min(ce, until));
          continue;
        }
        const fetched = await fetchRange(cs, ce);
        await cache.put<OHLCV>({
          version: 1,
          exchange: exchange.id,
          symbol: options.symbol,
          kind: timeframe,
          start: cs,
          end: ce,
          rows: fetched.map((b) => [b.openTime, b.open, b.high, b.low, b.close, b.volume]),
        });
        fetchedChunks++;
        bars.push(...fetched.filter(keep));
      } else {
        // The chunk is still open: fetch what exists, do not cache it.
        bars.push(...(await fetchRange(Math.max(cs, since), Math.min(ce, until))));
      }
      progress(Math.min(ce, until));
    }
  }
  progress(until);
  return { data: barSeriesFromBars(bars, options.symbol, timeframe), pages, cachedChunks, fetchedChunks };
}

/** Options of {@link fetchTradesHistory}. */
export interface TradesHistoryOptions extends HistoryOptions {
  /** Time window per cache chunk and per request range (default 1 hour, Binance's aggTrades window). */
  readonly chunkMs?: number;
}

type TradeRow = [time: number, price: number, quantity: number, side: 1 | -1 | 0, id: string];

function toTrade(t: CcxtTrade, symbol: Symbol, context: string): Trade {
  const price = t.price;
  const amount = t.amount;
  const time = t.timestamp;
  if (!isFiniteNumber(time) || !isFiniteNumber(price) || !(price > 0) || !isFiniteNumber(amount) || !(amount > 0)) {
    throw new BotError('DATA', `${context}: the exchange returned an invalid trade ${JSON.stringify({ time, price, amount, id: t.id })}`);
  }
  return {
    type: 'trade',
    symbol,
    time,
    price,
    quantity: amount,
    aggressor: t.side === 'buy' ? 'buy' : t.side === 'sell' ? 'sell' : 'unknown',
    ...(t.id === undefined || t.id === null ? {} : { tradeId: String(t.id) }),
  };
}

/** Time order; trades of the same millisecond by numeric id when ids are numbers (venue sequence), else as text. */
function byTimeThenId(a: Trade, b: Trade): number {
  if (a.time !== b.time) return a.time - b.time;
  const x = Number(a.tradeId);
  const y = Number(b.tradeId);
  if (Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return (a.tradeId ?? '') < (b.tradeId ?? '') ? -1 : (a.tradeId ?? '') > (b.tradeId ?? '') ? 1 : 0;
}

const toRow = (t: Trade): TradeRow => [t.time, t.price, t.quantity, t.aggressor === 'buy' ? 1 : t.aggressor === 'sell' ? -1 : 0, t.tradeId ?? ''];
const fromRow = ([time, price, quantity, side, id]: TradeRow, symbol: Symbol): Trade => ({
  type: 'trade',
  symbol,
  time,
  price,
  quantity,
  aggressor: side === 1 ? 'buy' : side === -1 ? 'sell' : 'unknown',
  ...(id === '' ? {} : { tradeId: id }),
});

/**
 * Downloads public trades of `[since, until)` from any ccxt exchange: time windows of `chunkMs`, each paged by
 * time (the next page starts at the last trade's time; trades repeated across the boundary are dropped by trade id,
 * or by time/price/quantity when the venue gives no id). Same rate limiting, retries, error mapping, cache and
 * progress as {@link fetchOhlcvHistory}; windows that have not ended yet are not cached.
 *
 * @throws BotError as {@link fetchOhlcvHistory}.
 * @example
 * ```ts
 * const { data: trades } = await fetchTradesHistory(exchange, { symbol: 'BTC/USDT', since, until, clock });
 * ```
 */
export async function fetchTradesHistory(exchange: Exchange, options: TradesHistoryOptions): Promise<HistoryResult<Trade[]>> {
  const now = options.clock.now();
  const until = Math.min(options.until ?? now, now);
  const since = options.since;
  const chunkMs = options.chunkMs ?? 3_600_000;
  const caller = new ExchangeCaller(exchange, options);
  const limit = options.limit ?? 1000;
  const cache = options.cacheDir === undefined ? undefined : new HistoryCache(options.cacheDir);
  const context = `${exchange.id} fetchTrades ${options.symbol}`;
  let pages = 0;
  let cachedChunks = 0;
  let fetchedChunks = 0;
  const trades: Trade[] = [];
  const progress = (cursor: number) =>
    options.onProgress?.({ cursor, since, until, fraction: until > since ? Math.min(1, Math.max(0, (cursor - since) / (until - since))) : 1, rows: trades.length, pages, cachedChunks });

  const fetchRange = async (from: number, to: number): Promise<Trade[]> => {
    const out: Trade[] = [];
    const seenAtBoundary = new Set<string>();
    let boundaryTime = -Infinity;
    let fullPage = 0;
    let cursor = from;
    for (;;) {
      const page = await caller.call('fetchTrades', (ex) => ex.fetchTrades(options.symbol, cursor, limit, { until: to - 1 }));
      pages++;
      if (!Array.isArray(page) || page.length === 0) break;
      let added = 0;
      let maxTime = -Infinity;
      for (const raw of page) {
        const t = toTrade(raw, options.symbol, context);
        maxTime = Math.max(maxTime, t.time);
        if (t.time < cursor || t.time >= to) continue;
        const key = t.tradeId ?? `${t.time}:${t.price}:${t.quantity}`;
        if (t.time <= boundaryTime && seenAtBoundary.has(key)) continue;
        if (t.time > boundaryTime) {
          boundaryTime = t.time;
          seenAtBoundary.clear();
        }
        seenAtBoundary.add(key);
        out.push(t);
        added++;
      }
      progress(Math.min(Math.max(cursor, maxTime), to));
      // A short page ends the window, but "short" is relative to the largest page seen: venues may cap `limit`.
      fullPage = Math.max(fullPage, page.length);
      if (page.length < Math.min(limit, fullPage) || maxTime >= to - 1) break;
      if (added === 0) {
        // A full page of trades all at one millisecond already seen: step past it rather than loop forever.
        cursor = maxTime + 1;
        continue;
      }
      cursor = maxTime;
    }
    out.sort(byTimeThenId);
    return out;
  };

  for (const [cs, ce] of chunks(since, until, chunkMs)) {
    const from = Math.max(cs, since);
    const to = Math.min(ce, until);
    const cacheable = cache !== undefined && ce <= now;
    if (cacheable) {
      const hit = await cache.get<TradeRow>(exchange.id, options.symbol, 'trades', cs, ce);
      if (hit !== undefined) {
        cachedChunks++;
        for (const row of hit.rows) if (row[0] >= from && row[0] < to) trades.push(fromRow(row, options.symbol));
        progress(to);
        continue;
      }
      const fetched = await fetchRange(cs, ce);
      await cache.put<TradeRow>({ version: 1, exchange: exchange.id, symbol: options.symbol, kind: 'trades', start: cs, end: ce, rows: fetched.map(toRow) });
      fetchedChunks++;
      trades.push(...fetched.filter((t) => t.time >= from && t.time < to));
    } else {
      trades.push(...(await fetchRange(from, to)));
    }
    progress(to);
  }
  return { data: trades, pages, cachedChunks, fetchedChunks };
}
