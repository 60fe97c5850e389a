import { describe, expect, it } from 'vitest';
import { main } from '../examples/quickstart.js';

describe('examples/quickstart.ts (the README example)', () => {
  it('runs and produces the hand-computed results', () => {
    const lines: string[] = [];
    const r = main((line) => lines.push(line));
    expect(r.bars).toHaveLength(1);
    expect(r.bars[0]).toMatchObject({ openTime: Date.UTC(2024, 2, 1), close: 61420.25 });
    expect(r.rejectedRow).toBe('btc.csv:3: high is below open or close (value seen 61300, expected >= max(open, close) 61420.25)');
    // 61420.25 * 0.999 = 61358.82975 -> tick 0.01 down
    expect(r.limitPrice).toBe('61358.82');
    // 1000 / 61358.82 = 0.016297... -> lot 0.0001 down
    expect(r.quantity).toBe('0.0162');
    expect(r.statuses).toEqual(['new', 'submitted', 'accepted', 'partially-filled', 'filled']);
    // sold 0.0081 at +150
    expect(r.realizedPnl).toBe('1.215');
    // (61500 - 61358.82) * 0.0081
    expect(r.unrealizedPnl).toBe('1.143558');
    // 0.1% of (2 * 0.0081 * 61358.82 + 0.0081 * 61508.82) = 0.1% of 1492.234326
    expect(r.fees).toBe('1.492234326 USDT');
    expect(r.timerFiredAt).toBe(Date.UTC(2024, 2, 1, 2) + 60_000);
    expect(lines).toContain('order: buy 0.0162 BTC/USDT @ 61358.82 GTC');
  });
});
