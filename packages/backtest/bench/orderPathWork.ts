/**
 * How much work the kernel does per order and fill in the parity scenario, counted instead of timed: the call count
 * is the same on every run and every VM and the byte count varies by about 10%, so a change to the order path can be
 * judged even when its effect on the fresh-process `runMs` is below the run-to-run noise of a shared 2-core VM
 * (often 15-30%).
 *
 * For one pass of the event loop (from the kernel's first stopwatch call to its last progress report, so neither
 * the CSV load nor the summary after the loop is counted) it measures, with `sma-cross` orders on and switched off
 * (`withoutOrders` of coldKernel.ts: same bars, indicators, venue and portfolio):
 * - bytes allocated on the JavaScript heap once V8 has optimised the loop (after two unmeasured passes of each;
 *   median of three measured passes): the growth of the used heap between garbage collections, summed over the
 *   collections inside the loop (`v8.GCProfiler` reports the used heap before and after each); objects that
 *   escape analysis removes are not allocated and not counted;
 * - JavaScript function calls, from V8's precise coverage call counts (every call of every function loaded from a
 *   file: the packages and their dependencies, not Node's internals). Counting calls makes V8 drop its optimised
 *   code and stop inlining, so it comes last and says nothing about speed: it shows how many layers an order
 *   passes through, and fewer calls is less code to interpret and to compile in a fresh process.
 * The difference between the two runs, divided by the number of fills, is the cost of one order and its fill.
 * The functions with the most calls per fill are listed below, so the order path's layers are visible.
 *
 * Run: `pnpm exec tsx bench/orderPathWork.ts [bars]` (default 1,000,000); `TOP=n` lists the top n functions (default 25).
 */
import { Session } from 'node:inspector';
import { GCProfiler, getHeapStatistics } from 'node:v8';
import type { BarSeries, StrategyDefinition } from '@bot/core-types';
import { loadBarsCsv } from '@bot/market-data';
import { builtInStrategies } from '@bot/strategies';
import { type StrategyRegistryLike, findStrategy, runBacktest } from '../src/index.js';
import { parityCsv } from './benchData.js';
import { withoutOrders } from './coldKernel.js';

interface Work {
  readonly fills: number;
  /** Function calls (`calls` pass). */
  readonly calls: number;
  /** Bytes allocated (`bytes` pass). */
  readonly bytes: number;
  /** Calls per function (`name file@offset`). */
  readonly byFunction: Map<string, number>;
}

interface CoverageFunction {
  readonly functionName: string;
  readonly ranges: readonly { readonly startOffset: number; readonly count: number }[];
}
interface GcStatistic {
  readonly beforeGC: { readonly heapStatistics: { readonly usedHeapSize: number } };
  readonly afterGC: { readonly heapStatistics: { readonly usedHeapSize: number } };
}

/** Posts an inspector command; an in-process session answers synchronously, which the loop hooks rely on. */
function post<T>(session: Session, method: string, params: object = {}): T {
  let out: T | undefined;
  let failure: Error | null = null;
  session.post(method, params, (err, res) => {
    failure = err;
    out = res as T;
  });
  if (failure !== null) throw failure;
  if (out === undefined) throw new Error(`inspector ${method} did not answer synchronously`);
  return out;
}

/** Bytes allocated from `start` to `end` (used heap sizes) with the given collections in between. */
function allocatedBetween(start: number, gcs: readonly GcStatistic[], end: number): number {
  let allocated = 0;
  let used = start;
  for (const gc of gcs) {
    allocated += gc.beforeGC.heapStatistics.usedHeapSize - used;
    used = gc.afterGC.heapStatistics.usedHeapSize;
  }
  return allocated + end - used;
}

function measure(session: Session, series: BarSeries, definition: StrategyDefinition, what: 'bytes' | 'calls'): Work {
  let started = false;
  let coverage: { url: string; functions: CoverageFunction[] }[] = [];
  let bytes = 0;
  let gcProfiler: GCProfiler | undefined;
  let usedAtStart = 0;
  const stopwatch = (): number => {
    if (!started) {
      started = true;
      if (what === 'calls') post(session, 'Profiler.takePreciseCoverage'); // resets the counters: count from here
      else {
        gcProfiler = new GCProfiler();
        gcProfiler.start();
        usedAtStart = getHeapStatistics().used_heap_size;
      }
    }
    return performance.now();
  };
  const onProgress = (done: number, total: number): void => {
    if (done !== total || !started) return;
    started = false;
    if (what === 'calls') coverage = post<{ result: typeof coverage }>(session, 'Profiler.takePreciseCoverage').result;
    else {
      const usedAtEnd = getHeapStatistics().used_heap_size;
      bytes = allocatedBetween(usedAtStart, gcProfiler!.stop().statistics, usedAtEnd);
    }
  };
  const r = runBacktest({ data: series, strategies: [{ definition, params: { fast: 10, slow: 30 } }], fee: '0.001', initialCash: '10000', stopwatch, onProgress });
  const byFunction = new Map<string, number>();
  let calls = 0;
  for (const script of coverage) {
    if (!script.url.startsWith('file:')) continue; // Node's own internals (timers, streams) run on their own schedule
    const where = script.url.split('/').slice(-3).join('/');
    for (const f of script.functions) {
      const count = f.ranges[0]?.count ?? 0;
      if (count === 0) continue;
      calls += count;
      const key = `${f.functionName || '(anonymous)'} ${where}@${f.ranges[0]!.startOffset}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + count);
    }
  }
  return { fills: r.fills.length, calls, bytes, byFunction };
}

const bars = Number(process.argv[2] ?? 1_000_000);
const file = await parityCsv(bars);
const smaCross = findStrategy(builtInStrategies as unknown as StrategyRegistryLike, 'sma-cross');
const quiet = withoutOrders(smaCross);
const series = loadBarsCsv(file, { symbol: 'SYN/USD' }).series;
const session = new Session();
session.connect();
for (let k = 0; k < 2; k++) {
  runBacktest({ data: series, strategies: [{ definition: smaCross, params: { fast: 10, slow: 30 } }], fee: '0.001', initialCash: '10000' });
  runBacktest({ data: series, strategies: [{ definition: quiet, params: { fast: 10, slow: 30 } }], fee: '0.001', initialCash: '10000' });
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const bytesOnRuns: number[] = [];
const bytesOffRuns: number[] = [];
for (let k = 0; k < 3; k++) {
  bytesOnRuns.push(measure(session, series, smaCross, 'bytes').bytes);
  bytesOffRuns.push(measure(session, series, quiet, 'bytes').bytes);
}
const bytesOn = median(bytesOnRuns);
const bytesOff = median(bytesOffRuns);
post(session, 'Profiler.enable');
post(session, 'Profiler.startPreciseCoverage', { callCount: true, detailed: false });
const on = measure(session, series, smaCross, 'calls');
const off = measure(session, series, quiet, 'calls');
session.disconnect();

const fills = on.fills;
const perFill = (x: number): string => (fills === 0 ? 'n/a' : (x / fills).toFixed(1));
console.log(`parity scenario, ${bars.toLocaleString('en-US')} bars, ${fills} fills (event loop only; counted, not timed)`);
console.log(`  function calls:  ${on.calls.toLocaleString('en-US')} with orders, ${off.calls.toLocaleString('en-US')} without = ${perFill(on.calls - off.calls)} per fill`);
console.log(`  bytes allocated: ${(bytesOn / 1e6).toFixed(1)} MB with orders, ${(bytesOff / 1e6).toFixed(1)} MB without = ${perFill(bytesOn - bytesOff)} B per fill (optimised loop)`);
const rows = [...on.byFunction].map(([k, v]) => [k, v - (off.byFunction.get(k) ?? 0)] as const).filter(([, v]) => v > 0);
rows.sort((a, b) => b[1] - a[1]);
console.log('  calls per fill by function (top 25 of the order path):');
for (const [k, v] of rows.slice(0, Number(process.env.TOP ?? 25))) console.log(`    ${perFill(v).padStart(6)}  ${k}`);
