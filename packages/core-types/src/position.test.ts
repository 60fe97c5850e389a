import { describe, expect, it } from 'vitest';
import fc from '../test/fc.js';
import { add, mul, scaledArb, scaledToString, sub, type Scaled } from '../test/exactArithmetic.js';
import { Decimal, toDecimal } from './decimal.js';
import type { OrderSide } from './orders.js';
import { applyFillToPosition, flatPosition, unrealizedPnl, type Position } from './position.js';
import { Price } from './price.js';
import { Quantity } from './quantity.js';

const priceArb = scaledArb({ maxDigits: 9, maxScale: 4, min: 1n });
const qtyArb = scaledArb({ maxDigits: 8, maxScale: 5, min: 1n });
const fillArb = fc.record({ side: fc.constantFrom<OrderSide>('buy', 'sell'), qty: qtyArb, price: priceArb });

function apply(position: Position, side: OrderSide, qty: string | Scaled, price: string | Scaled) {
  const q = typeof qty === 'string' ? qty : scaledToString(qty);
  const p = typeof price === 'string' ? price : scaledToString(price);
  return applyFillToPosition(position, side, Quantity.of(q), Price.of(p));
}

describe('applyFillToPosition (average cost)', () => {
  it('opens, adds (re-weighting the entry), reduces (realizing) and closes a long', () => {
    let { position, realized } = apply(flatPosition('BTC/USDT'), 'buy', '1', '100');
    expect([position.quantity.toString(), position.averageEntryPrice.toString(), realized.toString()]).toEqual(['1', '100', '0']);
    ({ position, realized } = apply(position, 'buy', '3', '104'));
    expect([position.quantity.toString(), position.averageEntryPrice.toString(), realized.toString()]).toEqual(['4', '103', '0']);
    ({ position, realized } = apply(position, 'sell', '1', '110'));
    expect([position.quantity.toString(), position.averageEntryPrice.toString(), realized.toString()]).toEqual(['3', '103', '7']);
    ({ position, realized } = apply(position, 'sell', '3', '100'));
    expect([position.quantity.toString(), position.averageEntryPrice.toString(), realized.toString()]).toEqual(['0', '0', '-9']);
    expect(position.realizedPnl.toString()).toBe('-2');
  });

  it('handles shorts: selling opens, buying back realizes (entry - price) * qty', () => {
    const opened = apply(flatPosition('ETH/BTC'), 'sell', '2', '0.05').position;
    expect(opened.quantity.toString()).toBe('-2');
    const { position, realized } = apply(opened, 'buy', '0.5', '0.04');
    expect(realized.toString()).toBe('0.005');
    expect(position.quantity.toString()).toBe('-1.5');
    expect(position.averageEntryPrice.toString()).toBe('0.05');
  });

  it('flips through zero: closes at the fill price and opens the rest on the other side', () => {
    const long = apply(flatPosition('X/Y'), 'buy', '2', '10').position;
    const { position, realized } = apply(long, 'sell', '5', '12');
    expect(realized.toString()).toBe('4'); // (12 - 10) * 2
    expect(position.quantity.toString()).toBe('-3');
    expect(position.averageEntryPrice.toString()).toBe('12');
  });

  it('unrealized P&L is (mark - entry) * signed quantity', () => {
    const long = apply(flatPosition('X/Y'), 'buy', '2', '10').position;
    expect(unrealizedPnl(long, '10.5').toString()).toBe('1');
    expect(unrealizedPnl(long, Price.of(9)).toString()).toBe('-2');
    const short = apply(flatPosition('X/Y'), 'sell', '2', '10').position;
    expect(unrealizedPnl(short, 9).toString()).toBe('2');
    expect(unrealizedPnl(flatPosition('X/Y'), 123).toString()).toBe('0');
  });

  it('property: a round trip realizes exactly (exit - entry) * qty (long) or (entry - exit) * qty (short)', () => {
    fc.assert(
      fc.property(fc.constantFrom<OrderSide>('buy', 'sell'), qtyArb, priceArb, priceArb, (openSide, qty, entry, exit) => {
        const opened = apply(flatPosition('X/Y'), openSide, qty, entry).position;
        const closed = apply(opened, openSide === 'buy' ? 'sell' : 'buy', qty, exit);
        const perUnit = openSide === 'buy' ? sub(exit, entry) : sub(entry, exit);
        expect(closed.realized.toFixed()).toBe(scaledToString(mul(perUnit, qty)));
        expect(closed.position.realizedPnl.toFixed()).toBe(scaledToString(mul(perUnit, qty)));
        expect(closed.position.quantity.isZero()).toBe(true);
        expect(closed.position.averageEntryPrice.isZero()).toBe(true);
      }),
    );
  });

  it('property: scaling in at one price and out at several realizes the sum of (exit_i - entry) * q_i exactly', () => {
    fc.assert(
      fc.property(priceArb, fc.array(fc.record({ qty: qtyArb, exit: priceArb }), { minLength: 1, maxLength: 8 }), (entry, exits) => {
        let position = flatPosition('X/Y');
        for (const e of exits) position = apply(position, 'buy', e.qty, entry).position;
        for (const e of exits) position = apply(position, 'sell', e.qty, e.exit).position;
        const total = exits.reduce<Scaled>((sum, e) => add(sum, mul(sub(e.exit, entry), e.qty)), { mantissa: 0n, scale: 0 });
        expect(position.realizedPnl.toFixed()).toBe(scaledToString(total));
        expect(position.quantity.isZero()).toBe(true);
      }),
    );
  });

  it('property: position quantity equals the signed sum of the fills, after any sequence', () => {
    fc.assert(
      fc.property(fc.array(fillArb, { maxLength: 25 }), (fills) => {
        let position = flatPosition('X/Y');
        let signed = new Decimal(0);
        for (const f of fills) {
          position = apply(position, f.side, f.qty, f.price).position;
          const q = toDecimal(scaledToString(f.qty));
          signed = f.side === 'buy' ? signed.plus(q) : signed.minus(q);
          expect(position.quantity.eq(signed)).toBe(true);
          // flat positions carry no entry price; open ones an entry inside the range of fill prices
          if (position.quantity.isZero()) expect(position.averageEntryPrice.isZero()).toBe(true);
          else expect(position.averageEntryPrice.gt(0)).toBe(true);
        }
      }),
    );
  });

  it('property: realized + unrealized equals the cash-flow P&L (sum of -signed qty * price + quantity * mark)', () => {
    fc.assert(
      fc.property(fc.array(fillArb, { minLength: 1, maxLength: 20 }), priceArb, (fills, markScaled) => {
        let position = flatPosition('X/Y');
        let cashFlow = new Decimal(0);
        for (const f of fills) {
          position = apply(position, f.side, f.qty, f.price).position;
          const notional = toDecimal(scaledToString(f.qty)).times(scaledToString(f.price));
          cashFlow = f.side === 'buy' ? cashFlow.minus(notional) : cashFlow.plus(notional);
        }
        const mark = toDecimal(scaledToString(markScaled));
        const expected = cashFlow.plus(position.quantity.times(mark));
        const actual = position.realizedPnl.plus(unrealizedPnl(position, mark));
        // average-cost entries are quotients (rounded at 50 significant digits): equal to far below a satoshi
        expect(actual.minus(expected).abs().lte('1e-30')).toBe(true);
      }),
    );
  });
});
