import { Quantity, TradingMode, tradingModeSeverity } from '@bot/core-types';
import type { ModeChangeRequest, OrderIntent, RiskContext, RiskDecision, RiskGate, Subscribable } from '@bot/core-types';
import { Subject } from 'rxjs/internal/Subject';

/**
 * Signed exposure effect of an order: the part of `quantity` that reduces the current position and whether any
 * of it would open or increase exposure. Numbers (risk math).
 */
export function reducingPart(side: 'buy' | 'sell', quantity: number, position: number): { reducing: number; increasing: boolean } {
  const reducible = side === 'buy' ? Math.max(-position, 0) : Math.max(position, 0);
  return { reducing: Math.min(quantity, reducible), increasing: quantity > reducible };
}

/**
 * The default risk gate: approves every order, but still enforces the {@link TradingMode}:
 * - `normal`: approve;
 * - `pause`: reject every new order (`mode-pause`);
 * - `reduce` / `emergency`: approve orders that only reduce the current position; an order larger than the
 *   position is resized to it (`mode-reduce-resize`); an order that only opens or increases exposure is rejected
 *   (`mode-reduce` / `mode-emergency`).
 *
 * Mode changes are accepted from anyone (`requestMode`) and announced on `modeChanges` (an rxjs Subject). When a
 * mode change to `emergency` is announced, the kernel cancels all open orders and flattens all positions.
 *
 * @example
 * ```ts
 * const gate = new PermissiveRiskGate();
 * gate.requestMode({ mode: 'pause', source: 'operator:alice', reason: 'maintenance', time: clock.now() });
 * ```
 */
export class PermissiveRiskGate implements RiskGate {
  private current: TradingMode;
  private readonly subject = new Subject<ModeChangeRequest>();
  /** Mode changes as they happen. */
  readonly modeChanges: Subscribable<ModeChangeRequest> = this.subject;

  constructor(initialMode: TradingMode = TradingMode.Normal) {
    this.current = initialMode;
  }

  get mode(): TradingMode {
    return this.current;
  }

  check(intent: OrderIntent, context: RiskContext): RiskDecision {
    return enforceMode(this.current, intent, context) ?? APPROVE;
  }

  /** Switches mode (any direction) and announces it; a request for the current mode is ignored. */
  requestMode(request: ModeChangeRequest): void {
    if (request.mode === this.current) return;
    this.current = request.mode;
    this.subject.next(request);
  }
}

const APPROVE: RiskDecision = Object.freeze({ kind: 'approve', reasons: Object.freeze([]) }) as RiskDecision;

/** @internal The shared frozen approval {@link PermissiveRiskGate} returns in `normal` mode. */
export const APPROVE_DECISION: RiskDecision = APPROVE;

/**
 * The trading-mode part of any gate: `undefined` when the mode allows the intent as is, otherwise a reject or a
 * resize decision. Exported so custom gates can reuse the same rule.
 */
export function enforceMode(mode: TradingMode, intent: OrderIntent, context: RiskContext): RiskDecision | undefined {
  if (mode === TradingMode.Normal) return undefined;
  if (mode === TradingMode.Pause) {
    return { kind: 'reject', reasons: [{ code: 'mode-pause', message: 'trading is paused: no new orders' }] };
  }
  const req = intent.request;
  const qty = req.quantity.toNumber();
  const pos = context.portfolio.positionQuantity(req.symbol);
  const { reducing, increasing } = reducingPart(req.side, qty, pos);
  const code = tradingModeSeverity(mode) >= tradingModeSeverity(TradingMode.Emergency) ? 'mode-emergency' : 'mode-reduce';
  if (reducing <= 0) {
    return {
      kind: 'reject',
      reasons: [{ code, message: `${mode} mode: only orders that reduce a position are allowed`, value: qty, limit: 0 }],
    };
  }
  if (increasing) {
    return {
      kind: 'resize',
      quantity: Quantity.of(Math.abs(pos)).min(req.quantity),
      reasons: [{ code: `${code}-resize`, message: `${mode} mode: resized to the position`, value: qty, limit: Math.abs(pos) }],
    };
  }
  return undefined;
}
