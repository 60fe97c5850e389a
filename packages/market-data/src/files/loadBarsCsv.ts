import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { type BarSeries, BotError, parseTimeframe, type Symbol, type Timeframe, ValidationError } from '@bot/core-types';
import { BarColumns } from './barColumns.js';
import { type CsvReadOptions, type SkippedLine, CsvBarParser } from './csvBarParser.js';
import { readCsvHead, rowEstimate } from './csvHead.js';
import { inferTimeframe } from './inferTimeframe.js';
import { loadCsvInChunks } from './loadCsvInChunks.js';

/** Default {@link LoadBarsOptions.parallelMinBytes}. */
const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;
/** Cap of the default {@link LoadBarsOptions.threads}: past 4 the joining and the disk, not parsing, dominate. */
const MAX_THREADS = 4;

/** Options of the whole-file loaders ({@link loadBarsCsv}, {@link loadBarsJsonl}). */
export interface LoadBarsOptions extends CsvReadOptions {
  /** Symbol of the series (default: the file name up to the first `_` or `.`, e.g. `ZECBTC`). */
  readonly symbol?: Symbol;
  /** Timeframe of the series (default: inferred from the most frequent bar spacing). */
  readonly timeframe?: Timeframe;
  /**
   * Threads that parse a large CSV file in {@link loadBarsCsv} (default: `os.availableParallelism()`, at most 4).
   * 1 parses on the calling thread only. Used for strict-mode loads of files of at least
   * {@link LoadBarsOptions.parallelMinBytes} that keep no extra columns; the result and every error (with its line)
   * are the same as with one thread.
   */
  readonly threads?: number;
  /** Smallest file, in bytes, that {@link loadBarsCsv} parses on several threads (default 16 MiB). */
  readonly parallelMinBytes?: number;
  /**
   * How long {@link loadBarsCsv} waits, once it reaches a worker's part of the file, for a worker thread that has not
   * started yet (default 0: it parses that part itself at once, which is never slower; `report.threads` then counts
   * one thread less). Raise it only to make sure the workers are used, as tests do.
   */
  readonly workerStartMs?: number;
}

/** What a load found: row counts, range, layout and (lenient mode) every skipped line. */
export interface LoadReport {
  readonly source: string;
  /** Bars loaded. */
  readonly rows: number;
  /** Data lines read (bars + skipped; blank lines and header excluded). */
  readonly linesRead: number;
  /** Number of skipped lines (lenient mode; always 0 in strict mode). */
  readonly skippedCount: number;
  /** The skipped lines, up to `maxSkippedReported`. */
  readonly skipped: readonly SkippedLine[];
  readonly firstTime: number | undefined;
  readonly lastTime: number | undefined;
  readonly timeframe: Timeframe;
  /** True when the timeframe came from the data rather than the options. */
  readonly timeframeInferred: boolean;
  readonly hasHeader: boolean;
  /** Names of extra columns present in the file (kept or not). */
  readonly extraColumns: readonly string[];
  /** Threads that parsed the rows (more than 1 only for a large CSV file, see {@link LoadBarsOptions.threads}). */
  readonly threads: number;
}

/** A loaded series plus the extra numeric columns that were kept (`extraColumns: 'keep'`). */
export interface LoadedBars {
  readonly series: BarSeries;
  readonly extras: ReadonlyMap<string, Float64Array>;
  readonly report: LoadReport;
}

/** Default symbol of a file: `ZECBTC_5m.csv` -> `ZECBTC`. */
export function symbolFromFileName(path: string): Symbol {
  const name = basename(path);
  return name.split(/[_.]/)[0] || name;
}

/** @internal Trims the columns, settles symbol and timeframe, and builds the report. */
export function finishSeries(
  cols: BarColumns,
  source: string,
  options: LoadBarsOptions,
  partial: Omit<LoadReport, 'rows' | 'firstTime' | 'lastTime' | 'timeframe' | 'timeframeInferred' | 'source'>,
): LoadedBars {
  const arrays = cols.trimmed();
  let timeframe = options.timeframe === undefined ? undefined : parseTimeframe(options.timeframe);
  const timeframeInferred = timeframe === undefined;
  timeframe ??= inferTimeframe(arrays.openTime);
  if (timeframe === undefined) {
    throw new BotError('DATA', `${source}: cannot infer the timeframe from ${cols.length} bar(s); pass the timeframe option`, {
      details: { source },
    });
  }
  const extras = new Map<string, Float64Array>();
  for (const [k, v] of cols.extras) extras.set(k, v.length === cols.length ? v : v.slice(0, cols.length));
  const series: BarSeries = { symbol: options.symbol ?? symbolFromFileName(source), timeframe, length: cols.length, ...arrays };
  return {
    series,
    extras,
    report: {
      source,
      rows: cols.length,
      firstTime: cols.length > 0 ? arrays.openTime[0] : undefined,
      lastTime: cols.length > 0 ? arrays.openTime[cols.length - 1] : undefined,
      timeframe,
      timeframeInferred,
      ...partial,
    },
  };
}

/**
 * Parses CSV bytes already in memory (see {@link loadBarsCsv} for the rules). `source` names the input in errors.
 * @throws ValidationError `source:line: reason (value seen X, expected Y)` on the first bad row in strict mode.
 */
export function parseBarsCsv(bytes: Uint8Array, source: string, options: LoadBarsOptions = {}): LoadedBars {
  const head = readCsvHead(bytes, source, options);
  if (head === undefined) {
    throw new ValidationError('file', '', 'a CSV file with a header or OHLCV rows', { location: { source }, reason: 'empty file' });
  }
  const parser = new CsvBarParser(head.layout, source, options);
  const cols = new BarColumns(rowEstimate(bytes.length - head.dataStart, head.firstLineLength), parser.keptExtraNames());
  parser.line = head.linesBefore;
  parser.parse(bytes, head.dataStart, bytes.length, cols);
  return finishSeries(cols, source, options, {
    linesRead: cols.length + parser.skippedCount,
    skippedCount: parser.skippedCount,
    skipped: parser.skipped,
    hasHeader: head.layout.hasHeader,
    extraColumns: head.layout.extras.map((e) => e.name),
    threads: 1,
  });
}

/**
 * Loads a whole OHLCV CSV file into a columnar {@link BarSeries} (one `Float64Array` per field) plus a
 * {@link LoadReport}. The fast path for backtests: bytes are scanned directly (no per-row strings), and each row is
 * validated inline. A file of 16 MiB or more is parsed on several threads (see {@link LoadBarsOptions.threads}),
 * with the same result and errors as on one.
 *
 * Format: header optional (names matched case-insensitively in any order, see {@link CsvReadOptions.columns});
 * without a header the order is `time,open,high,low,close,volume`. Delimiter `,` `;` tab or `|` (detected).
 * Timestamps: ISO-8601 (zone-less times are UTC) or epoch numbers auto-detected by magnitude: `< 1e11` seconds,
 * `< 1e14` milliseconds, `< 1e17` microseconds, else nanoseconds. Rows must have prices > 0, volume >= 0,
 * `high >= max(open, close, low)`, `low <= min(open, close)` and (by default) strictly ascending time.
 *
 * @throws ValidationError `file:line: reason (value seen X, expected Y)` on the first bad row in strict mode (the
 *   default); in `lenient` mode bad rows are skipped and listed in `report.skipped`.
 * @throws BotError `DATA` when the timeframe cannot be inferred (fewer than two bars and no `timeframe` option).
 * @example
 * ```ts
 * const { series, report } = loadBarsCsv('ZECBTC_5m.csv', { symbol: 'ZEC/BTC' });
 * console.log(series.length, report.timeframe); // 5757 '5m'
 * ```
 */
export function loadBarsCsv(path: string, options: LoadBarsOptions = {}): LoadedBars {
  const threads = Math.max(1, Math.min(MAX_THREADS, Math.floor(options.threads ?? availableParallelism())));
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (cause) {
    throw readError(path, cause);
  }
  try {
    if (threads > 1 && (options.mode ?? 'strict') === 'strict' && (options.extraColumns ?? 'ignore') === 'ignore') {
      let loaded: ReturnType<typeof loadCsvInChunks>;
      try {
        const size = fstatSync(fd).size;
        if (size >= (options.parallelMinBytes ?? PARALLEL_MIN_BYTES)) loaded = loadCsvInChunks(fd, size, path, options, threads, options.workerStartMs ?? 0);
      } catch (cause) {
        throw cause instanceof BotError ? cause : readError(path, cause);
      }
      if (loaded !== undefined) {
        const { cols, layout } = loaded;
        return finishSeries(cols, path, options, {
          linesRead: cols.length,
          skippedCount: 0,
          skipped: [],
          hasHeader: layout.hasHeader,
          extraColumns: layout.extras.map((e) => e.name),
          threads: loaded.threads,
        });
      }
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(fd);
    } catch (cause) {
      throw readError(path, cause);
    }
    return parseBarsCsv(bytes, path, options);
  } finally {
    closeSync(fd);
  }
}

function readError(path: string, cause: unknown): BotError {
  return new BotError('DATA', `${path}: cannot read file (${(cause as Error).message})`, { cause, details: { source: path } });
}
