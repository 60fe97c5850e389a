import type { AuditEvent, AuditSink } from '@bot/core-types';

/** Test double of the AuditSink port: keeps events in memory with the clock time they were recorded at. */
export class MemoryAudit implements AuditSink {
  readonly events: (AuditEvent & { at: number })[] = [];
  constructor(private readonly now: () => number) {}
  record(event: AuditEvent): void {
    this.events.push({ ...event, at: this.now() });
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
  /** Payload `event` names in order. */
  names(): string[] {
    return this.events.map((e) => (e.payload as { event: string }).event);
  }
}
