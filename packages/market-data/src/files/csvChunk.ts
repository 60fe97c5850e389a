import { readSync } from 'node:fs';
import type { MessagePort } from 'node:worker_threads';
import type { BarSeries } from '@bot/core-types';
import type { CsvLayout } from './csvBarParser.js';

/** @internal What a chunk worker parses: the lines of `path` in bytes `[start, end)`, both at line starts. */
export interface CsvChunkTask {
  readonly path: string;
  readonly start: number;
  readonly end: number;
  readonly layout: CsvLayout;
  /** The file name used in messages (the worker's own errors only say that it failed; see `CsvChunkResult`). */
  readonly source: string;
  readonly requireAscending: boolean;
  /** Initial row capacity. */
  readonly estimate: number;
  /**
   * The chunk's state at `index`: {@link CHUNK_PENDING}, then {@link CHUNK_PARSING} and {@link CHUNK_DONE} (each
   * notified) as the worker runs, or {@link CHUNK_TAKEN} when the calling thread parsed it before the worker started.
   */
  readonly signal: Int32Array;
  readonly index: number;
  readonly port: MessagePort;
}

/** @internal Chunk state: the worker has not started yet. */
export const CHUNK_PENDING = 0;
/** @internal Chunk state: the worker runs. */
export const CHUNK_PARSING = 1;
/** @internal Chunk state: the answer is on the port. */
export const CHUNK_DONE = 2;
/** @internal Chunk state: the calling thread took the chunk over before the worker started (the worker then stops). */
export const CHUNK_TAKEN = 3;

/**
 * @internal A chunk worker's answer. `ok: false` when any row of the chunk is bad (or the worker failed): the
 * caller then parses the whole file on its own thread, which throws the exact `file:line` error.
 */
export type CsvChunkResult =
  | ({
      readonly ok: true;
      /** Rows parsed: rows `[0, length)` of each column (the arrays may be longer). */
      readonly length: number;
    } & Pick<BarSeries, 'openTime' | 'open' | 'high' | 'low' | 'close' | 'volume'>)
  | { readonly ok: false; readonly reason: string };

/** Reads `bytes [start, end)` of an open file (whole, looping over short reads). */
export function readRange(fd: number, start: number, end: number): Uint8Array {
  const out = Buffer.allocUnsafe(Math.max(0, end - start));
  let done = 0;
  while (done < out.length) {
    const n = readSync(fd, out, done, out.length - done, start + done);
    if (n === 0) break;
    done += n;
  }
  return done === out.length ? out : out.subarray(0, done);
}

/** Bytes {@link parseRange} reads at a time (a longer line grows its buffer). */
const PIECE_BYTES = 1 << 20;

/**
 * @internal Hands the lines in bytes `[start, end)` of an open file to `parse`, piece by piece through one reused
 * buffer, each call with complete lines only (`start` is a line start; `end` is a line start or the end of the
 * file). Memory stays at one piece (1 MiB), not the whole range: the loaders read a large file this way instead of
 * copying it into memory whole. Returns `false` when the file ends before `end` (it changed while being read).
 */
export function parseRange(
  fd: number,
  start: number,
  end: number,
  parse: (bytes: Uint8Array, from: number, to: number) => void,
  pieceBytes = PIECE_BYTES,
): boolean {
  let buf = Buffer.allocUnsafe(Math.max(1, Math.min(pieceBytes, end - start)));
  let at = start; // file offset of buf[0]
  let filled = 0;
  while (at + filled < end) {
    if (filled === buf.length) {
      // one line longer than the buffer: double it
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, filled);
      buf = bigger;
    }
    const n = readSync(fd, buf, filled, Math.min(buf.length - filled, end - at - filled), at + filled);
    if (n === 0) return false;
    filled += n;
    // complete lines only, unless this is the end of the range
    const cut = at + filled === end ? filled : buf.lastIndexOf(10, filled - 1) + 1;
    if (cut > 0) {
      parse(buf, 0, cut);
      buf.copyWithin(0, cut, filled);
      at += cut;
      filled -= cut;
    }
  }
  return true;
}

/**
 * The first line start at or after byte `at`: one past the first `\n` at index `>= at - 1`, so a chunk boundary
 * never splits a line and two threads computing it for the same `at` agree. `size` when no line starts there.
 */
export function lineStartAtOrAfter(fd: number, at: number, size: number): number {
  if (at <= 0) return 0;
  const block = 1 << 16;
  for (let pos = at - 1; pos < size; pos += block) {
    const bytes = readRange(fd, pos, Math.min(size, pos + block));
    const nl = bytes.indexOf(10);
    if (nl >= 0) return pos + nl + 1;
  }
  return size;
}
