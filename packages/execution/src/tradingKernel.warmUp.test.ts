import { type Bar, type JsonValue, type Strategy, barAt } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { MIN, series, setup } from '../test/helpers.js';

function barsOf(rows: readonly (readonly number[])[]): Bar[] {
  const s = series(rows);
  return Array.from({ length: s.length }, (_, i) => barAt(s, i));
}

/** Buys 1 on every bar and counts, in saved state, the orders it believes it placed. */
function eager(): Strategy & { history: number[]; rejected: string[] } {
  let placed = 0;
  const history: number[] = [];
  const rejected: string[] = [];
  return {
    id: 'eager',
    history,
    rejected,
    onBar(bar, ctx) {
      history.push(ctx.bars(bar.symbol).length);
      ctx.submitOrder({ symbol: bar.symbol, side: 'buy', type: 'market', quantity: 1 });
      ctx.setTargetWeight(bar.symbol, 0.5);
      placed++;
    },
    onOrderUpdate(order) {
      if (order.status === 'rejected') rejected.push(order.reason ?? '');
    },
    saveState: () => ({ placed }) as JsonValue,
    restoreState(state) {
      placed = (state as { placed: number }).placed;
    },
  };
}

describe('TradingKernel.warmUp', () => {
  const rows = [
    [100, 101, 99, 100],
    [100, 102, 99, 101],
    [101, 103, 100, 102],
    [102, 104, 101, 103],
  ];

  it('feeds the bars to the strategies and the history, rejects every order before the gate, trades nothing', () => {
    const s = eager();
    const { kernel, clock } = setup({ strategies: [s] });
    const warm = barsOf(rows.slice(0, 3));
    const result = kernel.warmUp(warm);
    expect(result).toEqual({ bars: 3, ordersRejected: 6 });
    expect(s.history).toEqual([1, 2, 3]);
    expect(kernel.bars('ABC/USD').length).toBe(3);
    expect(kernel.fills()).toHaveLength(0);
    expect(kernel.equityCurve().time.length).toBe(0);
    expect(kernel.portfolio.openOrders()).toHaveLength(0);
    const decisions = kernel.riskDecisions();
    expect(decisions).toHaveLength(6);
    expect(decisions.every((d) => d.decision.kind === 'reject' && d.decision.reasons[0]!.code === 'warm-up')).toBe(true);
    expect(new Set(s.rejected)).toEqual(new Set(['risk: warm-up']));
    // marked at the last warm-up close
    expect(kernel.portfolio.equity()).toBe(10_000);
    // the first live bar trades normally and its order fills at the next bar's open
    const live = barsOf(rows)[3]!;
    clock.advanceTo(live.openTime + MIN);
    kernel.onMarketEvent(live);
    expect(kernel.riskDecisions().slice(6).every((d) => d.decision.kind === 'approve')).toBe(true);
    expect(kernel.portfolio.openOrders().length).toBeGreaterThan(0);
    expect(s.history).toEqual([1, 2, 3, 4]);
  });

  it("restores the strategies' saved state from before the warm-up", () => {
    const s = eager();
    const { kernel } = setup({ strategies: [s] });
    expect(kernel.saveState()).toEqual({ eager: { placed: 0 } });
    kernel.warmUp(barsOf(rows));
    expect(kernel.saveState()).toEqual({ eager: { placed: 0 } });
  });

  it('ignores bars of unknown symbols', () => {
    const s = eager();
    const { kernel } = setup({ strategies: [s] });
    const other = { ...barsOf(rows)[0]!, symbol: 'ZZZ/USD' };
    expect(kernel.warmUp([other])).toEqual({ bars: 0, ordersRejected: 0 });
    expect(s.history).toEqual([]);
  });
});
