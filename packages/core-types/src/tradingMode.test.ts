import { describe, expect, it } from 'vitest';
import { TRADING_MODES, TradingMode, tradingModeSeverity } from './tradingMode.js';

describe('TradingMode', () => {
  it('has the four modes, least to most restrictive', () => {
    expect(TradingMode).toEqual({ Normal: 'normal', Pause: 'pause', Reduce: 'reduce', Emergency: 'emergency' });
    expect(TRADING_MODES).toEqual(['normal', 'pause', 'reduce', 'emergency']);
    expect(TRADING_MODES.map(tradingModeSeverity)).toEqual([0, 1, 2, 3]);
    expect(tradingModeSeverity(TradingMode.Emergency)).toBeGreaterThan(tradingModeSeverity(TradingMode.Reduce));
  });
});
