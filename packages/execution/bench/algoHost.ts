/**
 * Cost of hosting execution algorithms in the kernel: (a) 1M one-minute bars through runBarSeries with an idle
 * AlgoHost (no parent) versus with a POV parent that observes every bar (exact decimal volume bookkeeping per bar)
 * and sends a child whenever the allowance grows by the minimum; (b) the cost per child of a TWAP with 100 000
 * slices (timer, sizing, gate, order manager, simulated fill, parent bookkeeping).
 *
 * Run: pnpm exec tsx bench/algoHost.ts   (BARS=n)
 * Figures are CPU time (process.cpuUsage) and wall time; the machine is shared, so compare the lines of one run.
 */
import { ManualClock, createInstrument } from '@bot/core-types';
import type { BarSeries, Strategy } from '@bot/core-types';
import { AlgoHost, SimulatedVenue, TradingKernel, percentageOfVolume, twap } from '../src/index.js';

const N = Number(process.env['BARS'] ?? 1_000_000);
const T0 = 1_600_000_000_000;

function series(n: number): BarSeries {
  let s = 42;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
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
  let p = 100;
  for (let i = 0; i < n; i++) {
    const c = Math.max(1, Math.round(p * (1 + (rnd() - 0.5) * 0.004) * 100) / 100);
    out.openTime[i] = T0 + i * 60_000;
    out.open[i] = p;
    out.close[i] = c;
    out.high[i] = Math.max(p, c) + 0.01;
    out.low[i] = Math.min(p, c) - 0.01;
    out.volume[i] = 1000 + Math.floor(rnd() * 1000);
    p = c;
  }
  return out;
}

function setup(extra: Strategy[] = []) {
  const instrument = createInstrument({ symbol: 'SYN/USD', tickSize: '0.01', lotSize: '0.001' });
  const clock = new ManualClock(T0 - 60_000);
  const venue = new SimulatedVenue({ clock, instruments: [instrument] });
  const host = new AlgoHost({ clock });
  const kernel = new TradingKernel({ clock, venue, instruments: [instrument], account: { currency: 'USD', initialCash: 1e12 }, strategies: [host, ...extra], recordEquity: false });
  kernel.start();
  return { kernel, host };
}

function measure(label: string, fn: () => number, unit: string, per: number, perUnit = unit): void {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  const done = fn();
  const wall = performance.now() - w0;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `${label.padEnd(44)} ${done.toString().padStart(8)} ${unit.padEnd(8)} cpu ${cpuMs.toFixed(0).padStart(6)} ms  wall ${wall.toFixed(0).padStart(6)} ms  ` +
      `${((cpuMs * 1000) / per).toFixed(3)} us cpu per ${perUnit.replace(/s$/, '')}`,
  );
}

const s = series(N);
console.log(`AlgoHost bench, ${N.toLocaleString('en-US')} bars (node ${process.version})`);
measure('runBarSeries, idle AlgoHost', () => {
  const { kernel } = setup();
  kernel.runBarSeries([s]);
  return N;
}, 'bars', N);
measure('runBarSeries, POV 1% parent (watches every bar)', () => {
  const { kernel, host } = setup();
  const id = host.start(percentageOfVolume({ symbol: 'SYN/USD', side: 'buy', quantity: 100_000_000, participation: 0.01, minChildQuantity: 500 }));
  kernel.runBarSeries([s]);
  return host.progress(id)!.children.length;
}, 'children', N, 'bars');
const SLICES = Math.min(100_000, N - 2);
measure(`TWAP of ${SLICES.toLocaleString('en-US')} slices (one per bar)`, () => {
  const { kernel, host } = setup();
  const id = host.start(twap({ symbol: 'SYN/USD', side: 'buy', quantity: SLICES, startTime: T0, endTime: T0 + SLICES * 60_000, slices: SLICES }));
  kernel.runBarSeries([{ ...s, length: SLICES + 2 }]);
  const p = host.progress(id)!;
  if (p.status !== 'completed') throw new Error(`TWAP ended ${p.status}`);
  return p.children.length;
}, 'children', SLICES);
measure(`for scale: a plain strategy, one market order per bar`, () => {
  let n = 0;
  const plain: Strategy = {
    id: 'plain',
    onBar(_b, ctx) {
      if (n++ < SLICES) ctx.submitOrder({ symbol: 'SYN/USD', side: 'buy', type: 'market', quantity: 1 });
    },
  };
  const { kernel } = setup([plain]);
  kernel.runBarSeries([{ ...s, length: SLICES + 2 }]);
  return kernel.fills().length;
}, 'orders', SLICES);
