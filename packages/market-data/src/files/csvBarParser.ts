import { ValidationError } from '@bot/core-types';
import type { BarColumns } from './barColumns.js';
import { parseNumberBytes, parseTimestampBytes, POW10, sliceText } from './fastParse.js';

/** What the reader does with columns other than time/open/high/low/close/volume. */
export type ExtraColumns = 'ignore' | 'keep';

/** `strict`: the first bad row throws. `lenient`: bad rows are skipped and listed in the report. */
export type ParseMode = 'strict' | 'lenient';

/** One line a lenient load skipped, with the same message strict mode would have thrown. */
export interface SkippedLine {
  /** 1-based line number in the file. */
  readonly line: number;
  /** `file:line: reason (value seen X, expected Y)`. */
  readonly message: string;
  /** The offending field (`high`, `timestamp`, ...). */
  readonly field: string;
}

/** Options shared by every CSV reader. */
export interface CsvReadOptions {
  /** Default `strict`. */
  readonly mode?: ParseMode;
  /**
   * Require strictly ascending timestamps (default true): a repeated or earlier timestamp is a bad row.
   * Set false to load unordered data as-is (for example to run a quality report on it).
   */
  readonly requireAscending?: boolean;
  /** Default `ignore`. Kept extra columns are parsed as numbers (non-numeric text becomes NaN). */
  readonly extraColumns?: ExtraColumns;
  /**
   * Header names to use when the file's names are unusual, e.g. `{ time: 'Date', volume: 'Volume BTC' }`
   * (case-insensitive). Recognised by default: time = timestamp|time|date|datetime|open_time|opentime|ts|unix;
   * open|o, high|h, low|l, close|c, volume|vol|v.
   */
  readonly columns?: Partial<Record<OhlcvField, string>>;
  /** Cap on skipped lines kept in the report in lenient mode (default 10 000; the count stays exact). */
  readonly maxSkippedReported?: number;
}

/** The six OHLCV fields a bar file must provide. */
export type OhlcvField = 'time' | 'open' | 'high' | 'low' | 'close' | 'volume';

const ALIASES: Record<OhlcvField, readonly string[]> = {
  time: ['timestamp', 'time', 'date', 'datetime', 'date_time', 'open_time', 'opentime', 'open time', 'ts', 'unix', 'timestamp_ms'],
  open: ['open', 'o'],
  high: ['high', 'h'],
  low: ['low', 'l'],
  close: ['close', 'c'],
  volume: ['volume', 'vol', 'v'],
};

/** The resolved column positions of a file. */
export interface CsvLayout {
  readonly delimiter: number;
  readonly hasHeader: boolean;
  readonly columnCount: number;
  readonly index: Readonly<Record<OhlcvField, number>>;
  /** Extra columns (name, position). */
  readonly extras: readonly { readonly name: string; readonly index: number }[];
  readonly headerNames: readonly string[];
}

function unquote(s: string): string {
  const t = s.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
}

/**
 * Works out delimiter, header and column order from the first line. A first line whose first field is a
 * timestamp and the rest numbers is data (no header): then columns are `time,open,high,low,close,volume[,extra...]`
 * (the ccxt OHLCV order).
 * @throws ValidationError when a header lacks a required column.
 */
export function detectCsvLayout(firstLine: string, source: string, options: CsvReadOptions = {}): CsvLayout {
  const counts = [',', ';', '\t', '|'].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  const delimiter = counts[0]![1] > 0 ? counts[0]![0] : ',';
  const fields = firstLine.split(delimiter).map(unquote);
  const bytes = new TextEncoder().encode(fields[0] ?? '');
  const firstIsTime = !Number.isNaN(parseTimestampBytes(bytes, 0, bytes.length));
  const restNumeric = fields.slice(1, 6).every((f) => f !== '' && Number.isFinite(Number(f)));
  const location = { source, line: 1 };
  if (firstIsTime && restNumeric) {
    if (fields.length < 6) {
      throw new ValidationError('columns', firstLine, 'at least 6 columns time,open,high,low,close,volume', { location, reason: 'too few columns' });
    }
    const extras = fields.slice(6).map((_, k) => ({ name: `column${k + 7}`, index: k + 6 }));
    return {
      delimiter: delimiter.charCodeAt(0),
      hasHeader: false,
      columnCount: fields.length,
      index: { time: 0, open: 1, high: 2, low: 3, close: 4, volume: 5 },
      extras,
      headerNames: [],
    };
  }
  const names = fields.map((f) => f.toLowerCase());
  const index = {} as Record<OhlcvField, number>;
  for (const field of Object.keys(ALIASES) as OhlcvField[]) {
    const wanted = options.columns?.[field];
    const candidates = wanted === undefined ? ALIASES[field] : [wanted.toLowerCase()];
    let at = -1;
    for (const c of candidates) {
      at = names.indexOf(c);
      if (at >= 0) break;
    }
    if (at < 0) {
      throw new ValidationError('header', firstLine, `a header with a ${field} column (${candidates.join(' | ')})`, {
        location,
        reason: `missing column ${field}`,
      });
    }
    index[field] = at;
  }
  const used = new Set(Object.values(index));
  const extras = fields.flatMap((name, i) => (used.has(i) ? [] : [{ name, index: i }]));
  return { delimiter: delimiter.charCodeAt(0), hasHeader: true, columnCount: fields.length, index, extras, headerNames: fields };
}

/**
 * Incremental OHLCV row parser over raw bytes: validates each row inline and appends it to {@link BarColumns}.
 * Used by both the whole-file loader and the streaming reader, so both apply exactly the same rules.
 */
export class CsvBarParser {
  /** Number of the last line consumed (1-based). */
  line = 0;
  skippedCount = 0;
  readonly skipped: SkippedLine[] = [];
  private lastTime = -Infinity;
  private readonly fieldStart: Int32Array;
  private readonly fieldEnd: Int32Array;
  private readonly vals: Float64Array;
  /** Per column: 0 = not parsed, 1 = timestamp, 2 = number. */
  private readonly kind: Uint8Array;
  private readonly strict: boolean;
  private readonly ascending: boolean;
  private readonly maxSkipped: number;
  private readonly keepExtras: boolean;

  constructor(
    readonly layout: CsvLayout,
    readonly source: string,
    options: CsvReadOptions = {},
  ) {
    this.strict = (options.mode ?? 'strict') === 'strict';
    this.ascending = options.requireAscending ?? true;
    this.maxSkipped = options.maxSkippedReported ?? 10_000;
    this.keepExtras = (options.extraColumns ?? 'ignore') === 'keep';
    this.fieldStart = new Int32Array(layout.columnCount + 1);
    this.fieldEnd = new Int32Array(layout.columnCount + 1);
    this.vals = new Float64Array(layout.columnCount + 1);
    this.kind = new Uint8Array(layout.columnCount + 1);
    const ix = layout.index;
    for (const k of [ix.open, ix.high, ix.low, ix.close, ix.volume]) this.kind[k] = 2;
    this.kind[ix.time] = 1;
  }

  /** Names of the extra columns this parser keeps (empty when extras are ignored). */
  keptExtraNames(): string[] {
    return this.keepExtras ? this.layout.extras.map((e) => e.name) : [];
  }

  /**
   * Parses the complete lines in `bytes[start, end)` (the caller guarantees `end` is at a line boundary or the end
   * of input). The first line of the file must already have been consumed when it is a header.
   */
  parse(bytes: Uint8Array, start: number, end: number, out: BarColumns): void {
    const delim = this.layout.delimiter;
    const cols = this.layout.columnCount;
    const fs = this.fieldStart;
    const fe = this.fieldEnd;
    const kind = this.kind;
    const vals = this.vals;
    const ix = this.layout.index;
    const iT = ix.time;
    const iO = ix.open;
    const iH = ix.high;
    const iL = ix.low;
    const iC = ix.close;
    const iV = ix.volume;
    const extras = this.keepExtras ? this.layout.extras : [];
    const ascending = this.ascending;
    let pos = start;
    while (pos < end) {
      this.line++;
      // One pass over the line: numbers are accumulated while scanning for the delimiter.
      let f = 0;
      let p = pos;
      let c = 0;
      let lineDone = false;
      while (!lineDone) {
        const fieldStart = p;
        const k = f < cols ? kind[f]! : 0;
        if (k === 2) {
          // Fast path: [-]digits[.digits] up to the delimiter, scanned in two tight loops (integer part, then
          // fraction); anything else (a sign other than a leading '-', an exponent, spaces, quotes, too many
          // digits) goes through parseNumberBytes, which gives what Number() gives.
          let q = p;
          let neg = false;
          if (q < end && bytes[q] === 45 /* - */) {
            neg = true;
            q++;
          }
          const intStart = q;
          let mantissa = 0;
          for (; q < end; q++) {
            const d = bytes[q]! - 48;
            if (d >>> 0 > 9) break;
            mantissa = mantissa * 10 + d;
          }
          const intEnd = q;
          let fracStart = q;
          if (q < end && bytes[q] === 46 /* . */) {
            fracStart = ++q;
            for (; q < end; q++) {
              const d = bytes[q]! - 48;
              if (d >>> 0 > 9) break;
              mantissa = mantissa * 10 + d;
            }
          }
          const decimals = q - fracStart;
          const digitCount = intEnd - intStart + decimals;
          c = q < end ? bytes[q]! : 0;
          let fast = digitCount > 0 && (q === end || c === delim || c === 10 || c === 13);
          if (fast && digitCount > 15) {
            // more than 15 digits: still exact when the leading ones are zeros (15 significant digits at most)
            let zeros = 0;
            for (let z = intStart; z < q && zeros <= digitCount - 16; z++) {
              const b = bytes[z]!;
              if (b === 48) zeros++;
              else if (b !== 46) break;
            }
            fast = digitCount - zeros <= 15;
          }
          if (!fast || decimals > 22) {
            // not the plain form: find the end of the field, then the general parser
            for (; q < end; q++) {
              c = bytes[q]!;
              if (c === delim || c === 10 || c === 13) break;
            }
            vals[f] = parseNumberBytes(bytes, p, q);
          } else {
            const v = decimals === 0 ? mantissa : mantissa / POW10[decimals]!;
            vals[f] = neg ? -v : v;
          }
          fs[f] = fieldStart;
          fe[f] = q;
          p = q;
        } else {
          for (; p < end; p++) {
            c = bytes[p]!;
            if (c === delim || c === 10 || c === 13) break;
          }
          if (f < cols) {
            fs[f] = fieldStart;
            fe[f] = p;
            if (k === 1) vals[f] = parseTimestampBytes(bytes, fieldStart, p);
          }
        }
        if (p >= end || c !== delim) lineDone = true;
        else {
          p++;
          f++;
        }
      }
      const lineEnd = p;
      // Skip the line terminator (\n, \r\n or a stray \r).
      while (p < end && bytes[p] !== 10) p++;
      const next = p + 1;
      if (lineEnd === pos && f === 0) {
        pos = next;
        continue; // blank line
      }
      if (f + 1 !== cols) {
        this.bad('row', sliceText(bytes, pos, lineEnd), `${cols} columns`, `wrong number of columns (${f + 1})`);
        pos = next;
        continue;
      }
      const t = vals[iT]!;
      const o = vals[iO]!;
      const h = vals[iH]!;
      const l = vals[iL]!;
      const cl = vals[iC]!;
      const v = vals[iV]!;
      // One combined check keeps the good-row path branch-light; the detailed diagnosis runs only on failure.
      if (
        !(t > this.lastTime || (!ascending && t === t)) ||
        !(o > 0 && l > 0 && v >= 0) ||
        !(h >= l && h >= o && h >= cl && l <= o && l <= cl) ||
        v === Infinity ||
        h === Infinity
      ) {
        this.diagnose(bytes, t, o, h, l, cl, v);
        pos = next;
        continue;
      }
      if (out.length === out.capacity) out.grow();
      const n = out.length;
      out.openTime[n] = t;
      out.open[n] = o;
      out.high[n] = h;
      out.low[n] = l;
      out.close[n] = cl;
      out.volume[n] = v;
      for (const e of extras) out.extras.get(e.name)![n] = parseNumberBytes(bytes, fs[e.index]!, fe[e.index]!);
      out.length = n + 1;
      this.lastTime = t;
      pos = next;
    }
  }

  /** Text of the extra fields of the line just parsed (for the streaming reader). */
  extraText(bytes: Uint8Array): Record<string, string> {
    const r: Record<string, string> = {};
    for (const e of this.layout.extras) r[e.name] = sliceText(bytes, this.fieldStart[e.index]!, this.fieldEnd[e.index]!);
    return r;
  }

  private diagnose(bytes: Uint8Array, t: number, o: number, h: number, l: number, cl: number, v: number): void {
    const ix = this.layout.index;
    const text = (k: number) => sliceText(bytes, this.fieldStart[k]!, this.fieldEnd[k]!);
    if (Number.isNaN(t)) {
      return this.bad('timestamp', text(ix.time), 'an ISO-8601 time such as 2018-01-10T04:55:00Z or epoch seconds/milliseconds', 'unreadable timestamp');
    }
    const nums: [string, number, number][] = [['open', o, ix.open], ['high', h, ix.high], ['low', l, ix.low], ['close', cl, ix.close], ['volume', v, ix.volume]];
    for (const [name, value, k] of nums) {
      if (Number.isNaN(value) || !Number.isFinite(value)) return this.bad(name, text(k), 'a finite decimal number', `unreadable ${name}`);
    }
    for (const [name, value, k] of nums.slice(0, 4)) {
      if (!(value > 0)) return this.bad(name, text(k), 'a price > 0', `non-positive ${name}`);
    }
    if (v < 0) return this.bad('volume', text(ix.volume), 'a volume >= 0', 'negative volume');
    if (h < l) return this.bad('high', text(ix.high), `>= low ${text(ix.low)}`, 'high is below low');
    if (h < o || h < cl) return this.bad('high', text(ix.high), `>= max(open, close) ${Math.max(o, cl)}`, 'high is below open or close');
    if (l > o || l > cl) return this.bad('low', text(ix.low), `<= min(open, close) ${Math.min(o, cl)}`, 'low is above open or close');
    const last = new Date(this.lastTime).toISOString();
    if (t === this.lastTime) return this.bad('timestamp', text(ix.time), `a time after the previous row's ${last}`, 'repeated timestamp');
    return this.bad('timestamp', text(ix.time), `a time after the previous row's ${last}`, 'timestamp out of order');
  }

  private bad(field: string, value: string, expected: string, reason: string): void {
    const error = new ValidationError(field, value, expected, { location: { source: this.source, line: this.line }, reason });
    if (this.strict) throw error;
    this.skippedCount++;
    if (this.skipped.length < this.maxSkipped) this.skipped.push({ line: this.line, message: error.message, field });
  }
}
