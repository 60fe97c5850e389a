import { createInstrument, type SizingRequest } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { hasData, readColumns } from '../../test/data.js';
import { CapitalTiers } from './capitalTiers.js';
import { fractionalKelly, kellyFraction } from './kelly.js';
import { createFixedFractionSizer, createKellySizer, createVolatilityTargetSizer, parsePositionSizerSpec } from './positionSizers.js';
import {
  atrQuantity,
  averageTrueRange,
  fixedFractionQuantity,
  fixedRiskQuantity,
  roundOrderQuantity,
  volatilityTargetLeverage,
} from './quantitySizing.js';

const rules = { lotSize: 1, minQuantity: 1, minNotional: 0 };

describe('Kelly', () => {
  it('textbook values', () => {
    expect(kellyFraction(0.6, 1)).toBeCloseTo(0.2, 15);
    expect(kellyFraction(0.5, 2)).toBeCloseTo(0.25, 15);
    expect(kellyFraction(0.4, 1)).toBeCloseTo(-0.2, 15);
    expect(fractionalKelly(0.6, 1)).toBeCloseTo(0.05, 15); // quarter Kelly
    expect(fractionalKelly(0.55, 1.5, { fraction: 0.5, cap: 0.1 })).toBeCloseTo(0.1, 15); // 0.5·0.25 capped
    expect(fractionalKelly(0.4, 1)).toBe(0); // negative edge: no bet
    expect(() => kellyFraction(1.1, 1)).toThrow(RangeError);
    expect(() => kellyFraction(0.5, 0)).toThrow(RangeError);
  });
});

describe('quantity sizing', () => {
  it('rounds down to the lot and enforces minimum quantity and notional', () => {
    expect(roundOrderQuantity(12.37, 50, { lotSize: 0.1, minQuantity: 1, minNotional: 10 })).toBe(12.3);
    expect(roundOrderQuantity(0.3, 50, { lotSize: 0.1, minQuantity: 0, minNotional: 0 })).toBe(0.3);
    expect(roundOrderQuantity(0.9, 50, { lotSize: 0.1, minQuantity: 1, minNotional: 0 })).toBe(0);
    expect(roundOrderQuantity(3, 2, { lotSize: 1, minQuantity: 0, minNotional: 10 })).toBe(0);
    const inst = createInstrument({ symbol: 'BTC/USDT', tickSize: '0.01', lotSize: '0.001', minNotional: '5' });
    expect(roundOrderQuantity(0.12345, 30_000, inst)).toBe(0.123);
  });
  it('fixed fraction, fixed risk and ATR by hand', () => {
    expect(fixedFractionQuantity({ equity: 100_000, fraction: 0.1, price: 50, rules })).toBe(200);
    expect(fixedRiskQuantity({ equity: 100_000, riskFraction: 0.01, entryPrice: 100, stopPrice: 95, rules })).toBe(200);
    expect(fixedRiskQuantity({ equity: 100_000, riskFraction: 0.01, entryPrice: 100, stopPrice: 99.9, rules, maxLeverage: 1 })).toBe(1000);
    expect(atrQuantity({ equity: 100_000, riskFraction: 0.01, atr: 2.5, atrMultiple: 2, price: 100, rules })).toBe(200);
    expect(() => fixedRiskQuantity({ equity: 1, riskFraction: 0.01, entryPrice: 5, stopPrice: 5, rules })).toThrow(RangeError);
  });
  it('volatility target leverage is target / forecast, capped', () => {
    expect(volatilityTargetLeverage(0.15, 0.3, 2)).toBeCloseTo(0.5, 15);
    expect(volatilityTargetLeverage(0.15, 0.05, 2)).toBe(2);
    expect(volatilityTargetLeverage(0.15, 0, 2)).toBe(0);
  });
  it('ATR follows Wilder smoothing seeded with the mean of the first period TRs (TA-Lib)', () => {
    const h = [10, 11, 12, 11.5, 13, 12.5];
    const l = [9, 10, 10.5, 10, 11.5, 11];
    const c = [9.5, 10.8, 11, 10.2, 12.8, 11.2];
    const atr = averageTrueRange(h, l, c, 3);
    // TR1 = max(1, |11-9.5|, |10-9.5|) = 1.5; TR2 = max(1.5, 1.2, 0.3) = 1.5; TR3 = max(1.5, 0.5, 1) = 1.5
    expect(atr[3]).toBeCloseTo(1.5, 14);
    // TR4 = max(1.5, 2.8, 1.3) = 2.8 -> (1.5·2 + 2.8)/3
    expect(atr[4]).toBeCloseTo((1.5 * 2 + 2.8) / 3, 14);
    expect(Number.isNaN(atr[2]!)).toBe(true);
  });
  it.skipIf(!hasData)('ATR on ORCL daily bars stays positive and below the mean high-low range x 3', () => {
    const { high, low, close } = readColumns('ORCL_1d.csv');
    const atr = averageTrueRange(high, low, close, 14);
    const last = atr[atr.length - 1]!;
    expect(last).toBeGreaterThan(0);
    let range = 0;
    for (let i = high.length - 14; i < high.length; i++) range += high[i]! - low[i]!;
    expect(last).toBeLessThan((3 * range) / 14);
  });
});

describe('CapitalTiers', () => {
  it('switches with hysteresis and does not flap at a boundary', () => {
    const tiers = new CapitalTiers(
      [
        { minEquity: 0, settings: 'small' },
        { minEquity: 100_000, settings: 'medium' },
        { minEquity: 1_000_000, settings: 'large' },
      ],
      0.05,
    );
    expect(tiers.update(90_000).settings).toBe('small');
    expect(tiers.update(104_000).settings).toBe('small'); // needs 105k to move up
    expect(tiers.update(105_000).settings).toBe('medium');
    expect(tiers.update(99_000).settings).toBe('medium'); // needs < 95k to move down
    expect(tiers.update(101_000).settings).toBe('medium');
    expect(tiers.update(94_999).settings).toBe('small');
    expect(tiers.update(2_000_000).settings).toBe('large');
    expect(() => new CapitalTiers([], 0.1)).toThrow(RangeError);
  });
});

describe('PositionSizer implementations', () => {
  const instrument = createInstrument({ symbol: 'ORCL/USD', tickSize: '0.01', lotSize: '1', minQuantity: '1' });
  const req = (over: Partial<SizingRequest> = {}): SizingRequest => ({
    instrument,
    weight: 1,
    price: 40,
    equity: 100_000,
    cash: 100_000,
    currentQuantity: 0,
    time: 0,
    ...over,
  });
  it('fixed fraction: equity · fraction · weight / price, lot-rounded, signed', () => {
    const s = createFixedFractionSizer(0.25);
    expect(s.targetQuantity(req())).toBe(625);
    expect(s.targetQuantity(req({ weight: -0.5 }))).toBe(-312);
    expect(s.targetQuantity(req({ weight: 0 }))).toBe(0);
  });
  it('Kelly sizer commits fractional Kelly of equity', () => {
    const s = createKellySizer({ winProbability: 0.6, winLossRatio: 1, fraction: 0.5 });
    expect(s.targetQuantity(req())).toBe(250); // 0.1 · 100k / 40
  });
  it('vol-target sizer learns volatility from bars', () => {
    const s = createVolatilityTargetSizer({ targetVolatility: 0.1, periodsPerYear: 252, minObservations: 3, maxLeverage: 5 });
    expect(s.targetQuantity(req())).toBe(0); // no history yet
    const closes = [40, 40.4, 39.8, 40.2, 40.6];
    closes.forEach((c, i) => s.onBar?.({ type: 'bar', symbol: 'ORCL/USD', timeframe: '1d', openTime: i, open: c, high: c, low: c, close: c, volume: 1 }));
    let v = 0;
    for (let i = 1; i < closes.length; i++) {
      const r = Math.log(closes[i]! / closes[i - 1]!);
      v = i === 1 ? r * r : 0.94 * v + 0.06 * r * r;
    }
    const lev = Math.min(5, 0.1 / (Math.sqrt(v) * Math.sqrt(252)));
    expect(s.targetQuantity(req())).toBe(Math.floor((100_000 * lev) / 40));
  });
  it('parses --sizing specs and names bad parts', () => {
    expect(parsePositionSizerSpec('fixed-fraction:0.1').targetQuantity(req())).toBe(250);
    expect(parsePositionSizerSpec('kelly:p=0.6,b=1,fraction=0.5').name).toContain('kelly');
    expect(parsePositionSizerSpec('vol-target:target=0.15').name).toContain('vol-target');
    expect(() => parsePositionSizerSpec('kelly:p=0.6')).toThrow(/b=<number>/);
    expect(() => parsePositionSizerSpec('martingale:2')).toThrow(/fixed-fraction/);
  });
});
