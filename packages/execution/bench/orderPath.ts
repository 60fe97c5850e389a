/**
 * Cost of the kernel's order path: 200k one-minute bars, a strategy that calls `setTargetWeight` every other bar
 * (all-in long, then flat; ~17k fills at the next open with a 0.1% taker fee, the rest declined for funds), next to
 * the same run without orders. Prints, per repetition, the CPU time of both runs (process.cpuUsage: all threads,
 * GC included) and the order path's CPU per fill; then, deterministically (not timing), the heap each fill keeps
 * alive after the run (orders, fills, verdicts and their exact amounts, measured after full GCs).
 *
 * Run: pnpm exec tsx bench/orderPath.ts   (REPS=n)
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ManualClock, createInstrument } from '@bot/core-types';
import type { Bar, BarSeries, Strategy, StrategyContext } from '@bot/core-types';
import { SimulatedVenue, TradingKernel } from '../src/index.js';

const N = 200_000;
const series: BarSeries = {
  symbol: 'SYN/USD',
  timeframe: '1m',
  length: N,
  openTime: new Float64Array(N),
  open: new Float64Array(N),
  high: new Float64Array(N),
  low: new Float64Array(N),
  close: new Float64Array(N),
  volume: new Float64Array(N),
};
for (let i = 0; i < N; i++) {
  const p = 100 + Math.round(Math.sin(i / 7) * 500) / 100;
  series.openTime[i] = 1_600_000_000_000 + i * 60_000;
  series.open[i] = p;
  series.high[i] = p + 0.5;
  series.low[i] = p - 0.5;
  series.close[i] = p + 0.01;
  series.volume[i] = 1000;
}

class Flip implements Strategy {
  readonly id = 'flip';
  private k = 0;
  constructor(private readonly trade: boolean) {}
  onBar(bar: Bar, ctx: StrategyContext): void {
    ctx.bars(bar.symbol);
    if (this.trade && (this.k++ & 1) === 0) ctx.setTargetWeight(bar.symbol, (this.k & 2) === 0 ? 1 : 0);
  }
}

function kernel(trade: boolean): TradingKernel {
  const inst = createInstrument({ symbol: 'SYN/USD', tickSize: '0.01', lotSize: '0.00000001', takerFee: '0.001', makerFee: '0.001' });
  const clock = new ManualClock(0);
  const venue = new SimulatedVenue({ clock, instruments: [inst] });
  return new TradingKernel({ clock, venue, instruments: [inst], account: { currency: 'USD', initialCash: 100_000 }, strategies: [new Flip(trade)] });
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const reps = Number(process.env['REPS'] ?? 6);
for (let rep = 0; rep < reps; rep++) {
  const k1 = kernel(true);
  const c0 = cpuMs();
  k1.runBarSeries([series]);
  const withOrders = cpuMs() - c0;
  const k2 = kernel(false);
  const c1 = cpuMs();
  k2.runBarSeries([series]);
  const quiet = cpuMs() - c1;
  console.log(
    `run ${rep + 1}: ${N} bars, ${k1.fillCount} fills | with orders ${withOrders.toFixed(0)} ms cpu | without ${quiet.toFixed(0)} ms cpu | ` +
      `order path ~${(((withOrders - quiet) / k1.fillCount) * 1000).toFixed(1)} us cpu per fill`,
  );
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const k = kernel(true);
gc();
gc();
const h0 = process.memoryUsage().heapUsed;
k.runBarSeries([series]);
gc();
gc();
const h1 = process.memoryUsage().heapUsed;
console.log(`heap kept per fill after the run: ${((h1 - h0) / k.fillCount).toFixed(0)} B (${k.fillCount} fills, ${k.orders().length} orders)`);
