import { describe, expect, it } from 'vitest';
import fc from '../test/fc.js';
import { ValidationError } from './errors.js';
import { msToTimeframe, parseTimeframe, timeframeToMs, type Timeframe } from './timeframe.js';

describe('timeframes', () => {
  it('parses and measures the usual timeframes', () => {
    const cases: [string, number][] = [['1s', 1_000], ['1m', 60_000], ['5m', 300_000], ['15m', 900_000], ['1h', 3_600_000], ['4h', 14_400_000], ['1d', 86_400_000], ['1w', 604_800_000]];
    for (const [tf, ms] of cases) {
      expect(timeframeToMs(parseTimeframe(tf))).toBe(ms);
      expect(msToTimeframe(ms)).toBe(tf);
    }
  });

  it('picks the largest unit that divides the duration', () => {
    expect(msToTimeframe(7_200_000)).toBe('2h');
    expect(msToTimeframe(5_400_000)).toBe('90m');
    expect(msToTimeframe(90_000)).toBe('90s');
    expect(msToTimeframe(1_209_600_000)).toBe('2w');
    expect(msToTimeframe(172_800_000)).toBe('2d');
  });

  it.each(['', '1M', '0m', '01m', '1.5h', 'h', '5', '1y', ' 1m', 5, null])('rejects %j', (tf) => {
    expect(() => parseTimeframe(tf)).toThrow(ValidationError);
  });

  it.each([0, -60_000, 1_500, 0.5, Number.NaN])('msToTimeframe rejects %j', (ms) => {
    expect(() => msToTimeframe(ms)).toThrow(ValidationError);
  });

  it('timeframeToMs rejects malformed values that bypassed parsing', () => {
    expect(() => timeframeToMs('0m' as Timeframe)).toThrow(ValidationError);
    expect(() => timeframeToMs('5x' as Timeframe)).toThrow(ValidationError);
  });

  it('property: ms -> timeframe -> ms round-trips for every whole number of seconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), (seconds) => {
        const tf = msToTimeframe(seconds * 1000);
        expect(parseTimeframe(tf)).toBe(tf);
        expect(timeframeToMs(tf)).toBe(seconds * 1000);
      }),
    );
  });
});
