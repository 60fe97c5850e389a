import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal, createInstrument } from '@bot/core-types';
import { ExactAllInSizer } from './exactAllInSizer.js';

const inst = (lot: string, fee = '0.001') => createInstrument({ symbol: 'A/USD', tickSize: '0.01', lotSize: lot, takerFee: fee });
const req = (instrument: ReturnType<typeof inst>, cash: number, price: number, currentQuantity = 0, weight = 1) => ({ instrument, weight, price, cash, equity: cash, currentQuantity, time: 0 });

describe('ExactAllInSizer', () => {
  it('buys cash / (price * (1 + fee)) floored to the lot', () => {
    const s = new ExactAllInSizer();
    expect(s.targetQuantity(req(inst('0.00000001'), 10_000, 100))).toBe(99.9000999);
    expect(s.targetQuantity(req(inst('1'), 10_000, 100))).toBe(99);
    expect(s.targetQuantity(req(inst('0.25'), 1000, 10, 0))).toBe(99.75); // 99.90... -> 99.75 (lot not a power of ten)
  });

  it('keeps an existing long, flattens on weight 0', () => {
    const s = new ExactAllInSizer();
    expect(s.targetQuantity(req(inst('0.01'), 5, 100, 3))).toBe(3);
    expect(s.targetQuantity(req(inst('0.01'), 5, 100, 3, 0))).toBe(0);
  });

  it('the case where a relative float epsilon rounds up: 8816.72288768917372933 / (97.598524 * 1.001)', () => {
    const s = new ExactAllInSizer();
    // raw = 90.24639524995744 -> floor to 1e-8 is 90.24639524 (a relative 1e-12 nudge would give ...25)
    expect(s.targetQuantity(req(inst('0.00000001'), Number('8816.72288768917372933'), 97.598524))).toBe(90.24639524);
  });

  it('property: a lot multiple, never above the quotient (up to float division rounding), less than one lot below it', () => {
    const lots = ['0.00000001', '0.001', '1', '0.5', '0.00025'];
    fc.assert(
      fc.property(fc.double({ min: 1, max: 1e7, noNaN: true }), fc.double({ min: 0.0001, max: 1e5, noNaN: true }), fc.constantFrom(...lots), (cash, price, lot) => {
        const raw = new Decimal(cash).div(new Decimal(price).times('1.001'));
        // a double holds ~15.9 significant digits: beyond 1e15 lots no float quantity is exact
        fc.pre(raw.div(lot).lt(1e13));
        const q = new ExactAllInSizer().targetQuantity(req(inst(lot, '0.001'), cash, price));
        const qd = new Decimal(q);
        // exact checks in decimals, independent of the implementation; the sizer divides in floats, so allow the
        // quotient's float rounding (a few parts in 1e16) on the upper bound
        return qd.mod(lot).isZero() && qd.lte(raw.times('1.000000000000001')) && raw.minus(qd).lt(new Decimal(lot).times('1.000001'));
      }),
      { numRuns: 500 },
    );
  });
});
