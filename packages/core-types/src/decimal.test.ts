import DecimalJs from 'decimal.js';
import fc from '../test/fc.js';
import { describe, expect, it } from 'vitest';
import { add, mul, ROUNDING_MODES, roundScaled, scaledArb, scaledToString, sub, incrementArb } from '../test/exactArithmetic.js';
import { Decimal, isMultipleOf, roundToIncrement, toDecimal } from './decimal.js';
import { BotError } from './errors.js';

const dec = (x: { mantissa: bigint; scale: number }) => toDecimal(scaledToString(x));

describe('Decimal', () => {
  it('is configured for 50 significant digits and banker\'s rounding', () => {
    expect(Decimal.precision).toBe(50);
    expect(Decimal.rounding).toBe(DecimalJs.ROUND_HALF_EVEN);
    // 1/3 is cut at 50 significant digits
    expect(new Decimal(1).div(3).toString()).toBe(`0.${'3'.repeat(50)}`);
  });

  it('keeps the classic float failures exact', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(toDecimal('0.1').plus('0.2').eq('0.3')).toBe(true);
    expect(toDecimal('1.005').times(1000).toString()).toBe('1005');
    expect(toDecimal('19.99').times(3).toString()).toBe('59.97');
  });
});

describe('toDecimal', () => {
  it('accepts numbers, decimal strings and decimals', () => {
    expect(toDecimal(0.1).toString()).toBe('0.1');
    expect(toDecimal(-12.5).toString()).toBe('-12.5');
    expect(toDecimal('1e-8').toString()).toBe('0.00000001'); // plain notation down to 1e-30 (toExpNeg)
    expect(toDecimal('.5').toString()).toBe('0.5');
    expect(toDecimal('+3').toString()).toBe('3');
    expect(toDecimal('123456789012345678901234567890.123456789').toFixed()).toBe('123456789012345678901234567890.123456789');
    const d = new Decimal('2.5');
    expect(toDecimal(d)).toBe(d);
    // an instance of the global decimal.js constructor is converted into our clone
    const foreign = new DecimalJs('7.25');
    const converted = toDecimal(foreign);
    expect(converted).toBeInstanceOf(Decimal);
    expect(converted.toString()).toBe('7.25');
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['a word', 'abc'],
    ['an empty string', ''],
    ['a string NaN', 'NaN'],
    ['a string Infinity', 'Infinity'],
    ['hexadecimal', '0x1f'],
    ['binary', '0b101'],
    ['octal', '0o17'],
    ['digit separators', '1_000'],
    ['leading space', ' 1'],
    ['trailing space', '1 '],
    ['two points', '1.2.3'],
    ['a Decimal NaN', new Decimal(Number.NaN)],
    ['a Decimal Infinity', new Decimal(Number.POSITIVE_INFINITY)],
  ])('rejects %s with INVALID_ARGUMENT', (_label, value) => {
    expect(() => toDecimal(value)).toThrow(BotError);
    try {
      toDecimal(value);
    } catch (e) {
      expect((e as BotError).code).toBe('INVALID_ARGUMENT');
      expect((e as BotError).retryable).toBe(false);
    }
  });

  it('round-trips every plain decimal string exactly', () => {
    fc.assert(
      fc.property(scaledArb({ maxDigits: 40, maxScale: 30 }), (x) => {
        expect(toDecimal(scaledToString(x)).toFixed()).toBe(scaledToString(x));
      }),
    );
  });
});

describe('decimal arithmetic (properties against BigInt arithmetic)', () => {
  const a15 = scaledArb({ maxDigits: 15, maxScale: 12 });

  it('addition is exact', () => {
    fc.assert(fc.property(a15, a15, (a, b) => {
      expect(dec(a).plus(dec(b)).toFixed()).toBe(scaledToString(add(a, b)));
    }));
  });

  it('subtraction is exact', () => {
    fc.assert(fc.property(a15, a15, (a, b) => {
      expect(dec(a).minus(dec(b)).toFixed()).toBe(scaledToString(sub(a, b)));
    }));
  });

  it('multiplication is exact (up to 50 significant digits)', () => {
    const a25 = scaledArb({ maxDigits: 25, maxScale: 15 });
    fc.assert(fc.property(a25, a25, (a, b) => {
      expect(dec(a).times(dec(b)).toFixed()).toBe(scaledToString(mul(a, b)));
    }));
  });

  it('addition is associative and commutative', () => {
    fc.assert(
      fc.property(a15, a15, a15, (a, b, c) => {
        const [x, y, z] = [dec(a), dec(b), dec(c)];
        expect(x.plus(y).plus(z).eq(x.plus(y.plus(z)))).toBe(true);
        expect(x.plus(y).eq(y.plus(x))).toBe(true);
        expect(x.plus(y).plus(z).toFixed()).toBe(scaledToString(add(add(a, b), c)));
      }),
    );
  });

  it('multiplication is associative and distributes over addition (products within 50 digits)', () => {
    const a12 = scaledArb({ maxDigits: 12, maxScale: 8 });
    fc.assert(
      fc.property(a12, a12, a12, (a, b, c) => {
        const [x, y, z] = [dec(a), dec(b), dec(c)];
        expect(x.times(y).times(z).eq(x.times(y.times(z)))).toBe(true);
        expect(x.times(y.plus(z)).eq(x.times(y).plus(x.times(z)))).toBe(true);
        expect(x.times(y).times(z).toFixed()).toBe(scaledToString(mul(mul(a, b), c)));
      }),
    );
  });

  it('subtraction undoes addition', () => {
    fc.assert(fc.property(a15, a15, (a, b) => {
      expect(dec(a).plus(dec(b)).minus(dec(b)).eq(dec(a))).toBe(true);
    }));
  });

  it('a sum of many cent amounts is exact where doubles drift', () => {
    const cents = Array.from({ length: 1000 }, () => '0.01');
    const exact = cents.reduce((s, c) => s.plus(c), toDecimal(0));
    const float = cents.reduce((s, c) => s + Number(c), 0);
    expect(exact.toString()).toBe('10');
    expect(float).not.toBe(10);
  });
});

describe('roundToIncrement', () => {
  it('rounds with each explicit mode (worked examples)', () => {
    const r = (v: string, inc: string, mode: Parameters<typeof roundToIncrement>[2]) => roundToIncrement(v, inc, mode).toString();
    expect(r('1.2345', '0.01', 'down')).toBe('1.23');
    expect(r('1.2345', '0.01', 'up')).toBe('1.24');
    expect(r('-1.2345', '0.01', 'down')).toBe('-1.24');
    expect(r('-1.2345', '0.01', 'up')).toBe('-1.23');
    expect(r('-1.2345', '0.01', 'toward-zero')).toBe('-1.23');
    expect(r('-1.2345', '0.01', 'away-from-zero')).toBe('-1.24');
    expect(r('1.225', '0.01', 'half-even')).toBe('1.22');
    expect(r('1.235', '0.01', 'half-even')).toBe('1.24');
    expect(r('1.225', '0.01', 'half-up')).toBe('1.23');
    expect(r('-1.225', '0.01', 'half-up')).toBe('-1.23');
    expect(r('101.37', '0.25', 'down')).toBe('101.25');
    expect(r('101.37', '0.25', 'half-even')).toBe('101.25');
    expect(r('101.38', '0.25', 'half-even')).toBe('101.5');
    expect(r('7', '5', 'half-up')).toBe('5');
    expect(r('0.000123456', '0.00001', 'down')).toBe('0.00012');
  });

  it('matches integer-arithmetic rounding for every mode', () => {
    fc.assert(
      fc.property(scaledArb({ maxDigits: 15, maxScale: 10 }), incrementArb(), fc.constantFrom(...ROUNDING_MODES), (v, inc, mode) => {
        expect(roundToIncrement(dec(v), dec(inc), mode).toFixed()).toBe(scaledToString(roundScaled(v, inc, mode)));
      }),
    );
  });

  it('always returns a multiple of the increment less than one increment away', () => {
    fc.assert(
      fc.property(scaledArb({ maxDigits: 15, maxScale: 10 }), incrementArb(), fc.constantFrom(...ROUNDING_MODES), (v, inc, mode) => {
        const value = dec(v);
        const increment = dec(inc);
        const rounded = roundToIncrement(value, increment, mode);
        expect(isMultipleOf(rounded, increment)).toBe(true);
        expect(rounded.minus(value).abs().lt(increment)).toBe(true);
        if (mode === 'half-even' || mode === 'half-up') expect(rounded.minus(value).abs().lte(increment.div(2))).toBe(true);
        if (mode === 'down') expect(rounded.lte(value)).toBe(true);
        if (mode === 'up') expect(rounded.gte(value)).toBe(true);
        if (mode === 'toward-zero') expect(rounded.abs().lte(value.abs())).toBe(true);
        if (mode === 'away-from-zero') expect(rounded.abs().gte(value.abs())).toBe(true);
        // idempotent
        expect(roundToIncrement(rounded, increment, mode).eq(rounded)).toBe(true);
      }),
    );
  });

  it.each(['0', '-0.01', 'abc'])('rejects the increment %s', (inc) => {
    expect(() => roundToIncrement('1', inc, 'down')).toThrow(BotError);
  });
});

describe('isMultipleOf', () => {
  it('detects exact multiples', () => {
    expect(isMultipleOf('1.23', '0.01')).toBe(true);
    expect(isMultipleOf('1.235', '0.01')).toBe(false);
    expect(isMultipleOf('101.75', '0.25')).toBe(true);
    expect(isMultipleOf('-0.5', '0.25')).toBe(true);
    expect(isMultipleOf('0', '0.001')).toBe(true);
  });
});
