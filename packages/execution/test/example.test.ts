import { describe, expect, it } from 'vitest';
import { main } from '../examples/smaCross.js';

describe('examples/smaCross', () => {
  it('runs deterministically and trades', () => {
    const a = main();
    const b = main();
    expect(b).toEqual(a);
    expect(a.bars).toBe(2000);
    expect(a.fills).toBeGreaterThan(20);
    expect(a.fills % 2).toBe(0); // this run ends flat: every entry has its exit
    expect(a.firstFill).toMatch(/^buy \d+(\.\d+)? @ \d+(\.\d+)?$/);
    // the first buy is clipped to the cash: quantity * price * 1.001 <= 10000
    const [, qty, , px] = a.firstFill.split(' ');
    expect(Number(qty) * Number(px) * 1.001).toBeLessThanOrEqual(10_000);
    expect(Number(a.feesPaid)).toBeGreaterThan(0);
    // regression value of this seeded run (exact decimal accounting)
    // a clipped buy's unaffordable rest is canceled, not left resting; slipped fills stay inside their bar (5 of the
    // 146 fills were 2 bps outside it before: 7910.60)
    expect(a.finalEquity).toBe('7916.70');
  });
});
