/**
 * Runnable example: live trading through `CcxtVenue` — a real ccxt.pro binance client talking to a local fake Binance
 * spot exchange (`@bot/fake-exchange`) on 127.0.0.1, so it runs offline. A strategy buys 0.05 BTC at market on the
 * first bar; the fill comes back over the user-data stream into the kernel's portfolio; a reconciliation then finds
 * an order someone placed by hand in the exchange's web UI and cancels it. Run it with
 * `pnpm exec tsx examples/liveFakeBinance.ts`. With a real exchange, drop the fake and the URL rewrite and pass
 * credentials from the environment.
 */
import { SystemClock } from '@bot/core-types';
import type { Bar, Strategy } from '@bot/core-types';
import { FakeBinance, FakeBinanceOrders } from '@bot/fake-exchange';
import { CcxtVenue, TradingKernel } from '../src/index.js';
import type { ReconcileDifference } from '../src/index.js';
import { BTC, binanceFor } from '../src/live/testing/fakeBinanceHarness.js';

/** What the example returns (for its test). */
export interface LiveExampleResult {
  readonly orderStatus: string;
  readonly fills: readonly { quantity: string; price: string; fee: string }[];
  readonly position: string;
  readonly cash: number;
  readonly differences: readonly Pick<ReconcileDifference, 'kind' | 'action' | 'clientOrderId'>[];
  readonly manualOrderStatus: string;
}

/** Runs the example; resolves once the fill is booked and the reconciliation is done. */
export async function main(): Promise<LiveExampleResult> {
  const fake = await FakeBinance.start();
  fake.addMarket({ symbol: 'BTC/USDT', tickSize: '0.01', stepSize: '0.00001', minNotional: '5' });
  const orders = FakeBinanceOrders.install(fake).setBalance('USDT', 100_000).setPrice('BTC/USDT', 40_000);
  const clock = new SystemClock();
  const differences: ReconcileDifference[] = [];
  const venue = new CcxtVenue({
    exchange: binanceFor(fake),
    instruments: [BTC],
    clock,
    pollIntervalMs: 500,
    reconcileIntervalMs: 0,
    onReconcileDifference: (d) => differences.push(d),
  });
  let bought = false;
  const strategy: Strategy = {
    id: 'buy-once',
    onBar(_bar, ctx) {
      if (bought) return;
      bought = true;
      ctx.submitOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'market', quantity: '0.05' });
    },
  };
  const kernel = new TradingKernel({ clock, venue, instruments: [BTC], account: { currency: 'USDT', initialCash: 100_000 }, strategies: [strategy] });
  try {
    await venue.connect();
    kernel.start();
    const bar: Bar = { type: 'bar', symbol: 'BTC/USDT', timeframe: '1m', openTime: clock.now() - 60_000, open: 40_000, high: 40_000, low: 40_000, close: 40_000, volume: 1 };
    kernel.onMarketEvent(bar);
    await fake.server.waitFor(() => kernel.fills().length === 1, 5000, 'the fill');
    // someone places an order by hand; the next reconciliation cancels it (policy 'cancel', the default)
    orders.placeExternal({ symbol: 'BTC/USDT', side: 'BUY', price: 30_000, quantity: 0.01, clientOrderId: 'web_manual' });
    await venue.reconcile();
    return {
      orderStatus: kernel.orders()[0]!.status,
      fills: kernel.fills().map((f) => ({ quantity: f.quantity.toString(), price: f.price.toString(), fee: `${f.fee.amount.toString()} ${f.fee.currency}` })),
      position: kernel.portfolio.position('BTC/USDT').quantity.toString(),
      cash: kernel.portfolio.cash(),
      differences: differences.map((d) => ({ kind: d.kind, action: d.action, ...(d.clientOrderId === undefined ? {} : { clientOrderId: d.clientOrderId }) })),
      manualOrderStatus: orders.ordersWithClientId('web_manual')[0]!.status,
    };
  } finally {
    kernel.stop();
    await venue.close();
    await fake.server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then((r) => console.log(JSON.stringify(r, null, 2)), (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
