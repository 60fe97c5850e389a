import { Decimal, Money, Price, Quantity, clientOrderId } from '@bot/core-types';
import type { Fill } from '@bot/core-types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactFill, type FillTerms } from './exactFill.js';
import { fillAmounts, scaledToNumber } from './fillAmounts.js';
import { fx } from './fx.js';

const terms = (rate: string, feeInBase: boolean): FillTerms => ({
  idPrefix: 'sim-',
  symbol: 'ABC/USD',
  rateFx: fx(BigInt(rate.replace('.', '')), rate.includes('.') ? -(rate.length - rate.indexOf('.') - 1) : 0),
  feeInBase,
  feeCurrency: feeInBase ? 'ABC' : 'USD',
  liquidity: 'taker',
});

/** Mantissas past 2^53 and exponents past 10^22 take the string path of the conversion, the rest the fast path. */
const mantissa = fc.oneof(fc.bigInt({ min: 1n, max: 10n ** 6n }), fc.bigInt({ min: 1n, max: 10n ** 30n }));
const exponent = fc.integer({ min: -30, max: 5 });

describe('fillAmounts', () => {
  it('gives the numbers the decimal getters give, and the exact quantity, for the simulated venue fills', () => {
    fc.assert(
      fc.property(
        mantissa,
        exponent,
        mantissa,
        exponent,
        fc.constantFrom('0', '0.001', '0.00075', '2.5'),
        fc.boolean(),
        (qm, qe, pm, pe, rate, feeInBase) => {
          const f = new ExactFill(terms(rate, feeInBase), 1, clientOrderId('c-1'), 'buy', fx(qm, qe), fx(pm, pe), 0, undefined);
          const a = fillAmounts(f);
          expect(a.quantity).toBe(f.quantity.toNumber());
          expect(a.price).toBe(f.price.toNumber());
          expect(a.fee).toBe(f.fee.amount.toNumber());
          expect(new Decimal(`${a.quantityUnits}e${a.quantityExponent}`).eq(f.quantity.value)).toBe(true);
        },
      ),
    );
  });

  it('converts any other Fill from its decimals', () => {
    const f: Fill = {
      fillId: 'x-1',
      clientOrderId: clientOrderId('c-2'),
      symbol: 'ABC/USD',
      side: 'sell',
      quantity: Quantity.of('0.30000000000000000001'),
      price: Price.of('101.25'),
      fee: Money.of('-0.0125', 'USD'),
      liquidity: 'maker',
      time: 5,
    };
    const a = fillAmounts(f);
    expect(a).toEqual({ quantity: 0.3, price: 101.25, fee: -0.0125, quantityUnits: 30000000000000000001n, quantityExponent: -20 });
  });

  it('scaledToNumber rounds correctly on both conversion paths', () => {
    expect(scaledToNumber(3n, -1)).toBe(0.3);
    expect(scaledToNumber(-125n, 2)).toBe(-12_500);
    expect(scaledToNumber(0n, -7)).toBe(0);
    // 2^53 + 1 is not a double: rounds to even (2^53), as Number("9007199254740993") does
    expect(scaledToNumber(9_007_199_254_740_993n, 0)).toBe(9_007_199_254_740_992);
    expect(scaledToNumber(1n, -30)).toBe(1e-30);
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }), fc.integer({ min: -40, max: 30 }), (m, e) => {
        expect(scaledToNumber(m, e)).toBe(Number(`${m}e${e}`));
      }),
    );
  });
});
