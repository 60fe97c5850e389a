import { barSeriesFromBars, type Bar, type MarketEvent } from '@bot/core-types';
import { firstValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { dataFile, hasData } from '../../test/sharedData.js';
import { barFileSource, barSeriesSource } from './barSeriesSource.js';

const mk = (symbol: string, times: number[]) =>
  barSeriesFromBars(times.map((t): Bar => ({ type: 'bar', symbol, timeframe: '1m', openTime: t, open: 1, high: 1, low: 1, close: 1, volume: 1 })));

describe('barSeriesSource', () => {
  it('replays several series merged by time, ties in given order, and events() matches replay()', async () => {
    const src = barSeriesSource([mk('A', [0, 2, 4]), mk('B', [1, 2, 5])], 'test');
    const seq = [...src.replay()].map((e) => (e.type === 'bar' ? `${e.symbol}${e.openTime}` : ''));
    expect(seq).toEqual(['A0', 'B1', 'A2', 'B2', 'A4', 'B5']);
    const events: MarketEvent[] = await firstValueFrom(src.events().pipe(toArray()));
    expect(events.length).toBe(6);
    expect(src.barSeries().length).toBe(2);
  });
  it('rejects a series that is not ascending', () => {
    expect(() => barSeriesSource([mk('A', [0, 0])])).toThrow(/not in ascending time at index 1/);
  });
});

describe.skipIf(!hasData)('barFileSource (needs ../shared/data)', () => {
  it('loads shared files into one time-ordered replay', () => {
    const src = barFileSource([dataFile('LTCBTC_5m.csv'), dataFile('ZECBTC_5m.csv')]);
    expect(src.name).toBe('file:LTCBTC_5m.csv,ZECBTC_5m.csv');
    let n = 0;
    let last = -Infinity;
    for (const e of src.replay()) {
      if (e.type !== 'bar') continue;
      expect(e.openTime).toBeGreaterThanOrEqual(last);
      last = e.openTime;
      n++;
    }
    expect(n).toBe(5760 + 5757);
  });
});
