import type { Bar, Fill, Strategy } from '@bot/core-types';
import { afterEach, describe, expect, it } from 'vitest';
import { TradingKernel } from '../tradingKernel.js';
import { BTC, T0, startHarness, type Harness } from './testing/fakeBinanceHarness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Buys 0.05 BTC at market on the first bar, nothing else. */
function buyFirstBar(): Strategy & { fills: Fill[] } {
  let done = false;
  const fills: Fill[] = [];
  return {
    id: 'buy-once',
    fills,
    onBar(_bar, ctx) {
      if (done) return;
      done = true;
      ctx.submitOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'market', quantity: '0.05' });
    },
    onFill(fill) {
      fills.push(fill);
    },
  };
}

const bar = (i: number, close: number): Bar => ({ type: 'bar', symbol: 'BTC/USDT', timeframe: '1m', openTime: T0 + i * 60_000, open: close, high: close, low: close, close, volume: 10 });

describe('TradingKernel + CcxtVenue end to end (fake Binance, real ccxt)', () => {
  it('a strategy buys on the first bar; the fill comes back through the user-data stream into the portfolio', async () => {
    h = await startHarness({ venue: { pollIntervalMs: 1e9 } }); // no polling: only the stream can bring the fill
    // RESULT responses carry no fills: the fill can only arrive through the stream
    (h.exchange.options as Record<string, unknown>)['newOrderRespType'] = { market: 'RESULT', limit: 'RESULT' };
    h.orders.setPrice('BTC/USDT', 40_100);
    const strategy = buyFirstBar();
    const kernel = new TradingKernel({ clock: h.clock, venue: h.venue, instruments: [BTC], account: { currency: 'USDT', initialCash: 100_000 }, strategies: [strategy] });
    await h.venue.connect();
    await h.fake.server.waitFor(() => h!.orders.userStreamCount === 1, 3000, 'user stream subscribed');
    kernel.start();
    h.clock.advanceTo(T0 + 60_000);
    kernel.onMarketEvent(bar(0, 40_000));
    expect(kernel.orders()).toHaveLength(1);
    expect(kernel.orders()[0]!.status).toBe('submitted'); // asynchronous venue: nothing is known yet
    await h.waitFor(() => kernel.fills().length === 1, 'the fill in the kernel', 10);
    const order = kernel.orders()[0]!;
    expect(order.status).toBe('filled');
    expect(order.venueOrderId).toBe(String(h.orders.ordersWithClientId(order.clientOrderId)[0]!.orderId));
    expect(h.venue.stats.fillsFromStream).toBe(1);
    expect(h.venue.stats.fillsFromResponse).toBe(0);
    expect(strategy.fills).toHaveLength(1);
    // the portfolio: +0.05 BTC at 40 100, cash 100 000 - 2005 - 2.005 fee (0.1 %), computed by hand
    expect(kernel.portfolio.position('BTC/USDT').quantity.toString()).toBe('0.05');
    expect(kernel.portfolio.cash()).toBeCloseTo(100_000 - 0.05 * 40_100 - 0.05 * 40_100 * 0.001, 9);
    // the venue holds exactly what the kernel booked
    expect(h.orders.balanceOf('BTC').free).toBe(1.05);
    expect(h.orders.ordersWithClientId(order.clientOrderId)).toHaveLength(1);
    // a later bar does not buy again
    kernel.onMarketEvent(bar(1, 40_200));
    await new Promise((r) => setTimeout(r, 50));
    expect(kernel.orders()).toHaveLength(1);
  });
});
