/**
 * Streaming update rate on 1,000,000 values: @bot/strategies vs trading-signals (`add()`), side by side in one run.
 *
 * trading-signals 7.x ships one implementation per indicator on plain numbers (the former `Faster*` classes were
 * folded into the main ones), so its public classes are also its fastest variants. Inputs are generated up front
 * (a seeded random walk; for ATR the `{ high, low, close }` objects trading-signals needs are pre-built outside the
 * timed loop). Each case runs 11 times, alternating the two libraries so machine noise hits both alike; the best CPU time (`process.cpuUsage`, user + system) of each counts, which keeps
 * the figures meaningful on a machine shared with other jobs. Run: `pnpm --filter @bot/strategies bench`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ATR as TsATR, BollingerBands as TsBB, EMA as TsEMA, MACD as TsMACD, RSI as TsRSI, SMA as TsSMA } from 'trading-signals';
import { ATR, Bollinger, EMA, MACD, RSI, SMA } from '../src/index.js';

const N = 1_000_000;
let seed = 42;
const rnd = (): number => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 4294967296;
};
const close = new Float64Array(N);
const high = new Float64Array(N);
const low = new Float64Array(N);
let p = 100;
for (let i = 0; i < N; i++) {
  p = Math.max(1, p + (rnd() - 0.5));
  close[i] = p;
  high[i] = p + rnd();
  low[i] = p - rnd();
}
const candles = Array.from({ length: N }, (_, i) => ({ high: high[i]!, low: low[i]!, close: close[i]! }));

let sink = 0;
const REPS = 11;
/** CPU time (user + system) of `run` in ms: on a shared machine, time spent waiting for a core is not counted. */
function cpuMs(run: () => number): number {
  const c0 = process.cpuUsage();
  sink += run();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

/** Runs both sides alternately (so machine noise hits both alike) and keeps each side's best CPU time in ms. */
function timePair(a: () => number, b: () => number): [number, number] {
  let bestA = Infinity;
  let bestB = Infinity;
  for (let rep = 0; rep < REPS; rep++) {
    bestA = Math.min(bestA, cpuMs(a));
    bestB = Math.min(bestB, cpuMs(b));
  }
  return [bestA, bestB];
}

const cases: { name: string; ours: () => number; theirs: () => number }[] = [
  {
    name: 'SMA(20)',
    ours: () => {
      const x = new SMA(20);
      let s = 0;
      for (let i = 0; i < N; i++) s += x.update(close[i]!) ?? 0;
      return s;
    },
    theirs: () => {
      const x = new TsSMA(20);
      let s = 0;
      for (let i = 0; i < N; i++) s += x.add(close[i]!) ?? 0;
      return s;
    },
  },
  {
    name: 'EMA(20)',
    ours: () => {
      const x = new EMA(20);
      let s = 0;
      for (let i = 0; i < N; i++) s += x.update(close[i]!) ?? 0;
      return s;
    },
    theirs: () => {
      const x = new TsEMA(20);
      let s = 0;
      for (let i = 0; i < N; i++) s += x.add(close[i]!) ?? 0;
      return s;
    },
  },
  {
    name: 'RSI(14)',
    ours: () => {
      const x = new RSI(14);
      let s = 0;
      for (let i = 0; i < N; i++) s += x.update(close[i]!) ?? 0;
      return s;
    },
    theirs: () => {
      const x = new TsRSI(14);
      let s = 0;
      for (let i = 0; i < N; i++) s += x.add(close[i]!) ?? 0;
      return s;
    },
  },
  {
    name: 'Bollinger(20,2)',
    ours: () => {
      const x = new Bollinger(20, 2);
      let s = 0;
      for (let i = 0; i < N; i++) s += x.update(close[i]!)?.upper ?? 0;
      return s;
    },
    theirs: () => {
      const x = new TsBB(20, 2);
      let s = 0;
      for (let i = 0; i < N; i++) s += x.add(close[i]!)?.upper ?? 0;
      return s;
    },
  },
  {
    name: 'MACD(12,26,9)',
    ours: () => {
      const x = new MACD(12, 26, 9);
      let s = 0;
      for (let i = 0; i < N; i++) s += x.update(close[i]!)?.histogram ?? 0;
      return s;
    },
    theirs: () => {
      const x = new TsMACD(new TsEMA(12), new TsEMA(26), new TsEMA(9));
      let s = 0;
      for (let i = 0; i < N; i++) s += x.add(close[i]!)?.histogram ?? 0;
      return s;
    },
  },
  {
    name: 'ATR(14)',
    ours: () => {
      const x = new ATR(14);
      let s = 0;
      for (let i = 0; i < N; i++) s += x.update(high[i]!, low[i]!, close[i]!) ?? 0;
      return s;
    },
    theirs: () => {
      const x = new TsATR(14);
      let s = 0;
      for (let i = 0; i < N; i++) s += x.add(candles[i]!) ?? 0;
      return s;
    },
  },
];

/** Measures one case (in this process) and returns [ours, theirs] updates per second. */
function measure(name: string): [number, number] {
  const c = cases.find((k) => k.name === name);
  if (!c) throw new Error(`unknown case ${name}`);
  const [ours, theirs] = timePair(c.ours, c.theirs);
  return [N / (ours / 1000), N / (theirs / 1000)];
}

const caseArg = process.argv.indexOf('--case');
if (caseArg >= 0) {
  // Child mode: one case per process, so the JIT's type feedback from other cases cannot help or hurt either side.
  console.log(JSON.stringify(measure(process.argv[caseArg + 1]!)));
} else {
  const rows: string[] = [];
  let allPass = true;
  for (const c of cases) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--case', c.name], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (child.status !== 0) throw new Error(`bench case ${c.name} failed: ${child.stderr}`);
    const [oursRate, theirsRate] = JSON.parse(child.stdout.trim().split('\n').pop()!) as [number, number];
    const ratio = oursRate / theirsRate;
    if (ratio < 2) allPass = false;
    rows.push(
      `| ${c.name.padEnd(16)} | ${(oursRate / 1e6).toFixed(1).padStart(12)} | ${(theirsRate / 1e6).toFixed(2).padStart(19)} | ${ratio.toFixed(1).padStart(5)}x |`,
    );
  }
  console.log(`Streaming updates on ${N.toLocaleString('en-US')} values (best CPU time of ${REPS} alternating runs, one process per indicator), Node ${process.version}`);
  console.log('| indicator        | @bot M upd/s | trading-signals M upd/s | ratio  |');
  console.log('|------------------|--------------|---------------------|--------|');
  for (const r of rows) console.log(r);
  console.log(allPass ? 'target met: >= 2x trading-signals on every indicator' : 'TARGET MISSED: some ratio < 2x');
  process.exitCode = allPass ? 0 : 1;
}
if (!Number.isFinite(sink)) console.log('(sink)', sink);
