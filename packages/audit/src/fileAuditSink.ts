import { createHash } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fdatasyncSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { BotError } from '@bot/core-types';
import type { AuditEvent, AuditSink, Clock, TimerHandle } from '@bot/core-types';
import { GENESIS_HASH, decodeLine, encodeLine, macOf, parseBody, sealRecord, sha256Hex } from './auditRecord.js';
import { appendCheckpoint, signCheckpoint, toSigningKey } from './checkpoint.js';
import type { Checkpoint } from './checkpoint.js';
import { listSegments, readLines, readTail, segmentPath } from './fileSegments.js';
import { toKeyBuffer } from './trailVerifier.js';
import { WriterLock } from './writerLock.js';

/**
 * When appended records become durable (fsync'ed):
 * - `'always'`: `record()` returns only after the line is written and `fdatasync`'ed: a record that `record()`
 *   returned from survives a crash or power loss. Slowest (one fsync per record).
 * - `{ everyMs, everyRecords }`: records are buffered in memory and written + fsync'ed when `everyRecords`
 *   are pending or `everyMs` (Clock time) after the first pending one, whichever comes first, and on
 *   `flush()`/`close()`. A crash loses at most the records recorded since the last flush.
 */
export type FsyncPolicy = 'always' | { readonly everyMs?: number; readonly everyRecords?: number };

/** Segment rotation: start a new file when the current one would exceed `maxBytes` or holds `maxRecords`. */
export interface RotationPolicy {
  readonly maxBytes?: number;
  readonly maxRecords?: number;
}

/** Ed25519 checkpoints of the head hash. */
export interface CheckpointPolicy {
  /** Ed25519 private key (PEM or KeyObject). */
  readonly privateKey: KeyObject | string;
  /** Where to append each checkpoint (JSON line, fsync'ed). Keep it on another machine/medium if you can. */
  readonly file?: string;
  /** Also checkpoint automatically after this many durable records. */
  readonly everyRecords?: number;
}

/** What was repaired when a trail was reopened after a crash. */
export interface RecoveryReport {
  readonly reason: 'torn-tail';
  /** Segment file that ended in a torn line. */
  readonly file: string;
  /** Byte offset where the torn fragment started (the file was truncated to this size). */
  readonly offset: number;
  /** Number of bytes cut. */
  readonly bytesCut: number;
  /** SHA-256 of the bytes cut, hex. */
  readonly cutSha256: string;
  /** Seq of the last intact record before the fragment. */
  readonly lastGoodSeq: number;
  /** Seq of the `recovery` record written to document the repair. */
  readonly recoverySeq: number;
}

/** Options of {@link FileAuditSink.open}. */
export interface FileAuditSinkOptions {
  /** Trail path, e.g. `audit/trail.jsonl` (first segment; later segments are named by {@link segmentPath}). */
  readonly path: string;
  readonly clock: Clock;
  /** Default `{ everyMs: 200, everyRecords: 1000 }`. */
  readonly fsync?: FsyncPolicy;
  readonly rotate?: RotationPolicy;
  /** HMAC-SHA256 key (string = UTF-8 bytes). A keyed trail must always be reopened with the same key. */
  readonly hmacKey?: string | Buffer;
  readonly checkpoints?: CheckpointPolicy;
  /**
   * Take the single-writer lock file `<path>.lock` (pid + host) so that a second process, or a second sink in this
   * process, cannot append to the same trail and fork the chain. A lock left by a dead process is taken over.
   * Default false for compatibility; recommended true for every long-running writer.
   */
  readonly exclusive?: boolean;
  /** Called once when opening repaired a torn tail (the repair is also in the trail as a `recovery` record). */
  readonly onRecovery?: (report: RecoveryReport) => void;
}

const RECOVERY_KEEP_BYTES = 64 * 1024;

/**
 * The default {@link AuditSink}: an append-only, hash-chained JSON Lines file (one record per line, see
 * {@link encodeLine}), with an fsync policy, size/count rotation that keeps the chain across files, optional
 * HMAC and Ed25519 checkpoints, and crash repair on open.
 *
 * Crash repair: on open, bytes after the last `\n` of the newest segment (a line torn by a crash) are cut off
 * and a `recovery` record describing them (offset, length, SHA-256 and the bytes themselves, base64, up to
 * 64 KiB) is appended and fsync'ed. Nothing is silently dropped and nothing half-written is kept. A torn line was
 * never acknowledged: under `'always'` a record is acknowledged only after its whole line and `\n` are synced.
 *
 * One writer per trail: two sinks appending to the same path would fork the chain. With `exclusive: true` opening
 * takes a lock file `<path>.lock` (pid and host); a lock left by a process that no longer runs is taken over.
 *
 * `record()` throws only for a malformed event, after `close()`, or when an earlier background flush failed
 * (disk full, I/O error): an audit trail that cannot be written must stop the trading process, not be ignored.
 *
 * @example
 * ```ts
 * const sink = await FileAuditSink.open({ path: 'audit/trail.jsonl', clock: new SystemClock(), fsync: 'always' });
 * sink.record({ type: 'operator-action', actor: 'operator:alice', payload: { action: 'start' } });
 * await sink.close();
 * ```
 */
export class FileAuditSink implements AuditSink {
  private fd: number;
  private segmentIndex: number;
  private segmentBytes: number;
  private segmentRecords: number;
  private seq: number;
  private headHash: string;
  private durableSeqValue: number;
  private durableHash: string;
  private pending: string[] = [];
  private timer: TimerHandle | undefined;
  private closed = false;
  private failure: unknown;
  private lastCheckpointSeq = 0;
  private readonly key: Buffer | undefined;
  private readonly signingKey: KeyObject | undefined;
  private readonly everyMs: number;
  private readonly everyRecords: number;
  private readonly always: boolean;
  /** The crash repair done on open, if any. */
  readonly recovery: RecoveryReport | undefined;

  private constructor(
    private readonly options: FileAuditSinkOptions,
    state: { fd: number; segmentIndex: number; segmentBytes: number; segmentRecords: number; seq: number; hash: string },
    torn: { file: string; offset: number; fragment: Buffer } | undefined,
    private readonly lock: WriterLock | undefined,
  ) {
    this.fd = state.fd;
    this.segmentIndex = state.segmentIndex;
    this.segmentBytes = state.segmentBytes;
    this.segmentRecords = state.segmentRecords;
    this.seq = state.seq;
    this.headHash = state.hash;
    this.durableSeqValue = state.seq;
    this.durableHash = state.hash;
    this.key = options.hmacKey === undefined ? undefined : toKeyBuffer(options.hmacKey);
    this.signingKey = options.checkpoints === undefined ? undefined : toSigningKey(options.checkpoints.privateKey);
    const policy = options.fsync ?? { everyMs: 200, everyRecords: 1000 };
    this.always = policy === 'always';
    this.everyMs = policy === 'always' ? 0 : positive(policy.everyMs ?? 200, 'fsync.everyMs');
    this.everyRecords = policy === 'always' ? 1 : positive(policy.everyRecords ?? 1000, 'fsync.everyRecords');
    if (torn !== undefined) {
      const lastGoodSeq = this.seq;
      const cut = torn.fragment;
      const cutSha256 = createHash('sha256').update(cut).digest('hex');
      const kept = cut.subarray(0, RECOVERY_KEEP_BYTES);
      this.appendNow({
        type: 'recovery',
        actor: 'audit:file-sink',
        payload: {
          reason: 'torn-tail',
          file: torn.file,
          offset: torn.offset,
          bytesCut: cut.length,
          cutSha256,
          cutBase64: kept.toString('base64'),
          cutComplete: kept.length === cut.length,
          lastGoodSeq,
          note: 'bytes after the last newline were never acknowledged (crash during write); cut and recorded here',
        },
      });
      this.recovery = { reason: 'torn-tail', file: torn.file, offset: torn.offset, bytesCut: cut.length, cutSha256, lastGoodSeq, recoverySeq: this.seq };
      options.onRecovery?.(this.recovery);
    } else {
      this.recovery = undefined;
    }
  }

  /**
   * Opens (creating if needed) a trail for appending, repairing a torn tail left by a crash.
   *
   * @throws BotError `INTEGRITY` when the newest intact line is not a valid record (run `bot audit verify`);
   * `CONFIG` when the trail is keyed and no/another key is given, or vice versa, or (with `exclusive`) another live writer holds it.
   */
  static async open(options: FileAuditSinkOptions): Promise<FileAuditSink> {
    return Promise.resolve(FileAuditSink.openSync(options));
  }

  /** Synchronous {@link FileAuditSink.open}. */
  static openSync(options: FileAuditSinkOptions): FileAuditSink {
    if (options.rotate?.maxBytes !== undefined) positive(options.rotate.maxBytes, 'rotate.maxBytes');
    if (options.rotate?.maxRecords !== undefined) positive(options.rotate.maxRecords, 'rotate.maxRecords');
    mkdirSync(dirname(options.path), { recursive: true });
    const lock = options.exclusive === true ? WriterLock.acquire(options.path) : undefined;
    try {
      return FileAuditSink.openLocked(options, lock);
    } catch (error) {
      lock?.release();
      throw error;
    }
  }

  private static openLocked(options: FileAuditSinkOptions, lock: WriterLock | undefined): FileAuditSink {
    const segments = listSegments(options.path);
    const newest = segments.at(-1);
    const segmentIndex = newest?.index ?? 1;
    const file = newest?.path ?? options.path;
    let torn: { file: string; offset: number; fragment: Buffer } | undefined;
    let seq = 0;
    let hash = GENESIS_HASH;
    let segmentBytes = 0;
    let segmentRecords = 0;
    if (newest !== undefined) {
      const tail = readTail(newest.path);
      segmentBytes = tail.cleanEnd;
      if (tail.fragment.length > 0) {
        torn = { file: newest.path, offset: tail.cleanEnd, fragment: tail.fragment };
        const fd = openSync(newest.path, 'r+');
        try {
          ftruncateSync(fd, tail.cleanEnd);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      }
      // Head of the chain: the newest intact line, looking back through earlier segments if this one is empty.
      let lastLine = tail.lastLine;
      let lastFile = newest.path;
      for (let i = segments.length - 2; lastLine === undefined && i >= 0; i--) {
        const seg = segments[i]!;
        lastLine = readTail(seg.path).lastLine;
        lastFile = seg.path;
      }
      if (lastLine !== undefined) {
        const stored = decodeLine(lastLine);
        const rec = stored === undefined ? undefined : parseBody(stored);
        if (stored === undefined || rec === undefined || sha256Hex(stored.body) !== stored.hash) {
          throw new BotError('INTEGRITY', `${lastFile}: the last complete line is not a valid audit record; refusing to append to a damaged trail (run \`bot audit verify ${options.path}\`)`);
        }
        checkKeyMatches(options, stored.mac, stored.hash, lastFile);
        seq = rec.seq;
        hash = rec.hash;
        if (lastFile === newest.path) {
          const first = readLines(newest.path).next();
          const firstRec = first.done === true ? undefined : decodeLine(first.value.text);
          const firstSeq = firstRec === undefined ? undefined : parseBody(firstRec)?.seq;
          segmentRecords = firstSeq === undefined ? 0 : seq - firstSeq + 1;
        }
      }
    }
    const fd = openSync(file, 'a');
    if (newest === undefined) fsyncDir(dirname(file));
    return new FileAuditSink(options, { fd, segmentIndex, segmentBytes, segmentRecords, seq, hash }, torn, lock);
  }

  /** Sequence number and hash of the newest record (durable or not). */
  get head(): { readonly seq: number; readonly hash: string } {
    return { seq: this.seq, hash: this.headHash };
  }

  /** Sequence number of the newest record known to be fsync'ed. */
  get durableSeq(): number {
    return this.durableSeqValue;
  }

  /** Path of the segment currently appended to. */
  get currentSegment(): string {
    return segmentPath(this.options.path, this.segmentIndex);
  }

  /**
   * Appends an event. Under `'always'` it is durable when this returns; otherwise after the next batch flush.
   * @throws BotError `INVALID_ARGUMENT` for a malformed event or after close; the stored failure of a failed flush.
   */
  record(event: AuditEvent): void {
    this.assertUsable();
    if (this.always) {
      this.appendNow(event);
      this.maybeAutoCheckpoint();
      return;
    }
    const stored = sealRecord(this.seq + 1, this.options.clock.now(), event, this.headHash, this.key);
    this.seq++;
    this.headHash = stored.hash;
    this.pending.push(encodeLine(stored));
    if (this.pending.length >= this.everyRecords) {
      this.flushSync();
    } else if (this.timer === undefined) {
      this.timer = this.options.clock.setTimer(() => {
        this.timer = undefined;
        try {
          this.flushSync();
        } catch (error) {
          this.failure ??= error;
        }
      }, this.everyMs);
    }
  }

  /** Writes and fsyncs everything recorded so far (synchronously). */
  flushSync(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.timer !== undefined) {
      this.options.clock.clearTimer(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return;
    const lines = this.pending;
    this.pending = [];
    try {
      this.writeLines(lines);
    } catch (error) {
      this.failure = new BotError('INTERNAL', `audit trail ${this.currentSegment}: write failed; records after seq ${this.durableSeqValue} may be lost`, { cause: error });
      throw this.failure;
    }
    this.durableSeqValue = this.seq;
    this.durableHash = this.headHash;
    this.maybeAutoCheckpoint();
  }

  /** Makes everything recorded so far durable. */
  async flush(): Promise<void> {
    this.flushSync();
    return Promise.resolve();
  }

  /**
   * Signs a checkpoint of the durable head (flushing first) and appends it to the checkpoint file, if configured.
   * @throws BotError `CONFIG` when no checkpoint key was configured.
   */
  checkpoint(): Checkpoint {
    if (this.signingKey === undefined) throw new BotError('CONFIG', 'checkpoint(): no checkpoints.privateKey configured');
    this.flushSync();
    const cp = signCheckpoint(this.durableSeqValue, this.durableHash, this.options.clock.now(), this.signingKey);
    if (this.options.checkpoints?.file !== undefined) appendCheckpoint(this.options.checkpoints.file, cp);
    this.lastCheckpointSeq = cp.seq;
    return cp;
  }

  /** Flushes and closes the file. Further `record()` calls throw. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      this.flushSync();
    } finally {
      this.closed = true;
      closeSync(this.fd);
      this.lock?.release();
    }
  }

  private assertUsable(): void {
    if (this.closed) throw new BotError('INVALID_ARGUMENT', `audit trail ${this.options.path} is closed`);
    if (this.failure !== undefined) throw this.failure;
  }

  /** Seals and writes one record with an fsync, bypassing the batch (used by 'always' and recovery). */
  private appendNow(event: AuditEvent): void {
    const stored = sealRecord(this.seq + 1, this.options.clock.now(), event, this.headHash, this.key);
    const line = encodeLine(stored);
    this.flushSync();
    try {
      this.writeLines([line]);
    } catch (error) {
      this.failure = new BotError('INTERNAL', `audit trail ${this.currentSegment}: write failed at seq ${this.seq + 1}`, { cause: error });
      throw this.failure;
    }
    this.seq++;
    this.headHash = stored.hash;
    this.durableSeqValue = this.seq;
    this.durableHash = this.headHash;
  }

  private writeLines(lines: readonly string[]): void {
    const maxBytes = this.options.rotate?.maxBytes ?? Infinity;
    const maxRecords = this.options.rotate?.maxRecords ?? Infinity;
    let chunk = '';
    let chunkBytes = 0;
    for (const line of lines) {
      const bytes = Buffer.byteLength(line, 'utf8');
      const full =
        this.segmentRecords >= maxRecords || (this.segmentBytes > 0 && this.segmentBytes + bytes > maxBytes);
      if (full) {
        if (chunkBytes > 0) writeFully(this.fd, chunk);
        chunk = '';
        chunkBytes = 0;
        this.rotate();
      }
      chunk += line;
      chunkBytes += bytes;
      this.segmentBytes += bytes;
      this.segmentRecords++;
    }
    if (chunkBytes > 0) writeFully(this.fd, chunk);
    fdatasyncSync(this.fd);
  }

  private rotate(): void {
    fdatasyncSync(this.fd);
    closeSync(this.fd);
    this.segmentIndex++;
    const next = segmentPath(this.options.path, this.segmentIndex);
    if (existsSync(next)) throw new BotError('INTEGRITY', `rotation target ${next} already exists`);
    this.fd = openSync(next, 'a');
    fsyncDir(dirname(next));
    this.segmentBytes = 0;
    this.segmentRecords = 0;
  }

  private maybeAutoCheckpoint(): void {
    const every = this.options.checkpoints?.everyRecords;
    if (every !== undefined && this.signingKey !== undefined && this.durableSeqValue - this.lastCheckpointSeq >= every) {
      this.checkpoint();
    }
  }
}

function checkKeyMatches(options: FileAuditSinkOptions, mac: string | undefined, hash: string, file: string): void {
  if (options.hmacKey === undefined) {
    if (mac !== undefined) throw new BotError('CONFIG', `${file}: the trail is HMAC-keyed; open it with its hmacKey`);
    return;
  }
  if (mac === undefined) throw new BotError('CONFIG', `${file}: the trail is not keyed; it cannot be continued with an hmacKey`);
  if (macOf(toKeyBuffer(options.hmacKey), hash) !== mac) {
    throw new BotError('CONFIG', `${file}: hmacKey does not match the key the trail was written with`);
  }
}

function writeFully(fd: number, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms cannot fsync a directory; the file data itself is still synced.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function positive(value: number, field: string): number {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new BotError('CONFIG', `FileAuditSink: ${field} must be a positive number (value seen ${value})`);
  }
  return value;
}
