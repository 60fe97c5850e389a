/**
 * Parse + validate a 1M-row OHLCV CSV: loadBarsCsv versus the plain `Date.parse` + `Number` loop.
 * Run: pnpm exec tsx bench/csvParse.ts [rows]
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
} finally {
  rmSync(dir, { recursive: true, force: true });
}
