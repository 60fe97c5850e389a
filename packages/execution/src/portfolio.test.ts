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
          // realized + unrealized + cash flows reconcile exactly (both from the exact cost basis):
          // equity - initial = realized + unrealized - fees
          const pnl = instruments
            .map((i) => p.realizedPnl(i.symbol).plus(p.unrealizedPnl(i.symbol)))
            .reduce((a, b) => a.plus(b), new Decimal(0))
            .minus(fees);
          expect(expected.minus(100000).toString()).toBe(pnl.toString());
        },
      ),
      { numRuns: 300, seed: 20_241_121 },
    );
  });

  it('realized P&L of a round trip is exact when the average entry price is a repeating decimal', () => {
    const p = new Portfolio({ currency: 'USD', initialCash: 10_000, instruments });
    const d = (x: string) => new Decimal(x);
    // buys 1 @ 100, 1 @ 100.01, 1 @ 100.01: cost 300.02, average 100.00666... (not a finite decimal)
    p.applyFill(fill('ABC/USD', 'buy', d('1'), d('100'), d('0.1')));
    p.applyFill(fill('ABC/USD', 'buy', d('1'), d('100.01'), d('0.1')));
    p.applyFill(fill('ABC/USD', 'buy', d('1'), d('100.01'), d('0.1')));
    // sells 3 @ 101: 303 - 300.02 = 2.98 (before the fix: 2.97999...9 from the average rounded to 50 digits)
    expect(p.applyFill(fill('ABC/USD', 'sell', d('3'), d('101'), d('0.3'))).toString()).toBe('2.98');
    expect(p.realizedPnl('ABC/USD').toString()).toBe('2.98');
    // same buys, closed in two steps (1 then 2 @ 101): the parts add up to exactly 2.98 again
    p.applyFill(fill('ABC/USD', 'buy', d('1'), d('100'), d('0')));
    p.applyFill(fill('ABC/USD', 'buy', d('1'), d('100.01'), d('0')));
    p.applyFill(fill('ABC/USD', 'buy', d('1'), d('100.01'), d('0')));
    p.applyFill(fill('ABC/USD', 'sell', d('1'), d('101'), d('0')));
    p.applyFill(fill('ABC/USD', 'sell', d('2'), d('101'), d('0')));
    expect(p.realizedPnl('ABC/USD').toString()).toBe('5.96');
    expect(p.position('ABC/USD').quantity.isZero()).toBe(true);
  });

  it('after opening fills and closing fills that end flat, realized P&L = sell proceeds - buy costs exactly (fees excluded)', () => {
    const lotsArb = fc.array(fc.record({ lots: fc.integer({ min: 1, max: 5_000 }), ticks: fc.integer({ min: 1, max: 200_000 }) }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(
        fc.constantFrom('long' as const, 'short' as const),
        lotsArb,
        fc.array(fc.record({ share: fc.integer({ min: 1, max: 10 }), ticks: fc.integer({ min: 1, max: 200_000 }) }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom('0', '0.0002', '0.001'),
        (direction, opens, closes, feeRate) => {
          const p = new Portfolio({ currency: 'USD', initialCash: '100000', instruments, allowShort: true });
          const open = direction === 'long' ? 'buy' : 'sell';
          const close = direction === 'long' ? 'sell' : 'buy';
          let proceeds = new Decimal(0); // sells
          let costs = new Decimal(0); // buys
          const book = (side: 'buy' | 'sell', q: Decimal, px: Decimal) => {
            p.applyFill(fill('ABC/USD', side, q, px, q.times(px).times(feeRate)));
            if (side === 'sell') proceeds = proceeds.plus(q.times(px));
            else costs = costs.plus(q.times(px));
          };
          let held = 0;
          for (const o of opens) {
            book(open, abc.lotSize.times(o.lots), abc.tickSize.times(o.ticks));
            held += o.lots;
          }
          // split the position (in lots) into closing fills by the given shares; the last one takes the rest
          const total = closes.reduce((a, c) => a + c.share, 0);
          let left = held;
          closes.forEach((c, i) => {
            const lots = i === closes.length - 1 ? left : Math.min(left, Math.floor((held * c.share) / total));
            if (lots === 0) return;
            book(close, abc.lotSize.times(lots), abc.tickSize.times(c.ticks));
            left -= lots;
          });
          expect(p.position('ABC/USD').quantity.isZero()).toBe(true);
          expect(p.realizedPnl('ABC/USD').toString()).toBe(proceeds.minus(costs).toString());
        },
      ),
      { numRuns: 300, seed: 20_250_301 },
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
