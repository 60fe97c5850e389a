import { ManualClock, ValidationError } from '@bot/core-types';
import { AlgoHost } from './algoHost.js';
import { describe, expect, it } from 'vitest';
import { MIN, T0, algoSetup } from './algoTestKit.js';
import { bracket, iceberg, oco, percentageOfVolume, trailingStop, twap } from './parentOrders.js';

describe('parent order factories validate their input', () => {
  const base = { symbol: 'ABC/USD', side: 'buy' as const, quantity: 1 };
  it('names the field, the value and what was expected', () => {
    expect(() => twap({ ...base, startTime: 10, endTime: 5, slices: 2 })).toThrow(/endTime/);
    expect(() => twap({ ...base, startTime: 0, endTime: 10, slices: 0 })).toThrow(/slices/);
    expect(() => twap({ ...base, quantity: 0, startTime: 0, endTime: 10, slices: 1 })).toThrow(/quantity/);
    expect(() => twap({ ...base, startTime: 0, endTime: 10, slices: 1, limitOffsetBps: -1 })).toThrow(/limitOffsetBps/);
    expect(() => percentageOfVolume({ ...base, participation: 1.5 })).toThrow(/participation/);
    expect(() => iceberg({ ...base, limitPrice: 1, displayQuantity: 2 })).toThrow(/displayQuantity/);
    expect(() => trailingStop({ ...base, trailingOffset: 0 })).toThrow(/trailingOffset/);
    expect(() => oco({ ...base, legs: [{ type: 'limit', limitPrice: 1 }] })).toThrow(/legs/);
    expect(() => oco({ ...base, legs: [{ type: 'limit', limitPrice: 1 }, { type: 'stop' }] })).toThrow(/legs\[1\]\.stopPrice/);
    expect(() => bracket({ ...base, takeProfitPrice: 90, stopLossPrice: 95 })).toThrow(ValidationError);
    expect(trailingStop({ ...base, trailingOffset: 1 }).reduceOnly).toBe(true);
  });

  it('the host refuses a quantity that is not a lot multiple and needs a running kernel', () => {
    const { host } = algoSetup();
    expect(() => host.start(twap({ ...base, quantity: '0.0005', startTime: T0, endTime: T0 + MIN, slices: 1 }))).toThrow(/lot size/);
    expect(() => host.start(twap({ ...base, symbol: 'NOPE/USD', startTime: T0, endTime: T0 + MIN, slices: 1 }))).toThrow(/NOPE/);
    const idle = new AlgoHost({ clock: new ManualClock(0) });
    expect(() => idle.start(twap({ ...base, startTime: T0, endTime: T0 + MIN, slices: 1 }))).toThrow(/not running/);
  });
});
