import { sliceText } from './fastParse.js';
import { type CsvLayout, type CsvReadOptions, detectCsvLayout } from './csvBarParser.js';

/** @internal Where a CSV file's rows start, and how they are laid out. */
export interface CsvHead {
  readonly layout: CsvLayout;
  /** Byte index of the first data row (after the BOM, leading blank lines and the header). */
  readonly dataStart: number;
  /** Lines before `dataStart` (the parser's line counter starts here). */
  readonly linesBefore: number;
  readonly firstLineLength: number;
  /** Index of the `\n` that ends the first non-blank line (`bytes.length` when none does). */
  readonly firstLineEnd: number;
}

/**
 * @internal Reads the first non-blank line of `bytes` (skipping a UTF-8 BOM) and works out the layout; `undefined`
 * when there is no such line. `bytes` may be just the start of a file, as long as it holds that whole line.
 * @throws ValidationError when the header lacks a required column.
 */
export function readCsvHead(bytes: Uint8Array, source: string, options: CsvReadOptions): CsvHead | undefined {
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
  if (firstLine.trim() === '') return undefined;
  const layout = detectCsvLayout(firstLine, source, options);
  return layout.hasHeader
    ? { layout, dataStart: Math.min(firstEnd + 1, bytes.length), linesBefore: lineNo, firstLineLength: firstLine.length, firstLineEnd: firstEnd }
    : { layout, dataStart: start, linesBefore: lineNo - 1, firstLineLength: firstLine.length, firstLineEnd: firstEnd };
}

/** @internal Initial row capacity for `byteCount` bytes of rows about `lineLength` long. */
export function rowEstimate(byteCount: number, lineLength: number): number {
  return Math.max(1024, Math.ceil(byteCount / Math.max(24, lineLength)) + 16);
}
