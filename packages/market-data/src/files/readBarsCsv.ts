import { open } from 'node:fs/promises';
import { type Bar, BotError, parseTimeframe, ValidationError } from '@bot/core-types';
import { BarColumns } from './barColumns.js';
import { CsvBarParser, detectCsvLayout } from './csvBarParser.js';
import { sliceText } from './fastParse.js';
import { inferTimeframe } from './inferTimeframe.js';
import { type LoadBarsOptions, symbolFromFileName } from './loadBarsCsv.js';
import type { SkippedLine } from './csvBarParser.js';

/** Options of {@link readBarsCsv}. */
export interface ReadBarsCsvOptions extends LoadBarsOptions {
  /** Bytes read per chunk (default 4 MiB). Memory use is about twice this, whatever the file size. */
  readonly chunkBytes?: number;
}

/** Running totals of a streaming read (complete once iteration has finished). */
export interface StreamReport {
  rows: number;
  skippedCount: number;
  readonly skipped: SkippedLine[];
}

/** A bar from a file, with the extra columns' raw text when `extraColumns: 'keep'`. */
export type FileBar = Bar & { readonly extra?: Readonly<Record<string, string>> };

/**
 * Streams the bars of a CSV file of any size in constant memory (chunked reads; only the current chunk's rows are
 * held). Same format rules and validation as {@link loadBarsCsv}; the timeframe, when not given, is inferred from
 * the first chunk. `report` fills up as you iterate (skipped lines in lenient mode).
 *
 * @throws ValidationError on the first bad row in strict mode (thrown from the iterator).
 * @example
 * ```ts
 * for await (const bar of readBarsCsv('huge.csv', { symbol: 'BTC/USDT', timeframe: '1m' })) total += bar.volume;
 * ```
 */
export function readBarsCsv(path: string, options: ReadBarsCsvOptions = {}): AsyncIterable<FileBar> & { readonly report: StreamReport } {
  const report: StreamReport = { rows: 0, skippedCount: 0, skipped: [] };
  return {
    report,
    [Symbol.asyncIterator]: () => iterate(path, options, report),
  };
}

async function* iterate(path: string, options: ReadBarsCsvOptions, report: StreamReport): AsyncGenerator<FileBar> {
  const chunkBytes = Math.max(4096, options.chunkBytes ?? 4 * 1024 * 1024);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    throw new BotError('DATA', `${path}: cannot read file (${(cause as Error).message})`, { cause, details: { source: path } });
  }
  try {
    let buffer: Buffer = Buffer.alloc(chunkBytes);
    let filled = 0;
    let eof = false;
    let parser: CsvBarParser | undefined;
    let timeframe = options.timeframe === undefined ? undefined : parseTimeframe(options.timeframe);
    const symbol = options.symbol ?? symbolFromFileName(path);
    const keepExtras = (options.extraColumns ?? 'ignore') === 'keep';
    let cols: BarColumns | undefined;
    let lineNo = 0;
    while (!eof || filled > 0) {
      if (!eof && filled < buffer.length) {
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
        if (bytesRead === 0) eof = true;
        filled += bytesRead;
      }
      let start = 0;
      if (parser === undefined) {
        if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) start = 3;
        let nl = buffer.indexOf(10, start);
        while (nl >= 0 && nl < filled && sliceText(buffer, start, nl).trim() === '') {
          lineNo++;
          start = nl + 1;
          nl = buffer.indexOf(10, start);
        }
        if (nl < 0 || nl >= filled) {
          if (!eof) {
            if (filled === buffer.length) buffer = growBuffer(buffer, filled);
            continue;
          }
          nl = filled;
        }
        const firstLine = sliceText(buffer, start, nl).replace(/\r$/, '');
        if (firstLine.trim() === '') {
          throw new ValidationError('file', '', 'a CSV file with a header or OHLCV rows', { location: { source: path }, reason: 'empty file' });
        }
        const layout = detectCsvLayout(firstLine, path, options);
        parser = new CsvBarParser(layout, path, options);
        cols = new BarColumns(Math.ceil(chunkBytes / 32), parser.keptExtraNames());
        lineNo++;
        if (layout.hasHeader) {
          parser.line = lineNo;
          start = Math.min(nl + 1, filled);
        } else parser.line = lineNo - 1;
      }
      // Parse only complete lines; keep the tail for the next read.
      let end = filled;
      if (!eof) {
        const lastNl = buffer.lastIndexOf(10, filled - 1);
        if (lastNl < start) {
          if (filled === buffer.length) buffer = growBuffer(buffer, filled); // a single line longer than the buffer
          if (start > 0) {
            buffer.copy(buffer, 0, start, filled);
            filled -= start;
          }
          continue;
        }
        end = lastNl + 1;
      }
      cols!.length = 0;
      // Extras as text need the raw fields of each line, so those files are parsed line by line.
      const extras: Record<string, string>[] = [];
      if (keepExtras) {
        let p = start;
        while (p < end) {
          let q = buffer.indexOf(10, p);
          if (q < 0 || q >= end) q = end - 1;
          const before = cols!.length;
          parser.parse(buffer, p, q + 1, cols!);
          if (cols!.length > before) extras.push(parser.extraText(buffer));
          p = q + 1;
        }
      } else {
        parser.parse(buffer, start, end, cols!);
      }
      if (timeframe === undefined && cols!.length > 0) {
        const inferred = inferTimeframe(cols!.openTime.subarray(0, cols!.length));
        if (inferred === undefined && cols!.length >= 2) {
          throw new BotError('DATA', `${path}: cannot infer the timeframe; pass the timeframe option`);
        }
        timeframe = inferred ?? parseTimeframe('1m');
      }
      for (let i = 0; i < cols!.length; i++) {
        report.rows++;
        const bar = barAt(cols!, i, symbol, timeframe!);
        yield keepExtras ? { ...bar, extra: extras[i]! } : bar;
      }
      report.skippedCount = parser.skippedCount;
      report.skipped.splice(0, report.skipped.length, ...parser.skipped);
      buffer.copy(buffer, 0, end, filled);
      filled -= end;
      if (eof && filled === 0) break;
    }
  } finally {
    await handle.close();
  }
}

function growBuffer(buffer: Buffer, filled: number): Buffer {
  const b = Buffer.alloc(buffer.length * 2);
  buffer.copy(b, 0, 0, filled);
  return b;
}

function barAt(c: BarColumns, i: number, symbol: string, timeframe: Bar['timeframe']): Bar {
  return {
    type: 'bar',
    symbol,
    timeframe,
    openTime: c.openTime[i]!,
    open: c.open[i]!,
    high: c.high[i]!,
    low: c.low[i]!,
    close: c.close[i]!,
    volume: c.volume[i]!,
  };
}
