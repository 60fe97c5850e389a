import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson } from './canonicalJson.js';

describe('canonicalJson', () => {
  it('sorts keys recursively by UTF-16 code units and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x', null], c: true }, B: false })).toBe('{"B":false,"a":{"c":true,"d":[1,"x",null]},"b":1}');
    // RFC 8785 section 3.2.3 ordering example subset: code-unit order, not locale order.
    expect(canonicalJson({ '\u20ac': 1, '\r': 2, '1': 3, '\u00e9': 4 })).toBe('{"\\r":2,"1":3,"\u00e9":4,"\u20ac":1}');
  });

  it('writes numbers in shortest round-trip form and -0 as 0', () => {
    expect(canonicalJson([0.1, 1e21, 1e-7, -0, 100, 333333333.3333333])).toBe('[0.1,1e+21,1e-7,0,100,333333333.3333333]');
  });

  it('rejects values without an unambiguous JSON form', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/\$\.x is NaN/);
    expect(() => canonicalJson([Infinity])).toThrow(/Infinity/);
    expect(() => canonicalJson({ d: new Date(0) } as never)).toThrow(/not a plain object \(Date\)/);
    expect(() => canonicalJson({ n: 1n } as never)).toThrow(/bigint/);
  });

  it('omits undefined members', () => {
    expect(canonicalJson({ a: undefined, b: 2 } as never)).toBe('{"b":2}');
  });

  it('round-trips: parsing the output and serialising again is a fixed point, and equals the input value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value as never);
        expect(canonicalJson(JSON.parse(text) as never)).toBe(text);
        // Same value as JSON.stringify modulo key order and -0.
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('equals an independent reference (recursive key sort + JSON.stringify, -0 -> 0) on any JSON value', () => {
    // Reference written from the convention, independently: objects as sorted "key":value lists (not via a JS
    // object, whose integer-like keys JS would reorder), -0 as 0, the rest as JSON.stringify.
    const reference = (v: unknown): string => {
      if (Array.isArray(v)) return `[${v.map(reference).join(',')}]`;
      if (v !== null && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${reference(o[k])}`).join(',')}}`;
      }
      return typeof v === 'number' && Object.is(v, -0) ? '0' : JSON.stringify(v);
    };
    const keyed = fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('1', '10', '9', '__proto__x', 'a', 'B')), fc.jsonValue(), { maxKeys: 8 });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), keyed, fc.array(keyed)), (value) => {
        expect(canonicalJson(value as never)).toBe(reference(value));
      }),
      { seed: 17, numRuns: 500 },
    );
  });

  it('is insensitive to key insertion order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.integer()), (dict) => {
        const reversed = Object.fromEntries(Object.entries(dict).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(dict));
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});
