import { describe, expect, it } from 'vitest';
import { main } from '../examples/gateOnOrcl.js';
import { dataDir, hasData } from './data.js';

describe.skipIf(!hasData)('examples/gateOnOrcl.ts (needs ../shared/data)', () => {
  it('the example config visibly resizes and rejects orders of an SMA-cross run, with reasons', () => {
    const r = main(dataDir);
    expect(r.bars).toBe(5036);
    expect(r.decisions.resize).toBeGreaterThan(0);
    expect(r.decisions.reject).toBeGreaterThan(0);
    expect(r.reasonCounts['max-order-notional']).toBeGreaterThan(0);
    expect(r.reasonCounts['max-concentration']).toBeGreaterThan(0);
    expect(r.reasonCounts['order-rate']).toBeGreaterThan(0);
    // First entry 1995-02-13: 100k all-in is capped by both the 2,500 order notional and the 30% concentration.
    expect(r.firstResize?.reasons).toEqual(['max-order-notional', 'max-concentration']);
    expect(Number(r.firstResize?.quantity)).toBeLessThan(r.firstResize!.requested);
    expect(Number(r.firstResize?.quantity) * 2.197531).toBeLessThanOrEqual(2500); // close of 1995-02-13
  });
});
