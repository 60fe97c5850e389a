import { open, rename, rm } from 'node:fs/promises';
import type { Bar, BarSeries } from '@bot/core-types';
import { formatIsoUtc } from './isoTime.js';

/** Options of {@link writeBarsCsv} and {@link writeBarsJsonl}. */
export interface WriteBarsOptions {
  /** `iso` (default, `2018-01-10T04:55:00Z`) or `ms` (epoch milliseconds). */
  readonly timeFormat?: 'iso' | 'ms';
}

/** Bars to write: a columnar series, or bar objects (sync or async). */
export type BarsInput = BarSeries | Iterable<Bar> | AsyncIterable<Bar>;

let tmpCounter = 0;

function isSeries(input: BarsInput): input is BarSeries {
  return (input as BarSeries).openTime instanceof Float64Array;
}

type Row = (t: number, o: number, h: number, l: number, c: number, v: number) => void;

/** Calls `row` for every bar; `flush` after each batch of rows (awaited, so writes apply back-pressure). */
async function forEachRow(input: BarsInput, row: Row, flush: () => Promise<void>): Promise<void> {
  if (isSeries(input)) {
    for (let i = 0; i < input.length; i++) {
      row(input.openTime[i]!, input.open[i]!, input.high[i]!, input.low[i]!, input.close[i]!, input.volume[i]!);
      if ((i & 4095) === 4095) await flush();
    }
  } else if (Symbol.iterator in input) {
    let i = 0;
    for (const b of input) {
      row(b.openTime, b.open, b.high, b.low, b.close, b.volume);
      if ((++i & 4095) === 0) await flush();
    }
  } else {
    let i = 0;
    for await (const b of input) {
      row(b.openTime, b.open, b.high, b.low, b.close, b.volume);
      if ((++i & 4095) === 0) await flush();
    }
  }
  await flush();
}

/**
 * Writes text produced in pieces to `path` atomically: into `path.<pid>.<n>.tmp` first, then `rename`, so readers
 * never see a half-written file and an interrupted write leaves the old file intact (the temp file is removed).
 *
 * @throws the file system's error, about `path` rather than the temp file: code and reason kept, the message ends
 *   `write '<path>'` (e.g. `ENOENT: no such file or directory, write 'out/bars.csv'`); errors of `produce` as they are.
 */
export async function writeFileAtomic(path: string, produce: (write: (text: string) => Promise<void>) => Promise<void>): Promise<void> {
  const tmp = `${path}.${process.pid}.${++tmpCounter}.tmp`;
  let handle;
  try {
    handle = await open(tmp, 'w');
  } catch (error) {
    throw aboutTarget(error, tmp, path);
  }
  const write = async (text: string) => {
    if (text.length > 0) await handle.write(text);
  };
  try {
    await produce(write);
    await handle.close();
    await rename(tmp, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw aboutTarget(error, tmp, path);
  }
}

/**
 * A file-system error about the temp file `tmp` restated about `path`, the file the caller asked for (same code
 * and reason, `syscall: 'write'`); any other error unchanged.
 */
function aboutTarget(error: unknown, tmp: string, path: string): unknown {
  const e = error as NodeJS.ErrnoException;
  if (!(error instanceof Error) || e.code === undefined || e.path !== tmp) return error;
  const comma = e.message.indexOf(', ');
  const reason = comma < 0 ? e.code : e.message.slice(0, comma);
  return Object.assign(new Error(`${reason}, write '${path}'`, { cause: error }), { code: e.code, errno: e.errno, syscall: 'write', path });
}

/**
 * Writes bars as CSV with the header `timestamp,open,high,low,close,volume` (the layout of the shared data files),
 * numbers in JavaScript's shortest round-trip form, atomically (temp file + rename). Reading the file back with
 * {@link loadBarsCsv} gives bit-identical doubles.
 *
 * @example `await writeBarsCsv('out.csv', series)`
 */
export async function writeBarsCsv(path: string, input: BarsInput, options: WriteBarsOptions = {}): Promise<number> {
  const iso = (options.timeFormat ?? 'iso') === 'iso';
  let n = 0;
  await writeFileAtomic(path, async (write) => {
    await write('timestamp,open,high,low,close,volume\n');
    // Row strings joined per batch: much faster than growing one string with += (no deep ropes).
    let batch: string[] = [];
    await forEachRow(
      input,
      (t, o, h, l, c, v) => {
        batch.push((iso ? formatIsoUtc(t) : String(t)) + ',' + o + ',' + h + ',' + l + ',' + c + ',' + v + '\n');
        n++;
      },
      async () => {
        const text = batch.join('');
        batch = [];
        await write(text);
      },
    );
  });
  return n;
}

/**
 * Writes bars as JSON Lines, one `{"timestamp":...,"open":...}` object per line, atomically. Returns the row count.
 * @example `await writeBarsJsonl('out.jsonl', series, { timeFormat: 'ms' })`
 */
export async function writeBarsJsonl(path: string, input: BarsInput, options: WriteBarsOptions = {}): Promise<number> {
  const iso = (options.timeFormat ?? 'iso') === 'iso';
  let n = 0;
  await writeFileAtomic(path, async (write) => {
    let batch: string[] = [];
    await forEachRow(
      input,
      (t, o, h, l, c, v) => {
        const ts = iso ? `"${formatIsoUtc(t)}"` : String(t);
        batch.push('{"timestamp":' + ts + ',"open":' + o + ',"high":' + h + ',"low":' + l + ',"close":' + c + ',"volume":' + v + '}\n');
        n++;
      },
      async () => {
        const text = batch.join('');
        batch = [];
        await write(text);
      },
    );
  });
  return n;
}
