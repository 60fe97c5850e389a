import { barSeriesFromBars, type Bar } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { dataFile, hasData } from '../../test/sharedData.js';
import { loadBarsCsv } from '../files/loadBarsCsv.js';
import { qualityReport } from './qualityReport.js';

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe.skipIf(!hasData)('qualityReport on the shared files (needs ../shared/data)', () => {
  it("finds ZEC/BTC's three missing bars, the final one through expectedEnd or a sibling series", () => {
    const zec = loadBarsCsv(dataFile('ZECBTC_5m.csv')).series;
    const ltc = loadBarsCsv(dataFile('LTCBTC_5m.csv')).series;
    const alone = qualityReport(zec);
    expect(alone.missingBars).toBe(2); // the final bar is invisible without a reference end
    const byEnd = qualityReport(zec, { expectedEnd: Date.parse('2018-01-30T04:50:00Z') });
    const byRef = qualityReport(zec, { reference: ltc.openTime });
    for (const r of [byEnd, byRef]) {
      expect(r.missingBars).toBe(3);
      expect(r.gaps.map((g) => [iso(g.from), iso(g.to), g.missingBars])).toEqual([
        ['2018-01-26T20:25:00Z', '2018-01-26T20:25:00Z', 1],
        ['2018-01-27T00:55:00Z', '2018-01-27T00:55:00Z', 1],
        ['2018-01-30T04:50:00Z', '2018-01-30T04:50:00Z', 1],
      ]);
      expect(r.ok).toBe(false);
    }
    // Independent check: the LTC grid minus the ZEC times.
    const z = new Set(zec.openTime);
    expect(Array.from(ltc.openTime).filter((t) => !z.has(t)).map(iso)).toEqual(['2018-01-26T20:25:00Z', '2018-01-27T00:55:00Z', '2018-01-30T04:50:00Z']);
  });

  it("counts BTC/USD's 28 zero-volume flat bars and no gaps", () => {
    const btc = loadBarsCsv(dataFile('BTCUSD_1h.csv')).series;
    const r = qualityReport(btc);
    expect(r.zeroVolumeCount).toBe(28);
    expect(r.zeroVolume.every((z) => z.detail.startsWith('flat bar'))).toBe(true);
    expect(r.zeroVolume.filter((z) => day(z.time) === '2018-08-10')).toHaveLength(15);
    expect(r.missingBars).toBe(0);
    expect(r.ok).toBe(true);
  });

  it.each(['ORCL_1d.csv', 'NVDA_1d.csv'])('%s: weekends expected, market closures reported as calendar gaps not errors', (name) => {
    const r = qualityReport(loadBarsCsv(dataFile(name)).series);
    expect(r.calendar).toBe('weekdays');
    expect(r.missingBars).toBe(0);
    expect(r.ok).toBe(true);
    expect(r.calendarGaps.filter((g) => g.kind === 'closure').map((g) => `${day(g.from)}..${day(g.to)}`)).toEqual([
      '2001-09-11..2001-09-14',
      '2007-01-01..2007-01-02',
      '2012-10-29..2012-10-30',
    ]);
    // Ordinary holidays are single weekdays, e.g. Christmas 2014 (a Thursday).
    expect(r.calendarGaps.some((g) => g.kind === 'holiday' && day(g.from) === '2014-12-25')).toBe(true);
  });
});

function bars(rows: [number, number, number, number, number, number][]): Bar[] {
  return rows.map(([t, o, h, l, c, v]) => ({ type: 'bar', symbol: 'T/USD', timeframe: '1m', openTime: t * 60_000, open: o, high: h, low: l, close: c, volume: v }));
}

describe('qualityReport on crafted series', () => {
  it('reports duplicates, disorder, misalignment, OHLC problems and non-positive prices', () => {
    const s = barSeriesFromBars(
      bars([
        [0, 10, 11, 9, 10, 1],
        [1, 10, 9.5, 9, 10, 1], // high < open
        [1, 10, 11, 9, 10, 1], // duplicate
        [4, 10, 11, 10.5, 10, 1], // low > close ; gap of 2 bars before it
        [3, 10, 11, 9, 10, 0], // out of order, zero volume
        [5, -1, 11, -2, 10, 1], // non-positive
      ]),
    );
    const withHalf = { ...s, openTime: Float64Array.from([...s.openTime, 6.5 * 60_000]), open: Float64Array.from([...s.open, 10]), high: Float64Array.from([...s.high, 10]), low: Float64Array.from([...s.low, 10]), close: Float64Array.from([...s.close, 10]), volume: Float64Array.from([...s.volume, 1]), length: s.length + 1 };
    const r = qualityReport(withHalf);
    expect(r.duplicates.map((d) => d.index)).toEqual([2]);
    expect(r.outOfOrder.map((d) => d.index)).toEqual([4]);
    expect(r.ohlcInconsistencies.map((d) => d.index)).toEqual([1, 3]);
    expect(r.nonPositivePrices.map((d) => d.index)).toEqual([5]);
    expect(r.zeroVolume.map((d) => d.index)).toEqual([4]);
    expect(r.misaligned.map((d) => d.index)).toEqual([6]);
    expect(r.gaps.map((g) => [g.from / 60_000, g.to / 60_000, g.missingBars])).toEqual([[2, 2, 1]]);
    expect(r.ok).toBe(false);
  });

  it('flags a spike by the textbook modified z-score, with a configurable threshold', () => {
    const closes = [100, 101, 100.5, 101.2, 100.8, 101.1, 100.9, 130, 101, 101.3, 100.7];
    const s = barSeriesFromBars(bars(closes.map((c, i) => [i, c, c, c, c, 1])));
    // Direct computation: r = ln(c_i / c_{i-1}); z = 0.6745 (r - median) / MAD.
    const r = closes.slice(1).map((c, i) => Math.log(c / closes[i]!));
    const med = (a: number[]) => {
      const x = [...a].sort((p, q) => p - q);
      return x.length % 2 ? x[(x.length - 1) / 2]! : (x[x.length / 2 - 1]! + x[x.length / 2]!) / 2;
    };
    const m = med(r);
    const mad = med(r.map((x) => Math.abs(x - m)));
    const z = r.map((x) => (0.6745 * (x - m)) / mad);
    const expected = z.flatMap((v, i) => (Math.abs(v) > 5 ? [i + 1] : []));
    expect(expected).toEqual([7, 8]); // the jump up and the fall back
    const rep = qualityReport(s);
    expect(rep.outliers.map((o) => o.index)).toEqual(expected);
    expect(rep.outliers[0]!.zScore).toBeCloseTo(z[6]!, 10);
    const strict = qualityReport(s, { outlierThreshold: 1 });
    expect(strict.outlierCount).toBe(z.filter((v) => Math.abs(v) > 1).length);
  });

  it('leading and trailing gaps against an expected range', () => {
    const s = barSeriesFromBars(bars([[5, 1, 1, 1, 1, 1], [6, 1, 1, 1, 1, 1]]));
    const r = qualityReport(s, { expectedStart: 2 * 60_000, expectedEnd: 9 * 60_000 });
    expect(r.gaps.map((g) => [g.from / 60_000, g.to / 60_000])).toEqual([[2, 4], [7, 9]]);
    expect(r.missingBars).toBe(6);
  });
});
