import { describe, expect, it } from 'vitest';
import fc from '../../test/fc.js';
import { ValidationError } from '../errors.js';
import { resolveParams, type ParamSpecs } from './strategyParams.js';

const specs = {
  fast: { type: 'int', default: 10, min: 2, max: 50, step: 1, description: 'fast SMA length, bars' },
  slow: { type: 'int', default: 30, min: 5, max: 200, description: 'slow SMA length, bars' },
  threshold: { type: 'float', default: 0.5, min: 0, max: 1, description: 'entry threshold, fraction' },
  allowShort: { type: 'boolean', default: false, description: 'trade short side' },
  source: { type: 'enum', default: 'close', values: ['close', 'hl2', 'ohlc4'], description: 'price source' },
  label: { type: 'string', default: 'sma', description: 'free text' },
} as const satisfies ParamSpecs;

function rejected(input: Record<string, unknown>): ValidationError {
  try {
    resolveParams(specs, input, { source: 'cli' });
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe('resolveParams', () => {
  it('fills defaults', () => {
    expect(resolveParams(specs)).toEqual({ fast: 10, slow: 30, threshold: 0.5, allowShort: false, source: 'close', label: 'sma' });
  });

  it('converts command-line strings and keeps typed values', () => {
    const p = resolveParams(specs, { fast: '12', slow: 40, threshold: '0.25', allowShort: 'true', source: 'hl2', label: 'x' });
    expect(p).toEqual({ fast: 12, slow: 40, threshold: 0.25, allowShort: true, source: 'hl2', label: 'x' });
    const typed: number = p.fast;
    const flag: boolean = p.allowShort;
    expect([typed, flag]).toEqual([12, true]);
    expect(resolveParams(specs, { allowShort: false }).allowShort).toBe(false);
    expect(resolveParams(specs, { allowShort: 'false' }).allowShort).toBe(false);
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['an unknown name', { fats: 3 }, 'param fats', /unknown parameter fats .*expected one of the parameters fast, slow/],
    ['an inherited property name', { toString: 3 }, 'param toString', /unknown parameter toString/],
    ['a non-integer int', { fast: 2.5 }, 'param fast', /expected an integer in \[2, 50\]/],
    ['an int below min', { fast: 1 }, 'param fast', /expected a value in \[2, 50\]/],
    ['an int above max (string)', { slow: '201' }, 'param slow', /value seen "201", expected a value in \[5, 200\]/],
    ['a non-numeric string', { threshold: 'high' }, 'param threshold', /expected a number in \[0, 1\]/],
    ['an empty string', { threshold: '' }, 'param threshold', /expected a number/],
    ['NaN', { threshold: Number.NaN }, 'param threshold', /expected a number/],
    ['a bad boolean', { allowShort: 'yes' }, 'param allowShort', /expected true or false/],
    ['a bad enum', { source: 'open' }, 'param source', /expected one of close, hl2, ohlc4/],
    ['a non-string string param', { label: 5 }, 'param label', /expected a string/],
  ])('rejects %s', (_label, input, field, message) => {
    const e = rejected(input);
    expect(e.field).toBe(field);
    expect(e.message).toMatch(/^cli: /);
    expect(e.message).toMatch(message);
  });

  it('property: every in-range value is accepted as number or string, every out-of-range one rejected', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), fc.boolean(), (n, asString) => {
        const input = { slow: asString ? String(n) : n };
        if (n >= 5 && n <= 200) expect(resolveParams(specs, input).slow).toBe(n);
        else expect(() => resolveParams(specs, input)).toThrow(ValidationError);
      }),
    );
  });
});
