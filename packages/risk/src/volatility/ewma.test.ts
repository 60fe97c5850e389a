import { describe, expect, it } from 'vitest';
import { EwmaVolatility, ewmaVarianceSeries, ewmaVolatility } from './ewma.js';

describe('EWMA volatility (RiskMetrics)', () => {
  it('follows the recursion seeded with the first squared return (pandas adjust=False)', () => {
    const r = [0.01, -0.02, 0.015];
    const v = ewmaVarianceSeries(r, 0.94);
    expect(v[0]).toBeCloseTo(1e-4, 18);
    expect(v[1]).toBeCloseTo(0.94 * 1e-4 + 0.06 * 4e-4, 18); // 1.18e-4
    expect(v[2]).toBeCloseTo(0.94 * 1.18e-4 + 0.06 * 2.25e-4, 18); // 1.2442e-4
    expect(ewmaVolatility(r)).toBeCloseTo(Math.sqrt(1.2442e-4), 15);
  });
  it('streaming equals batch and lambda is configurable', () => {
    const r = [0.003, -0.011, 0.02, 0.0, -0.004, 0.009];
    const s = new EwmaVolatility(0.97);
    r.forEach((x) => s.update(x));
    const batch = ewmaVarianceSeries(r, 0.97);
    expect(s.variance).toBeCloseTo(batch[batch.length - 1]!, 18);
    expect(s.count).toBe(6);
    expect(ewmaVolatility(r, 0.97)).not.toBeCloseTo(ewmaVolatility(r, 0.8), 6);
  });
  it('rejects lambda outside (0, 1)', () => {
    expect(() => ewmaVarianceSeries([0.1], 1)).toThrow(RangeError);
    expect(() => new EwmaVolatility(0)).toThrow(RangeError);
  });
});
