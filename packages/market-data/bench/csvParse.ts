/**
 * Parse + validate a 1M-row OHLCV CSV: loadBarsCsv versus the plain `Date.parse` + `Number` loop, then the built
 * package's `loadBarsCsv` in fresh processes on one thread and on the default number of threads (what `bot
 * backtest` does once per run; the worker script exists only in the build, so run `pnpm build` first).
 * Run: pnpm exec tsx bench/csvParse.ts [rows]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateBars, loadBarsCsv, parseBarsCsv, writeBarsCsv } from '../src/index.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'bench-csv-'));
const file = join(dir, 'bars.csv');

/** The naive reference: split lines and fields, Date.parse + Number, same validation rules. */
function naive(text: string): number {
  const lines = text.split('\n');
  const t = new Float64Array(lines.length);
  const o = new Float64Array(lines.length);
  const h = new Float64Array(lines.length);
  const l = new Float64Array(lines.length);
  const c = new Float64Array(lines.length);
  const v = new Float64Array(lines.length);
  let n = 0;
  let last = -Infinity;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const f = line.split(',');
    const ts = Date.parse(f[0]!);
    const op = Number(f[1]);
    const hi = Number(f[2]);
    const lo = Number(f[3]);
    const cl = Number(f[4]);
    const vo = Number(f[5]);
    if (!(ts > last) || !(op > 0 && hi >= lo && hi >= op && hi >= cl && lo <= op && lo <= cl && lo > 0 && vo >= 0)) {
      throw new Error(`bad row ${i + 1}`);
    }
    last = ts;
    t[n] = ts; o[n] = op; h[n] = hi; l[n] = lo; c[n] = cl; v[n] = vo;
    n++;
  }
  return n;
}

/** Best of `repeats` runs, by wall time and by CPU time of this process (the machine is shared: CPU time is the steadier figure). */
function best(label: string, fn: () => number, repeats = 5): number {
  let bestMs = Infinity;
  let bestCpuMs = Infinity;
  let count = 0;
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    count = fn();
    bestMs = Math.min(bestMs, performance.now() - t0);
    const c = process.cpuUsage(c0);
    bestCpuMs = Math.min(bestCpuMs, (c.user + c.system) / 1000);
  }
  const rate = count / (bestMs / 1000);
  const cpuRate = count / (bestCpuMs / 1000);
  console.log(`${label.padEnd(44)} ${count} rows: wall ${bestMs.toFixed(1)} ms = ${(rate / 1e6).toFixed(2)} M rows/s | CPU ${bestCpuMs.toFixed(1)} ms = ${(cpuRate / 1e6).toFixed(2)} M rows/CPU-s`);
  return rate;
}

/** `loadBarsCsv` of the built package in a fresh process, one thread against the default, interleaved (medians of 7). */
function freshProcessLoads(): void {
  const dist = resolve(import.meta.dirname, '..', 'dist', 'index.js');
  if (!existsSync(dist)) {
    console.log('fresh-process loads: skipped (packages/market-data is not built; run pnpm build)');
    return;
  }
  const script = `import { loadBarsCsv } from ${JSON.stringify(pathToFileURL(dist).href)};
const t = performance.now(); const r = loadBarsCsv(process.argv[1], process.argv[2] === '1' ? { threads: 1 } : {});
console.log(JSON.stringify({ ms: performance.now() - t, rows: r.series.length, threads: r.report.threads }));`;
  const runs: Record<string, number[]> = { one: [], many: [] };
  let threads = 1;
  for (let r = 0; r < 7; r++) {
    for (const mode of ['one', 'many'] as const) {
      const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script, file, mode === 'one' ? '1' : 'default'], { encoding: 'utf8' })) as { ms: number; threads: number };
      runs[mode]!.push(out.ms);
      if (mode === 'many') threads = out.threads;
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const line = (label: string, xs: number[]) => console.log(`${label.padEnd(44)} median ${median(xs).toFixed(0)} ms = ${(rows / median(xs) / 1e3).toFixed(2)} M rows/s (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`fresh process, built package (${availableParallelism()} cores), interleaved:`);
  line('  loadBarsCsv, threads: 1', runs.one!);
  line(`  loadBarsCsv, default (${threads} threads)`, runs.many!);
}

try {
  const t0 = performance.now();
  const series = generateBars({ seed: 1, bars: rows, timeframe: '1m' });
  const t1 = performance.now();
  await writeBarsCsv(file, series);
  const t2 = performance.now();
  console.log(`generated ${rows} bars in ${(t1 - t0).toFixed(0)} ms, wrote CSV in ${(t2 - t1).toFixed(0)} ms`);
  const bytes = readFileSync(file);
  const text = bytes.toString('latin1');
  console.log(`file: ${(bytes.length / 1e6).toFixed(1)} MB`);
  const naiveRate = best('naive Date.parse + Number (string in memory)', () => naive(text));
  const oursMem = best('parseBarsCsv (bytes in memory)', () => parseBarsCsv(bytes, file).series.length);
  best('loadBarsCsv (including readFileSync)', () => loadBarsCsv(file).series.length);
  console.log(`speed-up over naive: x${(oursMem / naiveRate).toFixed(2)}`);
  freshProcessLoads();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
