import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { BotError } from '@bot/core-types';
import { canonicalJson } from './canonicalJson.js';
import type { AuditRecord } from './auditRecord.js';
import type { VerifyReport } from './trailVerifier.js';

/** Export formats of the compliance report. */
export type ComplianceFormat = 'csv' | 'json';

/** Columns of the CSV compliance export, in order. `time_utc` is ISO-8601 with milliseconds. */
export const COMPLIANCE_CSV_COLUMNS = [
  'seq',
  'time_ms',
  'time_utc',
  'type',
  'actor',
  'client_order_id',
  'strategy_id',
  'symbol',
  'payload',
  'prev_hash',
  'hash',
  'mac',
] as const;

/** Quotes one CSV field per RFC 4180 (quotes doubled; quoted when it contains `,`, `"`, CR or LF). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV row (CRLF-terminated, RFC 4180) of a record; the payload is its canonical JSON. */
export function complianceCsvRow(record: AuditRecord): string {
  return `${[
    String(record.seq),
    String(record.time),
    new Date(record.time).toISOString(),
    record.type,
    record.actor,
    record.clientOrderId ?? '',
    record.strategyId ?? '',
    record.symbol ?? '',
    canonicalJson(record.payload),
    record.prevHash,
    record.hash,
    record.mac ?? '',
  ]
    .map(csvField)
    .join(',')}\r\n`;
}

/** Context written into a JSON compliance report. */
export interface ComplianceMeta {
  /** Where the trail came from (path or redacted URL). */
  readonly source: string;
  /** When the report was generated, epoch ms (from the caller's Clock). */
  readonly generatedAt: number;
  /** Verification of the whole trail, done before exporting. */
  readonly verification?: VerifyReport;
  /** The query that selected the records, for the reader. */
  readonly query?: Readonly<Record<string, unknown>>;
}

/**
 * Writes a compliance export of `records` to `outPath` and fsyncs it; returns the number of records written.
 * CSV: header row of {@link COMPLIANCE_CSV_COLUMNS} then one row per record. JSON: `{ source, generatedAt,
 * generatedAtUtc, query, verification, records: [...] }` with one record per line inside `records`.
 *
 * @throws BotError `VALIDATION` for an unknown format.
 * @example
 * ```ts
 * const n = await writeComplianceExport(filterRecords(readFileTrail(path), { types: ['fill'] }), 'csv', 'fills.csv', {
 *   source: path, generatedAt: clock.now(), verification: verifyFileTrail(path),
 * });
 * ```
 */
export async function writeComplianceExport(
  records: Iterable<AuditRecord> | AsyncIterable<AuditRecord>,
  format: ComplianceFormat,
  outPath: string,
  meta: ComplianceMeta,
): Promise<number> {
  if (format !== 'csv' && format !== 'json') {
    throw new BotError('VALIDATION', `unknown export format ${JSON.stringify(format)} (expected csv or json)`);
  }
  const fd = openSync(outPath, 'w');
  let buffer = '';
  const put = (text: string): void => {
    buffer += text;
    if (buffer.length > 1 << 20) {
      writeSync(fd, buffer);
      buffer = '';
    }
  };
  let count = 0;
  try {
    if (format === 'csv') {
      put(`${COMPLIANCE_CSV_COLUMNS.join(',')}\r\n`);
      for await (const rec of records) {
        put(complianceCsvRow(rec));
        count++;
      }
    } else {
      const head = {
        source: meta.source,
        generatedAt: meta.generatedAt,
        generatedAtUtc: new Date(meta.generatedAt).toISOString(),
        query: meta.query ?? {},
        verification: meta.verification ?? null,
      };
      put(`${JSON.stringify(head).slice(0, -1)},"records":[`);
      for await (const rec of records) {
        put(`${count === 0 ? '\n' : ',\n'}${JSON.stringify(rec)}`);
        count++;
      }
      put(`\n],"count":${count}}\n`);
    }
    if (buffer.length > 0) writeSync(fd, buffer);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return count;
}
