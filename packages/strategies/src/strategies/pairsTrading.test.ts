import { type Bar, resolveParams } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { hasData, readOhlcv } from '../../test/csv.js';
import { RecordingContext, barsFrom } from '../../test/recordingContext.js';
import { type PairsTradingStrategy, cointegrationGate, pairsTrading } from './pairsTrading.js';

/** Both legs' bars merged in time order (as a kernel would deliver them). */
function merged(a: Bar[], b: Bar[]): Bar[] {
  return [...a, ...b].sort((x, y) => x.openTime - y.openTime || (x.symbol < y.symbol ? -1 : 1));
}

describe('pairs-trading', () => {
  it('needs exactly two symbols', () => {
    expect(() => pairsTrading.create(resolveParams(pairsTrading.params, {}), { symbols: ['A'] })).toThrow(/two symbols/);
  });

  describe.skipIf(!hasData)('on the shared 5-minute pairs (needs ../shared/data)', () => {
    const ltc = barsFrom('LTC/BTC', readOhlcv('LTCBTC_5m.csv'), '5m');
    const zec = barsFrom('ZEC/BTC', readOhlcv('ZECBTC_5m.csv'), '5m');
    const eth = barsFrom('ETH/BTC', readOhlcv('ETHBTC_5m.csv'), '5m');
    const params = resolveParams(pairsTrading.params, { lookback: 4032, retestEvery: 144, zWindow: 288 });

    function runPair(y: Bar[], x: Bar[]): { s: PairsTradingStrategy; ctx: RecordingContext; aligned: number } {
      const s = pairsTrading.create(params, { symbols: [y[0]!.symbol, x[0]!.symbol] }) as PairsTradingStrategy;
      const ctx = new RecordingContext(s);
      let aligned = 0;
      const times = new Set(x.map((b) => b.openTime));
      for (const b of y) if (times.has(b.openTime)) aligned++;
      for (const b of merged(y, x)) ctx.feed(b, b.openTime + 300_000);
      return { s, ctx, aligned };
    }

    it('the gate separates LTC/ZEC (cointegrated) from ETH/LTC (not) over the full 20 days', () => {
      const logs = (bars: Bar[], keep: Set<number>) => bars.filter((b) => keep.has(b.openTime)).map((b) => Math.log(b.close));
      const common = new Set(zec.map((b) => b.openTime));
      expect(cointegrationGate(logs(ltc, common), logs(zec, new Set(ltc.map((b) => b.openTime)))).cointegrated).toBe(true);
      const all = new Set(ltc.map((b) => b.openTime));
      expect(cointegrationGate(logs(eth, all), logs(ltc, all)).cointegrated).toBe(false);
    });

    it('aligns on timestamps (ZEC misses 3 bars), trades LTC/ZEC, and refuses ETH/LTC once it is not cointegrated', () => {
      const good = runPair(ltc, zec);
      expect(good.aligned).toBe(5757);
      // 5757 aligned bars, first test at 4032, then every 144: 12 tests.
      expect(good.s.testsRun).toBe(12);
      expect(good.s.testsPassed).toBeGreaterThanOrEqual(11);
      expect(good.s.cointegrated).toBe(true);
      expect(good.ctx.weights.some((w) => w.weight !== 0)).toBe(true);
      // Long-spread and short-spread legs have opposite signs (positive hedge ratio).
      for (let i = 0; i + 1 < good.ctx.weights.length; i += 2) {
        const [wy, wx] = [good.ctx.weights[i]!, good.ctx.weights[i + 1]!];
        expect(wy.symbol).toBe('LTC/BTC');
        expect(wx.symbol).toBe('ZEC/BTC');
        if (wy.weight !== 0) expect(Math.sign(wy.weight)).toBe(-Math.sign(wx.weight));
      }

      const bad = runPair(eth, ltc);
      expect(bad.aligned).toBe(5760);
      expect(bad.s.testsRun).toBe(13);
      expect(bad.s.testsPassed).toBeLessThanOrEqual(2);
      expect(bad.s.cointegrated).toBe(false);
      expect(bad.s.position).toBe(0);
      // After the last passing test window closed, no exposure is requested any more.
      const lastNonZero = bad.ctx.weights.filter((w) => w.weight !== 0).map((w) => w.time);
      const cutoff = eth[4032 + 2 * 144]!.openTime;
      expect(lastNonZero.every((t) => t < cutoff)).toBe(true);
    });
  });
});
