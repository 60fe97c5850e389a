import { describe, expect, it } from 'vitest';
import fc from '../test/fc.js';
import { incrementArb, ROUNDING_MODES, scaledArb, scaledToString } from '../test/exactArithmetic.js';
import { toDecimal } from './decimal.js';
import { ValidationError } from './errors.js';
import { Quantity } from './quantity.js';

const qtyArb = scaledArb({ maxDigits: 14, maxScale: 8, min: 0n }).map((x) => Quantity.of(scaledToString(x)));

describe('Quantity.of', () => {
  it('accepts zero and positive values; negative zero becomes zero', () => {
    expect(Quantity.of('0.123').toString()).toBe('0.123');
    expect(Quantity.of(0).isZero()).toBe(true);
    const negZero = Quantity.of(-0);
    expect(negZero.isZero()).toBe(true);
    expect(negZero.value.isNegative()).toBe(false);
    expect(Quantity.ZERO.isZero()).toBe(true);
  });

  it.each([-1, '-0.00000001'])('rejects the negative quantity %s naming the field', (v) => {
    expect(() => Quantity.of(v)).toThrow(ValidationError);
    expect(() => Quantity.of(v)).toThrow(/invalid quantity \(value seen .*expected a quantity >= 0\)/);
  });

  it.each([Number.NaN, Number.NEGATIVE_INFINITY, 'one'])('rejects the non-number %s', (v) => {
    expect(() => Quantity.of(v)).toThrow(ValidationError);
  });
});

describe('Quantity arithmetic', () => {
  it('is exact', () => {
    expect(Quantity.of('0.1').plus(Quantity.of('0.2')).toString()).toBe('0.3');
    expect(Quantity.of('1').minus(Quantity.of('0.3')).toString()).toBe('0.7');
    expect(Quantity.of('0.5').times('3').toString()).toBe('1.5');
    expect(Quantity.of('2').min(Quantity.of('1.5')).toString()).toBe('1.5');
  });

  it('refuses to go negative', () => {
    expect(() => Quantity.of('1').minus(Quantity.of('1.0001'))).toThrow(ValidationError);
    expect(() => Quantity.of('1').times(-2)).toThrow(ValidationError);
    expect(Quantity.of('1').minus(Quantity.of('1')).isZero()).toBe(true);
  });

  it('is never negative after any sequence of operations (each op either succeeds with >= 0 or throws ValidationError)', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('plus' as const), q: qtyArb }),
      fc.record({ kind: fc.constant('minus' as const), q: qtyArb }),
      fc.record({ kind: fc.constant('min' as const), q: qtyArb }),
      fc.record({ kind: fc.constant('times' as const), f: scaledArb({ maxDigits: 6, maxScale: 3 }).map(scaledToString) }),
      fc.record({ kind: fc.constant('round' as const), lot: incrementArb(), mode: fc.constantFrom(...ROUNDING_MODES) }),
    );
    fc.assert(
      fc.property(qtyArb, fc.array(op, { maxLength: 20 }), (start, ops) => {
        let q = start;
        for (const o of ops) {
          let next: Quantity | undefined;
          try {
            switch (o.kind) {
              case 'plus':
                next = q.plus(o.q);
                break;
              case 'minus':
                next = q.minus(o.q);
                break;
              case 'min':
                next = q.min(o.q);
                break;
              case 'times':
                next = q.times(o.f);
                break;
              case 'round':
                next = q.roundToLot(scaledToString(o.lot), o.mode);
                break;
            }
          } catch (e) {
            expect(e).toBeInstanceOf(ValidationError);
            // only a subtraction past zero or a negative factor may fail
            if (o.kind === 'minus') expect(o.q.value.gt(q.value)).toBe(true);
            else if (o.kind === 'times') expect(toDecimal(o.f).isNegative()).toBe(true);
            else throw e;
            continue;
          }
          expect(next.value.isNegative() && !next.value.isZero()).toBe(false);
          expect(next.value.isNegative()).toBe(false); // not even -0
          q = next;
        }
      }),
    );
  });
});

describe('Quantity.roundToLot', () => {
  it('snaps with the given mode; a tiny quantity rounded down is zero, never negative', () => {
    expect(Quantity.of('0.123456').roundToLot('0.001', 'down').toString()).toBe('0.123');
    expect(Quantity.of('0.123456').roundToLot('0.001', 'up').toString()).toBe('0.124');
    expect(Quantity.of('0.0004').roundToLot('0.001', 'down').isZero()).toBe(true);
    expect(Quantity.of('0.0004').roundToLot('0.001', 'half-even').isZero()).toBe(true);
    expect(Quantity.of('0.0004').roundToLot('0.001', 'away-from-zero').toString()).toBe('0.001');
  });

  it('never makes a quantity negative and never moves it by a lot or more, in every mode', () => {
    fc.assert(
      fc.property(qtyArb, incrementArb(), fc.constantFrom(...ROUNDING_MODES), (q, lot, mode) => {
        const lotSize = toDecimal(scaledToString(lot));
        const r = q.roundToLot(lotSize, mode);
        expect(r.value.isNegative()).toBe(false);
        expect(r.value.minus(q.value).abs().lt(lotSize)).toBe(true);
        expect(r.value.mod(lotSize).isZero()).toBe(true);
        if (mode === 'down' || mode === 'toward-zero') expect(r.value.lte(q.value)).toBe(true);
        if (mode === 'up' || mode === 'away-from-zero') expect(r.value.gte(q.value)).toBe(true);
      }),
    );
  });
});

describe('Quantity comparisons', () => {
  it('compares, equals and serialises', () => {
    expect(Quantity.of(1).compare(Quantity.of(2))).toBe(-1);
    expect(Quantity.of('1.50').equals(Quantity.of(1.5))).toBe(true);
    expect(Quantity.of('1.5').toNumber()).toBe(1.5);
    expect(JSON.stringify([Quantity.of('0.001')])).toBe('["0.001"]');
  });
});
