/**
 * Event-loop throughput of TradingKernel.runBarSeries on 1M synthetic bars (one symbol, 1m bars, seeded random
 * walk), with (a) a strategy that does nothing, (b) a tiny SMA(10)/SMA(30) crossover (long-only, all-in, orders at
 * the next open, 0.1% taker fee), and a bare hand-written JS loop computing the same crossover for scale.
 *
 * Run: pnpm exec tsx bench/kernelLoop.ts   (BARS=n, REPS=n, ONLY=sma to skip the idle run)
 *
 * Wall times on a shared machine swing a lot; the cpu figures (process.cpuUsage, all threads incl. GC) and the
 * bare-loop figure printed next to them help to judge how loaded the machine was.
 */
import { ManualClock, createInstrument } from '@bot/core-types';
import type { Bar, BarSeries, Strategy, StrategyContext } from '@bot/core-types';
import { SimulatedVenue, TradingKernel } from '../src/index.js';

const N = Number(process.env['BARS'] ?? 1_000_000);

function makeSeries(n: number, seed = 42): BarSeries {
  let s = seed >>> 0;
  const rnd = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = {
    symbol: 'SYN/USD',
    timeframe: '1m' as const,
    length: n,
    openTime: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  let price = 100;
  for (let i = 0; i < n; i++) {
    const o = price;
    const c = Math.max(1, o * (1 + (rnd() - 0.5) * 0.004));
    const h = Math.max(o, c) * (1 + rnd() * 0.001);
    const l = Math.min(o, c) * (1 - rnd() * 0.001);
    out.openTime[i] = 1_600_000_000_000 + i * 60_000;
    out.open[i] = Math.round(o * 100) / 100;
    out.close[i] = Math.round(c * 100) / 100;
    out.high[i] = Math.max(out.open[i]!, out.close[i]!, Math.round(h * 100) / 100);
    out.low[i] = Math.min(out.open[i]!, out.close[i]!, Math.round(l * 100) / 100);
    out.volume[i] = 1000 + Math.floor(rnd() * 1000);
    price = c;
  }
  return out;
}

class Idle implements Strategy {
  readonly id = 'idle';
  n = 0;
  onBar(): void {
    this.n++;
  }
}

/** SMA cross with incremental sums over ctx.bars() (cross judged vs the last bar where the averages differed). */
class SmaCross implements Strategy {
  readonly id = 'sma-cross';
  crosses = 0;
  /** With trade = false the crossover is computed but no order is sent (isolates the order path's cost). */
  constructor(
    private readonly trade = true,
    private readonly fast = 10,
    private readonly slow = 30,
  ) {}
  private signal(ctx: StrategyContext, symbol: string, weight: number): void {
    this.crosses++;
    if (this.trade) ctx.setTargetWeight(symbol, weight);
  }
  private fastSum = 0;
  private slowSum = 0;
  private lastDiff = 0;
  onBar(bar: Bar, ctx: StrategyContext): void {
    const h = ctx.bars(bar.symbol);
    const n = h.length;
    this.fastSum += bar.close;
    this.slowSum += bar.close;
    if (n > this.fast) this.fastSum -= h.close(this.fast);
    if (n > this.slow) this.slowSum -= h.close(this.slow);
    if (n < this.slow) return;
    const diff = this.fastSum / this.fast - this.slowSum / this.slow;
    if (diff > 0 && this.lastDiff <= 0 && n > this.slow) this.signal(ctx, bar.symbol, 1);
    else if (diff < 0 && this.lastDiff >= 0 && n > this.slow) this.signal(ctx, bar.symbol, 0);
    if (diff !== 0) this.lastDiff = diff;
  }
}

function run(series: BarSeries, strategy: Strategy): { ms: number; cpuMs: number; fills: number; equity: number } {
  const inst = createInstrument({ symbol: 'SYN/USD', tickSize: '0.01', lotSize: '0.00000001', takerFee: '0.001', makerFee: '0.001' });
  const clock = new ManualClock(0);
  const venue = new SimulatedVenue({ clock, instruments: [inst] });
  const kernel = new TradingKernel({ clock, venue, instruments: [inst], account: { currency: 'USD', initialCash: 100_000 }, strategies: [strategy] });
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  kernel.runBarSeries([series]);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, fills: kernel.fills().length, equity: kernel.portfolio.equity() };
}

function bareLoop(series: BarSeries): { ms: number; trades: number } {
  const t0 = performance.now();
  const c = series.close;
  let fs = 0;
  let ss = 0;
  let last = 0;
  let trades = 0;
  for (let i = 0; i < series.length; i++) {
    fs += c[i]!;
    ss += c[i]!;
    if (i >= 10) fs -= c[i - 10]!;
    if (i >= 30) ss -= c[i - 30]!;
    if (i < 29) continue;
    const d = fs / 10 - ss / 30;
    if ((d > 0 && last <= 0) || (d < 0 && last >= 0)) trades++;
    if (d !== 0) last = d;
  }
  return { ms: performance.now() - t0, trades };
}

const series = makeSeries(N);
const rate = (ms: number) => `${((N / ms) * 1000 / 1e6).toFixed(2)} M bars/s`;
const reps = Number(process.env['REPS'] ?? 3);
for (let rep = 0; rep < reps; rep++) {
  const onlySma = process.env['ONLY'] === 'sma';
  const idle = onlySma ? { ms: NaN, cpuMs: NaN } : run(series, new Idle());
  const sma = run(series, new SmaCross());
  const quiet = run(series, new SmaCross(false));
  const bare = bareLoop(series);
  console.log(
    `run ${rep + 1}: ${N} bars | idle strategy ${idle.ms.toFixed(0)} ms wall (${rate(idle.ms)}; cpu ${idle.cpuMs.toFixed(0)} ms) | ` +
      `SMA(10/30) cross ${sma.ms.toFixed(0)} ms wall (${rate(sma.ms)}; cpu ${sma.cpuMs.toFixed(0)} ms, ${sma.fills} fills, equity ${sma.equity.toFixed(2)}) | ` +
      `SMA without orders ${quiet.ms.toFixed(0)} ms wall (cpu ${quiet.cpuMs.toFixed(0)} ms) | ` +
      `bare JS loop ${bare.ms.toFixed(1)} ms (${rate(bare.ms)}) | ` +
      `order path ~${(((sma.cpuMs - quiet.cpuMs) / Math.max(1, sma.fills)) * 1000).toFixed(1)} us cpu per fill`,
  );
}
