/**
 * One pass of the parity scenario in a fresh process, to see where a one-shot `bot backtest` spends its event loop:
 * `full` is the scenario as `bot backtest` runs it; `no-orders` runs the same `sma-cross` strategy (same indicators,
 * same bars, same kernel, venue and portfolio) with its signals and orders switched off, so the difference between
 * the two is the cost of the 25,084 orders and fills in a process where V8 has not optimised the order path yet.
 *
 * Prints one JSON object: `runMs` (the event loop), `gcMs` (garbage collection inside it, from `gc` performance
 * entries), `pageFaults` (minor page faults inside it), `fills`, and where in the run the time goes: `firstMs`, the
 * first 196,608 bars (three progress blocks of 65,536, while V8 is still optimising the bar and order paths), and
 * `laterMsPer65k`, the median time of each later block of 65,536 bars (both `null` for a file too short to have them).
 *
 * Run: `tsx bench/coldKernel.ts <csv> [full|no-orders]` (bench/backtest.ts runs it three times per mode).
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Strategy, StrategyContext, StrategyDefinition } from '@bot/core-types';
import { loadBarsCsv } from '@bot/market-data';
import { builtInStrategies } from '@bot/strategies';
import { barIndexAt } from '../src/barIndexAt.js';
import { type StrategyRegistryLike, findStrategy, runBacktest } from '../src/index.js';

/** `sma-cross` with `emitSignal` and `setTargetWeight` made no-ops: the bar path alone. */
export function withoutOrders(definition: StrategyDefinition): StrategyDefinition {
  return {
    ...definition,
    create(params, options): Strategy {
      const inner = definition.create(params, options);
      let quiet: StrategyContext | undefined;
      return {
        id: inner.id,
        onBar(bar, ctx) {
          // sma-cross reads only `bars` from its context
          quiet ??= { bars: (s: string) => ctx.bars(s), emitSignal: () => undefined, setTargetWeight: () => undefined } as unknown as StrategyContext;
          inner.onBar!(bar, quiet);
        },
      };
    },
  };
}

/**
 * Splits the time of the later blocks (each 65,536 bars from bar `first` on, V8 done optimising) into a cost per bar
 * and a cost per fill, by least squares over the blocks: `ms = msPer65kBars + usPerFill * fills / 1000`. The blocks
 * differ in how many orders they hold (the generated prices cross less often late in the file), so the median block
 * alone says little about the order path. `usPerFill` is null when every block has the same number of fills (orders
 * switched off); `null` altogether when there are fewer than two later blocks.
 */
export function fitLaterBlocks(
  reports: readonly { done: number; at: number }[],
  first: number,
  openTime: ArrayLike<number>,
  fillTimes: readonly number[],
): { blocks: number; msPer65kBars: number; usPerFill: number | null } | null {
  // bar index of each fill (fills are stamped with the open time of the bar they fill on)
  const fillBars = fillTimes.map((t) => barIndexAt(openTime, t));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let k = 1; k < reports.length; k++) {
    const a = reports[k - 1]!;
    const b = reports[k]!;
    if (a.done < first || b.done - a.done !== 65_536) continue;
    xs.push(fillBars.filter((i) => i >= a.done && i < b.done).length);
    ys.push(b.at - a.at);
  }
  if (xs.length < 2) return null;
  const mx = xs.reduce((u, v) => u + v, 0) / xs.length;
  const my = ys.reduce((u, v) => u + v, 0) / ys.length;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxx += (xs[i]! - mx) ** 2;
    sxy += (xs[i]! - mx) * (ys[i]! - my);
  }
  if (sxx === 0) return { blocks: xs.length, msPer65kBars: my, usPerFill: null };
  const slope = sxy / sxx;
  return { blocks: xs.length, msPer65kBars: my - slope * mx, usPerFill: slope * 1000 };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2];
  const mode = process.argv[3] ?? 'full';
  if (file === undefined || (mode !== 'full' && mode !== 'no-orders')) {
    console.error('usage: tsx bench/coldKernel.ts <csv> [full|no-orders]');
    process.exit(2);
  }
  const series = loadBarsCsv(file, { symbol: 'SYN/USD' }).series;
  const smaCross = findStrategy(builtInStrategies as unknown as StrategyRegistryLike, 'sma-cross');
  const definition = mode === 'full' ? smaCross : withoutOrders(smaCross);
  let from = 0;
  let to = Number.POSITIVE_INFINITY;
  let faults = 0;
  let gcMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.startTime >= from && e.startTime <= to) gcMs += e.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
  let calls = 0;
  const stopwatch = (): number => {
    const t = performance.now();
    const f = process.resourceUsage().minorPageFault;
    if (calls++ === 0) {
      from = t;
      faults = -f;
    } else {
      to = t;
      faults += f;
    }
    return t;
  };
  // progress reports come at bar 256 and then at every multiple of 65,536
  const reports: { done: number; at: number }[] = [];
  const onProgress = (done: number): void => {
    reports.push({ done, at: performance.now() });
  };
  const r = runBacktest({ data: series, strategies: [{ definition, params: { fast: 10, slow: 30 } }], fee: '0.001', initialCash: '10000', stopwatch, onProgress });
  // gc entries are delivered asynchronously
  await new Promise((done) => setTimeout(done, 50));
  observer.disconnect();
  const FIRST = 3 * 65_536;
  const cut = reports.find((p) => p.done === FIRST);
  const later: number[] = [];
  for (let k = 1; k < reports.length; k++) {
    const a = reports[k - 1]!;
    const b = reports[k]!;
    if (a.done >= FIRST && b.done - a.done === 65_536) later.push(b.at - a.at);
  }
  later.sort((a, b) => a - b);
  const firstMs = cut === undefined ? null : cut.at - from;
  const laterMsPer65k = later.length === 0 ? null : later[later.length >> 1]!;
  const laterFit = fitLaterBlocks(reports, FIRST, series.openTime, r.fills.map((f) => f.time));
  console.log(JSON.stringify({ mode, runMs: r.run.runMs, gcMs, pageFaults: faults, fills: r.fills.length, firstMs, laterMsPer65k, laterFit }));
}
