import { BotError, barSeriesFromBars } from '@bot/core-types';
import type { Bar } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { profileWeights, volumeProfileFromBars } from './volumeProfile.js';

const H = 3_600_000;
const D = 86_400_000;
const b = (t: number, v: number): Bar => ({ type: 'bar', symbol: 'X/Y', timeframe: '1h', openTime: t, open: 1, high: 1, low: 1, close: 1, volume: v });

describe('volumeProfileFromBars', () => {
  it('averages each UTC day\'s share per bucket (each day weighs the same)', () => {
    // day 0: 00h 30, 01h 10 (30 min bars fall in their hour bucket) -> .75 .25
    // day 1: 00h 1, 01h 3 -> .25 .75; a pooled sum would give 31/44, the mean gives .5 .5
    const bars = [b(0, 20), b(H / 2, 10), b(H, 10), b(D, 1), b(D + H, 3)];
    const p = volumeProfileFromBars(bars, H);
    expect(p.shares.length).toBe(24);
    expect(p.days).toBe(2);
    expect(p.shares[0]).toBeCloseTo(0.5, 15);
    expect(p.shares[1]).toBeCloseTo(0.5, 15);
    expect(Array.from(p.shares.subarray(2)).every((x) => x === 0)).toBe(true);
  });

  it('accepts a BarSeries, skips days without volume, and rejects bad buckets or no volume', () => {
    const s = barSeriesFromBars([b(0, 0), b(D + 2 * H, 5), b(D + 3 * H, 15)], 'X/Y', '1h');
    const p = volumeProfileFromBars(s, 2 * H);
    expect(p.days).toBe(1);
    expect([p.shares[1], p.shares[0]]).toEqual([1, 0]);
    expect(() => volumeProfileFromBars(s, 7 * H)).toThrow(BotError);
    expect(() => volumeProfileFromBars([b(0, 0)], H)).toThrow(/volume/);
  });
});

describe('profileWeights', () => {
  const shares = new Float64Array(24);
  shares[9] = 0.2;
  shares[10] = 0.6;
  shares[11] = 0.2;
  const profile = { bucketMs: H, shares, days: 1 };

  it('integrates the profile over each slice (uniform inside a bucket) and normalises over the window', () => {
    // window 09:30 - 11:30, 2 slices: [09:30, 10:30) = .1 + .3 = .4, [10:30, 11:30) = .3 + .1 = .4 -> .5 .5
    const w = profileWeights(profile, 9.5 * H, 11.5 * H, 2);
    expect(Array.from(w)).toEqual([0.5, 0.5]);
    // window 09:00 - 12:00, 3 slices: .2 .6 .2; on the next day the same
    const w3 = profileWeights(profile, D + 9 * H, D + 12 * H, 3);
    expect(w3[0]).toBeCloseTo(0.2, 15);
    expect(w3[1]).toBeCloseTo(0.6, 15);
    expect(w3[2]).toBeCloseTo(0.2, 15);
  });

  it('throws when the window has no expected volume', () => {
    expect(() => profileWeights(profile, 0, 2 * H, 2)).toThrow(/volumeProfile/);
  });
});
