import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { main } from '../examples/smaCrossReport.js';

describe('examples/smaCrossReport', () => {
  it('runs end to end: metrics, Monte Carlo, look-ahead check and a report', () => {
    const path = join(tmpdir(), `bt-example-${process.pid}.html`);
    try {
      const r = main(path);
      expect(r.trades).toBeGreaterThan(10);
      expect(r.periodsPerYear).toBe(365 * 24); // 24/7 hourly bars
      expect(r.metrics.finalEquity).toBeGreaterThan(0);
      expect(r.monteCarlo.maxDrawdown.max).toBeLessThanOrEqual(1);
      expect(r.lookAheadPassed).toBe(true);
      expect(existsSync(path)).toBe(true);
      expect(readFileSync(path, 'utf8')).toContain('Backtest: sma-cross on SYN/USD (1h)');
    } finally {
      rmSync(path, { force: true });
    }
  });
});
