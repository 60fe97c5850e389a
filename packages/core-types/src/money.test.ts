import { describe, expect, it } from 'vitest';
import fc from '../test/fc.js';
import { add, scaledArb, scaledToString } from '../test/exactArithmetic.js';
import { BotError, ValidationError } from './errors.js';
import { Money } from './money.js';
import { Price } from './price.js';
import { Quantity } from './quantity.js';

const amountArb = scaledArb({ maxDigits: 15, maxScale: 8 });

describe('Money', () => {
  it('creates exact amounts of a currency', () => {
    const cash = Money.of('10000', 'USD').minus(Money.of('12.5', 'USD'));
    expect(cash.toString()).toBe('9987.5 USD');
    expect(cash.toJSON()).toEqual({ amount: '9987.5', currency: 'USD' });
    expect(Money.zero('BTC').isZero()).toBe(true);
    expect(Money.of(-1, 'USDT').isNegative()).toBe(true);
    expect(Money.of(-0, 'USDT').isNegative()).toBe(false);
    expect(Money.of('3.5', 'EUR').negated().toString()).toBe('-3.5 EUR');
    expect(Money.of('2.5', 'EUR').times('0.1').toString()).toBe('0.25 EUR');
    expect(Money.of('1.005', 'USD').round('0.01', 'half-even').toString()).toBe('1 USD');
    expect(Money.of('1.015', 'USD').round('0.01', 'half-even').toString()).toBe('1.02 USD');
    expect(Money.of('1.005', 'USD').round('0.01', 'half-up').toString()).toBe('1.01 USD');
  });

  it('computes notional exactly: price * quantity', () => {
    expect(Money.notional(Price.of('101.01'), Quantity.of('3.3'), 'USD').toString()).toBe('333.333 USD');
    expect(Money.notional(Price.of('0.1'), Quantity.of('0.2'), 'USD').amount.toString()).toBe('0.02');
  });

  it.each(['usd', '', 'US D', 'TOOLONGCURRENCYCODE'])('rejects the currency code %j', (c) => {
    expect(() => Money.of(1, c)).toThrow(ValidationError);
  });

  it('rejects non-finite amounts naming the field', () => {
    expect(() => Money.of(Number.NaN, 'USD')).toThrow(/invalid amount/);
  });

  it('refuses to mix currencies (add, subtract, compare) with INVALID_ARGUMENT', () => {
    const usd = Money.of(1, 'USD');
    const eur = Money.of(1, 'EUR');
    for (const f of [() => usd.plus(eur), () => usd.minus(eur), () => usd.compare(eur)]) {
      expect(f).toThrow(BotError);
      expect(f).toThrow(/currency mismatch: USD vs EUR/);
    }
    expect(usd.equals(eur)).toBe(false);
    expect(usd.equals(Money.of('1.00', 'USD'))).toBe(true);
  });

  it('same-currency sums are exact, associative and commutative', () => {
    fc.assert(
      fc.property(amountArb, amountArb, amountArb, (a, b, c) => {
        const [x, y, z] = [a, b, c].map((v) => Money.of(scaledToString(v), 'USD')) as [Money, Money, Money];
        expect(x.plus(y).plus(z).equals(x.plus(y.plus(z)))).toBe(true);
        expect(x.plus(y).equals(y.plus(x))).toBe(true);
        expect(x.plus(y).plus(z).amount.toFixed()).toBe(scaledToString(add(add(a, b), c)));
      }),
    );
  });

  it('a ledger of random cash flows sums to the same total in any order', () => {
    fc.assert(
      fc.property(fc.array(amountArb, { minLength: 1, maxLength: 30 }), fc.integer(), (flows, seed) => {
        const money = flows.map((f) => Money.of(scaledToString(f), 'USDT'));
        const forward = money.reduce((s, m) => s.plus(m), Money.zero('USDT'));
        // a deterministic shuffle
        const shuffled = [...money].sort((p, q) => ((p.amount.toNumber() * 7919 + seed) % 13) - ((q.amount.toNumber() * 7919 + seed) % 13));
        const backward = shuffled.reduceRight((s, m) => s.plus(m), Money.zero('USDT'));
        expect(forward.equals(backward)).toBe(true);
        expect(forward.amount.toFixed()).toBe(scaledToString(flows.reduce((s, f) => add(s, f), { mantissa: 0n, scale: 0 })));
      }),
    );
  });
});
