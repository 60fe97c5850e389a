import { describe, expect, it } from 'vitest';
import fc from '../test/fc.js';
import { ValidationError } from './errors.js';
import { parseBar, parseEpochMs, parseTrade } from './parse.js';

const opts = { symbol: 'ETH/BTC', timeframe: '5m' } as const;

/** A well-formed raw bar: low <= min(open, close) <= max(open, close) <= high, all > 0, volume >= 0. */
const wellFormedBar = fc
  .record({
    openTime: fc.integer({ min: 0, max: 4_102_444_800_000 }), // up to 2100-01-01
    a: fc.double({ min: 1e-8, max: 1e7, noNaN: true }),
    b: fc.double({ min: 1e-8, max: 1e7, noNaN: true }),
    lowGap: fc.double({ min: 0, max: 1, noNaN: true }),
    highGap: fc.double({ min: 0, max: 1, noNaN: true }),
    volume: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e12, noNaN: true })),
    openFirst: fc.boolean(),
  })
  .map(({ openTime, a, b, lowGap, highGap, volume, openFirst }) => {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    const low = lo * (1 - lowGap * 0.5); // stays > 0
    const high = hi * (1 + highGap);
    return { openTime, open: openFirst ? a : b, high, low, close: openFirst ? b : a, volume };
  });

type RawBar = Record<string, unknown>;
type Corruption = { readonly name: string; readonly fields: readonly string[]; readonly apply: (bar: RawBar) => unknown };

const nonFinite = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 'NaN', 'Infinity', 'abc', '', '0x10', null, true, {}, []];

/** Every way a bar can be malformed, each with the field(s) the error may name. */
const corruptions: fc.Arbitrary<Corruption> = fc.oneof(
  // a non-finite or non-numeric value in a numeric field
  fc.record({ field: fc.constantFrom('open', 'high', 'low', 'close', 'volume'), bad: fc.constantFrom(...nonFinite) }).map(({ field, bad }) => ({
    name: `${field} = ${String(bad)}`,
    fields: [field],
    apply: (bar: RawBar) => ({ ...bar, [field]: bad }),
  })),
  // a missing field
  fc.constantFrom('open', 'high', 'low', 'close', 'volume', 'openTime').map((field) => ({
    name: `missing ${field}`,
    fields: [field],
    apply: (bar: RawBar) => {
      const copy = { ...bar };
      delete copy[field];
      return copy;
    },
  })),
  // a zero or negative price (fields checked in order open, high, low, close: making `low` or `open` non-positive
  // may first break no other rule, since the price check comes before the range checks)
  fc.record({ field: fc.constantFrom('open', 'high', 'low', 'close'), v: fc.oneof(fc.constant(0), fc.constant(-0), fc.double({ min: -1e6, max: -1e-9, noNaN: true })) }).map(
    ({ field, v }) => ({ name: `${field} = ${v}`, fields: [field], apply: (bar: RawBar) => ({ ...bar, [field]: v }) }),
  ),
  // negative volume
  fc.double({ min: -1e9, max: -1e-9, noNaN: true }).map((v) => ({ name: `volume = ${v}`, fields: ['volume'], apply: (bar: RawBar) => ({ ...bar, volume: v }) })),
  // high below low
  fc.double({ min: 0.01, max: 0.99, noNaN: true }).map((f) => ({
    name: 'high < low',
    fields: ['high'],
    apply: (bar: RawBar) => ({ ...bar, high: (bar['low'] as number) * f }),
  })),
  // high below max(open, close) but not below low
  fc.double({ min: 0.01, max: 0.99, noNaN: true }).map((f) => ({
    name: 'high < max(open, close)',
    fields: ['high'],
    apply: (bar: RawBar) => {
      const top = Math.max(bar['open'] as number, bar['close'] as number);
      const low = bar['low'] as number;
      return { ...bar, low: Math.min(low, top * f * 0.5), high: top * f + (1 - f) * Math.min(low, top * f * 0.5) };
    },
  })),
  // low above min(open, close) but not above high
  fc.double({ min: 0.01, max: 0.99, noNaN: true }).map((f) => ({
    name: 'low > min(open, close)',
    fields: ['low'],
    apply: (bar: RawBar) => {
      const bottom = Math.min(bar['open'] as number, bar['close'] as number);
      const high = Math.max(bar['high'] as number, bottom * 3);
      return { ...bar, high, low: bottom + (high - bottom) * f };
    },
  })),
  // a bad timestamp
  fc.constantFrom<unknown>(-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 'yesterday', '2018-13-45T00:00:00Z', '2018-01-10 04:55', '2018-01-10T04:55:00', '10/01/2018', null, {}).map((t) => ({
    name: `openTime = ${String(t)}`,
    fields: ['openTime'],
    apply: (bar: RawBar) => ({ ...bar, openTime: t }),
  })),
);

const nonObjects = [null, undefined, 42, 'bar', true, [], [1, 2, 3, 4, 5]];

function fieldOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).field;
  }
  return '(accepted)';
}

describe('parseBar', () => {
  it('accepts every well-formed bar and returns it unchanged', () => {
    fc.assert(
      fc.property(wellFormedBar, (raw) => {
        const bar = parseBar(raw, opts);
        expect(bar).toEqual({ type: 'bar', symbol: 'ETH/BTC', timeframe: '5m', ...raw });
      }),
    );
  });

  it('accepts numeric strings, ISO-8601 times and the timestamp/time aliases', () => {
    const bar = parseBar({ timestamp: '2018-01-10T04:55:00Z', open: '1', high: ' 2 ', low: '0.5', close: '1.5e0', volume: '10' }, opts);
    expect(bar).toEqual({ type: 'bar', symbol: 'ETH/BTC', timeframe: '5m', openTime: Date.UTC(2018, 0, 10, 4, 55), open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 });
    expect(parseBar({ time: 0, open: 1, high: 1, low: 1, close: 1, volume: 0 }, opts).openTime).toBe(0);
    expect(parseBar({ openTime: '2018-01-10T05:55:00+01:00', open: 1, high: 1, low: 1, close: 1, volume: 0 }, opts).openTime).toBe(Date.UTC(2018, 0, 10, 4, 55));
    expect(parseBar({ symbol: 'BTC/USD', timeframe: '1h', openTime: 0, open: 1, high: 1, low: 1, close: 1, volume: 0 })).toMatchObject({ symbol: 'BTC/USD', timeframe: '1h' });
  });

  it('rejects every malformed bar, naming the offending field', () => {
    fc.assert(
      fc.property(wellFormedBar, corruptions, (raw, corruption) => {
        const bad = corruption.apply(raw);
        const field = fieldOf(() => parseBar(bad, opts));
        expect(corruption.fields, `${corruption.name}: ${JSON.stringify(bad)}`).toContain(field);
      }),
      { numRuns: 1000 },
    );
  });

  it.each(nonObjects)('rejects the non-object %j', (raw) => {
    expect(fieldOf(() => parseBar(raw, opts))).toBe('bar');
  });

  it('rejects a missing symbol or timeframe', () => {
    const raw = { openTime: 0, open: 1, high: 1, low: 1, close: 1, volume: 0 };
    expect(fieldOf(() => parseBar(raw, { timeframe: '5m' }))).toBe('symbol');
    expect(fieldOf(() => parseBar(raw, { symbol: 'ETH/BTC' }))).toBe('timeframe');
    expect(fieldOf(() => parseBar({ ...raw, timeframe: '1M' }, { symbol: 'ETH/BTC' }))).toBe('timeframe');
  });

  it('writes actionable messages with file:line, field, value seen and expectation', () => {
    try {
      parseBar({ openTime: 0, open: 10, high: 9.5, low: 10, close: 10, volume: 1 }, { ...opts, location: { source: 'data.csv', line: 17 } });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toBe('data.csv:17: high is below low (value seen 9.5, expected >= low 10)');
    }
  });
});

describe('parseTrade', () => {
  it('parses a trade with defaults', () => {
    expect(parseTrade({ time: 5, price: '101.5', quantity: 2, tradeId: 77 }, { symbol: 'BTC/USDT' })).toEqual({
      type: 'trade',
      symbol: 'BTC/USDT',
      time: 5,
      price: 101.5,
      quantity: 2,
      aggressor: 'unknown',
      tradeId: '77',
    });
    expect(parseTrade({ symbol: 'A/B', time: 1, price: 1, quantity: 1, aggressor: 'sell' }).aggressor).toBe('sell');
  });

  it.each<[string, unknown, string]>([
    ['a non-object', 'x', 'trade'],
    ['no symbol', { time: 1, price: 1, quantity: 1 }, 'symbol'],
    ['a bad time', { symbol: 'A/B', time: -5, price: 1, quantity: 1 }, 'time'],
    ['a zero price', { symbol: 'A/B', time: 1, price: 0, quantity: 1 }, 'price'],
    ['a NaN price', { symbol: 'A/B', time: 1, price: Number.NaN, quantity: 1 }, 'price'],
    ['a zero quantity', { symbol: 'A/B', time: 1, price: 1, quantity: 0 }, 'quantity'],
    ['a bad aggressor', { symbol: 'A/B', time: 1, price: 1, quantity: 1, aggressor: 'maker' }, 'aggressor'],
  ])('rejects %s', (_label, raw, field) => {
    expect(fieldOf(() => parseTrade(raw))).toBe(field);
  });
});

describe('parseEpochMs', () => {
  it('accepts non-negative integer epoch ms and ISO-8601 with a zone (or a bare date, UTC)', () => {
    expect(parseEpochMs(0, 't')).toBe(0);
    expect(parseEpochMs(1_515_560_100_000, 't')).toBe(1_515_560_100_000);
    expect(parseEpochMs('2018-01-10T04:55:00Z', 't')).toBe(1_515_560_100_000);
    expect(parseEpochMs('2018-01-10T04:55:00.250Z', 't')).toBe(1_515_560_100_250);
    expect(parseEpochMs('2018-01-10T06:55:00+0200', 't')).toBe(1_515_560_100_000);
    expect(parseEpochMs('2018-01-10', 't')).toBe(Date.UTC(2018, 0, 10));
    expect(parseEpochMs('2020-02-29T23:59:59Z', 't')).toBe(Date.UTC(2020, 1, 29, 23, 59, 59));
    expect(parseEpochMs('2018-01-10T04:55Z', 't')).toBe(1_515_560_100_000);
  });

  it.each([-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, '1515560100000', '2018-01-10T04:55:00', '2018-02-30T00:00:00Z', '2019-02-29', '2018-00-10', '2018-01-10T24:00:00Z', '2018-01-10T04:60:00Z', '2018-01-10T04:55:61Z', 'now', null, undefined])(
    'rejects %j naming the field',
    (v) => {
      expect(() => parseEpochMs(v, 'openTime', { source: 'f.csv', line: 2 })).toThrow(/^f\.csv:2: invalid openTime \(value seen .*expected epoch milliseconds or an ISO-8601 time/);
    },
  );
});
