import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal, type Fill, Money, Price, Quantity, clientOrderId } from '@bot/core-types';
import { closedTradesFromFills } from './closedTrades.js';

let seq = 0;
function fill(side: 'buy' | 'sell', qty: string, price: string, fee: string, time: number): Fill {
  seq++;
  return {
    fillId: `f${seq}`,
    clientOrderId: clientOrderId(`o${seq}`),
    symbol: 'X/USD',
    side,
    quantity: Quantity.of(qty),
    price: Price.of(price),
    fee: Money.of(fee, 'USD'),
    liquidity: 'taker',
    time,
  };
}

describe('closedTradesFromFills', () => {
  it('scales in, scales out, flips and closes with hand-computed pnl', () => {
    const { closed, open } = closedTradesFromFills([
      fill('buy', '10', '100', '1', 1),
      fill('buy', '10', '110', '1.1', 2),
      fill('sell', '5', '120', '0.6', 3),
      fill('sell', '25', '90', '2.25', 4), // closes 15, opens a 10 short
      fill('buy', '10', '80', '0.8', 5),
    ]);
    expect(open).toEqual([]);
    expect(closed).toHaveLength(2);
    const [long, short] = closed;
    expect(long).toMatchObject({ direction: 'long', entryTime: 1, exitTime: 4, entryPrice: 105, exitPrice: 97.5, quantity: 20 });
    expect(long!.grossPnl).toBeCloseTo(75 - 225, 12);
    expect(long!.fees).toBeCloseTo(1 + 1.1 + 0.6 + 1.35, 12);
    expect(long!.pnl).toBeCloseTo(-150 - 4.05, 12);
    expect(long!.returnOnNotional).toBeCloseTo(-154.05 / 2100, 12);
    expect(short).toMatchObject({ direction: 'short', entryTime: 4, exitTime: 5, entryPrice: 90, exitPrice: 80, quantity: 10 });
    expect(short!.grossPnl).toBeCloseTo(100, 12);
    expect(short!.fees).toBeCloseTo(0.9 + 0.8, 12);
    expect(short!.pnl).toBeCloseTo(98.3, 12);
  });

  it('reports a position still open at the end', () => {
    const { closed, open } = closedTradesFromFills([fill('buy', '2', '10', '0.02', 7), fill('buy', '2', '20', '0.04', 8)]);
    expect(closed).toEqual([]);
    expect(open).toEqual([{ symbol: 'X/USD', direction: 'long', entryTime: 7, entryPrice: 15, quantity: 4, fees: expect.closeTo(0.06, 12) }]);
  });

  it('property: when flat at the end, the trades\' net pnl adds up to the exact cash change of the fills', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 100, max: 20000 }), fc.integer({ min: 0, max: 50 })), { minLength: 1, maxLength: 30 }),
        (steps) => {
          const fills: Fill[] = [];
          let pos = new Decimal(0);
          let cash = new Decimal(0);
          let t = 0;
          const add = (side: 'buy' | 'sell', qty: Decimal, price: Decimal, fee: Decimal) => {
            fills.push(fill(side, qty.toString(), price.toString(), fee.toString(), t++));
            pos = side === 'buy' ? pos.plus(qty) : pos.minus(qty);
            cash = side === 'buy' ? cash.minus(qty.times(price)).minus(fee) : cash.plus(qty.times(price)).minus(fee);
          };
          for (const [buy, q, p, f] of steps) add(buy ? 'buy' : 'sell', new Decimal(q).div(100), new Decimal(p).div(100), new Decimal(f).div(1000));
          if (!pos.isZero()) add(pos.isNegative() ? 'buy' : 'sell', pos.abs(), new Decimal(77), new Decimal('0.01'));
          const { closed, open } = closedTradesFromFills(fills);
          const sum = closed.reduce((a, tr) => a + tr.pnl, 0);
          const fees = closed.reduce((a, tr) => a + tr.fees, 0);
          const exactFees = fills.reduce((a, f) => a.plus(f.fee.amount), new Decimal(0));
          return open.length === 0 && Math.abs(sum - cash.toNumber()) <= 1e-9 * (1 + Math.abs(cash.toNumber())) && Math.abs(fees - exactFees.toNumber()) <= 1e-9 * (1 + exactFees.toNumber());
        },
      ),
      { numRuns: 300 },
    );
  });
});
