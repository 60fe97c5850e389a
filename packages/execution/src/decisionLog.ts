import type { ClientOrderId, OrderIntent, OrderRequest, RiskDecision } from '@bot/core-types';
import { checkLimit } from './boundedLog.js';
import { numberArray, objectArray } from './elementsKind.js';

/** One verdict of the risk gate, as recorded by the kernel. */
export interface RiskDecisionRecord {
  readonly time: number;
  readonly intent: OrderIntent;
  readonly decision: RiskDecision;
}

/**
 * @internal The kernel's log of risk-gate verdicts, stored column-wise (time, order id, request, strategy,
 * decision, and the intent when one was built) and turned into {@link RiskDecisionRecord} objects only when read
 * ({@link DecisionLog.view}, then cached). A backtest that never reads its verdicts pays for no record and no
 * intent object per order. Keeps only the newest `limit` entries like {@link BoundedLog} (same trimming rule).
 *
 * @example
 * ```ts
 * const log = new DecisionLog();
 * log.push(time, id, request, 'sma-cross', decision, undefined);
 * log.view()[0]!.intent.clientOrderId; // id
 * ```
 */
export class DecisionLog {
  private times: number[] = numberArray();
  private ids: ClientOrderId[] = objectArray<ClientOrderId>();
  private requests: OrderRequest[] = objectArray<OrderRequest>();
  private strategyIds: string[] = objectArray<string>();
  private decisions: RiskDecision[] = objectArray<RiskDecision>();
  /** The intent given to the gate when one was built (else rebuilt from the columns when read). */
  private intents: (OrderIntent | undefined)[] = objectArray<OrderIntent | undefined>();
  /** Records materialised so far: `records[i]` is entry `i` of the columns. */
  private records: RiskDecisionRecord[] = objectArray<RiskDecisionRecord>();
  private droppedCount = 0;
  private readonly trimAt: number;

  /** @throws ValidationError when `limit` is not a positive integer or `Infinity`. */
  constructor(readonly limit: number = Number.POSITIVE_INFINITY) {
    checkLimit('limit', limit, 1);
    this.trimAt = limit + Math.max(16, Math.ceil(limit / 4));
  }

  push(time: number, clientOrderId: ClientOrderId, request: OrderRequest, strategyId: string, decision: RiskDecision, intent: OrderIntent | undefined): void {
    this.times.push(time);
    this.ids.push(clientOrderId);
    this.requests.push(request);
    this.strategyIds.push(strategyId);
    this.decisions.push(decision);
    this.intents.push(intent);
    if (this.times.length >= this.trimAt) this.trim();
  }

  /** The retained verdicts, oldest first (a cached array: do not mutate). */
  view(): readonly RiskDecisionRecord[] {
    if (this.times.length > this.limit) this.trim();
    const out = this.records;
    for (let i = out.length; i < this.times.length; i++) {
      const time = this.times[i]!;
      const intent = this.intents[i] ?? { clientOrderId: this.ids[i]!, request: this.requests[i]!, strategyId: this.strategyIds[i]!, time };
      out.push({ time, intent, decision: this.decisions[i]! });
    }
    return out;
  }

  /** Entries ever pushed (retained + dropped). */
  get total(): number {
    return this.droppedCount + this.times.length;
  }

  private trim(): void {
    const extra = this.times.length - this.limit;
    if (extra <= 0) return;
    this.times.splice(0, extra);
    this.ids.splice(0, extra);
    this.requests.splice(0, extra);
    this.strategyIds.splice(0, extra);
    this.decisions.splice(0, extra);
    this.intents.splice(0, extra);
    this.records.splice(0, Math.min(extra, this.records.length));
    this.droppedCount += extra;
  }
}
