import { createHash, createHmac } from 'node:crypto';
import { AUDIT_RECORD_TYPES, BotError } from '@bot/core-types';
import type { AuditEvent, AuditRecordType, JsonValue } from '@bot/core-types';
import { canonicalJson } from './canonicalJson.js';

/** Version of the record body format; written as `v` in every body. */
export const AUDIT_FORMAT_VERSION = 1;

/** `prevHash` of the very first record of a trail: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * One stored audit record: the event the sink was given plus sequence, time and the hash chain.
 *
 * `hash` = SHA-256 (lowercase hex) of the UTF-8 bytes of the record's canonical body (see {@link recordBody}),
 * and the body contains `prevHash`, so every hash commits to the whole history before it.
 * `mac` (present when the trail is keyed) = HMAC-SHA256(key, hash), lowercase hex: without the key nobody can
 * produce a consistent chain after editing a record.
 */
export interface AuditRecord {
  /** 1-based, gap-free, strictly increasing. */
  readonly seq: number;
  /** Clock time when recorded, epoch ms UTC. */
  readonly time: number;
  readonly type: AuditRecordType;
  readonly actor: string;
  readonly payload: JsonValue;
  readonly clientOrderId?: string;
  readonly strategyId?: string;
  readonly symbol?: string;
  /** Hash of the previous record ({@link GENESIS_HASH} for seq 1). */
  readonly prevHash: string;
  /** SHA-256 of the canonical body, lowercase hex. */
  readonly hash: string;
  /** HMAC-SHA256(key, hash) when the trail is keyed, lowercase hex. */
  readonly mac?: string;
}

/** A record as stored: its hash, optional mac and the exact canonical body text that was hashed. */
export interface StoredRecord {
  readonly hash: string;
  readonly mac?: string;
  readonly body: string;
}

/**
 * The canonical body of a record: {@link canonicalJson} of
 * `{ actor, clientOrderId?, payload, prevHash, seq, strategyId?, symbol?, time, type, v }`
 * (absent optional fields are omitted, keys sorted). This exact text is what `hash` covers.
 *
 * @throws BotError `INVALID_ARGUMENT` when the payload is not JSON (NaN, bigint, class instances...).
 */
export function recordBody(seq: number, time: number, event: AuditEvent, prevHash: string): string {
  const body: Record<string, JsonValue> = {
    actor: event.actor,
    payload: event.payload,
    prevHash,
    seq,
    time,
    type: event.type,
    v: AUDIT_FORMAT_VERSION,
  };
  if (event.clientOrderId !== undefined) body['clientOrderId'] = event.clientOrderId;
  if (event.strategyId !== undefined) body['strategyId'] = event.strategyId;
  if (event.symbol !== undefined) body['symbol'] = event.symbol;
  return canonicalJson(body);
}

/** SHA-256 of a UTF-8 string, lowercase hex. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** HMAC-SHA256(key, hash), lowercase hex. */
export function macOf(key: Buffer, hash: string): string {
  return createHmac('sha256', key).update(hash, 'utf8').digest('hex');
}

/**
 * Seals an event into a stored record: builds the canonical body, hashes it and (when a key is given) MACs it.
 *
 * @throws BotError `INVALID_ARGUMENT` when the event is malformed (unknown type, empty actor, non-JSON payload).
 */
export function sealRecord(seq: number, time: number, event: AuditEvent, prevHash: string, hmacKey?: Buffer): StoredRecord {
  validateEvent(event);
  const body = recordBody(seq, time, event, prevHash);
  const hash = sha256Hex(body);
  return hmacKey === undefined ? { hash, body } : { hash, mac: macOf(hmacKey, hash), body };
}

const TYPES: ReadonlySet<string> = new Set(AUDIT_RECORD_TYPES);

/** Throws when an event cannot be recorded. */
export function validateEvent(event: AuditEvent): void {
  if (!TYPES.has(event.type)) {
    throw new BotError('INVALID_ARGUMENT', `audit event type ${JSON.stringify(event.type)} is not one of ${AUDIT_RECORD_TYPES.join(', ')}`);
  }
  if (typeof event.actor !== 'string' || event.actor.length === 0) {
    throw new BotError('INVALID_ARGUMENT', 'audit event actor must be a non-empty string');
  }
}

/**
 * One line of a JSON Lines trail file: `{"hash":"<64 hex>","mac":"<64 hex>","rec":<body>}` + `\n`
 * (`mac` only for keyed trails). The line is itself canonical JSON.
 */
export function encodeLine(stored: StoredRecord): string {
  return stored.mac === undefined
    ? `{"hash":"${stored.hash}","rec":${stored.body}}\n`
    : `{"hash":"${stored.hash}","mac":"${stored.mac}","rec":${stored.body}}\n`;
}

const LINE = /^\{"hash":"([0-9a-f]{64})",(?:"mac":"([0-9a-f]{64})",)?"rec":(\{.*\})\}$/s;

/** Parses one trail line (without its newline) into a stored record; `undefined` when it has not the line shape. */
export function decodeLine(line: string): StoredRecord | undefined {
  const m = LINE.exec(line);
  if (m === null) return undefined;
  const hash = m[1]!;
  const mac = m[2];
  const body = m[3]!;
  return mac === undefined ? { hash, body } : { hash, mac, body };
}

/**
 * Parses a record body into an {@link AuditRecord}; `undefined` when the body is not a well-formed v1 body.
 * Does not check the hash: that is the verifier's job.
 */
export function parseBody(stored: StoredRecord): AuditRecord | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(stored.body);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  if (
    r['v'] !== AUDIT_FORMAT_VERSION ||
    !Number.isSafeInteger(r['seq']) ||
    typeof r['time'] !== 'number' ||
    typeof r['type'] !== 'string' ||
    !TYPES.has(r['type']) ||
    typeof r['actor'] !== 'string' ||
    typeof r['prevHash'] !== 'string' ||
    !('payload' in r)
  ) {
    return undefined;
  }
  const out: {
    seq: number;
    time: number;
    type: AuditRecordType;
    actor: string;
    payload: JsonValue;
    prevHash: string;
    hash: string;
    mac?: string;
    clientOrderId?: string;
    strategyId?: string;
    symbol?: string;
  } = {
    seq: r['seq'] as number,
    time: r['time'],
    type: r['type'] as AuditRecordType,
    actor: r['actor'],
    payload: r['payload'] as JsonValue,
    prevHash: r['prevHash'],
    hash: stored.hash,
  };
  if (stored.mac !== undefined) out.mac = stored.mac;
  if (typeof r['clientOrderId'] === 'string') out.clientOrderId = r['clientOrderId'];
  if (typeof r['strategyId'] === 'string') out.strategyId = r['strategyId'];
  if (typeof r['symbol'] === 'string') out.symbol = r['symbol'];
  return out;
}
