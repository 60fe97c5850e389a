import type { AuditRecord } from '@bot/audit';

/** An operator action found in the trail, re-applied at its time during a catch-up. */
export interface RecordedOperatorAction {
  readonly time: number;
  readonly command: 'kill' | 'reset' | 'shutdown';
  readonly operator: string;
  readonly reason: string;
}

/** What a restart must reproduce, read from the audit trail of the previous run(s). */
export interface RecoveryPlan {
  /** SHA-256 of the data the trail was produced from. */
  readonly dataSha256: string | undefined;
  /** Clock time of the newest record (recovery records excluded). */
  readonly lastTime: number;
  /** How many records (recovery excluded) carry exactly `lastTime`. */
  readonly recordsAtLastTime: number;
  readonly actions: readonly RecordedOperatorAction[];
  readonly records: number;
}

/**
 * Reads a trail into a {@link RecoveryPlan}; `undefined` for an empty trail. `recovery` records (torn-line repairs,
 * engine resumptions) are not part of the deterministic run and are ignored.
 */
export function planRecovery(records: Iterable<AuditRecord>): RecoveryPlan | undefined {
  let dataSha256: string | undefined;
  let lastTime = Number.NEGATIVE_INFINITY;
  let atLast = 0;
  let count = 0;
  const actions: RecordedOperatorAction[] = [];
  for (const r of records) {
    if (r.type === 'recovery') continue;
    count++;
    if (r.time > lastTime) {
      lastTime = r.time;
      atLast = 1;
    } else if (r.time === lastTime) atLast++;
    const p = r.payload as Record<string, unknown> | null;
    if (r.type === 'config-change' && r.actor === 'engine' && p !== null && typeof p['dataSha256'] === 'string' && dataSha256 === undefined) {
      dataSha256 = p['dataSha256'];
    }
    if (r.type === 'operator-action' && p !== null) {
      const command = p['command'];
      if (command === 'kill' || command === 'reset' || command === 'shutdown') {
        actions.push({ time: r.time, command, operator: r.actor, reason: typeof p['reason'] === 'string' ? p['reason'] : '' });
      }
    }
  }
  if (count === 0) return undefined;
  return { dataSha256, lastTime, recordsAtLastTime: atLast, actions, records: count };
}
