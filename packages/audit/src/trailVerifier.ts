import type { KeyObject } from 'node:crypto';
import { GENESIS_HASH, chainFields, macOf, parseBody, sha256Hex } from './auditRecord.js';
import type { AuditRecord, StoredRecord } from './auditRecord.js';
import { toVerifyKey, verifyCheckpointSignature } from './checkpoint.js';
import type { Checkpoint } from './checkpoint.js';

/**
 * How a trail is broken:
 * - `malformed`: a line/row is not a record at all (torn or garbage bytes);
 * - `changed`: a record's bytes no longer match its hash (any edited byte of the body or the hash);
 * - `bad-hmac`: the hash is consistent but the HMAC is wrong or absent (edited by someone without the key);
 * - `missing`: a sequence number is absent and never appears later (a record was deleted);
 * - `reordered`: records appear out of sequence order (the expected one appears later) or a sequence repeats;
 * - `broken-link`: `prevHash` does not equal the previous record's hash (records spliced from elsewhere);
 * - `checkpoint-mismatch`: the record at a signed checkpoint's seq has another hash (history rewritten);
 * - `truncated`: the trail ends before the newest signed checkpoint (the tail was cut off);
 * - `bad-checkpoint-signature`: a checkpoint's Ed25519 signature does not verify (forged checkpoint).
 */
export type TrailBreakKind =
  | 'malformed'
  | 'changed'
  | 'bad-hmac'
  | 'missing'
  | 'reordered'
  | 'broken-link'
  | 'checkpoint-mismatch'
  | 'truncated'
  | 'bad-checkpoint-signature';

/** The first broken link found in a trail. */
export interface TrailBreak {
  readonly kind: TrailBreakKind;
  /** Sequence number where the trail stops being trustworthy (the expected seq for `missing`/`truncated`). */
  readonly seq: number;
  /** `file:line` or `table seq N`, when known. */
  readonly location?: string;
  /** Human-readable explanation. */
  readonly message: string;
}

/** A `recovery` record found in the trail (after a crash repair). */
export interface RecoveryNote {
  readonly seq: number;
  readonly time: number;
  readonly payload: AuditRecord['payload'];
}

/** Result of verifying a trail. `ok` is true only when no break was found. */
export interface VerifyReport {
  readonly ok: boolean;
  /** Records read (up to and including the break). */
  readonly records: number;
  /** Sequence and hash of the last record that verified. */
  readonly lastSeq: number;
  readonly headHash: string;
  /** True when HMACs were checked (a key was given). */
  readonly hmacChecked: boolean;
  /** Checkpoints compared against the trail. */
  readonly checkpointsChecked: number;
  /** Crash repairs recorded in the trail. */
  readonly recoveries: readonly RecoveryNote[];
  readonly break?: TrailBreak;
}

/** Options of trail verification. */
export interface VerifyOptions {
  /** HMAC key the trail was written with; without it HMACs are not checked. */
  readonly hmacKey?: string | Buffer;
  /** Signed checkpoints (from the checkpoint file) to hold the trail against. */
  readonly checkpoints?: readonly Checkpoint[];
  /** Ed25519 public key (PEM or KeyObject) of the checkpoint signer. Required when `checkpoints` are given. */
  readonly publicKey?: KeyObject | string;
}

/**
 * Streaming verifier: feed it the stored records in storage order with {@link TrailVerifier.push}, then call
 * {@link TrailVerifier.finish}. Used by the file and PostgreSQL verifiers; usable for any other storage.
 *
 * @example
 * ```ts
 * const v = new TrailVerifier({ hmacKey });
 * for (const [i, line] of lines.entries()) if (!v.push(decodeLine(line), `trail.jsonl:${i + 1}`)) break;
 * const report = v.finish();
 * ```
 */
export class TrailVerifier {
  private readonly key: Buffer | undefined;
  private readonly checkpointBySeq = new Map<number, Checkpoint>();
  private readonly newestCheckpoint: Checkpoint | undefined;
  private records = 0;
  private lastSeq = 0;
  private lastHash = GENESIS_HASH;
  private broken: TrailBreak | undefined;
  /** Out-of-sequence record seen: we keep reading to tell `missing` from `reordered`. */
  private anomaly: { expected: number; got: number; location: string | undefined } | undefined;
  private anomalyExpectedSeenLater = false;
  private readonly recoveries: RecoveryNote[] = [];

  constructor(options: VerifyOptions = {}) {
    this.key = options.hmacKey === undefined ? undefined : toKeyBuffer(options.hmacKey);
    const checkpoints = options.checkpoints ?? [];
    let newest: Checkpoint | undefined;
    if (checkpoints.length > 0) {
      const publicKey = options.publicKey === undefined ? undefined : toVerifyKey(options.publicKey);
      for (const cp of checkpoints) {
        if (publicKey === undefined || !verifyCheckpointSignature(cp, publicKey)) {
          this.broken ??= {
            kind: 'bad-checkpoint-signature',
            seq: cp.seq,
            message:
              publicKey === undefined
                ? `checkpoint at seq ${cp.seq} cannot be trusted: no public key given to check its signature`
                : `checkpoint at seq ${cp.seq} has an invalid Ed25519 signature (forged or altered checkpoint)`,
          };
        }
        this.checkpointBySeq.set(cp.seq, cp);
        if (newest === undefined || cp.seq > newest.seq) newest = cp;
      }
    }
    this.newestCheckpoint = newest;
  }

  /** True once a break has been found (further pushes are ignored). */
  get isBroken(): boolean {
    return this.broken !== undefined;
  }

  /**
   * Feeds the next stored record (`undefined` for a line/row that could not be decoded).
   * @returns false when reading further is pointless (a break has been classified).
   */
  push(stored: StoredRecord | undefined, location?: string): boolean {
    if (this.broken !== undefined) return false;
    if (this.anomaly !== undefined) {
      // Only looking for the expected seq further on, to classify the anomaly.
      const rec = stored === undefined ? undefined : parseBody(stored);
      if (rec !== undefined && rec.seq === this.anomaly.expected) {
        this.anomalyExpectedSeenLater = true;
        return false;
      }
      return true;
    }
    this.records++;
    const expected = this.lastSeq + 1;
    if (stored === undefined) return this.fail('malformed', expected, location, 'not a trail record (torn or corrupted line)');
    if (sha256Hex(stored.body) !== stored.hash) {
      // Reported at the position's expected seq: the seq written in an edited record cannot be trusted.
      return this.fail('changed', expected, location, 'record bytes do not match its SHA-256 hash (content or hash edited)');
    }
    const rec = chainFields(stored.body) ?? parseBody(stored);
    if (rec === undefined) return this.fail('malformed', expected, location, 'hash matches but the body is not a v1 audit record');
    if (this.key !== undefined) {
      if (stored.mac === undefined) return this.fail('bad-hmac', rec.seq, location, 'record has no HMAC but the trail is expected to be keyed');
      if (macOf(this.key, stored.hash) !== stored.mac) {
        return this.fail('bad-hmac', rec.seq, location, 'HMAC does not match: record rewritten without the key (or wrong key)');
      }
    }
    if (rec.seq !== expected) {
      this.anomaly = { expected, got: rec.seq, location };
      return true;
    }
    if (rec.prevHash !== this.lastHash) {
      return this.fail('broken-link', rec.seq, location, `prevHash ${rec.prevHash.slice(0, 12)}… does not match the previous record's hash ${this.lastHash.slice(0, 12)}…`);
    }
    const cp = this.checkpointBySeq.get(rec.seq);
    if (cp !== undefined && cp.hash !== stored.hash) {
      return this.fail('checkpoint-mismatch', rec.seq, location, `signed checkpoint says seq ${rec.seq} has hash ${cp.hash.slice(0, 12)}…, trail has ${stored.hash.slice(0, 12)}… (history rewritten)`);
    }
    if (rec.type === 'recovery') {
      const full = parseBody(stored);
      if (full === undefined) return this.fail('malformed', rec.seq, location, 'recovery record body is not a v1 audit record');
      this.recoveries.push({ seq: full.seq, time: full.time, payload: full.payload });
    }
    this.lastSeq = rec.seq;
    this.lastHash = stored.hash;
    return true;
  }

  /**
   * Reports a break found by a storage-specific check (e.g. an index column that disagrees with the hashed body),
   * unless an earlier break was already found.
   */
  flag(kind: TrailBreakKind, seq: number, location: string | undefined, message: string): void {
    if (this.broken === undefined && this.anomaly === undefined) {
      this.fail(kind, seq, location, message);
    }
  }

  /** Ends the walk and returns the report. */
  finish(): VerifyReport {
    if (this.broken === undefined && this.anomaly !== undefined) {
      const { expected, got, location } = this.anomaly;
      if (this.anomalyExpectedSeenLater || got < expected) {
        this.fail('reordered', expected, location, got < expected
          ? `seq ${got} appears again after seq ${expected - 1} (duplicated or moved record)`
          : `seq ${got} appears where seq ${expected} was expected; seq ${expected} comes later (records reordered)`);
      } else {
        this.fail('missing', expected, location, `seq ${expected}${got - 1 > expected ? `..${got - 1}` : ''} missing: next record found is seq ${got}`);
      }
    }
    if (this.broken === undefined && this.newestCheckpoint !== undefined && this.newestCheckpoint.seq > this.lastSeq) {
      const cp = this.newestCheckpoint;
      this.fail('truncated', this.lastSeq + 1, undefined, `trail ends at seq ${this.lastSeq} but a signed checkpoint covers seq ${cp.seq}: records ${this.lastSeq + 1}..${cp.seq} were cut off`);
    }
    let checked = 0;
    for (const seq of this.checkpointBySeq.keys()) if (seq <= this.lastSeq) checked++;
    const base = {
      ok: this.broken === undefined,
      records: this.records,
      lastSeq: this.lastSeq,
      headHash: this.lastHash,
      hmacChecked: this.key !== undefined,
      checkpointsChecked: checked,
      recoveries: this.recoveries,
    };
    return this.broken === undefined ? base : { ...base, break: this.broken };
  }

  private fail(kind: TrailBreakKind, seq: number, location: string | undefined, message: string): false {
    this.broken = location === undefined ? { kind, seq, message } : { kind, seq, location, message };
    return false;
  }
}

/** An HMAC key as bytes (strings are UTF-8). */
export function toKeyBuffer(key: string | Buffer): Buffer {
  return typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
}
