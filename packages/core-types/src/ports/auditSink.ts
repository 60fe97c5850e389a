/** A JSON value: what audit payloads and strategy state may contain. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** What an audit record is about. */
export type AuditRecordType =
  | 'signal'
  | 'order-intent'
  | 'risk-decision'
  | 'order-event'
  | 'fill'
  | 'mode-change'
  | 'kill-switch'
  | 'config-change'
  | 'operator-action'
  | 'recovery'
  | 'warm-up';

/** Every audit record type (for parsers and queries). */
export const AUDIT_RECORD_TYPES: readonly AuditRecordType[] = [
  'signal',
  'order-intent',
  'risk-decision',
  'order-event',
  'fill',
  'mode-change',
  'kill-switch',
  'config-change',
  'operator-action',
  'recovery',
  'warm-up',
];

/** One thing that happened, as offered to the sink. The sink adds sequence, time and hashes. */
export interface AuditEvent {
  readonly type: AuditRecordType;
  /** Who did it: `strategy:sma-cross`, `risk-gate`, `kernel`, `killswitch`, `operator:alice`. */
  readonly actor: string;
  readonly payload: JsonValue;
  /** Indexed fields for queries. */
  readonly clientOrderId?: string;
  readonly strategyId?: string;
  readonly symbol?: string;
}

/**
 * Port: the audit trail. `record` is synchronous and never throws for a well-formed event; what "recorded" means
 * for durability is the sink's documented fsync/flush policy. `flush` makes everything recorded so far durable.
 */
export interface AuditSink {
  record(event: AuditEvent): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}
