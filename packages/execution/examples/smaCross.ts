/**
 * Runnable example: a long-only SMA(5)/SMA(20) crossover on a seeded random walk of 2 000 one-hour bars, traded
 * through the TradingKernel with the SimulatedVenue (next-open fills, 0.1% taker fee, 2 bps slippage, all-in
 * sizing, buys clipped to the available cash). Run it with `pnpm exec tsx examples/smaCross.ts`.
 */
import { ManualClock, barSeriesFromBars, createInstrument } from '@bot/core-types';
import type { Bar, BarSeries, Strategy } from '@bot/core-types';
import { SimulatedVenue, TradingKernel, slippage } from '../src/index.js';

function randomWalk(n: number, seed: number): BarSeries {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const bars: Bar[] = [];
  let price = 100;
  for (let i = 0; i < n; i++) {
    const open = price;
    const close = Math.max(1, Math.round(open * (1 + (rnd() - 0.5) * 0.02) * 100) / 100);
    const high = Math.round(Math.max(open, close) * (1 + rnd() * 0.005) * 100) / 100;
    const low = Math.round(Math.min(open, close) * (1 - rnd() * 0.005) * 100) / 100;
    bars.push({ type: 'bar', symbol: 'DEMO/USD', timeframe: '1h', openTime: Date.UTC(2024, 0, 1) + i * 3_600_000, open, high, low, close, volume: 1_000 });
    price = close;
  }
  return barSeriesFromBars(bars);
}

/** Long when SMA(fast) > SMA(slow), flat otherwise; decisions on closed bars only. */
function smaCross(fast: number, slow: number): Strategy {
  let prevDiff = 0;
  return {
    id: `sma-cross-${fast}-${slow}`,
    onBar(bar, ctx) {
      const h = ctx.bars(bar.symbol);
      if (h.length < slow) return;
      const mean = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const diff = mean(h.closes(fast)) - mean(h.closes(slow));
      if (diff > 0 && prevDiff <= 0) ctx.setTargetWeight(bar.symbol, 1);
      if (diff < 0 && prevDiff >= 0) ctx.setTargetWeight(bar.symbol, 0);
      if (diff !== 0) prevDiff = diff;
    },
  };
}

export function main(): { bars: number; fills: number; finalEquity: string; feesPaid: string; firstFill: string } {
  const series = randomWalk(2_000, 7);
  const instrument = createInstrument({ symbol: 'DEMO/USD', tickSize: '0.01', lotSize: '0.0001', takerFee: '0.001', makerFee: '0.001' });
  const clock = new ManualClock(series.openTime[0]!);
  // all-in sizes at the decision close; with slippage the next open costs a little more than the cash, so let the
  // venue fill what the cash pays for instead of rejecting the order (the default, like an exchange or backtrader)
  const venue = new SimulatedVenue({ clock, instruments: [instrument], slippage: slippage.fixedBps(2), insufficientFunds: 'clip' });
  const kernel = new TradingKernel({
    clock,
    venue,
    instruments: [instrument],
    account: { currency: 'USD', initialCash: 10_000 },
    strategies: [smaCross(5, 20)],
  });
  kernel.runBarSeries([series]);
  const fills = kernel.fills();
  const f0 = fills[0];
  return {
    bars: series.length,
    fills: fills.length,
    finalEquity: kernel.portfolio.exactEquity().toFixed(2),
    feesPaid: kernel.portfolio.fees().get('USD')!.toFixed(2),
    firstFill: f0 === undefined ? 'none' : `${f0.side} ${f0.quantity.toString()} @ ${f0.price.toString()}`,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(main());
