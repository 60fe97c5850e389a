import { TradingMode } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { PermissiveRiskGate } from '../permissiveRiskGate.js';
import { MIN, REJECT, RecordingGate, T0, algoSetup, bar, flat, inst, rows, resizeTo } from './algoTestKit.js';
import { twap, vwap } from './parentOrders.js';
import { volumeProfileFromBars } from './volumeProfile.js';

const q = (o: { request: { quantity: { toString(): string } } }) => o.request.quantity.toString();

describe('TWAP on the kernel + SimulatedVenue + ManualClock', () => {
  it('sends 3 market slices at the slice times, floor(Q/n) to the lot, remainder in the last; each fills at the next open', () => {
    const gate = new RecordingGate();
    const { kernel, host, children } = algoSetup({ gate });
    // window [T0+1m, T0+4m), 3 slices -> T0+1m, T0+2m, T0+3m (the closes of bars 0, 1, 2)
    const id = host.start(twap({ symbol: 'ABC/USD', side: 'buy', quantity: 1, startTime: T0 + MIN, endTime: T0 + 4 * MIN, slices: 3 }));
    kernel.runBarSeries([rows([[100, 101, 99, 100], [101, 102, 100, 101], [102, 103, 101, 102], [103, 104, 102, 103], [104, 105, 103, 104]])]);
    const c = children();
    expect(c.map(q)).toEqual(['0.333', '0.333', '0.334']);
    expect(c.map((o) => o.createdAt)).toEqual([T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN]);
    expect(c.map((o) => o.request.type)).toEqual(['market', 'market', 'market']);
    // every child passed the gate, nothing else did
    expect(gate.seen.map((r) => r.intent.clientOrderId)).toEqual(c.map((o) => o.clientOrderId));
    const fills = kernel.fills();
    expect(fills.map((f) => [f.quantity.toString(), f.price.toString(), f.time])).toEqual([
      ['0.333', '101', T0 + MIN],
      ['0.333', '102', T0 + 2 * MIN],
      ['0.334', '103', T0 + 3 * MIN],
    ]);
    const p = host.progress(id)!;
    expect(p.status).toBe('completed');
    expect(p.filledQuantity.toString()).toBe('1');
    // (0.333*101 + 0.333*102 + 0.334*103) / 1 = 102.001
    expect(p.averagePrice!.toString()).toBe('102.001');
  });

  it('with lot 1 and 7 units over 3 slices plans 2, 2, 3', () => {
    const { kernel, host, children } = algoSetup({ instrument: inst({ lotSize: '1' }) });
    host.start(twap({ symbol: 'ABC/USD', side: 'buy', quantity: 7, startTime: T0 + MIN, endTime: T0 + 4 * MIN, slices: 3 }));
    kernel.runBarSeries([rows(flat(5))]);
    expect(children().map(q)).toEqual(['2', '2', '3']);
  });

  it('limit slices: last seen close +10 bps rounded down to the tick; an unfilled slice is canceled at the next slice and caught up', () => {
    const { kernel, host, children } = algoSetup();
    const id = host.start(twap({ symbol: 'ABC/USD', side: 'buy', quantity: 2, startTime: T0 + 1.5 * MIN, endTime: T0 + 3.5 * MIN, slices: 2, limitOffsetBps: 10 }));
    // T0+1.5m: last close seen 100.5 (bar 0) -> 100.5 * 1.001 = 100.6005 -> 100.60 for 1; tradable from bar 2 (low 101): unfilled
    // T0+2.5m: cancel it; last close 102 (bar 1) -> 102.102 -> 102.10 for the whole 2; bar 3 opens at 102 <= 102.10: fills at 102
    kernel.runBarSeries([rows([[100, 101, 99, 100.5], [101.5, 103, 101, 102], [102, 103, 101, 102], [102, 103, 101, 102]])]);
    const c = children();
    expect(c.map((o) => [o.request.type, 'limitPrice' in o.request ? o.request.limitPrice.toString() : '', q(o), o.status, o.createdAt])).toEqual([
      ['limit', '100.6', '1', 'canceled', T0 + 1.5 * MIN],
      ['limit', '102.1', '2', 'filled', T0 + 2.5 * MIN],
    ]);
    expect(kernel.fills().map((f) => [f.quantity.toString(), f.price.toString()])).toEqual([['2', '102']]);
    expect(host.progress(id)!.status).toBe('completed');
  });
});

describe('VWAP follows the historical profile', () => {
  it('sizes slices by the mean daily share of volume per bucket', () => {
    // two history days; minute buckets 1, 2, 3 after midnight:
    // day A volumes 100, 300, 600 -> shares .1 .3 .6; day B 10, 10, 20 -> .25 .25 .5; mean .175 .275 .55
    const D = 86_400_000;
    const hist = [
      ...[100, 300, 600].map((v, k) => bar(k + 1 - 2 * 1440, 1, 1, 1, 1, v)),
      ...[10, 10, 20].map((v, k) => bar(k + 1 - 1440, 1, 1, 1, 1, v)),
    ];
    expect(hist[0]!.openTime).toBe(T0 - 2 * D + MIN);
    const profile = volumeProfileFromBars(hist, MIN);
    const { kernel, host, children } = algoSetup({ allowShort: true });
    const id = host.start(vwap({ symbol: 'ABC/USD', side: 'sell', quantity: 10, startTime: T0 + MIN, endTime: T0 + 4 * MIN, slices: 3, volumeProfile: profile }));
    kernel.runBarSeries([rows(flat(5))]);
    // 10 * .175 = 1.75, 10 * .275 = 2.75, remainder 5.5
    expect(children().map(q)).toEqual(['1.75', '2.75', '5.5']);
    expect(children().map((o) => o.request.side)).toEqual(['sell', 'sell', 'sell']);
    expect(host.progress(id)!.status).toBe('completed');
    expect(kernel.portfolio.position('ABC/USD').quantity.toString()).toBe('-10');
  });
});
