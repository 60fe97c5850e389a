import type { ClientOrderId, OrderIntent, OrderRequest, RiskDecision } from '@bot/core-types';
import { ColumnLog } from './columnLog.js';
import { objectArray } from './elementsKind.js';

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
 * intent object per order. Keeps only the newest `limit` entries ({@link ColumnLog}).
 *
 * @example
 * ```ts
 * const log = new DecisionLog();
 * log.push(time, id, request, 'sma-cross', decision, undefined);
 * log.view()[0]!.intent.clientOrderId; // id
 * ```
 */
export class DecisionLog extends ColumnLog<RiskDecisionRecord> {
  private readonly ids: ClientOrderId[] = objectArray<ClientOrderId>();
  private readonly requests: OrderRequest[] = objectArray<OrderRequest>();
  private readonly strategyIds: string[] = objectArray<string>();
  private readonly decisions: RiskDecision[] = objectArray<RiskDecision>();
  /** The intent given to the gate when one was built (else rebuilt from the columns when read). */
  private readonly intents: (OrderIntent | undefined)[] = objectArray<OrderIntent | undefined>();

  /** @throws ValidationError when `limit` is not a positive integer or `Infinity`. */
  constructor(limit: number = Number.POSITIVE_INFINITY) {
    super(limit);
  }

  push(time: number, clientOrderId: ClientOrderId, request: OrderRequest, strategyId: string, decision: RiskDecision, intent: OrderIntent | undefined): void {
    this.times.push(time);
    this.ids.push(clientOrderId);
    this.requests.push(request);
    this.strategyIds.push(strategyId);
    this.decisions.push(decision);
    this.intents.push(intent);
    this.pushed();
  }

  protected columns(): readonly unknown[][] {
    return [this.ids, this.requests, this.strategyIds, this.decisions, this.intents];
  }

  protected record(i: number): RiskDecisionRecord {
    const time = this.times[i]!;
    const intent = this.intents[i] ?? { clientOrderId: this.ids[i]!, request: this.requests[i]!, strategyId: this.strategyIds[i]!, time };
    return { time, intent, decision: this.decisions[i]! };
  }
}
