import { afterEach, describe, expect, it } from 'vitest';
import type { EngineStatus } from '../engineStatus.js';
import { EngineMetrics } from './engineMetrics.js';
import { StatusServer } from './statusServer.js';

function status(overrides: Partial<EngineStatus> = {}): EngineStatus {
  return {
    runMode: 'paper',
    tradingMode: 'normal',
    currency: 'USD',
    now: 1_700_000_000_000,
    startedAt: 1_700_000_000_000,
    equity: 101_000,
    cash: 50_000,
    initialEquity: 100_000,
    realizedPnl: 400,
    unrealizedPnl: 600,
    fees: 12.5,
    equityCurve: { time: [1_700_000_000_000, 1_700_000_060_000], equity: [100_000, 101_000] },
    positions: [{ symbol: 'BTC/USD', quantity: 1.5, averageEntryPrice: 33_000, markPrice: 33_400, unrealizedPnl: 600 }],
    openOrders: [],
    recentFills: [{ time: 1_700_000_000_000, symbol: 'BTC/USD', side: 'buy', quantity: 1.5, price: 33_000, fee: 12.5 }],
    risk: { peakEquity: 101_000, drawdown: 0, approved: 3, resized: 1, rejected: 2, lastRejection: 'max-order-notional' },
    killSwitch: { state: 'armed', backend: 'simulated' },
    feed: { name: 'replay:bars.csv', healthy: true, stale: false, eventsProcessed: 42, finished: false },
    ...overrides,
  };
}

describe('StatusServer', () => {
  let server: StatusServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function start(current: () => EngineStatus): Promise<string> {
    const metrics = new EngineMetrics();
    metrics.fills.inc(2);
    server = new StatusServer({ host: '127.0.0.1', port: 0, status: current, metrics, pushIntervalMs: 20 });
    return server.listen();
  }

  it('serves the status snapshot as JSON', async () => {
    const url = await start(() => status());
    const body = (await (await fetch(`${url}api/status`)).json()) as EngineStatus;
    expect(body.equity).toBe(101_000);
    expect(body.positions[0]?.symbol).toBe('BTC/USD');
  });

  it('healthz is 200 when healthy and 503 with reasons when the feed is stale or the kill switch latched', async () => {
    let current = status();
    const url = await start(() => current);
    let res = await fetch(`${url}healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', tradingMode: 'normal' });
    current = status({
      tradingMode: 'emergency',
      killSwitch: { state: 'triggered', reason: 'button', backend: 'simulated' },
      feed: { name: 'ccxt:binance', healthy: false, stale: true, eventsProcessed: 1, finished: false },
    });
    res = await fetch(`${url}healthz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { problems: string[] };
    expect(body.problems).toEqual(['feed ccxt:binance unhealthy (stale)', 'kill switch triggered: button']);
  });

  it('exposes Prometheus metrics refreshed from the snapshot', async () => {
    const url = await start(() => status({ tradingMode: 'pause' }));
    const text = await (await fetch(`${url}metrics`)).text();
    expect(text).toMatch(/^bot_equity 101000$/m);
    expect(text).toMatch(/^bot_fills_total 2$/m);
    expect(text).toMatch(/^bot_trading_mode\{mode="pause"\} 1$/m);
    expect(text).toMatch(/^bot_trading_mode\{mode="normal"\} 0$/m);
  });

  it('is read-only: every method but GET/HEAD is refused with 405', async () => {
    const url = await start(() => status());
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await fetch(`${url}api/status`, { method });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
    }
    expect((await fetch(`${url}nope`)).status).toBe(404);
  });

  it('serves a dashboard page with no forms or buttons, and pushes live snapshots over server-sent events', async () => {
    let equity = 100_000;
    const url = await start(() => status({ equity }));
    const page = await (await fetch(url)).text();
    expect(page).toContain('<title>@bot engine</title>');
    expect(page).not.toMatch(/<form|<button|method="post"/i);
    const res = await fetch(`${url}api/events`);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const seen: number[] = [];
    let buffer = '';
    // The first snapshot arrives on connect; after the state changes, a later push must carry the new value.
    while (!seen.includes(100_500)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value);
      for (const match of buffer.matchAll(/data: (.*)\n\n/g)) seen.push((JSON.parse(match[1]!) as EngineStatus).equity);
      buffer = buffer.slice(buffer.lastIndexOf('\n\n') + 2);
      if (seen.length > 0) equity = 100_500;
    }
    await reader.cancel();
    expect(seen[0]).toBe(100_000);
    expect(seen.at(-1)).toBe(100_500);
  });
});
