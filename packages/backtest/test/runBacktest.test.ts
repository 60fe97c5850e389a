import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RiskDecision, RiskGate, Strategy } from '@bot/core-types';
import { Quantity } from '@bot/core-types';
import { resultToJson, runBacktest, stringifyResult } from '../src/index.js';
import { dailySeries, scriptedStrategy } from './fixtures.js';

const rows: [number, number][] = [
  [100, 101], [101, 102], [102, 104], [104, 103], [103, 106], [106, 108], [108, 107], [107, 110],
];

describe('runBacktest', () => {
  it('fills market orders at the next open with the fee and marks equity at each close', () => {
    const series = dailySeries('X/USD', rows);
    const r = runBacktest({
      data: series,
      strategies: [scriptedStrategy('s', 'X/USD', { 1: ['buy', '10'], 4: ['sell', '10'] })],
      initialCash: 10_000,
      fee: '0.001',
      periodsPerYear: 365,
    });
    // bought on bar 2's open (102), sold on bar 5's open (106)
    expect(r.fills.map((f) => [f.side, f.qty, f.price, f.fee])).toEqual([
      ['buy', 10, 102, expect.closeTo(1.02, 12)],
      ['sell', 10, 106, expect.closeTo(1.06, 12)],
    ]);
    expect(r.fills[0]!.time).toBeGreaterThanOrEqual(series.openTime[2]!);
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0]).toMatchObject({ direction: 'long', entryPrice: 102, exitPrice: 106, quantity: 10 });
    expect(r.trades[0]!.pnl).toBeCloseTo(40 - 1.02 - 1.06, 10);
    // equity: start, then one mark per bar close
    const cashAfterBuy = 10_000 - 1020 - 1.02;
    const expected = [10_000, 10_000, 10_000, cashAfterBuy + 1040, cashAfterBuy + 1030, cashAfterBuy + 1060];
    expect(Array.from(r.equity.equity.subarray(0, 6))).toEqual(expected.map((x) => expect.closeTo(x, 9)));
    const final = 10_000 + 40 - 1.02 - 1.06;
    expect(r.metrics.finalEquity).toBeCloseTo(final, 9);
    expect(r.metrics.totalReturn).toBeCloseTo(final / 10_000 - 1, 12);
    expect(r.metrics.feesPaid).toBeCloseTo(2.08, 12);
    expect(r.metrics.trades).toBe(1);
    // held over bars 2, 3 and 4 of 8
    expect(r.metrics.exposure).toBeCloseTo(3 / 8, 15);
    const meanEquity = Array.from(r.equity.equity).reduce((a, b) => a + b, 0) / r.equity.equity.length;
    expect(r.metrics.turnover).toBeCloseTo((1020 + 1060) / meanEquity, 12);
    // marks are stamped at bar closes, after the initial cash at the first open
    expect(r.equity.time[0]).toBe(series.openTime[0]);
    expect(r.equity.time[1]).toBe(series.openTime[1]);
    expect(r.run.bars).toBe(rows.length);
    expect(r.warnings).toEqual([]);
  });

  it('labels fill-at-close as look-ahead-prone and fills on the decision bar close', () => {
    const r = runBacktest({ data: dailySeries('X/USD', rows), strategies: [scriptedStrategy('s', 'X/USD', { 1: ['buy', '1'] })], fill: 'close', fee: 0 });
    expect(r.fills[0]!.price).toBe(102); // bar 1's close
    expect(r.settings.fill).toBe('close');
    expect(r.warnings.some((w) => /look-ahead/.test(w))).toBe(true);
    expect(r.warnings.some((w) => /still open/.test(w))).toBe(true);
  });

  it('warns about orders the venue refused, most frequent reason first, and leaves the risk gate\'s to riskDecisions', () => {
    // bars 0..7 trade between 99 and 111: a post-only buy at 200 would cross at the next open
    let bar = -1;
    const refused: Strategy = {
      id: 'refused',
      onBar(_bar, ctx) {
        bar++;
        if (bar <= 2) ctx.submitOrder({ symbol: 'X/USD', side: 'buy', type: 'limit', limitPrice: '200', quantity: '1', postOnly: true });
        if (bar === 4) ctx.submitOrder({ symbol: 'X/USD', side: 'sell', type: 'market', quantity: '1' });
      },
    };
    const r = runBacktest({ data: dailySeries('X/USD', rows), strategies: [refused], fee: 0 });
    expect(r.orders).toMatchObject({ total: 4, rejected: 4, filled: 0 });
    expect(r.warnings).toContain('4 of 4 order(s) rejected: post-only order would take liquidity (3), short selling is disabled (1)');
    // the same refusal by the risk gate is not repeated as a warning
    const gate: RiskGate = { mode: 'normal' as RiskGate['mode'], check: (): RiskDecision => ({ kind: 'reject', reasons: [{ code: 'max-orders', message: 'no' }] }) };
    const g = runBacktest({ data: dailySeries('X/USD', rows), strategies: [scriptedStrategy('s', 'X/USD', { 1: ['buy', '1'] })], riskGate: gate, fee: 0 });
    expect(g.orders.rejected).toBe(1);
    expect(g.riskDecisions).toHaveLength(1);
    expect(g.warnings.some((w) => /rejected/.test(w))).toBe(false);
  });

  it('runs several strategies over several symbols on one shared account', () => {
    const a = dailySeries('A/USD', rows);
    const b = dailySeries('B/USD', rows.map(([o, c]) => [o / 2, c / 2] as [number, number]));
    const r = runBacktest({
      data: [a, b],
      strategies: [scriptedStrategy('sa', 'A/USD', { 0: ['buy', '5'] }), scriptedStrategy('sb', 'B/USD', { 2: ['buy', '8'], 5: ['sell', '8'] })],
      initialCash: 2000,
      fee: 0,
    });
    expect(r.fills.map((f) => [f.symbol, f.side, f.price])).toEqual([
      ['A/USD', 'buy', 101],
      ['B/USD', 'buy', 52],
      ['B/USD', 'sell', 54],
    ]);
    // one account: 2000 - 505 - 416 + 432 + 5 * 110 (A marked at the last close)
    expect(r.metrics.finalEquity).toBeCloseTo(2000 - 505 - 416 + 432 + 550, 9);
    expect(r.settings.symbols).toEqual(['A/USD', 'B/USD']);
  });

  it('reports resized and rejected orders of the risk gate with reasons', () => {
    let calls = 0;
    const gate: RiskGate = {
      mode: 'normal' as RiskGate['mode'],
      check(intent): RiskDecision {
        calls++;
        if (calls === 1) return { kind: 'resize', quantity: Quantity.of('4'), reasons: [{ code: 'max-order-notional', message: 'order notional above 500', limit: 500, value: 1010 }] };
        if (intent.request.side === 'buy') return { kind: 'reject', reasons: [{ code: 'mode-pause', message: 'paused' }] };
        return { kind: 'approve', reasons: [] };
      },
    };
    const r = runBacktest({
      data: dailySeries('X/USD', rows),
      strategies: [scriptedStrategy('s', 'X/USD', { 0: ['buy', '10'], 2: ['buy', '1'], 4: ['sell', '4'] })],
      riskGate: gate,
      fee: 0,
    });
    expect(r.riskDecisions.map((d) => [d.decision, d.requestedQty, d.qty, d.reasons[0]!.code])).toEqual([
      ['resize', 10, 4, 'max-order-notional'],
      ['reject', 1, undefined, 'mode-pause'],
    ]);
    expect(r.riskApprovals).toBe(1);
    expect(r.fills.map((f) => [f.side, f.qty])).toEqual([['buy', 4], ['sell', 4]]);
  });

  it('is deterministic: the same inputs give the same bytes', () => {
    const make = (): Strategy[] => [scriptedStrategy('s', 'X/USD', { 1: ['buy', '3'], 3: ['sell', '1'], 5: ['sell', '2'] })];
    const hash = () => {
      const r = runBacktest({ data: dailySeries('X/USD', rows), strategies: make(), seed: 42 });
      const json = resultToJson({ ...r, run: { bars: r.run.bars, runMs: 0 } });
      return createHash('sha256').update(stringifyResult(json)).digest('hex');
    };
    expect(hash()).toBe(hash());
  });

  it('rejects series without a BASE/QUOTE symbol', () => {
    expect(() => runBacktest({ data: dailySeries('ORCL', rows), strategies: [] })).toThrow(/ORCL\/USD/);
  });
});

describe('short selling', () => {
  it('is rejected unless allowShort, then a short round trip books the mirrored pnl', () => {
    const script = { 1: ['sell', '2'], 4: ['buy', '2'] } as const;
    const no = runBacktest({ data: dailySeries('X/USD', rows), strategies: [scriptedStrategy('s', 'X/USD', script)], fee: 0 });
    expect(no.fills.map((f) => f.side)).toEqual(['buy']); // the sell was refused; the later buy opens a long
    expect(no.orders.rejected + no.orders.canceled).toBe(1);
    const yes = runBacktest({ data: dailySeries('X/USD', rows), strategies: [scriptedStrategy('s', 'X/USD', script)], fee: 0, allowShort: true });
    expect(yes.fills.map((f) => [f.side, f.price])).toEqual([['sell', 102], ['buy', 106]]);
    expect(yes.trades[0]).toMatchObject({ direction: 'short', pnl: -8 });
    expect(yes.metrics.finalEquity).toBeCloseTo(10_000 - 8, 9);
  });
});
