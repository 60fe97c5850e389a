import { barSeriesFromBars, type Bar, type MarketEvent } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { ReplayFeed } from './replayFeed.js';

function bars(symbol: string, times: number[]): Bar[] {
  return times.map((t, i) => ({ type: 'bar', symbol, timeframe: '1m', openTime: t, open: 10 + i, high: 11 + i, low: 9 + i, close: 10.5 + i, volume: 1 }));
}

describe('ReplayFeed', () => {
  const a = barSeriesFromBars(bars('A/USD', [0, 60_000, 120_000]));
  const b = barSeriesFromBars(bars('B/USD', [60_000, 180_000]));

  it('merges several series by open time, ties in series order', () => {
    const feed = new ReplayFeed({ name: 'r', series: [a, b], speed: 0 });
    expect([...feed.replay()].map((x) => `${x.symbol}@${x.openTime}`)).toEqual([
      'A/USD@0',
      'A/USD@60000',
      'B/USD@60000',
      'A/USD@120000',
      'B/USD@180000',
    ]);
    expect(feed.length).toBe(5);
  });

  it('emits every bar exactly once as an Observable, yielding between chunks, then completes', async () => {
    const feed = new ReplayFeed({ name: 'r', series: [a, b], speed: 0, yieldEvery: 2 });
    const seen: MarketEvent[] = [];
    await new Promise<void>((resolve, reject) => feed.events().subscribe({ next: (e) => seen.push(e), error: reject, complete: resolve }));
    expect(seen).toHaveLength(5);
    expect(seen.map((e) => (e.type === 'bar' ? e.openTime : -1))).toEqual([0, 60_000, 60_000, 120_000, 180_000]);
  });

  it('paces bars at the chosen speed and stops when unsubscribed', async () => {
    const feed = new ReplayFeed({ name: 'r', series: [a], speed: 60_000 / 5 }); // a 1m gap becomes 5 ms
    const seen: number[] = [];
    const sub = feed.events().subscribe((e) => seen.push(e.type === 'bar' ? e.openTime : -1));
    expect(seen).toEqual([0]);
    for (let waited = 0; seen.length < 3 && waited < 5000; waited += 5) await new Promise((r) => setTimeout(r, 5));
    expect(seen).toEqual([0, 60_000, 120_000]);
    sub.unsubscribe();
    const slow = new ReplayFeed({ name: 'r', series: [a], speed: 1 });
    const got: number[] = [];
    const sub2 = slow.events().subscribe((e) => got.push(e.type === 'bar' ? e.openTime : -1));
    sub2.unsubscribe();
    await new Promise((r) => setTimeout(r, 10));
    expect(got).toEqual([0]);
  });

  it('rejects a negative speed', () => {
    expect(() => new ReplayFeed({ name: 'r', series: [a], speed: -1 })).toThrow(/speed must be >= 0/);
  });
});
