import { Decimal, Quantity } from '@bot/core-types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sliceQuantities, sliceSchedule } from './sliceSchedule.js';

describe('sliceQuantities / sliceSchedule', () => {
  it('TWAP rule: floor(total / n) to the lot per slice, remainder in the last', () => {
    expect(sliceQuantities(Quantity.of(10), [0.25, 0.25, 0.25, 0.25], '1').map(String)).toEqual(['2', '2', '2', '4']);
    expect(sliceQuantities(Quantity.of('1'), [1 / 3, 1 / 3, 1 / 3], '0.001').map(String)).toEqual(['0.333', '0.333', '0.334']);
    expect(sliceQuantities(Quantity.of('0.002'), [0.25, 0.25, 0.25, 0.25], '0.001').map(String)).toEqual(['0', '0', '0', '0.002']);
  });

  it('times: start + floor(i * span / n); cumulative ends at the total', () => {
    const s = sliceSchedule(Quantity.of(7), 1000, 2000, [1 / 3, 1 / 3, 1 / 3], 1);
    expect(s.times).toEqual([1000, 1333, 1666]);
    expect(s.cumulative.map(String)).toEqual(['2', '4', '7']);
    expect(() => sliceSchedule(Quantity.of(7), 2000, 2000, [1], 1)).toThrow(/endTime/);
    expect(() => sliceQuantities(Quantity.of('1.5'), [1], 1)).toThrow(/lot size/);
  });

  it('property: the plan sums to the total exactly, every slice is a lot multiple, none negative', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 30 }), (units, raw) => {
        const sum = raw.reduce((a, b) => a + b, 0);
        const weights = sum > 0 ? raw.map((x) => x / sum) : raw.map(() => 1 / raw.length);
        const total = Quantity.of(new Decimal(units).div(1000));
        const q = sliceQuantities(total, weights, '0.001');
        let acc = new Decimal(0);
        for (const x of q) {
          expect(x.value.mod('0.001').isZero()).toBe(true);
          acc = acc.plus(x.value);
        }
        expect(acc.eq(total.value)).toBe(true);
      }),
      { seed: 3, numRuns: 200 },
    );
  });
});
