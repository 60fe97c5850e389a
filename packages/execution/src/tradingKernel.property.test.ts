import { Decimal, ManualClock, createInstrument } from '@bot/core-types';
import type { Strategy } from '@bot/core-types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimulatedVenue } from './simulatedVenue.js';
import { TradingKernel } from './tradingKernel.js';
import { series } from '../test/helpers.js';

const inst = createInstrument({ symbol: 'ABC/USD', tickSize: '0.01', lotSize: '0.001', makerFee: '0.0002', takerFee: '0.001' });

const barArb = fc.record({ o: fc.integer({ min: 9_000, max: 11_000 }), up: fc.nat(200), down: fc.nat(200), c: fc.nat(1000) }).map(({ o, up, down, c }) => {
  const h = o + up;
  const l = o - down;
  return [o / 100, h / 100, l / 100, (l + Math.round(((h - l) * c) / 1000)) / 100];
});

const actionArb = fc.record({
  bar: fc.nat(29),
  kind: fc.constantFrom('market', 'limit', 'target', 'weight'),
  side: fc.constantFrom('buy' as const, 'sell' as const),
  milli: fc.integer({ min: 1, max: 50_000 }),
  px: fc.integer({ min: 9_000, max: 11_000 }),
  w: fc.integer({ min: -10, max: 10 }),
});

describe('TradingKernel invariants', () => {
  it('after any run, cash, positions and equity equal an independent replay of the fills (exact)', () => {
    let total = 0;
    fc.assert(
      fc.property(fc.array(barArb, { minLength: 5, maxLength: 30 }), fc.array(actionArb, { maxLength: 25 }), (rows, actions) => {
        const s: Strategy = {
          id: 's',
          onBar(_b, ctx) {
            const i = ctx.bars('ABC/USD').length - 1;
            for (const a of actions) {
              if (a.bar !== i) continue;
              const quantity = a.milli / 1000;
              if (a.kind === 'market') ctx.submitOrder({ symbol: 'ABC/USD', side: a.side, type: 'market', quantity, timeInForce: 'GTC' });
              else if (a.kind === 'limit') ctx.submitOrder({ symbol: 'ABC/USD', side: a.side, type: 'limit', quantity, limitPrice: a.px / 100 });
              else if (a.kind === 'target') ctx.setTargetPosition('ABC/USD', a.side === 'buy' ? quantity : -quantity);
              else ctx.setTargetWeight('ABC/USD', a.w / 10);
            }
          },
        };
        const clock = new ManualClock(0);
        const venue = new SimulatedVenue({ clock, instruments: [inst], insufficientFunds: 'allow' });
        const kernel = new TradingKernel({ clock, venue, instruments: [inst], account: { currency: 'USD', initialCash: '100000', allowShort: true }, strategies: [s] });
        kernel.runBarSeries([series(rows)]);
        let cash = new Decimal('100000');
        let qty = new Decimal(0);
        let fees = new Decimal(0);
        const filledBy = new Map<string, Decimal>();
        total += kernel.fills().length;
        for (const f of kernel.fills()) {
          const n = f.price.value.times(f.quantity.value);
          cash = f.side === 'buy' ? cash.minus(n) : cash.plus(n);
          cash = cash.minus(f.fee.amount);
          qty = f.side === 'buy' ? qty.plus(f.quantity.value) : qty.minus(f.quantity.value);
          fees = fees.plus(f.fee.amount);
          expect(f.fee.amount.isNegative()).toBe(false);
          filledBy.set(f.clientOrderId, (filledBy.get(f.clientOrderId) ?? new Decimal(0)).plus(f.quantity.value));
        }
        const p = kernel.portfolio;
        expect(p.cashOf().eq(cash)).toBe(true);
        expect(p.position('ABC/USD').quantity.eq(qty)).toBe(true);
        expect(p.fees().get('USD')!.eq(fees)).toBe(true);
        const mark = new Decimal(rows.at(-1)![3]!);
        expect(p.exactEquity().eq(cash.plus(qty.times(mark)))).toBe(true);
        const eq = kernel.equityCurve().equity;
        expect(Math.abs(eq[eq.length - 1]! - cash.plus(qty.times(mark)).toNumber())).toBeLessThanOrEqual(1e-6);
        for (const o of kernel.orders()) {
          const f = filledBy.get(o.clientOrderId) ?? new Decimal(0);
          expect(f.lte(o.request.quantity.value)).toBe(true);
          expect(o.filledQuantity.value.eq(f)).toBe(true);
        }
      }),
      { numRuns: 150, seed: 99 },
    );
    expect(total).toBeGreaterThan(150);
  });
});
