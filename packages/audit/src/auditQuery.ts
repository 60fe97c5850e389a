import { BotError } from '@bot/core-types';
import type { AuditRecordType } from '@bot/core-types';
import { AUDIT_RECORD_TYPES } from '@bot/core-types';
import type { AuditRecord } from './auditRecord.js';

/**
 * Filter of audit queries. All given criteria must hold (AND); `types` matches any of the listed types.
 * Times are epoch ms UTC, `from` inclusive, `to` exclusive.
 */
export interface AuditQuery {
  readonly from?: number;
  readonly to?: number;
  readonly types?: readonly AuditRecordType[];
  readonly clientOrderId?: string;
  readonly strategyId?: string;
  readonly symbol?: string;
  readonly actor?: string;
  /** Stop after this many matches. */
  readonly limit?: number;
}

/** True when a record satisfies the query's criteria (ignores `limit`). */
export function matchesQuery(record: AuditRecord, query: AuditQuery): boolean {
  if (query.from !== undefined && record.time < query.from) return false;
  if (query.to !== undefined && record.time >= query.to) return false;
  if (query.types !== undefined && query.types.length > 0 && !query.types.includes(record.type)) return false;
  if (query.clientOrderId !== undefined && record.clientOrderId !== query.clientOrderId) return false;
  if (query.strategyId !== undefined && record.strategyId !== query.strategyId) return false;
  if (query.symbol !== undefined && record.symbol !== query.symbol) return false;
  if (query.actor !== undefined && record.actor !== query.actor) return false;
  return true;
}

/**
 * Applies a query to records in order, honouring `limit`.
 * @example
 * ```ts
 * const fills = [...filterRecords(readFileTrail(path), { types: ['fill'], from: Date.UTC(2024, 2, 1), limit: 100 })];
 * ```
 */
export function* filterRecords(records: Iterable<AuditRecord>, query: AuditQuery): Generator<AuditRecord> {
  let n = 0;
  const limit = query.limit ?? Infinity;
  if (n >= limit) return;
  for (const rec of records) {
    if (!matchesQuery(rec, query)) continue;
    yield rec;
    if (++n >= limit) return;
  }
}

/**
 * Parses a comma-separated list of record types (CLI input).
 * @throws ValidationError-style BotError `VALIDATION` naming the unknown type and the allowed ones.
 */
export function parseRecordTypes(text: string): AuditRecordType[] {
  const out: AuditRecordType[] = [];
  for (const part of text.split(',')) {
    const t = part.trim();
    if (t === '') continue;
    if (!(AUDIT_RECORD_TYPES as readonly string[]).includes(t)) {
      throw new BotError('VALIDATION', `unknown audit record type ${JSON.stringify(t)} (expected one of ${AUDIT_RECORD_TYPES.join(', ')})`);
    }
    out.push(t as AuditRecordType);
  }
  return out;
}
