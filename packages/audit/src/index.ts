/**
 * @packageDocumentation
 * Tamper-evident, hash-chained audit trail for @bot: implements the core-types `AuditSink` port with a JSON Lines
 * file sink (default) and a PostgreSQL sink, plus verification (first broken link), queries and compliance export.
 */
export { canonicalJson } from './canonicalJson.js';
export {
  AUDIT_FORMAT_VERSION,
  GENESIS_HASH,
  recordBody,
  sealRecord,
  encodeLine,
  decodeLine,
  parseBody,
  sha256Hex,
  macOf,
} from './auditRecord.js';
export type { AuditRecord, StoredRecord } from './auditRecord.js';
export {
  checkpointMessage,
  signCheckpoint,
  verifyCheckpointSignature,
  appendCheckpoint,
  readCheckpoints,
  toSigningKey,
  toVerifyKey,
} from './checkpoint.js';
export type { Checkpoint } from './checkpoint.js';
export { TrailVerifier } from './trailVerifier.js';
export type { TrailBreak, TrailBreakKind, VerifyReport, VerifyOptions, RecoveryNote } from './trailVerifier.js';
export { segmentPath, listSegments } from './fileSegments.js';
export type { Segment } from './fileSegments.js';
export { FileAuditSink } from './fileAuditSink.js';
export type { FileAuditSinkOptions, FsyncPolicy, RotationPolicy, CheckpointPolicy, RecoveryReport } from './fileAuditSink.js';
export { verifyFileTrail, readFileTrail } from './fileTrail.js';
export { matchesQuery, filterRecords, parseRecordTypes } from './auditQuery.js';
export type { AuditQuery } from './auditQuery.js';
export { writeComplianceExport, complianceCsvRow, csvField, COMPLIANCE_CSV_COLUMNS } from './complianceExport.js';
export type { ComplianceFormat, ComplianceMeta } from './complianceExport.js';
export { PostgresAuditSink } from './postgresAuditSink.js';
export type { PostgresAuditSinkOptions } from './postgresAuditSink.js';
export { migrateAuditSchema, pgTrailNames, parsePgTarget, isPgUrl, redactUrl, AUDIT_SCHEMA_VERSION } from './postgresSchema.js';
export type { PgTrailNames } from './postgresSchema.js';
export { verifyPostgresTrail, queryPostgresTrail } from './postgresTrail.js';
export type { PgTrailLocation } from './postgresTrail.js';
