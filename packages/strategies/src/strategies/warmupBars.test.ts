import { resolveParams } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { builtInStrategies } from './registry.js';

const warmup = (name: string, input: Record<string, unknown> = {}): number | undefined => {
  const def = builtInStrategies.get(name)!;
  return def.warmupBars?.(resolveParams(def.params, input));
};

describe('warmupBars: closed bars a strategy needs before its first decision', () => {
  it('follows each indicator window (two bars of the slow average for a cross)', () => {
    expect(warmup('sma-cross')).toBe(31);
    expect(warmup('sma-cross', { fast: 5, slow: 50 })).toBe(51);
    expect(warmup('sma-cross', { maType: 'ema', slow: 30 })).toBe(300);
    expect(warmup('momentum', { lookback: 48 })).toBe(49);
    expect(warmup('bollinger-reversion', { period: 20 })).toBe(21);
    expect(warmup('rsi-reversion', { period: 14 })).toBe(141);
    expect(warmup('donchian-breakout', { entryPeriod: 20, exitPeriod: 55 })).toBe(56);
    expect(warmup('pairs-trading', { lookback: 2000, zWindow: 100 })).toBe(2100);
  });

  it('an ensemble needs the longest warm-up of its members', () => {
    expect(warmup('ensemble', { members: 'sma-cross,momentum,donchian-breakout' })).toBe(49);
    expect(warmup('ensemble', { members: 'sma-cross,rsi-reversion' })).toBe(141);
  });

  it('every built-in that trades on bar history declares one', () => {
    for (const [name, def] of builtInStrategies) {
      const usesBars = ['sma-cross', 'momentum', 'bollinger-reversion', 'rsi-reversion', 'donchian-breakout', 'pairs-trading', 'ensemble'].includes(name);
      if (usesBars) expect(def.warmupBars, name).toBeDefined();
    }
  });
});
