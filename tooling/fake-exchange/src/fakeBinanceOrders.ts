import { WebSocket } from 'ws';
import type { FakeBinance } from './fakeBinance.js';
import type { FakeRequest, FakeResponse, FakeSocket } from './fakeServer.js';

/** Binance order status strings. */
export type FakeOrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'REJECTED' | 'EXPIRED';

/** One order held by the fake exchange (numbers; the fake rounds to 8 decimals like Binance's wire format). */
export interface FakeOrder {
  readonly orderId: number;
  clientOrderId: string;
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly type: 'LIMIT' | 'MARKET' | 'LIMIT_MAKER';
  readonly timeInForce: string;
  readonly price: number;
  readonly origQty: number;
  executedQty: number;
  cummulativeQuoteQty: number;
  status: FakeOrderStatus;
  readonly time: number;
  updateTime: number;
}

/** One execution of the fake exchange (`/api/v3/myTrades` row). */
export interface FakeFill {
  readonly id: number;
  readonly orderId: number;
  readonly symbol: string;
  readonly price: number;
  readonly qty: number;
  readonly commission: number;
  readonly commissionAsset: string;
  readonly time: number;
  readonly isBuyer: boolean;
  readonly isMaker: boolean;
}

/** Options of {@link FakeBinanceOrders.install}. */
export interface FakeBinanceOrdersOptions {
  /** Fee rate charged on every fill, a fraction of the notional, in the quote asset. Default 0.001. */
  readonly feeRate?: number;
}

interface MarketInfo {
  readonly id: string;
  readonly base: string;
  readonly quote: string;
  readonly tickSize: number;
  readonly stepSize: number;
  readonly minQty: number;
  readonly minNotional: number;
}

const r8 = (x: number) => Math.round(x * 1e8) / 1e8;
const s8 = (x: number) => r8(x).toFixed(8);
const isMultiple = (x: number, step: number) => Math.abs(Math.round(x / step) * step - x) < 1e-9;
const err = (code: number, msg: string, status = 400): FakeResponse => ({ status, json: { code, msg } });

/**
 * The authenticated half of a fake Binance spot exchange, installed on a {@link FakeBinance}: orders
 * (`POST/GET/DELETE /api/v3/order`, `POST /api/v3/order/cancelReplace`, `GET /api/v3/openOrders`, `allOrders`),
 * `GET /api/v3/myTrades`, `GET /api/v3/account`, the listen-key endpoints (`/api/v3/userDataStream`) and the user
 * data stream, both as Binance's WebSocket API subscription (`userDataStream.subscribe.signature` on
 * `/ws-api/v3`, what ccxt 4.5 uses for spot) and as the legacy `/ws/<listenKey>` stream, sending
 * `executionReport` and `outboundAccountPosition` events in Binance's format. Signatures are accepted unchecked.
 *
 * Matching: market orders fill at once at the scripted price ({@link setPrice}) as taker; limit orders rest and fill
 * as maker at their limit when the price crosses them (optionally capped by `liquidity` per crossing, which makes
 * partial fills), or when a test calls {@link fillOrder}. Balances are checked and locked like Binance does
 * (`-2010 Account has insufficient balance for requested action.`); exchange filters are checked with Binance's
 * `-1013 Filter failure: ...` errors; a duplicate `newClientOrderId` of an open order is `-2010 Duplicate order sent.`;
 * a create processed more than `recvWindow` ms (real time) after its `timestamp` is refused with `-1021`, as Binance
 * does, so a request delayed in flight (`server.injectFault(path, { kind: 'delay', ms })`) is applied late only within
 * that window.
 *
 * Faults: {@link delayNextCreate} applies the next create but answers only after a delay (a create that times out
 * at the client yet reached the venue), {@link rejectNext} answers the next create with any Binance error,
 * {@link dropUserStreams} cuts the user data WebSockets; 429 storms use `server.injectFault` on `/api/v3/order`.
 *
 * @example
 * ```ts
 * const fake = await FakeBinance.start();
 * fake.addMarket({ symbol: 'BTC/USDT' });
 * const orders = FakeBinanceOrders.install(fake).setBalance('USDT', 10_000).setPrice('BTC/USDT', 40_000);
 * ```
 */
export class FakeBinanceOrders {
  /** Every order ever accepted, by order id. */
  readonly orders = new Map<number, FakeOrder>();
  /** Every execution, in order. */
  readonly fills: FakeFill[] = [];
  private readonly balances = new Map<string, { free: number; locked: number }>();
  private readonly prices = new Map<string, number>();
  private readonly liquidity = new Map<string, number>();
  private readonly feeRate: number;
  private nextOrderId = 1000;
  private nextTradeId = 5000;
  private createDelays: number[] = [];
  private rejections: { code: number; msg: string }[] = [];
  private readonly listenKeys = new Set<string>();
  private readonly wsApiSubscribers = new Map<FakeSocket, number>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private nextSubscriptionId = 0;

  private constructor(
    readonly fake: FakeBinance,
    options: FakeBinanceOrdersOptions,
  ) {
    this.feeRate = options.feeRate ?? 0.001;
    this.installRoutes();
    fake.server.onWsMessage((client, message) => this.onWs(client, message));
  }

  /** Adds the order API to a running fake Binance. */
  static install(fake: FakeBinance, options: FakeBinanceOrdersOptions = {}): FakeBinanceOrders {
    return new FakeBinanceOrders(fake, options);
  }

  /** Sets the free balance of an asset (locked part unchanged). */
  setBalance(asset: string, free: number): this {
    const b = this.balance(asset);
    b.free = free;
    return this;
  }

  /** Free and locked balance of an asset. */
  balanceOf(asset: string): { free: number; locked: number } {
    const b = this.balance(asset);
    return { free: r8(b.free), locked: r8(b.locked) };
  }

  /**
   * Sets the price of a symbol: market orders fill there; resting limit orders crossed by it fill at their limit
   * (at most `liquidity` base units per order per call when given, which scripts partial fills).
   */
  setPrice(symbol: string, price: number, liquidity?: number): this {
    const id = this.marketId(symbol);
    this.prices.set(id, price);
    if (liquidity === undefined) this.liquidity.delete(id);
    else this.liquidity.set(id, liquidity);
    for (const o of [...this.orders.values()]) {
      if (o.symbol !== id || !this.isOpen(o) || o.type === 'MARKET') continue;
      const crossed = o.side === 'BUY' ? price <= o.price : price >= o.price;
      if (crossed) this.execute(o, Math.min(r8(o.origQty - o.executedQty), liquidity ?? Infinity), o.price, true);
    }
    return this;
  }

  /** Fills `qty` of an open order (by client order id) at `price` (default: its limit) as maker. */
  fillOrder(clientOrderId: string, qty: number, price?: number): FakeFill {
    const o = this.byClientId(clientOrderId, true);
    if (o === undefined) throw new Error(`fake-exchange: no open order ${clientOrderId}`);
    return this.execute(o, qty, price ?? o.price, true)!;
  }

  /** Cancels an open order from the exchange side (as an operator or the venue would). */
  cancelFromVenue(clientOrderId: string): void {
    const o = this.byClientId(clientOrderId, true);
    if (o === undefined) throw new Error(`fake-exchange: no open order ${clientOrderId}`);
    this.cancel(o);
  }

  /** Creates an order directly at the venue (as if placed by another client: a web UI, a previous run). */
  placeExternal(input: { symbol: string; side: 'BUY' | 'SELL'; price: number; quantity: number; clientOrderId: string }): FakeOrder {
    const res = this.create({ symbol: this.marketId(input.symbol), side: input.side, type: 'LIMIT', timeInForce: 'GTC', price: String(input.price), quantity: String(input.quantity), newClientOrderId: input.clientOrderId });
    const json = res.json as { orderId?: number; msg?: string };
    if (json.orderId === undefined) throw new Error(`fake-exchange: ${json.msg ?? 'create failed'}`);
    return this.orders.get(json.orderId)!;
  }

  /** The next create is applied at once but its HTTP response is sent only after `ms` (real time). */
  delayNextCreate(ms: number): this {
    this.createDelays.push(ms);
    return this;
  }

  /** The next create is rejected with this Binance error (HTTP 400 `{code, msg}`), without being applied. */
  rejectNext(code: number, msg: string): this {
    this.rejections.push({ code, msg });
    return this;
  }

  /** Terminates every user data WebSocket (WebSocket API subscriptions and listen-key streams). Returns how many. */
  dropUserStreams(): number {
    let n = 0;
    for (const c of [...this.fake.server.sockets]) {
      if (this.wsApiSubscribers.has(c) || c.path.startsWith('/ws-api') || this.isListenKeyPath(c.path)) {
        c.socket.terminate();
        this.fake.server.sockets.delete(c);
        this.wsApiSubscribers.delete(c);
        n++;
      }
    }
    return n;
  }

  /** Open user data stream connections (subscribed WebSocket API clients plus listen-key streams). */
  get userStreamCount(): number {
    let n = 0;
    for (const c of this.fake.server.sockets) {
      if (c.socket.readyState !== WebSocket.OPEN) continue;
      if (this.wsApiSubscribers.has(c) || this.isListenKeyPath(c.path)) n++;
    }
    return n;
  }

  /** Orders with a given client order id (all states). */
  ordersWithClientId(clientOrderId: string): FakeOrder[] {
    return [...this.orders.values()].filter((o) => o.clientOrderId === clientOrderId);
  }

  /** Open orders (NEW or PARTIALLY_FILLED). */
  openOrders(): FakeOrder[] {
    return [...this.orders.values()].filter((o) => this.isOpen(o));
  }

  // ------------------------------------------------------------------ internals

  private marketId(symbol: string): string {
    return symbol.replace('/', '').toUpperCase();
  }

  private balance(asset: string): { free: number; locked: number } {
    let b = this.balances.get(asset);
    if (b === undefined) this.balances.set(asset, (b = { free: 0, locked: 0 }));
    return b;
  }

  private isOpen(o: FakeOrder): boolean {
    return o.status === 'NEW' || o.status === 'PARTIALLY_FILLED';
  }

  private isListenKeyPath(path: string): boolean {
    const key = path.split('/').pop()?.split('?')[0] ?? '';
    return this.listenKeys.has(key) || [...this.listenKeys].some((k) => path.includes(`listenKey=${k}`));
  }

  private market(id: string): MarketInfo | undefined {
    const info = this.fake.server.handlerOf('GET', '/api/v3/exchangeInfo');
    if (info === undefined) return undefined;
    const res = info({ method: 'GET', path: '/api/v3/exchangeInfo', query: new URLSearchParams(), headers: {}, body: '' }) as FakeResponse;
    const symbols = (res.json as { symbols: { symbol: string; baseAsset: string; quoteAsset: string; filters: Record<string, string>[] }[] }).symbols;
    const s = symbols.find((x) => x.symbol === id);
    if (s === undefined) return undefined;
    const f = (type: string, key: string) => Number(s.filters.find((x) => x['filterType'] === type)?.[key] ?? 0);
    return {
      id,
      base: s.baseAsset,
      quote: s.quoteAsset,
      tickSize: f('PRICE_FILTER', 'tickSize'),
      stepSize: f('LOT_SIZE', 'stepSize'),
      minQty: f('LOT_SIZE', 'minQty'),
      minNotional: f('NOTIONAL', 'minNotional'),
    };
  }

  private params(r: FakeRequest): URLSearchParams {
    const p = new URLSearchParams(r.query);
    for (const [k, v] of new URLSearchParams(r.body)) p.set(k, v);
    return p;
  }

  private byClientId(clientOrderId: string, openOnly = false): FakeOrder | undefined {
    let found: FakeOrder | undefined;
    for (const o of this.orders.values()) {
      if (o.clientOrderId !== clientOrderId) continue;
      if (openOnly && !this.isOpen(o)) continue;
      if (found === undefined || o.orderId > found.orderId) found = o;
    }
    return found;
  }

  private find(p: URLSearchParams): FakeOrder | undefined {
    const symbol = p.get('symbol') ?? '';
    if (p.has('orderId')) {
      const o = this.orders.get(Number(p.get('orderId')));
      return o?.symbol === symbol ? o : undefined;
    }
    const cid = p.get('origClientOrderId');
    if (cid === null) return undefined;
    const o = this.byClientId(cid);
    return o?.symbol === symbol ? o : undefined;
  }

  private installRoutes(): void {
    const s = this.fake.server;
    s.route('POST', '/api/v3/order', async (r) => {
      const delay = this.createDelays.shift();
      const res = this.create(Object.fromEntries(this.params(r)));
      if (delay !== undefined) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            this.timers.delete(t);
            resolve();
          }, delay);
          t.unref();
          this.timers.add(t);
        });
      }
      return res;
    });
    s.route('GET', '/api/v3/order', (r) => {
      const o = this.find(this.params(r));
      return o === undefined ? err(-2013, 'Order does not exist.') : { json: this.orderJson(o) };
    });
    s.route('DELETE', '/api/v3/order', (r) => {
      const p = this.params(r);
      const o = this.find(p);
      if (o === undefined || !this.isOpen(o)) return err(-2011, 'Unknown order sent.');
      this.cancel(o);
      return { json: { ...this.orderJson(o), origClientOrderId: o.clientOrderId, clientOrderId: p.get('newClientOrderId') ?? `cancel${o.orderId}`, transactTime: this.fake.serverTime } };
    });
    s.route('POST', '/api/v3/order/cancelReplace', (r) => this.cancelReplace(this.params(r)));
    s.route('GET', '/api/v3/openOrders', (r) => {
      const symbol = this.params(r).get('symbol');
      return { json: this.openOrders().filter((o) => symbol === null || o.symbol === symbol).map((o) => this.orderJson(o)) };
    });
    s.route('GET', '/api/v3/allOrders', (r) => {
      const p = this.params(r);
      const start = Number(p.get('startTime') ?? -Infinity);
      const rows = [...this.orders.values()].filter((o) => o.symbol === p.get('symbol') && o.time >= start);
      return { json: rows.slice(-Number(p.get('limit') ?? 500)).map((o) => this.orderJson(o)) };
    });
    s.route('GET', '/api/v3/myTrades', (r) => {
      const p = this.params(r);
      const start = Number(p.get('startTime') ?? -Infinity);
      const fromId = Number(p.get('fromId') ?? -Infinity);
      const orderId = p.get('orderId');
      const rows = this.fills.filter(
        (f) => f.symbol === p.get('symbol') && f.time >= start && f.id >= fromId && (orderId === null || f.orderId === Number(orderId)),
      );
      return { json: rows.slice(0, Number(p.get('limit') ?? 500)).map((f) => this.tradeJson(f)) };
    });
    s.route('GET', '/api/v3/account', () => ({
      json: {
        makerCommission: 10,
        takerCommission: 10,
        buyerCommission: 0,
        sellerCommission: 0,
        commissionRates: { maker: String(this.feeRate), taker: String(this.feeRate), buyer: '0', seller: '0' },
        canTrade: true,
        canWithdraw: true,
        canDeposit: true,
        brokered: false,
        requireSelfTradePrevention: false,
        preventSor: false,
        updateTime: this.fake.serverTime,
        accountType: 'SPOT',
        balances: [...this.balances.entries()].map(([asset, b]) => ({ asset, free: s8(b.free), locked: s8(b.locked) })),
        permissions: ['SPOT'],
        uid: 1,
      },
    }));
    const newKey = () => {
      const key = `lk${this.listenKeys.size + 1}${'x'.repeat(56)}`.slice(0, 60);
      this.listenKeys.add(key);
      return { json: { listenKey: key } };
    };
    s.route('POST', '/api/v3/userDataStream', newKey);
    s.route('PUT', '/api/v3/userDataStream', () => ({ json: {} }));
    s.route('DELETE', '/api/v3/userDataStream', () => ({ json: {} }));
  }

  private create(p: Record<string, string>): FakeResponse {
    // Binance refuses a signed request processed more than recvWindow (default 5000) ms after its timestamp
    if (p['timestamp'] !== undefined && Date.now() - Number(p['timestamp']) > Number(p['recvWindow'] ?? 5000)) {
      return err(-1021, 'Timestamp for this request is outside of the recvWindow.');
    }
    const rejection = this.rejections.shift();
    if (rejection !== undefined) return err(rejection.code, rejection.msg);
    const symbol = p['symbol'] ?? '';
    const m = this.market(symbol);
    if (m === undefined) return err(-1121, 'Invalid symbol.');
    const type = p['type'] as FakeOrder['type'];
    if (type !== 'LIMIT' && type !== 'MARKET' && type !== 'LIMIT_MAKER') return err(-1116, 'Invalid orderType.');
    const side = p['side'] as FakeOrder['side'];
    if (side !== 'BUY' && side !== 'SELL') return err(-1117, 'Invalid side.');
    const qty = Number(p['quantity']);
    if (!(qty > 0)) return err(-1102, "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed.");
    const last = this.prices.get(symbol);
    let price = 0;
    if (type !== 'MARKET') {
      price = Number(p['price']);
      if (!(price > 0)) return err(-1102, "Mandatory parameter 'price' was not sent, was empty/null, or malformed.");
      if (!isMultiple(price, m.tickSize)) return err(-1013, 'Filter failure: PRICE_FILTER');
    } else if (last === undefined) {
      return err(-1013, 'Filter failure: NOTIONAL'); // no reference price: Binance cannot value it either
    }
    if (qty < m.minQty || !isMultiple(qty, m.stepSize)) return err(-1013, 'Filter failure: LOT_SIZE');
    const refPrice = type === 'MARKET' ? last! : price;
    if (qty * refPrice < m.minNotional) return err(-1013, 'Filter failure: NOTIONAL');
    const cid = p['newClientOrderId'] ?? `fake${this.nextOrderId}`;
    if (this.byClientId(cid, true) !== undefined) return err(-2010, 'Duplicate order sent.');
    if (type === 'LIMIT_MAKER' && last !== undefined && (side === 'BUY' ? last <= price : last >= price)) {
      return err(-2010, 'Order would immediately match and take.');
    }
    // balance check and lock (a market buy needs the notional plus fee at the current price)
    const needAsset = side === 'BUY' ? m.quote : m.base;
    const need = side === 'BUY' ? qty * refPrice * (1 + this.feeRate) : qty;
    const b = this.balance(needAsset);
    if (b.free + 1e-12 < need) return err(-2010, 'Account has insufficient balance for requested action.');
    const now = this.fake.serverTime;
    const o: FakeOrder = {
      orderId: this.nextOrderId++,
      clientOrderId: cid,
      symbol,
      side,
      type,
      timeInForce: type === 'MARKET' ? 'GTC' : (p['timeInForce'] ?? 'GTC'),
      price,
      origQty: qty,
      executedQty: 0,
      cummulativeQuoteQty: 0,
      status: 'NEW',
      time: now,
      updateTime: now,
    };
    this.orders.set(o.orderId, o);
    if (type !== 'MARKET') {
      b.free = r8(b.free - need);
      b.locked = r8(b.locked + need);
    }
    this.report(o, 'NEW');
    const fills: FakeFill[] = [];
    if (type === 'MARKET') {
      const f = this.execute(o, Math.min(qty, this.liquidity.get(symbol) ?? Infinity), last!, false);
      if (f !== undefined) fills.push(f);
      if (this.isOpen(o)) this.expire(o);
    } else if (last !== undefined && (side === 'BUY' ? last <= price : last >= price)) {
      const f = this.execute(o, Math.min(qty, this.liquidity.get(symbol) ?? Infinity), price, false);
      if (f !== undefined) fills.push(f);
    }
    if (this.isOpen(o) && (o.timeInForce === 'IOC' || o.timeInForce === 'FOK')) this.expire(o);
    const respType = p['newOrderRespType'] ?? (type === 'MARKET' || type === 'LIMIT' ? 'FULL' : 'ACK');
    const base = { symbol, orderId: o.orderId, orderListId: -1, clientOrderId: cid, transactTime: now };
    if (respType === 'ACK') return { json: base };
    const result = { ...this.orderJson(o), ...base, workingTime: now, selfTradePreventionMode: 'NONE' };
    if (respType === 'RESULT') return { json: result };
    return {
      json: {
        ...result,
        fills: fills.map((f) => ({ price: s8(f.price), qty: s8(f.qty), commission: s8(f.commission), commissionAsset: f.commissionAsset, tradeId: f.id })),
      },
    };
  }

  private cancelReplace(p: URLSearchParams): FakeResponse {
    const cancelId = p.get('cancelOrderId');
    const old = cancelId !== null ? this.orders.get(Number(cancelId)) : this.byClientId(p.get('cancelOrigClientOrderId') ?? '', true);
    if (old === undefined || !this.isOpen(old) || old.symbol !== p.get('symbol')) {
      return {
        status: 400,
        json: {
          code: -2022,
          msg: 'Order cancel-replace failed.',
          data: { cancelResult: 'FAILURE', newOrderResult: 'NOT_ATTEMPTED', cancelResponse: { code: -2011, msg: 'Unknown order sent.' }, newOrderResponse: null },
        },
      };
    }
    this.cancel(old);
    const cancelResponse = { ...this.orderJson(old), origClientOrderId: old.clientOrderId };
    const params: Record<string, string> = {};
    for (const [k, v] of p) if (!k.startsWith('cancel')) params[k] = v;
    const created = this.create(params);
    const json = created.json as { code?: number; msg?: string };
    if (json.code !== undefined) {
      return {
        status: 409,
        json: {
          code: -2021,
          msg: 'Order cancel-replace partially failed.',
          data: { cancelResult: 'SUCCESS', newOrderResult: 'FAILURE', cancelResponse, newOrderResponse: { code: json.code, msg: json.msg } },
        },
      };
    }
    return { json: { cancelResult: 'SUCCESS', newOrderResult: 'SUCCESS', cancelResponse, newOrderResponse: created.json } };
  }

  private release(o: FakeOrder, qty: number, price: number): void {
    if (o.type === 'MARKET') return;
    const m = this.market(o.symbol)!;
    if (o.side === 'BUY') {
      const amount = r8(qty * price * (1 + this.feeRate));
      const q = this.balance(m.quote);
      q.locked = r8(q.locked - amount);
      q.free = r8(q.free + amount);
    } else {
      const bb = this.balance(m.base);
      bb.locked = r8(bb.locked - qty);
      bb.free = r8(bb.free + qty);
    }
  }

  private cancel(o: FakeOrder): void {
    this.release(o, r8(o.origQty - o.executedQty), o.price);
    o.status = 'CANCELED';
    o.updateTime = this.fake.serverTime;
    this.report(o, 'CANCELED');
    this.accountUpdate(o.symbol);
  }

  private expire(o: FakeOrder): void {
    this.release(o, r8(o.origQty - o.executedQty), o.price);
    o.status = 'EXPIRED';
    o.updateTime = this.fake.serverTime;
    this.report(o, 'EXPIRED');
  }

  private execute(o: FakeOrder, qtyIn: number, price: number, maker: boolean): FakeFill | undefined {
    const qty = r8(Math.min(qtyIn, o.origQty - o.executedQty));
    if (!(qty > 0)) return undefined;
    const m = this.market(o.symbol)!;
    const notional = r8(qty * price);
    const commission = r8(notional * this.feeRate);
    const base = this.balance(m.base);
    const quote = this.balance(m.quote);
    if (o.side === 'BUY') {
      if (o.type === 'MARKET') quote.free = r8(quote.free - notional - commission);
      else {
        // the lock was taken at the limit price; release it and pay the actual amount
        const locked = r8(qty * o.price * (1 + this.feeRate));
        quote.locked = r8(quote.locked - locked);
        quote.free = r8(quote.free + locked - notional - commission);
      }
      base.free = r8(base.free + qty);
    } else {
      if (o.type === 'MARKET') base.free = r8(base.free - qty);
      else base.locked = r8(base.locked - qty);
      quote.free = r8(quote.free + notional - commission);
    }
    o.executedQty = r8(o.executedQty + qty);
    o.cummulativeQuoteQty = r8(o.cummulativeQuoteQty + notional);
    o.status = o.executedQty >= o.origQty - 1e-12 ? 'FILLED' : 'PARTIALLY_FILLED';
    o.updateTime = this.fake.serverTime;
    const f: FakeFill = {
      id: this.nextTradeId++,
      orderId: o.orderId,
      symbol: o.symbol,
      price,
      qty,
      commission,
      commissionAsset: m.quote,
      time: this.fake.serverTime,
      isBuyer: o.side === 'BUY',
      isMaker: maker,
    };
    this.fills.push(f);
    this.report(o, 'TRADE', f);
    this.accountUpdate(o.symbol);
    return f;
  }

  private orderJson(o: FakeOrder) {
    return {
      symbol: o.symbol,
      orderId: o.orderId,
      orderListId: -1,
      clientOrderId: o.clientOrderId,
      price: s8(o.price),
      origQty: s8(o.origQty),
      executedQty: s8(o.executedQty),
      cummulativeQuoteQty: s8(o.cummulativeQuoteQty),
      status: o.status,
      timeInForce: o.timeInForce,
      type: o.type,
      side: o.side,
      stopPrice: '0.00000000',
      icebergQty: '0.00000000',
      time: o.time,
      updateTime: o.updateTime,
      isWorking: true,
      workingTime: o.time,
      origQuoteOrderQty: '0.00000000',
      selfTradePreventionMode: 'NONE',
    };
  }

  private tradeJson(f: FakeFill) {
    return {
      symbol: f.symbol,
      id: f.id,
      orderId: f.orderId,
      orderListId: -1,
      price: s8(f.price),
      qty: s8(f.qty),
      quoteQty: s8(f.price * f.qty),
      commission: s8(f.commission),
      commissionAsset: f.commissionAsset,
      time: f.time,
      isBuyer: f.isBuyer,
      isMaker: f.isMaker,
      isBestMatch: true,
    };
  }

  /** Sends an `executionReport` to every user data stream. */
  private report(o: FakeOrder, execType: 'NEW' | 'CANCELED' | 'TRADE' | 'EXPIRED', f?: FakeFill): void {
    const now = this.fake.serverTime;
    this.sendUser({
      e: 'executionReport',
      E: now,
      s: o.symbol,
      c: execType === 'CANCELED' ? `cancel${o.orderId}` : o.clientOrderId,
      S: o.side,
      o: o.type,
      f: o.timeInForce,
      q: s8(o.origQty),
      p: s8(o.price),
      P: '0.00000000',
      F: '0.00000000',
      g: -1,
      C: execType === 'CANCELED' ? o.clientOrderId : '',
      x: execType,
      X: o.status,
      r: 'NONE',
      i: o.orderId,
      l: s8(f?.qty ?? 0),
      z: s8(o.executedQty),
      L: s8(f?.price ?? 0),
      n: s8(f?.commission ?? 0),
      N: f?.commissionAsset ?? null,
      T: now,
      t: f?.id ?? -1,
      I: 1,
      w: this.isOpen(o),
      m: f?.isMaker ?? false,
      M: false,
      O: o.time,
      Z: s8(o.cummulativeQuoteQty),
      Y: s8((f?.qty ?? 0) * (f?.price ?? 0)),
      Q: '0.00000000',
      W: o.time,
      V: 'NONE',
    });
  }

  private accountUpdate(symbol: string): void {
    const m = this.market(symbol)!;
    this.sendUser({
      e: 'outboundAccountPosition',
      E: this.fake.serverTime,
      u: this.fake.serverTime,
      B: [m.base, m.quote].map((a) => ({ a, f: s8(this.balance(a).free), l: s8(this.balance(a).locked) })),
    });
  }

  private sendUser(event: Record<string, unknown>): void {
    for (const c of this.fake.server.sockets) {
      if (c.socket.readyState !== WebSocket.OPEN) continue;
      const sub = this.wsApiSubscribers.get(c);
      if (sub !== undefined) c.socket.send(JSON.stringify({ subscriptionId: sub, event }));
      else if (this.isListenKeyPath(c.path)) c.socket.send(JSON.stringify(event));
    }
  }

  private onWs(client: FakeSocket, message: unknown): void {
    if (typeof message !== 'object' || message === null) return;
    const { method, id } = message as { method?: string; id?: unknown };
    if (method === 'userDataStream.subscribe.signature' || method === 'userDataStream.subscribe') {
      const sub = this.nextSubscriptionId++;
      this.wsApiSubscribers.set(client, sub);
      client.socket.on('close', () => this.wsApiSubscribers.delete(client));
      client.socket.send(JSON.stringify({ id, status: 200, result: { subscriptionId: sub }, rateLimits: [] }));
    } else if (method === 'userDataStream.unsubscribe') {
      this.wsApiSubscribers.delete(client);
      client.socket.send(JSON.stringify({ id, status: 200, result: {} }));
    }
  }
}
