import { type Bar, type Strategy, resolveParams } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { hasData, readOhlcv } from '../../test/csv.js';
import { RecordingContext, barsFrom } from '../../test/recordingContext.js';
import { refEma, refSma } from '../../test/reference.js';
import { builtInStrategies } from './registry.js';
import { smaCross, smaCrossSignals } from './smaCross.js';

/** Reference: positions from textbook MAs and the non-zero-difference crossover rule. */
function refSignals(closes: ArrayLike<number>, fast: number, slow: number, type: 'sma' | 'ema', allowShort: boolean): number[] {
  const f = type === 'sma' ? refSma(closes, fast) : refEma(closes, fast);
  const s = type === 'sma' ? refSma(closes, slow) : refEma(closes, slow);
  const out: number[] = [];
  let pos = 0;
  let last = 0;
  for (let i = 0; i < closes.length; i++) {
    const d = f[i]! - s[i]!;
    if (!Number.isNaN(d)) {
      if (d > 0 && last < 0) pos = 1;
      if (d < 0 && last > 0) pos = allowShort ? -1 : 0;
      if (d !== 0) last = Math.sign(d);
    }
    out.push(pos);
  }
  return out;
}

function run(strategy: Strategy, bars: Bar[]): RecordingContext {
  const ctx = new RecordingContext(strategy);
  for (const b of bars) ctx.feed(b, b.openTime + 86_400_000);
  return ctx;
}

describe('sma-cross', () => {
  it('is registered with typed params and ranges', () => {
    const def = builtInStrategies.get('sma-cross')!;
    expect(def).toBe(smaCross);
    expect(resolveParams(def.params, { fast: '5', slow: 20 })).toEqual({ fast: 5, slow: 20, maType: 'sma', allowShort: false });
    expect(() => resolveParams(def.params, { fast: 1 })).toThrow(/fast/);
    expect(() => def.create(resolveParams(def.params, { fast: 30, slow: 20 }), { symbols: ['X'] })).toThrow(/fast/);
  });

  it('hand-made series: long on the up-cross, flat on the down-cross, shorts only when allowed', () => {
    const closes = [5, 4, 3, 2, 1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1];
    const f = refSma(closes, 2);
    const s = refSma(closes, 4);
    expect(f[5]! < s[5]! || f[6]! > s[6]!).toBe(true);
    const sig = Array.from(smaCrossSignals(closes, 2, 4));
    expect(sig).toEqual(refSignals(closes, 2, 4, 'sma', false));
    expect(sig).toContain(1);
    expect(Math.min(...sig)).toBe(0);
    const short = Array.from(smaCrossSignals(closes, 2, 4, { allowShort: true }));
    expect(short[short.length - 1]).toBe(-1);
  });

  describe.skipIf(!hasData)('on real data (needs ../shared/data)', () => {
    const d = readOhlcv('ORCL_1d.csv');
    const bars = barsFrom('ORCL/USD', d, '1d');

    it('signals equal a textbook SMA/EMA crossover computation at every bar', () => {
      for (const type of ['sma', 'ema'] as const) {
        for (const allowShort of [false, true]) {
          const got = Array.from(smaCrossSignals(d.close, 10, 30, { maType: type, allowShort }));
          expect(got).toEqual(refSignals(d.close, 10, 30, type, allowShort));
        }
      }
    });

    it('the strategy asks setTargetWeight exactly when the target changes, long-only by default', () => {
      const s = smaCross.create(resolveParams(smaCross.params, { fast: 10, slow: 30 }), { symbols: ['ORCL/USD'] });
      const ctx = run(s, bars);
      const expected = refSignals(d.close, 10, 30, 'sma', false);
      const changes: { time: number; weight: number }[] = [];
      let prev = 0;
      expected.forEach((w, i) => {
        if (w !== prev) changes.push({ time: bars[i]!.openTime + 86_400_000, weight: w });
        prev = w;
      });
      expect(changes.length).toBeGreaterThan(50);
      expect(ctx.weights.map((w) => ({ time: w.time, weight: w.weight }))).toEqual(changes);
      expect(ctx.weights.every((w) => w.weight >= 0)).toBe(true);
    });

    it('decides only from data up to the current bar: a run on a prefix gives the same decisions', () => {
      const def = builtInStrategies.get('sma-cross')!;
      const params = resolveParams(def.params, { fast: 5, slow: 20, allowShort: true });
      const full = run(def.create(params, { symbols: ['ORCL/USD'] }), bars);
      for (const cut of [100, 1234, 3000]) {
        const part = run(def.create(params, { symbols: ['ORCL/USD'] }), bars.slice(0, cut));
        const limit = bars[cut - 1]!.openTime + 86_400_000;
        expect(part.weights).toEqual(full.weights.filter((w) => w.time <= limit));
      }
    });
  });

  it('a strategy cannot reach a bar that has not closed', () => {
    const seen: { length: number; future: unknown; futureClose: number; newest: number }[] = [];
    const probe: Strategy = {
      id: 'probe',
      onBar(bar, ctx) {
        const h = ctx.bars(bar.symbol);
        seen.push({ length: h.length, future: h.at(-1), futureClose: h.close(-1), newest: h.close(0) });
      },
    };
    const ctx = new RecordingContext(probe);
    const closes = [10, 11, 12];
    closes.forEach((c, i) =>
      ctx.feed({ type: 'bar', symbol: 'X', timeframe: '1m', openTime: i * 60_000, open: c, high: c, low: c, close: c, volume: 1 }, (i + 1) * 60_000),
    );
    expect(seen.map((s) => s.length)).toEqual([1, 2, 3]);
    expect(seen.every((s) => s.future === undefined && Number.isNaN(s.futureClose))).toBe(true);
    expect(seen.map((s) => s.newest)).toEqual(closes);
  });
});
