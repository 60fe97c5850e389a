import { type Bar, type Strategy, resolveParams } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { hasData, readOhlcv } from '../../test/csv.js';
import { RecordingContext, barsFrom } from '../../test/recordingContext.js';
import { refRsi, refSma, refStd } from '../../test/reference.js';
import { builtInStrategies } from './registry.js';

function run(strategy: Strategy, bars: Bar[]): RecordingContext {
  const ctx = new RecordingContext(strategy);
  for (const b of bars) ctx.feed(b, b.openTime + 3_600_000);
  return ctx;
}

/** Index of the bar whose close time is `time`. */
const indexOf = (bars: Bar[], time: number): number => bars.findIndex((b) => b.openTime + 3_600_000 === time);

describe.skipIf(!hasData)('bar strategies on BTCUSD_1h (needs ../shared/data)', () => {
  const d = readOhlcv('BTCUSD_1h.csv');
  const bars = barsFrom('BTC/USD', d, '1h');
  const create = (name: string, input: Record<string, unknown> = {}) => {
    const def = builtInStrategies.get(name)!;
    return def.create(resolveParams(def.params, input), { symbols: ['BTC/USD'] });
  };

  it('donchian-breakout: every entry closes above the prior 20-bar high, every exit below the prior 10-bar low', () => {
    const ctx = run(create('donchian-breakout'), bars);
    expect(ctx.weights.length).toBeGreaterThan(20);
    for (const w of ctx.weights) {
      const i = indexOf(bars, w.time);
      if (w.weight === 1) expect(d.close[i]!).toBeGreaterThan(Math.max(...d.high.slice(i - 20, i)));
      else expect(d.close[i]!).toBeLessThan(Math.min(...d.low.slice(i - 10, i)));
    }
  });

  it('bollinger-reversion: entries below the lower band (population sigma), exits at or above the middle', () => {
    const ctx = run(create('bollinger-reversion', { period: 20, k: 2 }), bars);
    const mid = refSma(d.close, 20);
    const sd = refStd(d.close, 20);
    expect(ctx.weights.length).toBeGreaterThan(20);
    for (const w of ctx.weights) {
      const i = indexOf(bars, w.time);
      if (w.weight === 1) expect(d.close[i]!).toBeLessThan(mid[i]! - 2 * sd[i]! + 1e-6);
      else expect(d.close[i]!).toBeGreaterThanOrEqual(mid[i]! - 1e-6);
    }
  });

  it('rsi-reversion: entries when Wilder RSI < 30, exits when it reaches 50; shorts above 70 when allowed', () => {
    const r = refRsi(d.close, 14);
    const ctx = run(create('rsi-reversion', { allowShort: true }), bars);
    expect(ctx.weights.some((w) => w.weight === -1)).toBe(true);
    let prev = 0;
    for (const w of ctx.weights) {
      const i = indexOf(bars, w.time);
      if (w.weight === 1) expect(r[i]!).toBeLessThan(30);
      else if (w.weight === -1) expect(r[i]!).toBeGreaterThan(70);
      else if (prev === 1) expect(r[i]!).toBeGreaterThanOrEqual(50);
      else expect(r[i]!).toBeLessThanOrEqual(50);
      prev = w.weight;
    }
  });

  it('momentum: enters when the t-statistic of the last 48 log returns >= 1.5, exits below 0', () => {
    const ctx = run(create('momentum'), bars);
    const tstat = (i: number): number => {
      const rets: number[] = [];
      for (let j = i - 47; j <= i; j++) rets.push(Math.log(d.close[j]! / d.close[j - 1]!));
      const m = rets.reduce((a, b) => a + b, 0) / 48;
      const s = Math.sqrt(rets.reduce((a, b) => a + (b - m) ** 2, 0) / 47);
      return m / (s / Math.sqrt(48));
    };
    expect(ctx.weights.length).toBeGreaterThan(10);
    for (const w of ctx.weights) {
      const i = indexOf(bars, w.time);
      if (w.weight === 1) expect(tstat(i)).toBeGreaterThanOrEqual(1.5 - 1e-9);
      else expect(tstat(i)).toBeLessThan(1e-9);
    }
  });

  it('ensemble: majority of sma-cross, momentum and donchian-breakout votes', () => {
    const members = ['sma-cross', 'momentum', 'donchian-breakout'];
    const single = members.map((m) => run(create(m), bars));
    const ctx = run(create('ensemble', { members: members.join(','), threshold: 0.6 }), bars);
    // Reconstruct each member's held vote at every bar and check the combined target (2 of 3 needed).
    const held = single.map((c) => {
      const m = new Map(c.weights.map((w) => [w.time, w.weight]));
      let v = 0;
      return bars.map((b) => (v = m.get(b.openTime + 3_600_000) ?? v));
    });
    let target = 0;
    const expected: { time: number; weight: number }[] = [];
    bars.forEach((b, i) => {
      const score = (held[0]![i]! + held[1]![i]! + held[2]![i]!) / 3;
      const t = score >= 0.6 ? 1 : 0;
      if (t !== target) expected.push({ time: b.openTime + 3_600_000, weight: t });
      target = t;
    });
    expect(expected.length).toBeGreaterThan(5);
    expect(ctx.weights.map((w) => ({ time: w.time, weight: w.weight }))).toEqual(expected);
  });
});

describe('registry', () => {
  it('holds every built-in strategy with documented, resolvable params', () => {
    expect([...builtInStrategies.keys()].sort()).toEqual(
      ['arbitrage', 'bollinger-reversion', 'donchian-breakout', 'ensemble', 'market-making', 'mirror-trading', 'momentum', 'news-sentiment', 'pairs-trading', 'rsi-reversion', 'sma-cross'].sort(),
    );
    for (const [name, def] of builtInStrategies) {
      expect(def.name).toBe(name);
      expect(def.description.length).toBeGreaterThan(20);
      for (const spec of Object.values(def.params)) {
        expect(spec.description.length).toBeGreaterThan(5);
        if (spec.type === 'int' || spec.type === 'float') expect(spec.min <= spec.default && spec.default <= spec.max).toBe(true);
      }
      const symbols = name === 'pairs-trading' || name === 'arbitrage' ? ['A/B', 'C/B'] : ['A/B'];
      const s = def.create(resolveParams(def.params, {}), { symbols });
      expect(typeof s.id).toBe('string');
    }
  });
});
