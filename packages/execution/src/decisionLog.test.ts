import { TradingMode } from '@bot/core-types';
import type { OrderIntent, OrderRequest, RiskDecision } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { DecisionLog } from './decisionLog.js';
import { PermissiveRiskGate } from './permissiveRiskGate.js';
import { series, scripted, setup, T0, MIN, instrument } from '../test/helpers.js';

const approve: RiskDecision = { kind: 'approve', reasons: [] };
const req = (n: number) => ({ symbol: 'ABC/USD', side: 'buy', type: 'market', tag: `r${n}` }) as unknown as OrderRequest;

describe('DecisionLog', () => {
  it('rebuilds the intent from its columns, or keeps the one given', () => {
    const log = new DecisionLog();
    const given: OrderIntent = { clientOrderId: 'b-2' as OrderIntent['clientOrderId'], request: req(2), strategyId: 'b', time: 7 };
    log.push(5, 'a-1' as OrderIntent['clientOrderId'], req(1), 'a', approve, undefined);
    log.push(7, given.clientOrderId, given.request, 'b', approve, given);
    const v = log.view();
    expect(v).toHaveLength(2);
    expect(v[0]).toEqual({ time: 5, intent: { clientOrderId: 'a-1', request: req(1), strategyId: 'a', time: 5 }, decision: approve });
    expect(v[1]!.intent).toBe(given);
    // cached and extended, not rebuilt
    log.push(9, 'a-3' as OrderIntent['clientOrderId'], req(3), 'a', approve, undefined);
    const w = log.view();
    expect(w[0]).toBe(v[0]);
    expect(w.map((d) => d.time)).toEqual([5, 7, 9]);
    expect(log.total).toBe(3);
  });

  it('keeps only the newest `limit` entries, also across views taken in between', () => {
    const log = new DecisionLog(3);
    for (let i = 1; i <= 50; i++) {
      log.push(i, `s-${i}` as OrderIntent['clientOrderId'], req(i), 's', approve, undefined);
      if (i % 7 === 0) expect(log.view().map((d) => d.time)).toEqual([i - 2, i - 1, i]);
    }
    expect(log.view().map((d) => [d.time, d.intent.clientOrderId, d.intent.request.tag])).toEqual([
      [48, 's-48', 'r48'],
      [49, 's-49', 'r49'],
      [50, 's-50', 'r50'],
    ]);
    expect(log.total).toBe(50);
  });
});

describe('TradingKernel.riskDecisions with the default gate', () => {
  it('records a complete intent (id, request as sent, strategy, decision time) per order, in normal and reduce mode', () => {
    const gate = new PermissiveRiskGate();
    const s = scripted('s', {
      0: (ctx) => ctx.setTargetWeight('ABC/USD', 1),
      2: (ctx) => {
        gate.requestMode({ mode: TradingMode.Reduce, source: 'test', reason: 'r', time: ctx.now() });
        ctx.submitOrder({ symbol: 'ABC/USD', side: 'sell', type: 'market', quantity: 1 });
      },
    });
    const { kernel } = setup({ strategies: [s], instruments: [instrument({ lotSize: '1' })], kernel: { riskGate: gate } });
    kernel.runBarSeries([series([[100, 101, 99, 100], [100, 101, 99, 100], [100, 101, 99, 100], [100, 101, 99, 100]])]);
    const orders = kernel.orders();
    const d = kernel.riskDecisions();
    expect(d).toHaveLength(2);
    expect(d.map((x) => x.decision.kind)).toEqual(['approve', 'approve']);
    for (let i = 0; i < 2; i++) {
      expect(d[i]!.intent.clientOrderId).toBe(orders[i]!.clientOrderId);
      expect(d[i]!.intent.request).toBe(orders[i]!.request);
      expect(d[i]!.intent.strategyId).toBe('s');
      expect(d[i]!.time).toBe(d[i]!.intent.time);
    }
    // decided at the close of bars 0 and 2
    expect(d.map((x) => x.time)).toEqual([T0 + MIN, T0 + 3 * MIN]);
    // 10000 / 100 = 100 lots
    expect(d[0]!.intent.request.quantity.toString()).toBe('100');
  });
});
