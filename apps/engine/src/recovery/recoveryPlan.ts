import type { AuditRecord } from '@bot/audit';
import { TRADING_MODES, type TradingMode } from '@bot/core-types';

/**
 * An input from outside the deterministic run, found in the trail and re-applied at its time during a catch-up:
 * a mode request that reached the risk gate from the kill switch (button, tamper, watchdog, `bot kill`/`bot reset`),
 * or a shutdown that canceled open orders.
 */
export type RecordedOperatorAction =
  | { readonly time: number; readonly command: 'mode-request'; readonly mode: TradingMode; readonly source: string; readonly reason: string }
  | { readonly time: number; readonly command: 'shutdown' };

/** What a restart must reproduce, read from the audit trail of the previous run(s). */
export interface RecoveryPlan {
  /** SHA-256 of the data the trail was produced from. */
  readonly dataSha256: string | undefined;
  /** Fingerprint of the trading configuration the trail was recorded under (see `configFingerprint`). */
  readonly configSha256: string | undefined;
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
  let configSha256: string | undefined;
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
    if (r.type === 'config-change' && r.actor === 'engine' && p !== null && typeof p['configSha256'] === 'string' && configSha256 === undefined) {
      configSha256 = p['configSha256'];
    }
    if (r.type === 'config-change' && r.actor === 'engine' && p !== null && typeof p['dataSha256'] === 'string' && dataSha256 === undefined) {
      dataSha256 = p['dataSha256'];
    }
    if (r.type === 'operator-action' && p !== null) {
      const command = p['command'];
      if (command === 'shutdown') actions.push({ time: r.time, command });
      if (command === 'mode-request' && TRADING_MODES.includes(p['mode'] as TradingMode)) {
        actions.push({
          time: r.time,
          command,
          mode: p['mode'] as TradingMode,
          source: String(p['source'] ?? r.actor),
          reason: String(p['reason'] ?? ''),
        });
      }
    }
  }
  if (count === 0) return undefined;
  return { dataSha256, configSha256, lastTime, recordsAtLastTime: atLast, actions, records: count };
}
