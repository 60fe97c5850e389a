import { createHash, createHmac, hash as oneShotHash } from 'node:crypto';
import { AUDIT_RECORD_TYPES, BotError } from '@bot/core-types';
import type { AuditEvent, AuditRecordType, JsonValue } from '@bot/core-types';
import { canonicalJson } from './canonicalJson.js';

const HEX64 = /^[0-9a-f]{64}$/;

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
  // Written field by field in sorted key order (equal to canonicalJson of the object, see the test), because this
  // runs once per record on the hot path; only the payload needs the general serialiser.
  let out = `{"actor":${JSON.stringify(event.actor)}`;
  if (event.clientOrderId !== undefined) out += `,"clientOrderId":${JSON.stringify(event.clientOrderId)}`;
  out += `,"payload":${canonicalJson(event.payload)},"prevHash":${JSON.stringify(prevHash)},"seq":${canonicalJson(seq)}`;
  if (event.strategyId !== undefined) out += `,"strategyId":${JSON.stringify(event.strategyId)}`;
  if (event.symbol !== undefined) out += `,"symbol":${JSON.stringify(event.symbol)}`;
  return `${out},"time":${canonicalJson(time)},"type":${JSON.stringify(event.type)},"v":${AUDIT_FORMAT_VERSION}}`;
}

/** SHA-256 of a UTF-8 string, lowercase hex. */
export function sha256Hex(text: string): string {
  return oneShotHash('sha256', text, 'hex');
}

/**
 * HMAC-SHA256 (RFC 2104) specialised for the 64-character hex hashes it authenticates: the padded key blocks are
 * computed once per key and the two inner/outer hashes are one-shot `crypto.hash` calls over reused buffers, which
 * is several times cheaper than a `createHmac` object per record. Other messages go through `createHmac`.
 */
class HmacSha256 {
  private readonly inner = Buffer.alloc(128);
  private readonly outer = Buffer.alloc(96);
  constructor(private readonly key: Buffer) {
    const block = Buffer.alloc(64);
    (key.length > 64 ? createHash('sha256').update(key).digest() : key).copy(block);
    for (let i = 0; i < 64; i++) {
      this.inner[i] = block[i]! ^ 0x36;
      this.outer[i] = block[i]! ^ 0x5c;
    }
  }
  hex(message: string): string {
    if (message.length !== 64 || !HEX64.test(message)) return createHmac('sha256', this.key).update(message, 'utf8').digest('hex');
    this.inner.write(message, 64, 'latin1');
    // 'binary' (latin1) string output + write is much cheaper than a 'buffer' output for a 32-byte digest.
    this.outer.write(oneShotHash('sha256', this.inner, 'binary'), 64, 'binary');
    return oneShotHash('sha256', this.outer, 'hex');
  }
}

const hmacCache = new WeakMap<Buffer, HmacSha256>();

/** HMAC-SHA256(key, hash), lowercase hex (RFC 2104). */
export function macOf(key: Buffer, hash: string): string {
  let h = hmacCache.get(key);
  if (h === undefined) {
    h = new HmacSha256(key);
    hmacCache.set(key, h);
  }
  return h.hex(hash);
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

/** Parses one trail line (without its newline) into a stored record; `undefined` when it has not the line shape. */
export function decodeLine(line: string): StoredRecord | undefined {
  // Fixed layout: {"hash":"<64>",["mac":"<64>",]"rec":{...}}
  if (!line.startsWith('{"hash":"') || line.charCodeAt(73) !== 34 /* " */ || line.charCodeAt(74) !== 44 /* , */) return undefined;
  const hash = line.slice(9, 73);
  if (!HEX64.test(hash)) return undefined;
  let mac: string | undefined;
  let rest = 75;
  if (line.startsWith('"mac":"', rest)) {
    mac = line.slice(rest + 7, rest + 71);
    if (!HEX64.test(mac) || !line.startsWith('",', rest + 71)) return undefined;
    rest += 73;
  }
  if (!line.startsWith('"rec":{', rest) || !line.endsWith('}}')) return undefined;
  const body = line.slice(rest + 6, line.length - 1);
  return mac === undefined ? { hash, body } : { hash, mac, body };
}

/**
 * Reads `seq`, `prevHash` and `type` of a canonical body without a full JSON parse (the verifier's hot path).
 * Relies on the canonical layout: the body starts with `{"actor":"`, ends with `"type":"<type>","v":1}`, and
 * `"prevHash":"<64 hex>","seq":<digits>,` is the last occurrence of that pattern before the type (it cannot occur
 * inside a JSON string, where every quote is escaped). Returns `undefined` for anything else; callers then fall back
 * to {@link parseBody}.
 */
export function chainFields(body: string): { seq: number; prevHash: string; type: AuditRecordType } | undefined {
  if (!body.startsWith('{"actor":"') || !body.endsWith('","v":1}')) return undefined;
  const t = body.lastIndexOf(',"type":"');
  if (t < 0) return undefined;
  const type = body.slice(t + 9, body.length - 8);
  if (!TYPES.has(type)) return undefined;
  const p = body.lastIndexOf('"prevHash":"', t);
  if (p < 0) return undefined;
  const prevHash = body.slice(p + 12, p + 76);
  if (!HEX64.test(prevHash) || !body.startsWith('","seq":', p + 76)) return undefined;
  const start = p + 84;
  let i = start;
  let seq = 0;
  for (; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c < 48 || c > 57) break;
    seq = seq * 10 + (c - 48);
  }
  const digits = i - start;
  if (digits === 0 || digits > 16 || seq > Number.MAX_SAFE_INTEGER || (digits > 1 && body.charCodeAt(start) === 48) || body.charCodeAt(i) !== 44) return undefined;
  return { seq, prevHash, type: type as AuditRecordType };
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
