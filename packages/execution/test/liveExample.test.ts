import { describe, expect, it } from 'vitest';
import { main } from '../examples/liveFakeBinance.js';

describe('examples/liveFakeBinance', () => {
  it('buys through the ccxt venue, books the streamed fill, and reconciliation cancels the manual order', async () => {
    const r = await main();
    expect(r.orderStatus).toBe('filled');
    expect(r.fills).toEqual([{ quantity: '0.05', price: '40000', fee: '2 USDT' }]); // 0.05 * 40000 * 0.001 = 2
    expect(r.position).toBe('0.05');
    expect(r.cash).toBeCloseTo(100_000 - 2000 - 2, 9);
    expect(r.differences).toEqual([{ kind: 'unknown-order', action: 'canceled', clientOrderId: 'web_manual' }]);
    expect(r.manualOrderStatus).toBe('CANCELED');
  });
});
