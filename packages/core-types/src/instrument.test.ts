import { describe, expect, it } from 'vitest';
import fc from '../test/fc.js';
import { ROUNDING_MODES, scaledArb, scaledToString } from '../test/exactArithmetic.js';
import { ValidationError } from './errors.js';
import { createInstrument, orderSizeProblem, roundPrice, roundQuantity, type InstrumentSpec } from './instrument.js';
import { Price } from './price.js';
import { Quantity } from './quantity.js';

const btc = createInstrument({ symbol: 'BTC/USDT', venue: 'binance', tickSize: '0.01', lotSize: '0.00001', minQuantity: '0.0001', minNotional: '5', makerFee: '-0.0001', takerFee: '0.001' });

describe('createInstrument', () => {
  it('builds a frozen instrument with exact decimals', () => {
    expect(btc).toMatchObject({ symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', venue: 'binance' });
    expect([btc.tickSize, btc.lotSize, btc.minQuantity, btc.minNotional, btc.makerFee, btc.takerFee].map(String)).toEqual(['0.01', '0.00001', '0.0001', '5', '-0.0001', '0.001']);
    expect(Object.isFrozen(btc)).toBe(true);
  });

  it('defaults base/quote from the symbol, venue sim, minimums and fees 0', () => {
    const i = createInstrument({ symbol: 'ETH/BTC', tickSize: 1e-6, lotSize: 0.001 });
    expect(i).toMatchObject({ base: 'ETH', quote: 'BTC', venue: 'sim' });
    expect([i.minQuantity, i.minNotional, i.makerFee, i.takerFee].map(String)).toEqual(['0', '0', '0', '0']);
    expect(createInstrument({ symbol: 'XBTUSD/USD', base: 'BTC', tickSize: 0.5, lotSize: 1 }).base).toBe('BTC');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a symbol without a slash', { symbol: 'BTCUSDT' }, 'symbol'],
    ['a symbol with two slashes', { symbol: 'A/B/C' }, 'symbol'],
    ['a zero tick size', { tickSize: 0 }, 'tickSize'],
    ['a negative lot size', { lotSize: '-1' }, 'lotSize'],
    ['a non-numeric tick size', { tickSize: 'abc' }, 'tickSize'],
    ['a boolean lot size', { lotSize: true }, 'lotSize'],
    ['a negative min quantity', { minQuantity: -1 }, 'minQuantity'],
    ['a negative min notional', { minNotional: '-5' }, 'minNotional'],
    ['a negative taker fee', { takerFee: -0.001 }, 'takerFee'],
    ['a NaN maker fee', { makerFee: Number.NaN }, 'makerFee'],
  ])('rejects %s naming the field', (_label, override, field) => {
    const spec = { symbol: 'BTC/USDT', tickSize: '0.01', lotSize: '0.001', ...override } as InstrumentSpec;
    try {
      createInstrument(spec, { source: 'instruments.json', line: 4 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).field).toBe(field);
      expect((e as ValidationError).message).toMatch(/^instruments\.json:4: /);
    }
  });
});

describe('roundPrice / roundQuantity', () => {
  it('snap to the instrument grid', () => {
    expect(roundPrice(btc, '43210.987', 'down').toString()).toBe('43210.98');
    expect(roundPrice(btc, Price.of('43210.985'), 'half-even').toString()).toBe('43210.98');
    expect(roundQuantity(btc, '0.123456', 'down').toString()).toBe('0.12345');
    expect(roundQuantity(btc, Quantity.of('0.000004'), 'down').isZero()).toBe(true);
  });

  it('property: within one tick/lot, on the grid, quantities never negative', () => {
    fc.assert(
      fc.property(scaledArb({ maxDigits: 12, maxScale: 9, min: 0n }), fc.constantFrom(...ROUNDING_MODES), (x, mode) => {
        const v = scaledToString(x);
        const q = roundQuantity(btc, v, mode);
        expect(q.value.isNegative()).toBe(false);
        expect(q.value.minus(v).abs().lt(btc.lotSize)).toBe(true);
        expect(q.value.mod(btc.lotSize).isZero()).toBe(true);
        const p = roundPrice(btc, v, mode);
        expect(p.value.minus(v).abs().lt(btc.tickSize)).toBe(true);
        expect(p.value.mod(btc.tickSize).isZero()).toBe(true);
      }),
    );
  });
});

describe('orderSizeProblem', () => {
  it('explains why a size is not tradable, or returns undefined', () => {
    const p = Price.of('50000');
    expect(orderSizeProblem(btc, Quantity.of('0.001'), p)).toBeUndefined();
    expect(orderSizeProblem(btc, Quantity.ZERO, p)).toBe('quantity is zero');
    expect(orderSizeProblem(btc, Quantity.of('0.000015'), p)).toBe('quantity 0.000015 is not a multiple of lot size 0.00001');
    expect(orderSizeProblem(btc, Quantity.of('0.00005'), p)).toBe('quantity 0.00005 is below the minimum 0.0001');
    expect(orderSizeProblem(btc, Quantity.of('0.0001'), p)).toBeUndefined(); // notional exactly 5: at the minimum is fine
    expect(orderSizeProblem(btc, Quantity.of('0.0001'), Price.of('49999.99'))).toBe('notional 4.999999 is below the minimum 5 USDT');
  });
});
