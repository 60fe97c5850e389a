import { describe, expect, it } from 'vitest';
import { main } from '../examples/tour.js';

describe('examples/tour.ts', () => {
  it('runs and gives sensible results', () => {
    const r = main();
    expect(r.streamingEqualsBatch).toBe(true);
    expect(r.lastRsi).toBeGreaterThanOrEqual(0);
    expect(r.lastRsi).toBeLessThanOrEqual(100);
    expect(r.macdFirstSignalIndex).toBe(33);
    expect(r.bandWidth).toBeGreaterThan(0);
    expect(r.randomWalkAdfP).toBeGreaterThan(0.05);
    expect(r.cointegratedP).toBeLessThan(0.01);
    expect(r.hedgeRatio).toBeCloseTo(2, 1);
    expect(r.trades).toBeGreaterThan(5);
  });
});
