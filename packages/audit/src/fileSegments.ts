import { closeSync, existsSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Rotation naming scheme of a file trail. The trail is named by its first segment, e.g. `audit/trail.jsonl`;
 * later segments sit beside it as `audit/trail.000002.jsonl`, `audit/trail.000003.jsonl`, ... The first record
 * of segment n+1 chains to the last record of segment n (`prevHash`), so the chain runs across files.
 */
export function segmentPath(trailPath: string, index: number): string {
  if (index <= 1) return trailPath;
  const { stem, ext } = splitExt(trailPath);
  return `${stem}.${String(index).padStart(6, '0')}${ext}`;
}

function splitExt(path: string): { stem: string; ext: string } {
  const base = basename(path);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return { stem: path, ext: '' };
  return { stem: path.slice(0, path.length - (base.length - dot)), ext: base.slice(dot) };
}

/** One existing segment file of a trail. */
export interface Segment {
  readonly index: number;
  readonly path: string;
}

/**
 * Lists a trail's existing segments in order (by directory listing, so a deleted middle segment leaves a visible
 * gap in the sequence numbers instead of hiding the segments after it).
 */
export function listSegments(trailPath: string): Segment[] {
  const dir = dirname(trailPath);
  const out: Segment[] = [];
  if (existsSync(trailPath)) out.push({ index: 1, path: trailPath });
  if (!existsSync(dir)) return out;
  const { stem, ext } = splitExt(basename(trailPath));
  const pattern = new RegExp(`^${escapeRegExp(stem)}\\.(\\d{6,})${escapeRegExp(ext)}$`);
  for (const name of readdirSync(dir)) {
    const m = pattern.exec(name);
    if (m === null) continue;
    const index = Number(m[1]);
    if (index >= 2) out.push({ index, path: join(dir, name) });
  }
  return out.sort((a, b) => a.index - b.index);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A line of a trail file with its location. `terminated` is false for a last line without `\n` (torn). */
export interface TrailLine {
  readonly text: string;
  readonly file: string;
  /** 1-based line number. */
  readonly line: number;
  readonly terminated: boolean;
}

const CHUNK = 1 << 20;

/** Reads the lines of one file in 1 MiB chunks (split on the `\n` byte, so multi-byte UTF-8 is never cut). */
export function* readLines(file: string): Generator<TrailLine> {
  const fd = openSync(file, 'r');
  try {
    let carry: Buffer = Buffer.alloc(0);
    let lineNo = 0;
    const chunk = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const n = readSync(fd, chunk, 0, CHUNK, null);
      if (n === 0) break;
      const data: Buffer = carry.length === 0 ? chunk.subarray(0, n) : Buffer.concat([carry, chunk.subarray(0, n)]);
      let start = 0;
      for (;;) {
        const nl = data.indexOf(10, start);
        if (nl < 0) break;
        lineNo++;
        yield { text: data.toString('utf8', start, nl), file, line: lineNo, terminated: true };
        start = nl + 1;
      }
      carry = Buffer.from(data.subarray(start));
    }
    if (carry.length > 0) yield { text: carry.toString('utf8'), file, line: lineNo + 1, terminated: false };
  } finally {
    closeSync(fd);
  }
}

/** Reads every line of every segment of a trail, in order. */
export function* readTrailLines(trailPath: string): Generator<TrailLine> {
  for (const seg of listSegments(trailPath)) yield* readLines(seg.path);
}

/** The end of a file: its last complete line (if any) and the bytes after the last `\n` (torn fragment). */
export interface FileTail {
  readonly size: number;
  /** Byte offset just after the last `\n` (0 if none): where a torn fragment starts. */
  readonly cleanEnd: number;
  /** The last `\n`-terminated line, without its newline. */
  readonly lastLine: string | undefined;
  /** Bytes after the last `\n` (empty when the file ends cleanly). */
  readonly fragment: Buffer;
}

/** Reads the tail of a file backwards in 64 KiB chunks until the last complete line is found. */
export function readTail(file: string): FileTail {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    let pos = size;
    let buf = Buffer.alloc(0);
    let lastNl = -1;
    let prevNl = -1;
    while (pos > 0) {
      const len = Math.min(65536, pos);
      pos -= len;
      const chunk = Buffer.allocUnsafe(len);
      readSync(fd, chunk, 0, len, pos);
      buf = Buffer.concat([chunk, buf]);
      lastNl = buf.lastIndexOf(10);
      if (lastNl >= 0) {
        prevNl = lastNl === 0 ? -1 : buf.lastIndexOf(10, lastNl - 1);
        if (prevNl >= 0 || pos === 0) break;
      }
    }
    if (lastNl < 0) return { size, cleanEnd: 0, lastLine: undefined, fragment: buf };
    const cleanEnd = pos + lastNl + 1;
    return {
      size,
      cleanEnd,
      lastLine: buf.toString('utf8', prevNl + 1, lastNl),
      fragment: Buffer.from(buf.subarray(lastNl + 1)),
    };
  } finally {
    closeSync(fd);
  }
}
