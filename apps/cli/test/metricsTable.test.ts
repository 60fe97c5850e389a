import { computeMetrics } from '@bot/backtest';
import { describe, expect, it } from 'vitest';
import { metricsTable } from '../src/commands/backtestCommon.js';

describe('metricsTable', () => {
  it('shows the money of a small (BTC) account with significant digits, not 0.00', () => {
    const day = 86_400_000;
    const m = computeMetrics({
      equity: { time: [0, day, 2 * day], equity: [1, 0.9983553, 0.6320] },
      trades: [],
      feesPaid: 0.26237,
      periodsPerYear: 365,
    });
    const table = metricsTable(m, 'BTC');
    expect(table).toMatch(/Initial equity\s+1\.00 BTC/);
    expect(table).toMatch(/Final equity\s+0\.6320 BTC/);
    expect(table).toMatch(/Fees paid\s+0\.2624 BTC/);
  });
});
