import { Agent } from 'node:http';
import { ManualClock, createInstrument } from '@bot/core-types';
import type { Instrument, VenueEvent } from '@bot/core-types';
import { FakeBinance, FakeBinanceOrders } from '@bot/fake-exchange';
import ccxt, { type Exchange } from 'ccxt';
import { CcxtVenue } from '../ccxtVenue.js';
import type { CcxtVenueOptions } from '../ccxtVenueOptions.js';

/** Start of the tests' clock (epoch ms). */
export const T0 = Date.UTC(2024, 0, 1);

/** BTC/USDT as the fake lists it: tick 0.01, step 0.00001, min notional 5. */
export const BTC: Instrument = createInstrument({ symbol: 'BTC/USDT', tickSize: '0.01', lotSize: '0.00001', minQuantity: '0.00001', minNotional: '5', venue: 'binance', takerFee: '0.001', makerFee: '0.001' });

/** Points every REST and WebSocket URL of a ccxt exchange at a local server (same as @bot/market-data's helper). */
export function pointAt(exchange: Exchange, httpBase: string): void {
  const http = new URL(httpBase);
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string' && /^(https?|wss?):\/\//.test(value)) {
      const u = new URL(value);
      const proto = u.protocol.startsWith('ws') ? 'ws:' : 'http:';
      return `${proto}//${http.host}${u.pathname === '/' && !value.endsWith('/') ? '' : u.pathname}${u.search}`;
    }
    if (Array.isArray(value)) return value.map(rewrite);
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v)]));
    return value;
  };
  const urls = exchange.urls as Record<string, unknown>;
  exchange.urls = { ...urls, api: rewrite(urls['api']) } as Exchange['urls'];
  const ex = exchange as { httpAgent?: unknown };
  ex.httpAgent ??= new Agent();
}

/** A real ccxt.pro binance (credentials are dummies: the fake accepts any signature) pointed at the fake. */
export function binanceFor(fake: FakeBinance, timeoutMs = 2000, recvWindowMs?: number): Exchange {
  const ex = new ccxt.pro.binance({
    apiKey: 'test-key',
    secret: 'test-secret',
    enableRateLimit: false,
    timeout: timeoutMs,
    options: {
      fetchCurrencies: false,
      fetchMargins: false,
      fetchMarkets: { types: ['spot'] },
      warnOnFetchOpenOrdersWithoutSymbol: false,
      ...(recvWindowMs === undefined ? {} : { recvWindow: recvWindowMs }),
    },
  });
  pointAt(ex, fake.httpUrl);
  return ex;
}

/** A fake Binance with orders, a ccxt exchange on it, a ManualClock and a CcxtVenue collecting its events. */
export interface Harness {
  readonly fake: FakeBinance;
  readonly orders: FakeBinanceOrders;
  readonly exchange: Exchange;
  readonly clock: ManualClock;
  readonly venue: CcxtVenue;
  readonly events: VenueEvent[];
  /** Alternates short real waits (network I/O) with clock advances of `stepMs` until `predicate()` holds. */
  waitFor(predicate: () => boolean, what: string, stepMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a {@link Harness}. */
export async function startHarness(options: { timeoutMs?: number; recvWindowMs?: number; venue?: Partial<CcxtVenueOptions> } = {}): Promise<Harness> {
  const fake = await FakeBinance.start();
  fake.addMarket({ symbol: 'BTC/USDT', tickSize: '0.01', stepSize: '0.00001', minNotional: '5' });
  const orders = FakeBinanceOrders.install(fake).setBalance('USDT', 100_000).setBalance('BTC', 1).setPrice('BTC/USDT', 40_000);
  const exchange = binanceFor(fake, options.timeoutMs, options.recvWindowMs);
  const clock = new ManualClock(T0);
  const events: VenueEvent[] = [];
  const venue = new CcxtVenue({
    exchange,
    instruments: [BTC],
    clock,
    retry: { baseDelayMs: 100, maxDelayMs: 1000, maxAttempts: 6 },
    reconcileIntervalMs: 0,
    pollIntervalMs: 1000,
    streamRetryMs: 3000,
    ambiguityWindowMs: 1000,
    ...options.venue,
  });
  venue.setEventHandler((e) => events.push(e));
  const waitFor = async (predicate: () => boolean, what: string, stepMs = 50) => {
    for (let i = 0; i < 600; i++) {
      if (predicate()) return;
      await new Promise((r) => setTimeout(r, 10));
      if (predicate()) return;
      clock.advanceBy(stepMs);
    }
    throw new Error(`harness: ${what} did not happen`);
  };
  return {
    fake,
    orders,
    exchange,
    clock,
    venue,
    events,
    waitFor,
    close: async () => {
      await venue.close();
      await fake.server.close();
    },
  };
}
