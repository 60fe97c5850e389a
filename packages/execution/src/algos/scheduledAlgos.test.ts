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

describe('every child through the risk gate', () => {
  // 4 slices of 0.25 at T0+1m..T0+4m (closes of bars 0..3), fills at the next open
  const parent = (policy: 'retry' | 'stop') =>
    twap({ symbol: 'ABC/USD', side: 'buy', quantity: 1, startTime: T0 + MIN, endTime: T0 + 5 * MIN, slices: 4, onChildRejected: policy });

  it('retry policy: a resized child leaves its shortfall and a rejected one its quantity to the next slice', () => {
    // 2nd child resized to 0.1, 3rd rejected
    const gate = new RecordingGate((_i, n) => (n === 2 ? resizeTo('0.1') : n === 3 ? REJECT : undefined));
    const { kernel, host, children } = algoSetup({ gate });
    const id = host.start(parent('retry'));
    kernel.runBarSeries([rows(flat(6))]);
    // asked: 0.25; 0.5-0.25 = 0.25 (resized to 0.1); 0.75-0.35 = 0.4 (rejected); 1-0.35 = 0.65
    expect(gate.seen.map((r) => r.intent.request.quantity.toString())).toEqual(['0.25', '0.25', '0.4', '0.65']);
    expect(children().map((o) => [q(o), o.status])).toEqual([
      ['0.25', 'filled'],
      ['0.1', 'filled'],
      ['0.4', 'rejected'],
      ['0.65', 'filled'],
    ]);
    const p = host.progress(id)!;
    expect([p.status, p.filledQuantity.toString()]).toEqual(['completed', '1']);
  });

  it('stop policy: the first rejected child stops the parent and no further child is sent', () => {
    const gate = new RecordingGate((_i, n) => (n === 2 ? REJECT : undefined));
    const { kernel, host, children } = algoSetup({ gate });
    const id = host.start(parent('stop'));
    kernel.runBarSeries([rows(flat(6))]);
    expect(children().map((o) => [q(o), o.status])).toEqual([
      ['0.25', 'filled'],
      ['0.25', 'rejected'],
    ]);
    const p = host.progress(id)!;
    expect(p.status).toBe('stopped');
    expect(p.filledQuantity.toString()).toBe('0.25');
    expect(p.reason).toContain('test-reject');
  });

  it('retry policy stops after maxConsecutiveRejections rejections in a row', () => {
    const gate = new RecordingGate(() => REJECT);
    const { kernel, host } = algoSetup({ gate });
    const id = host.start(twap({ symbol: 'ABC/USD', side: 'buy', quantity: 1, startTime: T0 + MIN, endTime: T0 + 9 * MIN, slices: 8, maxConsecutiveRejections: 3 }));
    kernel.runBarSeries([rows(flat(10))]);
    expect(gate.seen).toHaveLength(3);
    expect(host.progress(id)!.status).toBe('stopped');
  });
});

describe('trading modes and cancel', () => {
  it('pause holds the parent (no child reaches the gate); back to normal, the next slice catches up', () => {
    const gate = new RecordingGate();
    const { kernel, host, children, clock } = algoSetup({ gate });
    const id = host.start(twap({ symbol: 'ABC/USD', side: 'buy', quantity: 1, startTime: T0 + MIN, endTime: T0 + 5 * MIN, slices: 4 }));
    const series = rows(flat(6));
    // run bar by bar through the paper path so the mode can change between bars
    const bars = Array.from({ length: 6 }, (_, i) => bar(i, 100, 100.5, 99.5, 100));
    void series;
    for (const b of bars) {
      clock.advanceTo(b.openTime + MIN);
      if (b.openTime === T0 + MIN) gate.setMode(TradingMode.Pause, clock.now()); // after slice 2 (T0+2m)
      if (b.openTime === T0 + 2 * MIN) {
        expect(host.progress(id)!.held).toBe(true);
        gate.setMode(TradingMode.Normal, clock.now()); // before slice 4 (T0+4m) - slice 3 (T0+3m) was held
      }
      kernel.onMarketEvent(b);
    }
    expect(children().map((o) => [q(o), o.createdAt])).toEqual([
      ['0.25', T0 + MIN],
      ['0.25', T0 + 2 * MIN],
      ['0.5', T0 + 4 * MIN],
    ]);
    expect(gate.seen.every((r) => r.mode === TradingMode.Normal)).toBe(true);
    expect(host.progress(id)!.status).toBe('completed');
  });

  it('with the default gate, pause until the end leaves the parent expired with the remainder', () => {
    const gate = new PermissiveRiskGate();
    const { kernel, host, children, clock } = algoSetup({ gate });
    const id = host.start(twap({ symbol: 'ABC/USD', side: 'buy', quantity: 1, startTime: T0 + MIN, endTime: T0 + 5 * MIN, slices: 4 }));
    const bars = Array.from({ length: 6 }, (_, i) => bar(i, 100, 100.5, 99.5, 100));
    for (const b of bars) {
      clock.advanceTo(b.openTime + MIN);
      if (b.openTime === T0 + MIN) gate.requestMode({ mode: TradingMode.Pause, source: 'test', reason: 'test', time: clock.now() });
      kernel.onMarketEvent(b);
    }
    expect(children().map(q)).toEqual(['0.25', '0.25']);
    const p = host.progress(id)!;
    expect(p.status).toBe('expired');
    expect(p.filledQuantity.toString()).toBe('0.5');
    expect(kernel.riskDecisions().every((d) => d.decision.kind === 'approve')).toBe(true);
  });

  it('emergency cancels every parent', () => {
    const gate = new PermissiveRiskGate();
    const { kernel, host, clock } = algoSetup({ gate });
    const id = host.start(twap({ symbol: 'ABC/USD', side: 'buy', quantity: 1, startTime: T0 + MIN, endTime: T0 + 5 * MIN, slices: 4 }));
    kernel.onMarketEvent(bar(0, 100, 100.5, 99.5, 100));
    clock.advanceTo(T0 + 2 * MIN);
    gate.requestMode({ mode: TradingMode.Emergency, source: 'test', reason: 'kill switch', time: clock.now() });
    expect(host.progress(id)!.status).toBe('canceled');
    expect(host.progress(id)!.reason).toBe('emergency mode');
    const before = kernel.orders().length;
    clock.advanceTo(T0 + 10 * MIN);
    expect(kernel.orders().length).toBe(before);
  });

  it('cancel of a parent cancels its live limit child and sends nothing more', () => {
    const { kernel, host, children, clock } = algoSetup();
    kernel.onMarketEvent(bar(0, 100, 100.5, 99.5, 100));
    const id = host.start(twap({ symbol: 'ABC/USD', side: 'buy', quantity: 1, startTime: T0 + MIN, endTime: T0 + 5 * MIN, slices: 4, limitOffsetBps: 0 }));
    clock.advanceTo(T0 + MIN);
    expect(children().map((o) => o.status)).toEqual(['submitted']);
    host.cancel(id);
    expect(children().map((o) => o.status)).toEqual(['canceled']);
    expect(host.progress(id)!.status).toBe('canceled');
    clock.advanceTo(T0 + 10 * MIN);
    expect(children()).toHaveLength(1);
  });
});
