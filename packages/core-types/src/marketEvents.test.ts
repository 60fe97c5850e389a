import { describe, expect, it } from 'vitest';
import fc from '../test/fc.js';
import { barAt, barSeriesFromBars, eventTime, type Bar, type MarketEvent } from './marketEvents.js';

const bar = (openTime: number, close: number): Bar => ({ type: 'bar', symbol: 'BTC/USD', timeframe: '1h', openTime, open: close, high: close + 1, low: close - 1, close, volume: 10 });

describe('market events', () => {
  it('eventTime reads the time of every event type (bars: open time)', () => {
    const events: MarketEvent[] = [
      bar(3_600_000, 100),
      { type: 'trade', symbol: 'BTC/USD', time: 5, price: 1, quantity: 1, aggressor: 'buy' },
      { type: 'quote', symbol: 'BTC/USD', time: 6, bid: 1, bidSize: 1, ask: 2, askSize: 1 },
      { type: 'book-snapshot', symbol: 'BTC/USD', time: 7, sequence: 10, bids: [[1, 2]], asks: [[2, 1]] },
      { type: 'book-delta', symbol: 'BTC/USD', time: 8, firstSequence: 11, sequence: 12, bids: [[1, 0]], asks: [] },
    ];
    expect(events.map(eventTime)).toEqual([3_600_000, 5, 6, 7, 8]);
  });

  it('barSeriesFromBars and barAt round-trip', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), (closes) => {
        const bars = closes.map((c, i) => bar(i * 3_600_000, c));
        const series = barSeriesFromBars(bars);
        expect(series.length).toBe(bars.length);
        expect(series.symbol).toBe('BTC/USD');
        expect(series.timeframe).toBe('1h');
        expect(Array.from(series.close)).toEqual(closes);
        bars.forEach((b, i) => expect(barAt(series, i)).toEqual(b));
      }),
    );
  });

  it('an empty series needs symbol and timeframe', () => {
    expect(() => barSeriesFromBars([])).toThrow(RangeError);
    const empty = barSeriesFromBars([], 'ETH/BTC', '5m');
    expect(empty.length).toBe(0);
    expect(empty.close).toBeInstanceOf(Float64Array);
  });

  it.each([-1, 3, 1.5, Number.NaN])('barAt rejects index %j', (i) => {
    const series = barSeriesFromBars([bar(0, 1), bar(3_600_000, 2), bar(7_200_000, 3)]);
    expect(() => barAt(series, i)).toThrow(RangeError);
  });
});
