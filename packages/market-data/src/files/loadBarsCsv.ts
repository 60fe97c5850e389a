import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { type BarSeries, BotError, parseTimeframe, type Symbol, type Timeframe, ValidationError } from '@bot/core-types';
import { BarColumns } from './barColumns.js';
import { type CsvReadOptions, type SkippedLine, CsvBarParser, detectCsvLayout } from './csvBarParser.js';
import { inferTimeframe } from './inferTimeframe.js';
import { sliceText } from './fastParse.js';

/** Options of the whole-file loaders ({@link loadBarsCsv}, {@link loadBarsJsonl}). */
export interface LoadBarsOptions extends CsvReadOptions {
  /** Symbol of the series (default: the file name up to the first `_` or `.`, e.g. `ZECBTC`). */
  readonly symbol?: Symbol;
  /** Timeframe of the series (default: inferred from the most frequent bar spacing). */
  readonly timeframe?: Timeframe;
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
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3; // UTF-8 BOM
  let lineNo = 0;
  // First non-blank line decides the layout.
  let firstEnd: number;
  for (;;) {
    lineNo++;
    firstEnd = bytes.indexOf(10, start);
    if (firstEnd < 0) firstEnd = bytes.length;
    if (sliceText(bytes, start, firstEnd).trim() !== '' || firstEnd >= bytes.length) break;
    start = firstEnd + 1;
  }
  const firstLine = sliceText(bytes, start, firstEnd).replace(/\r$/, '');
  if (firstLine.trim() === '') {
    throw new ValidationError('file', '', 'a CSV file with a header or OHLCV rows', { location: { source }, reason: 'empty file' });
  }
  const layout = detectCsvLayout(firstLine, source, options);
  const parser = new CsvBarParser(layout, source, options);
  const estimate = Math.max(1024, Math.ceil((bytes.length - start) / Math.max(24, firstLine.length)) + 16);
  const cols = new BarColumns(estimate, parser.keptExtraNames());
  if (layout.hasHeader) {
    parser.line = lineNo;
    parser.parse(bytes, firstEnd + 1 > bytes.length ? bytes.length : firstEnd + 1, bytes.length, cols);
  } else {
    parser.line = lineNo - 1;
    parser.parse(bytes, start, bytes.length, cols);
  }
  return finishSeries(cols, source, options, {
    linesRead: cols.length + parser.skippedCount,
    skippedCount: parser.skippedCount,
    skipped: parser.skipped,
    hasHeader: layout.hasHeader,
    extraColumns: layout.extras.map((e) => e.name),
  });
}

/**
 * Loads a whole OHLCV CSV file into a columnar {@link BarSeries} (one `Float64Array` per field) plus a
 * {@link LoadReport}. The fast path for backtests: bytes are scanned directly (no per-row strings), and each row is
 * validated inline.
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
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new BotError('DATA', `${path}: cannot read file (${(cause as Error).message})`, { cause, details: { source: path } });
  }
  return parseBarsCsv(bytes, path, options);
}
