import { describe, expect, it } from 'vitest';
import { main } from '../examples/forecastAndBacktest.js';

describe('examples/forecastAndBacktest', () => {
  it('trains on AR(2) data, beats the baselines out of sample, reloads and backtests the model', async () => {
    const lines: string[] = [];
    const r = await main({ log: (l) => lines.push(l) });
    expect(['tensorflow', 'wasm']).toContain(r.backend); // never the slow pure-JS fallback when wasm loads
    expect(r.walkForward.beatsBaselines).toBe(true);
    expect(r.walkForward.baselines.every((b) => b.rmseImprovement > 0.2)).toBe(true);
    expect(r.heldOut?.beatsBaselines).toBe(true);
    expect(r.trades).toBeGreaterThan(10);
    expect(lines.some((l) => l.includes('model BEATS the zero-return'))).toBe(true);
    expect(lines.at(-1)).toMatch(/^backtest .* trades/);
  });
});
