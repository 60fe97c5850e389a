import { Decimal, Money, Price, Quantity, clientOrderId, createInstrument } from '@bot/core-types';
import type { Fill } from '@bot/core-types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Portfolio } from './portfolio.js';

const abc = createInstrument({ symbol: 'ABC/USD', tickSize: '0.01', lotSize: '0.001' });
const xyz = createInstrument({ symbol: 'XYZ/USD', tickSize: '0.5', lotSize: '1' });
const instruments = [abc, xyz];

let seq = 0;
function fill(symbol: string, side: 'buy' | 'sell', qty: Decimal, price: Decimal, fee: Decimal): Fill {
  return {
    fillId: `f${++seq}`,
    clientOrderId: clientOrderId('x-1'),
    symbol,
    side,
    quantity: Quantity.of(qty),
    price: Price.unsafe(price),
    fee: Money.of(fee, 'USD'),
    liquidity: 'taker',
    time: 0,
  };
}

const fillArb = fc.record({
  symbol: fc.constantFrom('ABC/USD', 'XYZ/USD'),
  side: fc.constantFrom('buy' as const, 'sell' as const),
  lots: fc.integer({ min: 1, max: 100_000 }),
  ticks: fc.integer({ min: 1, max: 200_000 }),
  feeRate: fc.constantFrom('0', '0.0002', '0.001', '0.0025'),
});

describe('Portfolio', () => {
  it('equity = cash + positions at mark, exactly, after any sequence of fills; fees never negative', () => {
    fc.assert(
      fc.property(
        fc.array(fillArb, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 200_000 }),
        fc.integer({ min: 1, max: 200_000 }),
        (specs, markA, markB) => {
          const p = new Portfolio({ currency: 'USD', initialCash: '100000', instruments, allowShort: true });
          // independent bookkeeping: plain sums, no average cost
          let cash = new Decimal('100000');
          const qty = new Map<string, Decimal>([
            ['ABC/USD', new Decimal(0)],
            ['XYZ/USD', new Decimal(0)],
          ]);
          let fees = new Decimal(0);
          for (const s of specs) {
            const inst = s.symbol === 'ABC/USD' ? abc : xyz;
            const q = inst.lotSize.times(s.lots);
            const px = inst.tickSize.times(s.ticks);
            const fee = q.times(px).times(s.feeRate);
            p.applyFill(fill(s.symbol, s.side, q, px, fee));
            const sign = s.side === 'buy' ? 1 : -1;
            cash = cash.minus(q.times(px).times(sign)).minus(fee);
            qty.set(s.symbol, qty.get(s.symbol)!.plus(q.times(sign)));
            fees = fees.plus(fee);
          }
          const mA = abc.tickSize.times(markA);
          const mB = xyz.tickSize.times(markB);
          p.mark(0, mA.toNumber(), 1);
          p.mark(1, mB.toNumber(), 1);
          const expected = cash.plus(qty.get('ABC/USD')!.times(mA)).plus(qty.get('XYZ/USD')!.times(mB));
          expect(p.exactEquity().eq(expected)).toBe(true);
          expect(p.cashOf().eq(cash)).toBe(true);
          expect(p.position('ABC/USD').quantity.eq(qty.get('ABC/USD')!)).toBe(true);
          expect(Math.abs(p.equity() - expected.toNumber())).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected.toNumber())));
          const paid = p.fees().get('USD')!;
          expect(paid.eq(fees)).toBe(true);
          expect(paid.isNegative() && !paid.isZero()).toBe(false);
          // realized + unrealized + cash flows reconcile: equity - initial = realized + unrealized - fees
          const pnl = instruments
            .map((i) => p.realizedPnl(i.symbol).plus(p.unrealizedPnl(i.symbol)))
            .reduce((a, b) => a.plus(b), new Decimal(0))
            .minus(fees);
          expect(expected.minus(100000).minus(pnl).abs().lte('1e-30')).toBe(true);
        },
      ),
      { numRuns: 300, seed: 20_241_121 },
    );
  });

  it('converts a foreign quote currency through a BASE/ACCOUNT instrument', () => {
    const eurusd = createInstrument({ symbol: 'EUR/USD', tickSize: '0.0001', lotSize: '1' });
    const sap = createInstrument({ symbol: 'SAP/EUR', tickSize: '0.01', lotSize: '1' });
    const p = new Portfolio({ currency: 'USD', initialCash: 1000, instruments: [eurusd, sap] });
    p.applyFill({ ...fill('SAP/EUR', 'buy', new Decimal(2), new Decimal(100), new Decimal(0)), fee: Money.of(1, 'EUR') });
    p.mark(0, 1.1, 1);
    p.mark(1, 110, 1);
    // cash 1000 USD, -201 EUR; position 2 * 110 EUR = 220 EUR; (220 - 201) * 1.1 = 20.9
    expect(p.exactEquity().toString()).toBe('1020.9');
    expect(p.equity()).toBeCloseTo(1020.9, 9);
    expect(() => new Portfolio({ currency: 'USD', initialCash: 0, instruments: [sap] })).toThrow(/SAP\/EUR|EUR\/USD/);
  });
});
