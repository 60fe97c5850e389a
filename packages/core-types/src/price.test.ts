import { describe, expect, it } from 'vitest';
import fc from '../test/fc.js';
import { incrementArb, ROUNDING_MODES, roundScaled, scaledArb, scaledToString } from '../test/exactArithmetic.js';
import { toDecimal } from './decimal.js';
import { ValidationError } from './errors.js';
import { Price } from './price.js';

describe('Price.of', () => {
  it('accepts positive finite values as numbers, strings and decimals', () => {
    expect(Price.of(101.25).toString()).toBe('101.25');
    expect(Price.of('0.00000001').toString()).toBe('0.00000001');
    expect(Price.of(toDecimal('42')).toNumber()).toBe(42);
  });

  it.each([0, -1, '-0.01', '0'])('rejects the non-positive price %s', (v) => {
    expect(() => Price.of(v)).toThrow(ValidationError);
    try {
      Price.of(v);
    } catch (e) {
      expect((e as ValidationError).field).toBe('price');
      expect((e as ValidationError).expected).toBe('a price > 0');
      expect((e as ValidationError).code).toBe('VALIDATION');
    }
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, 'abc', '0x10'])('rejects the non-number %s naming the field', (v) => {
    expect(() => Price.of(v)).toThrow(/value seen .*expected a finite decimal number/);
  });

  it('allows zero and negative prices only when asked (spreads)', () => {
    expect(Price.of(-2.5, { allowNonPositive: true }).toString()).toBe('-2.5');
    expect(Price.of(0, { allowNonPositive: true }).toString()).toBe('0');
  });
});

describe('Price arithmetic', () => {
  it('is exact', () => {
    expect(Price.of('0.1').plus('0.2').toString()).toBe('0.3');
    expect(Price.of('100.10').minus(Price.of('0.15')).toString()).toBe('99.95');
    expect(Price.of('19.99').times(3).toString()).toBe('59.97');
    expect(Price.of('10').dividedBy(4).toString()).toBe('2.5');
  });

  it('compares and serialises', () => {
    expect(Price.of(1).compare(Price.of(2))).toBe(-1);
    expect(Price.of(2).compare(Price.of('2.0'))).toBe(0);
    expect(Price.of(3).compare(Price.of(2))).toBe(1);
    expect(Price.of('2.50').equals(Price.of(2.5))).toBe(true);
    expect(JSON.stringify({ p: Price.of('1.5') })).toBe('{"p":"1.5"}');
  });
});

describe('Price.roundToTick', () => {
  it('snaps with the given mode', () => {
    expect(Price.of('101.2345').roundToTick('0.01', 'half-even').toString()).toBe('101.23');
    expect(Price.of('101.2345').roundToTick('0.01', 'up').toString()).toBe('101.24');
    expect(Price.of('101.37').roundToTick('0.25', 'down').toString()).toBe('101.25');
  });

  it('never moves a price by a tick or more, in every rounding mode, and lands on the tick grid', () => {
    fc.assert(
      fc.property(
        scaledArb({ maxDigits: 14, maxScale: 10, min: 1n }),
        incrementArb(),
        fc.constantFrom(...ROUNDING_MODES),
        (p, tick, mode) => {
          const price = Price.of(scaledToString(p));
          const tickSize = toDecimal(scaledToString(tick));
          const rounded = price.roundToTick(tickSize, mode);
          expect(rounded.value.minus(price.value).abs().lt(tickSize)).toBe(true);
          expect(rounded.value.mod(tickSize).isZero()).toBe(true);
          expect(rounded.value.toFixed()).toBe(scaledToString(roundScaled(p, tick, mode)));
        },
      ),
    );
  });
});
