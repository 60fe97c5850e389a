import { existsSync } from 'node:fs';
import { BotError } from '@bot/core-types';
import { decodeLine, parseBody } from './auditRecord.js';
import type { AuditRecord } from './auditRecord.js';
import { listSegments, readTrailLines } from './fileSegments.js';
import { TrailVerifier } from './trailVerifier.js';
import type { VerifyOptions, VerifyReport } from './trailVerifier.js';

/**
 * Verifies a file trail (all its segments, in order) and reports the first broken link.
 * An unterminated last line (torn by a crash and not yet repaired by reopening the sink) is reported as `malformed`.
 *
 * @throws BotError `VALIDATION` when the trail does not exist.
 * @example
 * ```ts
 * const report = verifyFileTrail('audit/trail.jsonl', { hmacKey: process.env.AUDIT_KEY });
 * if (!report.ok) console.error(report.break);
 * ```
 */
export function verifyFileTrail(path: string, options: VerifyOptions = {}): VerifyReport {
  assertTrailExists(path);
  const verifier = new TrailVerifier(options);
  for (const line of readTrailLines(path)) {
    const stored = line.terminated ? decodeLine(line.text) : undefined;
    if (!verifier.push(stored, `${line.file}:${line.line}${line.terminated ? '' : ' (unterminated last line)'}`)) break;
  }
  return verifier.finish();
}

/**
 * Reads the records of a file trail in order (no verification; run {@link verifyFileTrail} for that).
 *
 * @throws BotError `DATA` naming `file:line` for a line that is not a record; `VALIDATION` when the trail does not exist.
 * @example
 * ```ts
 * for (const r of filterRecords(readFileTrail('audit/trail.jsonl'), { strategyId: 'sma', types: ['fill'] })) console.log(r.payload);
 * ```
 */
export function* readFileTrail(path: string): Generator<AuditRecord> {
  assertTrailExists(path);
  for (const line of readTrailLines(path)) {
    const stored = line.terminated ? decodeLine(line.text) : undefined;
    const rec = stored === undefined ? undefined : parseBody(stored);
    if (rec === undefined) throw new BotError('DATA', `${line.file}:${line.line}: not an audit record (run \`bot audit verify\`)`);
    yield rec;
  }
}

function assertTrailExists(path: string): void {
  if (!existsSync(path) && listSegments(path).length === 0) {
    throw new BotError('VALIDATION', `audit trail ${path} does not exist`, { retryable: false });
  }
}
