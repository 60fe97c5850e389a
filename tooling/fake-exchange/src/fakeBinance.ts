import { FakeServer, type FakeSocket } from './fakeServer.js';

/** A spot market of the fake exchange. */
export interface FakeMarket {
  /** Unified symbol `BASE/QUOTE`. */
  readonly symbol: string;
  readonly tickSize?: string;
  readonly stepSize?: string;
  readonly minNotional?: string;
}

/** A kline as numbers: `[openTime, open, high, low, close, volume]`. */
export type FakeKline = readonly [number, number, number, number, number, number];

/** A public trade of the fake exchange. */
export interface FakeTrade {
  readonly id: number;
  readonly time: number;
  readonly price: number;
  readonly quantity: number;
  /** True when the buyer was the maker (the aggressor sold). */
  readonly buyerMaker: boolean;
}

interface Book {
  lastUpdateId: number;
  readonly bids: Map<string, string>;
  readonly asks: Map<string, string>;
}

const INTERVAL_MS: Record<string, number> = {
  '1s': 1000, '1m': 60_000, '3m': 180_000, '5m': 300_000, '15m': 900_000, '30m': 1_800_000,
  '1h': 3_600_000, '2h': 7_200_000, '4h': 14_400_000, '6h': 21_600_000, '8h': 28_800_000, '12h': 43_200_000,
  '1d': 86_400_000, '3d': 259_200_000, '1w': 604_800_000,
};

const str = (n: number) => String(n);

/**
 * A fake Binance spot exchange: the real REST format (`/api/v3/exchangeInfo`, `klines`, `aggTrades`, `trades`,
 * `depth`, `time`, `ping`) and WebSocket streams (`<sym>@kline_<i>`, `@trade`, `@aggTrade`, `@depth`, `@depth@100ms`
 * with Binance's `U`/`u` update ids, SUBSCRIBE/UNSUBSCRIBE with `{result: null, id}` replies), serving scripted data,
 * with the fault injection of {@link FakeServer}. Point real ccxt at it by replacing the hosts of `exchange.urls`.
 *
 * @example
 * ```ts
 * const fake = await FakeBinance.start();
 * fake.addMarket({ symbol: 'BTC/USDT' });
 * fake.setKlines('BTC/USDT', '1m', rows);
 * fake.server.injectFault('/api/v3/klines', { kind: 'status', status: 429, headers: { 'Retry-After': '1' } });
 * ```
 */
export class FakeBinance {
  /** Server time reported by `/api/v3/time` and in events (ms); set it from tests. */
  serverTime = Date.UTC(2024, 0, 1);
  private readonly markets = new Map<string, FakeMarket & { id: string; base: string; quote: string }>();
  private readonly klines = new Map<string, FakeKline[]>();
  private readonly trades = new Map<string, FakeTrade[]>();
  private readonly books = new Map<string, Book>();

  private constructor(readonly server: FakeServer) {
    this.installRest();
    server.onWsMessage((client, message) => this.onWs(client, message));
  }

  /** Starts a fake Binance on 127.0.0.1 and an ephemeral port. */
  static async start(): Promise<FakeBinance> {
    return new FakeBinance(await FakeServer.start());
  }

  get httpUrl(): string {
    return this.server.httpUrl;
  }
  get wsUrl(): string {
    return this.server.wsUrl;
  }

  /** Exchange id of a unified symbol: `BTC/USDT` -> `BTCUSDT`. */
  static marketId(symbol: string): string {
    return symbol.replace('/', '').toUpperCase();
  }

  addMarket(market: FakeMarket): this {
    const [base, quote] = market.symbol.split('/') as [string, string];
    this.markets.set(FakeBinance.marketId(market.symbol), { ...market, id: FakeBinance.marketId(market.symbol), base, quote });
    return this;
  }

  /** Replaces the klines of a symbol and interval (ascending open times). */
  setKlines(symbol: string, interval: string, rows: readonly FakeKline[]): this {
    this.klines.set(`${FakeBinance.marketId(symbol)}:${interval}`, [...rows]);
    return this;
  }

  /** Replaces the public trades of a symbol (ascending time and id). */
  setTrades(symbol: string, trades: readonly FakeTrade[]): this {
    this.trades.set(FakeBinance.marketId(symbol), [...trades]);
    return this;
  }

  /** Sets the order book of a symbol at update id `lastUpdateId`. */
  setBook(symbol: string, book: { lastUpdateId: number; bids: readonly (readonly [number, number])[]; asks: readonly (readonly [number, number])[] }): this {
    this.books.set(FakeBinance.marketId(symbol), {
      lastUpdateId: book.lastUpdateId,
      bids: new Map(book.bids.map(([p, q]) => [str(p), str(q)])),
      asks: new Map(book.asks.map(([p, q]) => [str(p), str(q)])),
    });
    return this;
  }

  /** Current book update id of a symbol. */
  bookUpdateId(symbol: string): number {
    return this.books.get(FakeBinance.marketId(symbol))?.lastUpdateId ?? 0;
  }

  /** Sends a kline event on `<sym>@kline_<interval>`; `closed` is Binance's `x` flag. Returns the receiver count. */
  pushKline(symbol: string, interval: string, k: FakeKline, closed: boolean): number {
    const id = FakeBinance.marketId(symbol);
    const [t, o, h, l, c, v] = k;
    const ms = INTERVAL_MS[interval] ?? 60_000;
    return this.server.broadcast(`${id.toLowerCase()}@kline_${interval}`, {
      e: 'kline',
      E: this.serverTime,
      s: id,
      k: { t, T: t + ms - 1, s: id, i: interval, f: 100, L: 200, o: str(o), c: str(c), h: str(h), l: str(l), v: str(v), n: 100, x: closed, q: str(v * c), V: '0', Q: '0', B: '0' },
    });
  }

  /** Sends a trade on `<sym>@trade` and `<sym>@aggTrade`. Returns the receiver count. */
  pushTrade(symbol: string, trade: FakeTrade): number {
    const id = FakeBinance.marketId(symbol);
    const s = id.toLowerCase();
    const n = this.server.broadcast(`${s}@trade`, { e: 'trade', E: trade.time, s: id, t: trade.id, p: str(trade.price), q: str(trade.quantity), T: trade.time, m: trade.buyerMaker, M: true });
    return n + this.server.broadcast(`${s}@aggTrade`, { e: 'aggTrade', E: trade.time, s: id, a: trade.id, p: str(trade.price), q: str(trade.quantity), f: trade.id, l: trade.id, T: trade.time, m: trade.buyerMaker, M: true });
  }

  /**
   * Applies a depth change to the book and sends a `depthUpdate` with `U = lastUpdateId + 1 + skip`,
   * `u = U + updates - 1`. `skip > 0` makes a sequence gap (ids that were never sent), as after lost messages.
   * Quantity 0 removes a level.
   */
  pushDepth(symbol: string, change: { bids?: readonly (readonly [number, number])[]; asks?: readonly (readonly [number, number])[] }, options: { skip?: number; updates?: number } = {}): { U: number; u: number } {
    const id = FakeBinance.marketId(symbol);
    const book = this.books.get(id) ?? { lastUpdateId: 0, bids: new Map(), asks: new Map() };
    this.books.set(id, book);
    const U = book.lastUpdateId + 1 + (options.skip ?? 0);
    const u = U + Math.max(1, options.updates ?? 1) - 1;
    const apply = (side: Map<string, string>, levels: readonly (readonly [number, number])[] = []) => {
      for (const [p, q] of levels) {
        if (q === 0) side.delete(str(p));
        else side.set(str(p), str(q));
      }
    };
    apply(book.bids, change.bids);
    apply(book.asks, change.asks);
    book.lastUpdateId = u;
    const payload = {
      e: 'depthUpdate',
      E: this.serverTime,
      s: id,
      U,
      u,
      b: (change.bids ?? []).map(([p, q]) => [str(p), str(q)]),
      a: (change.asks ?? []).map(([p, q]) => [str(p), str(q)]),
    };
    const s = id.toLowerCase();
    this.server.broadcast(`${s}@depth`, payload);
    this.server.broadcast(`${s}@depth@100ms`, payload);
    return { U, u };
  }

  private installRest(): void {
    const s = this.server;
    s.route('GET', '/api/v3/ping', () => ({ json: {} }));
    s.route('GET', '/api/v3/time', () => ({ json: { serverTime: this.serverTime } }));
    s.route('GET', '/api/v3/exchangeInfo', () => ({ json: this.exchangeInfo() }));
    // ccxt also loads linear/inverse futures markets by default; this fake has none.
    s.route('GET', '/fapi/v1/exchangeInfo', () => ({ json: { timezone: 'UTC', serverTime: this.serverTime, symbols: [] } }));
    s.route('GET', '/dapi/v1/exchangeInfo', () => ({ json: { timezone: 'UTC', serverTime: this.serverTime, symbols: [] } }));
    s.route('GET', '/api/v3/klines', (r) => this.klinesRoute(r.query));
    s.route('GET', '/api/v3/aggTrades', (r) => this.aggTradesRoute(r.query));
    s.route('GET', '/api/v3/trades', (r) => this.tradesRoute(r.query));
    s.route('GET', '/api/v3/depth', (r) => this.depthRoute(r.query));
  }

  private badSymbol() {
    return { status: 400, json: { code: -1121, msg: 'Invalid symbol.' } };
  }

  private exchangeInfo() {
    return {
      timezone: 'UTC',
      serverTime: this.serverTime,
      rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 }],
      exchangeFilters: [],
      symbols: [...this.markets.values()].map((m) => ({
        symbol: m.id,
        status: 'TRADING',
        baseAsset: m.base,
        baseAssetPrecision: 8,
        quoteAsset: m.quote,
        quotePrecision: 8,
        quoteAssetPrecision: 8,
        baseCommissionPrecision: 8,
        quoteCommissionPrecision: 8,
        orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
        icebergAllowed: true,
        ocoAllowed: true,
        otoAllowed: true,
        quoteOrderQtyMarketAllowed: true,
        allowTrailingStop: true,
        cancelReplaceAllowed: true,
        isSpotTradingAllowed: true,
        isMarginTradingAllowed: false,
        filters: [
          { filterType: 'PRICE_FILTER', minPrice: m.tickSize ?? '0.01', maxPrice: '1000000.00', tickSize: m.tickSize ?? '0.01' },
          { filterType: 'LOT_SIZE', minQty: m.stepSize ?? '0.00001', maxQty: '9000.00000000', stepSize: m.stepSize ?? '0.00001' },
          { filterType: 'NOTIONAL', minNotional: m.minNotional ?? '5.00000000', applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
        ],
        permissions: [],
        permissionSets: [['SPOT']],
        defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
        allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
      })),
    };
  }

  private klinesRoute(q: URLSearchParams) {
    const id = q.get('symbol') ?? '';
    const interval = q.get('interval') ?? '';
    if (!this.markets.has(id)) return this.badSymbol();
    const ms = INTERVAL_MS[interval];
    if (ms === undefined) return { status: 400, json: { code: -1120, msg: 'Invalid interval.' } };
    const limit = Math.min(1000, Number(q.get('limit') ?? 500));
    const start = q.has('startTime') ? Number(q.get('startTime')) : -Infinity;
    const end = q.has('endTime') ? Number(q.get('endTime')) : Infinity;
    const rows = (this.klines.get(`${id}:${interval}`) ?? []).filter((k) => k[0] >= start && k[0] <= end);
    // Binance returns the most recent `limit` rows when no startTime is given, else the first `limit` from startTime.
    const page = q.has('startTime') ? rows.slice(0, limit) : rows.slice(-limit);
    return {
      json: page.map(([t, o, h, l, c, v]) => [t, str(o), str(h), str(l), str(c), str(v), t + ms - 1, str(v * c), 10, '0', '0', '0']),
    };
  }

  private aggTradesRoute(q: URLSearchParams) {
    const id = q.get('symbol') ?? '';
    if (!this.markets.has(id)) return this.badSymbol();
    const limit = Math.min(1000, Number(q.get('limit') ?? 500));
    const start = q.has('startTime') ? Number(q.get('startTime')) : -Infinity;
    const end = q.has('endTime') ? Number(q.get('endTime')) : Infinity;
    if (q.has('startTime') && q.has('endTime') && end - start > 3_600_000) {
      return { status: 400, json: { code: -1127, msg: 'More than 1 hours between startTime and endTime.' } };
    }
    const fromId = q.has('fromId') ? Number(q.get('fromId')) : -Infinity;
    let rows = (this.trades.get(id) ?? []).filter((t) => t.time >= start && t.time <= end && t.id >= fromId);
    rows = q.has('startTime') || q.has('fromId') ? rows.slice(0, limit) : rows.slice(-limit);
    return { json: rows.map((t) => ({ a: t.id, p: str(t.price), q: str(t.quantity), f: t.id, l: t.id, T: t.time, m: t.buyerMaker, M: true })) };
  }

  private tradesRoute(q: URLSearchParams) {
    const id = q.get('symbol') ?? '';
    if (!this.markets.has(id)) return this.badSymbol();
    const limit = Math.min(1000, Number(q.get('limit') ?? 500));
    const rows = (this.trades.get(id) ?? []).slice(-limit);
    return { json: rows.map((t) => ({ id: t.id, price: str(t.price), qty: str(t.quantity), quoteQty: str(t.price * t.quantity), time: t.time, isBuyerMaker: t.buyerMaker, isBestMatch: true })) };
  }

  private depthRoute(q: URLSearchParams) {
    const id = q.get('symbol') ?? '';
    if (!this.markets.has(id)) return this.badSymbol();
    const limit = Math.min(5000, Number(q.get('limit') ?? 100));
    const book = this.books.get(id) ?? { lastUpdateId: 0, bids: new Map<string, string>(), asks: new Map<string, string>() };
    const sorted = (m: Map<string, string>, desc: boolean) =>
      [...m.entries()].sort((a, b) => (desc ? Number(b[0]) - Number(a[0]) : Number(a[0]) - Number(b[0]))).slice(0, limit);
    return { json: { lastUpdateId: book.lastUpdateId, bids: sorted(book.bids, true), asks: sorted(book.asks, false) } };
  }

  private onWs(client: FakeSocket, message: unknown): void {
    if (typeof message !== 'object' || message === null) return;
    const { method, params, id } = message as { method?: string; params?: unknown; id?: unknown };
    const streams = Array.isArray(params) ? params.map(String) : [];
    if (method === 'SUBSCRIBE') for (const s of streams) client.streams.add(s);
    else if (method === 'UNSUBSCRIBE') for (const s of streams) client.streams.delete(s);
    else if (method === 'LIST_SUBSCRIPTIONS') {
      client.socket.send(JSON.stringify({ result: [...client.streams], id }));
      return;
    } else return;
    client.socket.send(JSON.stringify({ result: null, id }));
  }
}
