import { readFileSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { type Bar, BotError, isBotError, parseBar, parseTimeframe, type Timeframe, ValidationError } from '@bot/core-types';
import { BarColumns } from './barColumns.js';
import type { SkippedLine } from './csvBarParser.js';
import { epochToMs } from './fastParse.js';
import { inferTimeframe } from './inferTimeframe.js';
import { finishSeries, type LoadBarsOptions, type LoadedBars, symbolFromFileName } from './loadBarsCsv.js';
import type { StreamReport } from './readBarsCsv.js';

const ISO_LIKE = /^\d{4}-\d{2}-\d{2}/;

/**
 * Normalises one JSON Lines record: an object with `timestamp`/`openTime`/`time` (ISO-8601 or epoch s/ms/µs/ns, see
 * {@link loadBarsCsv}) and `open/high/low/close/volume` (numbers or numeric strings), or a ccxt array
 * `[time, open, high, low, close, volume]`.
 */
function toRecord(value: unknown): Record<string, unknown> {
  if (Array.isArray(value)) {
    const [t, o, h, l, c, v] = value as unknown[];
    return { timestamp: t, open: o, high: h, low: l, close: c, volume: v };
  }
  return (typeof value === 'object' && value !== null ? value : { bar: value }) as Record<string, unknown>;
}

function normaliseTime(rec: Record<string, unknown>): Record<string, unknown> {
  const field = 'openTime' in rec ? 'openTime' : 'timestamp' in rec ? 'timestamp' : 'time';
  const t = rec[field];
  const n = typeof t === 'string' && !ISO_LIKE.test(t) && t.trim() !== '' ? Number(t) : t;
  if (typeof n === 'number' && Number.isFinite(n)) return { ...rec, [field]: epochToMs(n) };
  return rec;
}

/** Parses one JSONL line into a validated bar. @throws ValidationError with `source:line`. */
export function parseJsonlBar(text: string, source: string, line: number, symbol: string, timeframe: Timeframe): Bar {
  const location = { source, line };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ValidationError('line', text, 'one JSON object or array per line', { location, reason: 'malformed JSON', cause });
  }
  return parseBar(normaliseTime(toRecord(value)), { symbol, timeframe, location });
}

class JsonlAccumulator {
  readonly cols = new BarColumns(1024);
  readonly skipped: SkippedLine[] = [];
  skippedCount = 0;
  private last = -Infinity;
  constructor(
    private readonly source: string,
    private readonly options: LoadBarsOptions,
  ) {}
  /** Returns the accepted bar or undefined when skipped (lenient). */
  add(text: string, line: number, symbol: string, timeframe: Timeframe): Bar | undefined {
    if (text.trim() === '') return undefined;
    try {
      const bar = parseJsonlBar(text, this.source, line, symbol, timeframe);
      if ((this.options.requireAscending ?? true) && !(bar.openTime > this.last)) {
        const reason = bar.openTime === this.last ? 'repeated timestamp' : 'timestamp out of order';
        throw new ValidationError('timestamp', bar.openTime, `a time after the previous row's ${new Date(this.last).toISOString()}`, {
          location: { source: this.source, line },
          reason,
        });
      }
      this.last = bar.openTime;
      const c = this.cols;
      if (c.length === c.capacity) c.grow();
      const n = c.length++;
      c.openTime[n] = bar.openTime;
      c.open[n] = bar.open;
      c.high[n] = bar.high;
      c.low[n] = bar.low;
      c.close[n] = bar.close;
      c.volume[n] = bar.volume;
      return bar;
    } catch (error) {
      if ((this.options.mode ?? 'strict') === 'strict' || !isBotError(error)) throw error;
      this.skippedCount++;
      if (this.skipped.length < (this.options.maxSkippedReported ?? 10_000)) {
        this.skipped.push({ line, message: error.message, field: error instanceof ValidationError ? error.field : 'line' });
      }
      return undefined;
    }
  }
}

/**
 * Loads a JSON Lines OHLCV file (one object or ccxt array per line) into a columnar {@link BarSeries}. Same modes,
 * ordering rule and report as {@link loadBarsCsv}. Extra fields are ignored.
 *
 * @throws ValidationError `file:line: reason (value seen X, expected Y)` on the first bad line in strict mode.
 * @example
 * ```ts
 * const { series } = loadBarsJsonl('btc.jsonl', { symbol: 'BTC/USDT', timeframe: '1h' });
 * ```
 */
export function loadBarsJsonl(path: string, options: LoadBarsOptions = {}): LoadedBars {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new BotError('DATA', `${path}: cannot read file (${(cause as Error).message})`, { cause, details: { source: path } });
  }
  const symbol = options.symbol ?? symbolFromFileName(path);
  // Timeframe is needed by parseBar only as a label; the real one is settled after loading.
  const label = options.timeframe === undefined ? parseTimeframe('1m') : parseTimeframe(options.timeframe);
  const acc = new JsonlAccumulator(path, options);
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) acc.add(lines[i]!.replace(/\r$/, ''), i + 1, symbol, label);
  return finishSeries(acc.cols, path, options, {
    linesRead: acc.cols.length + acc.skippedCount,
    skippedCount: acc.skippedCount,
    skipped: acc.skipped,
    hasHeader: false,
    extraColumns: [],
    threads: 1,
  });
}

/**
 * Streams a JSON Lines OHLCV file line by line in constant memory. Needs `timeframe` (or infers it from the first
 * two bars). Same validation as {@link loadBarsJsonl}.
 * @throws ValidationError on the first bad line in strict mode (from the iterator).
 */
export function readBarsJsonl(path: string, options: LoadBarsOptions = {}): AsyncIterable<Bar> & { readonly report: StreamReport } {
  const report: StreamReport = { rows: 0, skippedCount: 0, skipped: [] };
  const symbol = options.symbol ?? symbolFromFileName(path);
  async function* run(): AsyncGenerator<Bar> {
    const acc = new JsonlAccumulator(path, options);
    const rl = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
    let line = 0;
    let pending: Bar[] = [];
    let timeframe = options.timeframe === undefined ? undefined : parseTimeframe(options.timeframe);
    try {
      for await (const text of rl) {
        line++;
        const bar = acc.add(text, line, symbol, timeframe ?? parseTimeframe('1m'));
        report.skippedCount = acc.skippedCount;
        report.skipped.splice(0, report.skipped.length, ...acc.skipped);
        acc.cols.length = Math.min(acc.cols.length, 2); // constant memory: only the first two times are kept
        if (bar === undefined) continue;
        if (timeframe === undefined) {
          pending.push(bar);
          if (pending.length < 2) continue;
          timeframe = inferTimeframe(pending.map((b) => b.openTime)) ?? parseTimeframe('1m');
          for (const b of pending) {
            report.rows++;
            yield { ...b, timeframe };
          }
          pending = [];
          continue;
        }
        report.rows++;
        yield bar;
      }
      for (const b of pending) {
        report.rows++;
        yield b;
      }
    } finally {
      rl.close();
    }
  }
  return { report, [Symbol.asyncIterator]: run };
}
