import { Decimal } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { main } from '../../examples/executionAlgos.js';

describe('examples/executionAlgos', () => {
  it('runs deterministically: the VWAP completes along the profile, the emulated trailing stop closes the position', () => {
    const a = main();
    expect(main()).toEqual(a);
    expect(a.vwapStatus).toBe('completed');
    expect(a.vwapChildren).toHaveLength(8);
    expect(a.vwapChildren.reduce((s, q) => s.plus(q), new Decimal(0)).toString()).toBe('3');
    // 15-minute slices are halves of the profile's 30-minute buckets: each pair is equal (bar the last's remainder)
    for (let i = 0; i < 6; i += 2) expect(a.vwapChildren[i]).toBe(a.vwapChildren[i + 1]);
    // the synthetic volume curve falls toward noon, so the morning slices shrink
    expect(Number(a.vwapChildren[0])).toBeGreaterThan(Number(a.vwapChildren[6]));
    expect(a.stopEmulated).toBe(true);
    expect(a.stopStatus).toBe('completed');
    expect(a.finalPosition).toBe('0');
    expect(a.gateVerdicts).toBe(9); // 8 VWAP children + the trailing stop's market child
  });
});
