/**
 * loadBarsCsv on several threads. The worker script exists only in the build, so these tests load the built package
 * (`pnpm test` builds first); without a build they are skipped, visibly.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type * as MarketData from '../src/index.js';
import { dataDir, hasData } from './sharedData.js';

const dist = resolve(__dirname, '..', 'dist', 'index.js');
const built = existsSync(dist) && existsSync(resolve(__dirname, '..', 'dist', 'csvChunkWorker.js'));
if (!built) console.warn('parallelLoad.test.ts: packages/market-data/dist is not built; the multi-threaded load tests are skipped');
const md: typeof MarketData | undefined = built ? ((await import(pathToFileURL(dist).href)) as typeof MarketData) : undefined;

const dir = mkdtempSync(join(tmpdir(), 'bot-parallel-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
function write(text: string): string {
  const path = join(dir, `bars${++fileNo}.csv`);
  writeFileSync(path, text);
  return path;
}

const T0 = Date.UTC(2024, 0, 1);
/** Rows of equal length (13-digit epoch ms, fixed decimals), so a split in half falls exactly between two rows. */
function fixedWidthRows(times: readonly number[]): string {
  return times.map((t, i) => `${t},${(100 + (i % 50) / 10).toFixed(4)},${(106 + (i % 50) / 10).toFixed(4)},${(99 + (i % 50) / 10).toFixed(4)},${(101 + (i % 50) / 10).toFixed(4)},${(10 + (i % 7)).toFixed(2)}\n`).join('');
}

function columns(s: MarketData.LoadedBars['series']): number[][] {
  return [s.openTime, s.open, s.high, s.low, s.close, s.volume].map((a) => Array.from(a));
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the load to throw');
}

describe.skipIf(!built)('loadBarsCsv on several threads (built package)', () => {
  const m = md!;
  // the workers get time to start (by default this thread parses the part of a worker that has not started yet)
  const threaded = { threads: 3, parallelMinBytes: 0, workerStartMs: 60_000 } as const;
  const two = { threads: 2, parallelMinBytes: 0, workerStartMs: 60_000 } as const;

  it('gives the same series and report as one thread, and says how many threads parsed', async () => {
    const series = m.generateBars({ seed: 11, bars: 30_000, timeframe: '5m', symbol: 'SYN/USD' });
    const path = join(dir, 'generated.csv');
    await m.writeBarsCsv(path, series);
    const one = m.loadBarsCsv(path, { threads: 1 });
    const many = m.loadBarsCsv(path, threaded);
    expect(one.report.threads).toBe(1);
    expect(many.report.threads).toBe(3);
    expect(columns(many.series)).toEqual(columns(one.series));
    expect(columns(many.series)).toEqual(columns(series));
    const { threads: _a, ...oneReport } = one.report;
    const { threads: _b, ...manyReport } = many.report;
    expect(manyReport).toEqual(oneReport);
    expect(many.series.timeframe).toBe('5m');
  });

  it('reports a bad row in a worker\'s chunk with the same file:line message as one thread', () => {
    const times = Array.from({ length: 3000 }, (_, i) => T0 + i * 60_000);
    const lines = ('timestamp,open,high,low,close,volume\n' + fixedWidthRows(times)).split('\n');
    lines[2900] = lines[2900]!.replace(/,(\d+\.\d{4}),(\d+\.\d{4}),/, ',$1,1.0000,'); // high below low, line 2901
    const path = write(lines.join('\n'));
    const one = errorOf(() => m.loadBarsCsv(path, { threads: 1 }));
    expect(one).toContain(`${path}:2901:`);
    expect(errorOf(() => m.loadBarsCsv(path, threaded))).toBe(one);
  });

  it('catches timestamps that go back exactly at a chunk boundary', () => {
    // 2 x 1000 equal rows: the halves split between rows 1000 and 1001; each half ascends on its own
    const times = [...Array.from({ length: 1000 }, (_, i) => T0 + i * 60_000), ...Array.from({ length: 1000 }, (_, i) => T0 + (i + 500) * 60_000)];
    const path = write(fixedWidthRows(times));
    const one = errorOf(() => m.loadBarsCsv(path, { threads: 1 }));
    expect(one).toContain(`${path}:1001:`);
    expect(one).toMatch(/timestamp out of order/);
    expect(errorOf(() => m.loadBarsCsv(path, two))).toBe(one);
    // unordered data is allowed when asked, on threads too
    const loose = m.loadBarsCsv(path, { ...two, requireAscending: false });
    expect(loose.report.threads).toBe(2);
    expect(Array.from(loose.series.openTime)).toEqual(times);
  });

  it('throws a bad row in the first chunk directly, with its line', () => {
    const times = Array.from({ length: 2000 }, (_, i) => T0 + i * 60_000);
    const lines = fixedWidthRows(times).split('\n');
    lines[4] = lines[4]!.replace(/^(\d+),/, '$1,abc');
    const path = write(lines.join('\n'));
    const one = errorOf(() => m.loadBarsCsv(path, { threads: 1 }));
    expect(one).toContain(`${path}:5:`);
    expect(errorOf(() => m.loadBarsCsv(path, threaded))).toBe(one);
  });

  it('keeps lenient loads and kept extra columns on one thread', () => {
    const times = Array.from({ length: 500 }, (_, i) => T0 + i * 60_000);
    const path = write('time,open,high,low,close,volume,trades\n' + fixedWidthRows(times).replace(/\n/g, ',7\n'));
    expect(m.loadBarsCsv(path, { ...threaded, mode: 'lenient' }).report.threads).toBe(1);
    const kept = m.loadBarsCsv(path, { ...threaded, extraColumns: 'keep' });
    expect(kept.report.threads).toBe(1);
    expect(kept.extras.get('trades')?.length).toBe(500);
    expect(m.loadBarsCsv(path, threaded).report.threads).toBe(3);
  });

  it('any file, any thread count: the same bars as one thread (property)', () => {
    const row = fc.record({
      step: fc.integer({ min: 1, max: 5 }),
      open: fc.double({ min: 1, max: 1e6, noNaN: true }),
      spread: fc.double({ min: 0, max: 0.5, noNaN: true }),
      volume: fc.double({ min: 0, max: 1e9, noNaN: true }),
      digits: fc.integer({ min: 0, max: 8 }),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 120 }), fc.integer({ min: 2, max: 4 }), fc.boolean(), fc.boolean(), (rows, threads, header, crlf) => {
        let t = T0;
        const eol = crlf ? '\r\n' : '\n';
        const text =
          (header ? `Date,Open,High,Low,Close,Volume${eol}` : '') +
          rows
            .map((r) => {
              t += r.step * 60_000;
              const o = Number(r.open.toFixed(r.digits)) || 1;
              return `${new Date(t).toISOString()},${o},${o * (1 + r.spread)},${o / (1 + r.spread)},${o},${r.volume.toFixed(r.digits)}${eol}`;
            })
            .join('');
        const path = write(text);
        const one = m.loadBarsCsv(path, { threads: 1, timeframe: '1m' });
        // default start wait: parts whose worker has not started are parsed here, so 1..threads threads parse
        const many = m.loadBarsCsv(path, { threads, parallelMinBytes: 0, timeframe: '1m' });
        expect(many.report.threads).toBeGreaterThanOrEqual(1);
        expect(many.report.threads).toBeLessThanOrEqual(threads);
        expect(columns(many.series)).toEqual(columns(one.series));
        expect(many.report.rows).toBe(rows.length);
      }),
      { numRuns: 12, seed: 20261121 },
    );
  });

  it('parses a worker\'s part on this thread when the worker has not started (same bars)', () => {
    const times = Array.from({ length: 3000 }, (_, i) => T0 + i * 60_000);
    const path = write(fixedWidthRows(times));
    // a tiny file: this thread is done with its part long before a worker starts (milliseconds against tens of
    // milliseconds), so it nearly always takes the other parts over; whoever parses them, the bars are the same
    const r = m.loadBarsCsv(path, { threads: 4, parallelMinBytes: 0 });
    expect(r.report.threads).toBeGreaterThanOrEqual(1);
    expect(r.report.threads).toBeLessThanOrEqual(4);
    expect(Array.from(r.series.openTime)).toEqual(times);
    expect(columns(r.series)).toEqual(columns(m.loadBarsCsv(path, { threads: 1 }).series));
  });

  it('works in a process started with flags a worker cannot take (node --input-type=module -e)', () => {
    const times = Array.from({ length: 400 }, (_, i) => T0 + i * 60_000);
    const path = write(fixedWidthRows(times));
    const script = `import { loadBarsCsv } from ${JSON.stringify(pathToFileURL(dist).href)};
const r = loadBarsCsv(${JSON.stringify(path)}, { threads: 2, parallelMinBytes: 0, workerStartMs: 60000 });
console.log(JSON.stringify({ rows: r.series.length, threads: r.report.threads }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as { rows: number; threads: number };
    expect(out).toEqual({ rows: 400, threads: 2 }); // a worker that failed to start would leave it to one thread
  });

  it.skipIf(!hasData)('real files from ../shared/data load the same on 2 threads', () => {
    for (const name of readdirSync(dataDir).filter((f) => f.endsWith('.csv'))) {
      const path = join(dataDir, name);
      const one = m.loadBarsCsv(path, { threads: 1 });
      const two = m.loadBarsCsv(path, { threads: 2, parallelMinBytes: 0, workerStartMs: 60_000 });
      expect(two.report.threads, name).toBe(2);
      expect(columns(two.series), name).toEqual(columns(one.series));
      expect(two.report.rows, name).toBe(one.report.rows);
    }
  });
});
