/**
 * Speed and memory of the parity scenario (SMA(10)/SMA(30) crossover, next-open fills, 0.1% fee, all-in) on 1M
 * generated bars:
 * 1. in-process: CSV load time and the event loop (`run.runMs`) in bars per second, next to a bare hand-written
 *    JS loop of the same strategy (no kernel, no orders: the floor) and a hand-written loop that makes the same
 *    trades with exact money (`handWrittenLoop.ts`: the fair peer), also timed in a fresh process;
 * 2. the whole `bot backtest ... --json` process (load + run + write JSON), wall time and peak RSS
 *    (`/usr/bin/time -v` when available, else the child's `maxRSS` from `process.resourceUsage` of a wrapper).
 *
 * Targets (issue): event loop >= 5M bars/s; whole process < 2 s; peak memory < 500 MB.
 * Run: pnpm exec tsx bench/backtest.ts [bars]   (needs a built CLI: pnpm --filter @bot/cli build)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadBarsCsv } from '@bot/market-data';
import { builtInStrategies } from '@bot/strategies';
import { type StrategyRegistryLike, findStrategy, runBacktest } from '../src/index.js';
import { parityCsv } from './benchData.js';
import { handWrittenExactLoop } from './handWrittenLoop.js';

const bars = Number(process.argv[2] ?? 1_000_000);
const file = await parityCsv(bars);
const smaCross = findStrategy(builtInStrategies as unknown as StrategyRegistryLike, 'sma-cross');

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const loadTimes: number[] = [];
const cpuTimes: number[] = [];
const runTimes: number[] = [];
let series = loadBarsCsv(file, { symbol: 'SYN/USD' }).series;
let trades = 0;
/** The kernel's fills and final equity, to check the hand-written peer against. */
let kernelFills = 0;
let kernelEquity = 0;
for (let k = 0; k < 5; k++) {
  const t0 = performance.now();
  series = loadBarsCsv(file, { symbol: 'SYN/USD' }).series;
  loadTimes.push(performance.now() - t0);
  const r = runBacktest({ data: series, strategies: [{ definition: smaCross, params: { fast: 10, slow: 30 } }], fee: '0.001', initialCash: '10000' });
  runTimes.push(r.run.runMs);
  // The same run timed in CPU time of this thread (robust when other processes share the cores).
  const c = runBacktest({ data: series, strategies: [{ definition: smaCross, params: { fast: 10, slow: 30 } }], fee: '0.001', initialCash: '10000', stopwatch: cpuMs });
  cpuTimes.push(c.run.runMs);
  trades = r.metrics.trades;
  kernelFills = r.fills.length;
  kernelEquity = r.metrics.finalEquity;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

// The floor: the same decisions in a bare loop over the arrays (running sums, crossover memory, all-in at the open).
function bareLoop(): number {
  const c = series.close;
  const o = series.open;
  const n = series.length;
  let sf = 0;
  let ss = 0;
  let last = 0;
  let cash = 10_000;
  let pos = 0;
  let pending = 0;
  for (let i = 0; i < n; i++) {
    if (pending === 1) {
      const q = cash / (c[i - 1]! * 1.001);
      if (q * o[i]! * 1.001 <= cash) {
        cash -= q * o[i]! * 1.001;
        pos = q;
      }
    } else if (pending === -1) {
      cash += pos * o[i]! * 0.999;
      pos = 0;
    }
    pending = 0;
    sf += c[i]!;
    ss += c[i]!;
    if (i >= 10) sf -= c[i - 10]!;
    if (i >= 30) ss -= c[i - 30]!;
    if (i < 29) continue;
    const d = sf / 10 - ss / 30;
    const sign = d > 0 ? 1 : d < 0 ? -1 : 0;
    if (sign === 1 && last === -1 && pos === 0) pending = 1;
    else if (sign === -1 && last === 1 && pos > 0) pending = -1;
    if (sign !== 0) last = sign;
  }
  return cash + pos * c[n - 1]!;
}
const bareTimes: number[] = [];
for (let k = 0; k < 5; k++) {
  const t0 = performance.now();
  bareLoop();
  bareTimes.push(performance.now() - t0);
}

// The fair peer of the kernel: the same trades written by hand with exact money (see handWrittenLoop.ts).
const handTimes: number[] = [];
let hand = handWrittenExactLoop(series);
for (let k = 0; k < 5; k++) {
  const t0 = performance.now();
  hand = handWrittenExactLoop(series);
  handTimes.push(performance.now() - t0);
}
const sameTrades = hand.fills === kernelFills && Math.abs(hand.finalEquity - kernelEquity) <= 1e-9 * Math.abs(kernelEquity);

/**
 * Runs `script` three times, each in a fresh process started the way this bench was (tsx's loader flags are in
 * execArgv), and parses the JSON each prints; exits the bench when one fails.
 */
function freshRuns<T>(script: string, args: readonly string[], label: string): T[] {
  const out: T[] = [];
  for (let k = 0; k < 3; k++) {
    const p = spawnSync(process.execPath, [...process.execArgv, script, ...args], { encoding: 'utf8' });
    if (p.status !== 0) {
      console.log(`  ${label} process failed: ${p.stderr.slice(0, 500)}`);
      process.exit(1);
    }
    out.push(JSON.parse(p.stdout) as T);
  }
  return out;
}

const rate = (ms: number) => `${((series.length / ms) * 1000 / 1e6).toFixed(2)}M bars/s`;
console.log(`parity scenario, ${series.length.toLocaleString('en-US')} bars, ${trades} round trips`);
console.log(`  CSV load (median of 5):         ${median(loadTimes).toFixed(0)} ms`);
console.log(`  event loop runMs (median of 5): ${median(runTimes).toFixed(0)} ms = ${rate(median(runTimes))} (best ${rate(Math.min(...runTimes))}; target >= 5M bars/s)`);
console.log(`  event loop CPU time (median of 5): ${median(cpuTimes).toFixed(0)} ms = ${rate(median(cpuTimes))} (best ${rate(Math.min(...cpuTimes))})`);
console.log(`  bare hand-written JS loop:      ${median(bareTimes).toFixed(1)} ms = ${rate(median(bareTimes))} (issue: ~14M bars/s); backtrader (issue): ~0.0216M bars/s`);
console.log(
  `  hand-written loop, exact money (median of 5): ${median(handTimes).toFixed(0)} ms = ${rate(median(handTimes))}; ${hand.fills} fills, ${sameTrades ? 'the same fills and final equity as the kernel' : `DIFFERS from the kernel (${kernelFills} fills)`}`,
);

const cli = resolve(import.meta.dirname, '..', '..', '..', 'apps', 'cli', 'dist', 'bot.js');
if (!existsSync(cli)) {
  console.log(`  whole process: skipped, build the CLI first (pnpm --filter @bot/cli build)`);
} else {
  const args = [cli, 'backtest', '--data', file, '--symbol', 'SYN/USD', '--strategy', 'sma-cross', '--json'];
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const walls: number[] = [];
  let rss = 'n/a';
  const cpus: number[] = [];
  let inner = '';
  const coldRuns: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    const p = timeBin === undefined ? spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 }) : spawnSync(timeBin, ['-v', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
    walls.push(performance.now() - t0);
    if (p.status !== 0) {
      console.log(`  whole process failed: ${p.stderr.slice(0, 500)}`);
      process.exit(1);
    }
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(p.stderr);
    if (m !== null) rss = `${(Number(m[1]) / 1024).toFixed(0)} MB`;
    const user = /User time \(seconds\): ([\d.]+)/.exec(p.stderr);
    const sys = /System time \(seconds\): ([\d.]+)/.exec(p.stderr);
    if (user !== null && sys !== null) cpus.push((Number(user[1]) + Number(sys[1])) * 1000);
    const json = JSON.parse(p.stdout) as { run: { bars: number; loadMs: number; runMs: number }; fills: unknown[] };
    coldRuns.push(json.run.runMs);
    inner = `loadMs ${json.run.loadMs.toFixed(0)}, ${json.fills.length} fills, ${(p.stdout.length / 1e6).toFixed(1)} MB JSON`;
  }
  console.log(`  whole \`bot backtest --json\` process (median of 3): ${median(walls).toFixed(0)} ms wall${cpus.length > 0 ? `, ${median(cpus).toFixed(0)} ms CPU (user+sys)` : ''} (target < 2000 ms); ${inner}`);
  // One pass in a fresh process: the kernel's code is still being compiled by V8 during this loop.
  console.log(`  its runMs (cold process, one pass; median of 3): ${median(coldRuns).toFixed(0)} ms = ${rate(median(coldRuns))} (runs: ${coldRuns.map((x) => x.toFixed(0)).join(', ')} ms)`);
  const t0 = performance.now();
  spawnSync(process.execPath, [cli, '--version']);
  console.log(`  of which CLI start-up (\`bot --version\`, the modules every command loads at start-up): ${(performance.now() - t0).toFixed(0)} ms`);
  const handScript = resolve(import.meta.dirname, 'handWrittenLoop.ts');
  const handCold = freshRuns<{ runMs: number }>(handScript, [file], 'hand-written loop').map((r) => r.runMs);
  console.log(`  hand-written exact loop, cold process (median of 3): ${median(handCold).toFixed(0)} ms = ${rate(median(handCold))} (runs: ${handCold.map((x) => x.toFixed(0)).join(', ')} ms)`);
  // Where the cold event loop goes: the same run with the strategy's orders switched off (see coldKernel.ts).
  const coldScript = resolve(import.meta.dirname, 'coldKernel.ts');
  for (const mode of ['full', 'no-orders'] as const) {
    const runs = freshRuns<{
      runMs: number;
      gcMs: number;
      pageFaults: number;
      firstMs: number | null;
      laterMsPer65k: number | null;
      laterFit: { blocks: number; msPer65kBars: number; usPerFill: number | null } | null;
    }>(coldScript, [file, mode], 'cold kernel');
    const ms = median(runs.map((r) => r.runMs));
    console.log(
      `  kernel, cold process, ${mode === 'full' ? 'as bot backtest runs it' : 'orders switched off    '} (median of 3): ${ms.toFixed(0)} ms = ${rate(ms)}; GC ${median(runs.map((r) => r.gcMs)).toFixed(0)} ms, ${median(runs.map((r) => r.pageFaults))} page faults`,
    );
    const first = runs.map((r) => r.firstMs);
    const later = runs.map((r) => r.laterMsPer65k);
    if (first.every((x) => x !== null) && later.every((x) => x !== null)) {
      console.log(
        `    of which the first 196,608 bars (V8 still optimising): ${median(first).toFixed(0)} ms; each later 65,536 bars: ${median(later).toFixed(1)} ms (medians)`,
      );
    } else console.log('    (no split into the first 196,608 bars and later blocks: the run needs at least 262,144 bars)');
    const fits = runs.map((r) => r.laterFit);
    if (fits.every((f) => f !== null)) {
      const perFill = fits.map((f) => f!.usPerFill);
      console.log(
        `    later blocks split by least squares (${fits[0]!.blocks} blocks, they hold different numbers of orders): ${median(fits.map((f) => f!.msPer65kBars)).toFixed(1)} ms per 65,536 bars${perFill.every((x) => x !== null) ? ` + ${median(perFill as number[]).toFixed(2)} µs per fill (its order and GC included)` : ''} (medians)`,
      );
    }
  }
  console.log(`  peak RSS: ${rss} (target < 500 MB)${timeBin === undefined ? ' (/usr/bin/time missing)' : ''}`);
}
