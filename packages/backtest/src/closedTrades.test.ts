import { describe, expect, it } from 'vitest';
import { type Fill, Money, Price, Quantity, clientOrderId } from '@bot/core-types';
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
});
