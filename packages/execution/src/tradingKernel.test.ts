import { describe, expect, it } from 'vitest';
import { series, scripted, setup, T0, MIN } from '../test/helpers.js';

describe('TradingKernel.runBarSeries', () => {
  it('fills a market order decided on bar 0 at the open of bar 1 and marks equity at each close', () => {
    const s = scripted('s', {
      0: (ctx) => ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'market', quantity: 10 }),
    });
    const { kernel } = setup({ strategies: [s] });
    kernel.runBarSeries([series([[100, 101, 99, 100.5], [102, 103, 101, 102.5], [103, 104, 102, 101]])]);
    const fills = kernel.fills();
    expect(fills).toHaveLength(1);
    expect(fills[0]!.price.toString()).toBe('102');
    expect(fills[0]!.time).toBe(T0 + MIN);
    expect(fills[0]!.quantity.toString()).toBe('10');
    // cash 10000 - 1020 = 8980; equity = 8980 + 10 * close
    const eq = kernel.equityCurve();
    expect(Array.from(eq.time)).toEqual([T0, T0 + MIN, T0 + 2 * MIN]);
    expect(Array.from(eq.equity)).toEqual([10_000, 8980 + 1025, 8980 + 1010]);
    expect(kernel.portfolio.exactEquity().toString()).toBe('9990');
  });
});
