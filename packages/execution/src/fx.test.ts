import { Decimal } from '@bot/core-types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fxAdd, fxCmp, fxFloorTo, fxFromDecimal, fxFromNumber, fxFromString, fxMul, fxSub, fxToDecimal, fxToNumber, fxToString } from './fx.js';

const decimalString = fc
  // spans stay within decimal.js' 50 significant digits so the reference itself is exact
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: -15, max: 5 }))
  .map(([neg, m, e]) => `${neg ? '-' : ''}${m}e${e}`);

describe('Fx exact decimals agree with decimal.js', () => {
  it('add, sub, mul, compare are exact', () => {
    fc.assert(
      fc.property(decimalString, decimalString, (a, b) => {
        const x = fxFromString(a);
        const y = fxFromString(b);
        const da = new Decimal(a);
        const db = new Decimal(b);
        expect(fxToDecimal(fxAdd(x, y)).eq(da.plus(db))).toBe(true);
        expect(fxToDecimal(fxSub(x, y)).eq(da.minus(db))).toBe(true);
        expect(fxToDecimal(fxMul(x, y)).eq(da.times(db))).toBe(true);
        expect(fxCmp(x, y)).toBe(da.comparedTo(db));
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it('numbers convert to the decimal of their shortest representation, and back to the nearest double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), (x) => {
        const v = fxFromNumber(x);
        expect(fxToDecimal(v).eq(new Decimal(x))).toBe(true);
        expect(fxToNumber(v)).toBe(x === 0 ? 0 : x);
      }),
      { numRuns: 500, seed: 8 },
    );
    expect(fxToDecimal(fxFromNumber(0.1)).toString()).toBe('0.1');
    expect(fxToDecimal(fxFromNumber(1e-7)).eq(new Decimal('0.0000001'))).toBe(true);
    expect(fxFromDecimal(new Decimal('123.4500')).e).toBeLessThanOrEqual(0);
  });

  it('prices on a decimal grid (the fast path) convert to exactly what String(x) prints', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 50), max: 2 ** 50 }), fc.integer({ min: 0, max: 10 }), (n, k) => {
        const x = n / 10 ** k;
        expect(fxToDecimal(fxFromNumber(x)).eq(new Decimal(String(x)))).toBe(true);
      }),
      { numRuns: 2000, seed: 9 },
    );
    for (const [x, want] of [[0.07, '0.07'], [123.45, '123.45'], [1e-8, '1e-8'], [99999.99999999, '99999.99999999'], [0.1 + 0.2, '0.30000000000000004']] as const) {
      expect(fxToDecimal(fxFromNumber(x)).eq(new Decimal(want))).toBe(true);
    }
  });

  it('floors to a step', () => {
    expect(fxToDecimal(fxFloorTo(fxFromString('1.23456'), fxFromString('0.001'))).toString()).toBe('1.234');
    expect(fxToDecimal(fxFloorTo(fxFromString('-1.2341'), fxFromString('0.001'))).toString()).toBe('-1.235');
  });
});

describe('fxToString', () => {
  it('prints what decimal.js prints for the same value (plain and exponential ranges, trailing zeros, sign)', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.integer({ min: -60, max: 45 }),
        (neg, m, e) => {
          const a = { m: neg ? -m : m, e };
          // the reference: decimal.js' own printing of `m * 10^e`
          expect(fxToString(a)).toBe(new Decimal(`${neg ? '-' : ''}${m}e${e}`).toString());
        },
      ),
      { numRuns: 2000 },
    );
    expect(fxToString({ m: 123400n, e: -2 })).toBe('1234');
    expect(fxToString({ m: -5n, e: -3 })).toBe('-0.005');
    expect(fxToString({ m: 120n, e: 2 })).toBe('12000');
  });
});

describe('fxCmp', () => {
  it('agrees with decimal.js for wide exponents and for values that differ in the last of many digits', () => {
    const big = fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 40n }), fc.integer({ min: -320, max: 320 }));
    fc.assert(
      fc.property(big, big, fc.integer({ min: 1, max: 30 }), fc.integer({ min: -2, max: 2 }), ([na, ma, ea], [nb, mb, eb], shift, delta) => {
        const a = { m: na ? -ma : ma, e: ea };
        const b = { m: nb ? -mb : mb, e: eb };
        const cmpRef = (x: { m: bigint; e: number }, y: { m: bigint; e: number }) =>
          new Decimal(`${x.m}e${x.e}`).comparedTo(new Decimal(`${y.m}e${y.e}`));
        expect(fxCmp(a, b)).toBe(cmpRef(a, b));
        // the same value written with `shift` more digits, nudged by `delta` units in its last place
        const c = { m: a.m * 10n ** BigInt(shift) + BigInt(delta), e: a.e - shift };
        expect(fxCmp(a, c)).toBe(cmpRef(a, c));
        expect(fxCmp(c, a)).toBe(cmpRef(c, a));
      }),
      { numRuns: 2000, seed: 11 },
    );
  });
});
