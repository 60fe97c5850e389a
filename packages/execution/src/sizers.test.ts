import { createInstrument } from '@bot/core-types';
import type { SizingRequest } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { AllInSizer } from './allInSizer.js';
import { FixedNotionalSizer } from './fixedNotionalSizer.js';
import { FixedQuantitySizer } from './fixedQuantitySizer.js';
import { FractionOfEquitySizer } from './fractionOfEquitySizer.js';

const frac = createInstrument({ symbol: 'BTC/USD', tickSize: '0.01', lotSize: '0.00000001', takerFee: '0.001' });
const whole = createInstrument({ symbol: 'ORCL/USD', tickSize: '0.01', lotSize: '1', takerFee: '0.001', minNotional: '10' });

const req = (over: Partial<SizingRequest>): SizingRequest => ({
  instrument: frac,
  weight: 1,
  price: 100,
  equity: 10_000,
  cash: 10_000,
  currentQuantity: 0,
  time: 0,
  ...over,
});

describe('AllInSizer', () => {
  const s = new AllInSizer();
  it('buys cash / (price * (1 + fee)), fractional down to the lot', () => {
    // 10000 / 100.1 = 99.90009990009990... -> 99.9000999 at 1e-8
    expect(s.targetQuantity(req({}))).toBe(99.9000999);
  });
  it('rounds down to whole units when the lot is 1', () => {
    expect(s.targetQuantity(req({ instrument: whole }))).toBe(99);
  });
  it('keeps an existing long, goes flat on 0, scales by weight', () => {
    expect(s.targetQuantity(req({ currentQuantity: 50, cash: 5_000 }))).toBe(50);
    expect(s.targetQuantity(req({ weight: 0, currentQuantity: 50 }))).toBe(0);
    expect(s.targetQuantity(req({ weight: 0.5, instrument: whole }))).toBe(49); // 5000 / 100.1 = 49.95
  });
  it('covers a short with the cash it frees, then buys with the rest', () => {
    // short 10 at cash 11000 (proceeds included): cash after cover 11000 - 1000 = 10000 -> 99 whole units
    expect(s.targetQuantity(req({ instrument: whole, currentQuantity: -10, cash: 11_000 }))).toBe(99);
  });
  it('a negative weight sizes a short the same way', () => {
    expect(s.targetQuantity(req({ instrument: whole, weight: -1 }))).toBe(-99);
  });
  it('returns the current quantity when the trade is below the minimum notional', () => {
    expect(s.targetQuantity(req({ instrument: whole, cash: 150, price: 100 }))).toBe(1);
    expect(s.targetQuantity(req({ instrument: whole, cash: 5, price: 1 }))).toBe(0);
  });
});

describe('fixed sizers', () => {
  it('FixedQuantitySizer holds weight * quantity', () => {
    const s = new FixedQuantitySizer(10);
    expect(s.targetQuantity(req({ instrument: whole }))).toBe(10);
    expect(s.targetQuantity(req({ instrument: whole, weight: -0.55 }))).toBe(-5);
  });
  it('FixedNotionalSizer holds weight * notional / price', () => {
    expect(new FixedNotionalSizer(1_000).targetQuantity(req({ price: 40 }))).toBe(25);
    expect(new FixedNotionalSizer(1_000).targetQuantity(req({ instrument: whole, price: 30 }))).toBe(33);
  });
  it('FractionOfEquitySizer holds weight * fraction * equity / price and rebalances', () => {
    const s = new FractionOfEquitySizer(0.5);
    expect(s.targetQuantity(req({ equity: 10_000, price: 100 }))).toBe(50);
    expect(s.targetQuantity(req({ equity: 12_000, price: 100, currentQuantity: 50 }))).toBe(60);
  });
  it('reject nonsense parameters', () => {
    expect(() => new FixedQuantitySizer(0)).toThrow(/quantity/);
    expect(() => new FixedNotionalSizer(Number.NaN)).toThrow(/notional/);
    expect(() => new FractionOfEquitySizer(-1)).toThrow(/fraction/);
  });
});
