import { type Bar, barSeriesFromBars, type Trade } from '@bot/core-types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataFile, hasData } from '../../test/sharedData.js';
import { loadBarsCsv } from '../files/loadBarsCsv.js';
import { alignSeries } from './alignSeries.js';
import { bucketStart, resampleBars, resampleTrades } from './resample.js';
import { TradeBarBuilder } from './tradeBarBuilder.js';

const M = 60_000;
const trade = (time: number, price: number, quantity: number): Trade => ({ type: 'trade', symbol: 'X/Y', time, price, quantity, aggressor: 'unknown' });

describe.skipIf(!hasData)('resampling and alignment on the shared files (needs ../shared/data)', () => {
  it('ETH/BTC 5m -> 1h matches a direct group-by-hour computation, last bar flagged partial', () => {
    const { series } = loadBarsCsv(dataFile('ETHBTC_5m.csv'));
    const { series: h, partialLast, sourceCounts } = resampleBars(series, '1h');
    // Reference: group rows by the ISO hour prefix.
    const groups = new Map<string, number[]>();
    for (let i = 0; i < series.length; i++) {
      const key = new Date(series.openTime[i]!).toISOString().slice(0, 13);
      groups.set(key, [...(groups.get(key) ?? []), i]);
    }
    expect(h.length).toBe(groups.size);
    let k = 0;
    for (const [key, rows] of groups) {
      expect(new Date(h.openTime[k]!).toISOString().slice(0, 13)).toBe(key);
      expect(h.open[k]).toBe(series.open[rows[0]!]);
      expect(h.close[k]).toBe(series.close[rows.at(-1)!]);
      expect(h.high[k]).toBe(Math.max(...rows.map((r) => series.high[r]!)));
      expect(h.low[k]).toBe(Math.min(...rows.map((r) => series.low[r]!)));
      expect(h.volume[k]).toBeCloseTo(rows.reduce((a, r) => a + series.volume[r]!, 0), 9);
      expect(sourceCounts[k]).toBe(rows.length);
      k++;
    }
    // First bar 04:55 is the only 5m bar of the 04:00 hour; the data ends at 04:50+5m = 04:55 < 05:00.
    expect(sourceCounts[0]).toBe(1);
    expect(partialLast).toBe(true);
  });

  it('inner join of LTC/BTC and ZEC/BTC gives 5757 rows; outer join forward-fills the 3 missing ZEC bars', () => {
    const ltc = loadBarsCsv(dataFile('LTCBTC_5m.csv')).series;
    const zec = loadBarsCsv(dataFile('ZECBTC_5m.csv')).series;
    expect(alignSeries([ltc, zec]).openTime.length).toBe(5757);
    const outer = alignSeries([ltc, zec], { join: 'outer', fill: 'forward' });
    expect(outer.openTime.length).toBe(5760);
    const missing = Array.from(outer.present[1]!).flatMap((p, i) => (p ? [] : [i]));
    expect(missing.map((i) => new Date(outer.openTime[i]!).toISOString())).toEqual(['2018-01-26T20:25:00.000Z', '2018-01-27T00:55:00.000Z', '2018-01-30T04:50:00.000Z']);
    const z = outer.series[1]!;
    const i = missing[0]!;
    expect(z.close[i]).toBe(z.close[i - 1]);
    expect(z.open[i]).toBe(z.close[i - 1]);
    expect(z.volume[i]).toBe(0);
    const noFill = alignSeries([ltc, zec], { join: 'outer' });
    expect(Number.isNaN(noFill.series[1]!.close[i]!)).toBe(true);
  });
});

describe('resampleBars', () => {
  it('aligns to UTC boundaries; weeks start on Monday', () => {
    expect(new Date(bucketStart(Date.parse('2024-03-06T05:59:59Z'), '4h')).toISOString()).toBe('2024-03-06T04:00:00.000Z');
    expect(new Date(bucketStart(Date.parse('2024-03-06T05:59:59Z'), '1d')).toISOString()).toBe('2024-03-06T00:00:00.000Z');
    expect(new Date(bucketStart(Date.parse('2024-03-06T05:59:59Z'), '1w')).toISOString()).toBe('2024-03-04T00:00:00.000Z');
  });

  it('rejects a target that is not a multiple of the source', () => {
    const s = barSeriesFromBars([{ type: 'bar', symbol: 'A', timeframe: '5m', openTime: 0, open: 1, high: 1, low: 1, close: 1, volume: 1 }]);
    expect(() => resampleBars(s, '7m')).toThrow(/whole multiple/);
    expect(() => resampleBars(s, '1m')).toThrow(/whole multiple/);
  });

  it('preserves volume, extremes, first open and last close (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.double({ min: 1, max: 2, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 100 })), { minLength: 1, maxLength: 300 }), (rows) => {
        let t = 1_700_000_000_000 - (1_700_000_000_000 % M);
        const bars: Bar[] = rows.map(([skip, p, spread, v]) => {
          t += (1 + skip) * M;
          return { type: 'bar', symbol: 'A', timeframe: '1m', openTime: t, open: p, high: p + spread, low: p - spread / 2, close: p + spread / 3, volume: v };
        });
        const { series } = resampleBars(barSeriesFromBars(bars), '15m');
        expect(series.volume.reduce((a, b) => a + b, 0)).toBe(bars.reduce((a, b) => a + b.volume, 0));
        expect(Math.max(...series.high)).toBe(Math.max(...bars.map((b) => b.high)));
        expect(Math.min(...series.low)).toBe(Math.min(...bars.map((b) => b.low)));
        expect(series.open[0]).toBe(bars[0]!.open);
        expect(series.close[series.length - 1]).toBe(bars.at(-1)!.close);
        for (const ot of series.openTime) expect(ot % (15 * M)).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('TradeBarBuilder and resampleTrades', () => {
  it('builds OHLCV from trades, closing on a later trade or on time', () => {
    const b = new TradeBarBuilder({ symbol: 'X/Y', timeframe: '1m' });
    expect(b.push(trade(10_000, 100, 1))).toEqual([]);
    expect(b.push(trade(20_000, 105, 2))).toEqual([]);
    expect(b.push(trade(30_000, 95, 1))).toEqual([]);
    expect(b.push(trade(59_999, 101, 0.5))).toEqual([]);
    const closed = b.push(trade(61_000, 102, 1));
    expect(closed).toEqual([{ type: 'bar', symbol: 'X/Y', timeframe: '1m', openTime: 0, open: 100, high: 105, low: 95, close: 101, volume: 4.5 }]);
    expect(b.push(trade(50_000, 1, 1))).toEqual([]); // late: its bar is closed
    expect(b.lateTrades).toBe(1);
    expect(b.advanceTo(119_999)).toEqual([]);
    expect(b.advanceTo(120_000).map((x) => [x.openTime, x.close, x.volume])).toEqual([[60_000, 102, 1]]);
    expect(b.current()).toBeUndefined();
  });

  it('fills empty intervals with flat zero-volume bars when asked', () => {
    const b = new TradeBarBuilder({ symbol: 'X/Y', timeframe: '1m', fillEmpty: true });
    b.push(trade(0, 10, 1));
    const out = b.push(trade(3 * M + 1, 12, 1));
    expect(out.map((x) => [x.openTime / M, x.close, x.volume])).toEqual([[0, 10, 1], [1, 10, 0], [2, 10, 0]]);
  });

  it('resampleTrades flags the last bar partial unless end covers it', () => {
    const trades = [trade(0, 10, 1), trade(30_000, 11, 1), trade(65_000, 9, 2)];
    const a = resampleTrades(trades, { symbol: 'X/Y', timeframe: '1m' });
    expect(a.series.length).toBe(2);
    expect(Array.from(a.sourceCounts)).toEqual([2, 1]);
    expect(a.partialLast).toBe(true);
    expect(resampleTrades(trades, { symbol: 'X/Y', timeframe: '1m', end: 2 * M }).partialLast).toBe(false);
  });
});
