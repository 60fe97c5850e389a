import { describe, expect, it } from 'vitest';
import { generateBars } from '@bot/market-data';
import { optimize } from './optimize.js';

const data = generateBars({ seed: 3, bars: 300, timeframe: '1h', symbol: 'SYN/USD' });

describe('optimize with no valid parameter set', () => {
  it('throws, saying why the first candidate was rejected, when the strategy rejects every combination', async () => {
    // sma-cross needs fast < slow: all four combinations are refused when the strategy is created
    await expect(optimize({ data, strategy: 'sma-cross', ranges: { fast: { values: [30, 40] }, slow: { values: [10, 20] } }, workers: 1 })).rejects.toThrow(
      'optimize sma-cross: no valid parameter set found: all 4 candidate(s) were rejected; the first, fast=30 slow=10 maType=sma allowShort=false: sma-cross: fast (30) must be < slow (10)',
    );
  });

  it('throws with the reason when every candidate fails parameter validation', async () => {
    await expect(optimize({ data, strategy: 'sma-cross', ranges: { fast: { values: [1] } }, workers: 1 })).rejects.toThrow(
      /^optimize sma-cross: no valid parameter set found: all 1 candidate\(s\) were rejected; the first, fast=1: .*fast/,
    );
  });
});
