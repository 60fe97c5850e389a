import { isTerminalOrderStatus } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { MIN, RecordingGate, T0, algoSetup, bar, inst, rows } from './algoTestKit.js';
import { iceberg, percentageOfVolume } from './parentOrders.js';

const q = (o: { request: { quantity: { toString(): string } } }) => o.request.quantity.toString();

describe('percentage of volume', () => {
  it('after each bar sends up to participation * observed volume (to the lot), minus what is filled or working', () => {
    const gate = new RecordingGate();
    const { kernel, host, children } = algoSetup({ gate, instrument: inst({ lotSize: '1' }) });
    const id = host.start(percentageOfVolume({ symbol: 'ABC/USD', side: 'buy', quantity: 20, participation: 0.1, minChildQuantity: 2 }));
    // volumes 100, 15, 10, 200, 50
    // after bar 0: allowance 10 -> child 10
    // after bar 1: 11.5 -> 11; gap 1 < min 2 -> wait
    // after bar 2: 12.5 -> 12; gap 2 -> child 2
    // after bar 3: 32.5 -> capped at 20; gap 8 -> child 8; done
    kernel.runBarSeries([rows([[100, 101, 99, 100, 100], [100, 101, 99, 100, 15], [100, 101, 99, 100, 10], [100, 101, 99, 100, 200], [100, 101, 99, 100, 50]])]);
    expect(children().map((o) => [q(o), o.createdAt])).toEqual([
      ['10', T0 + MIN],
      ['2', T0 + 3 * MIN],
      ['8', T0 + 4 * MIN],
    ]);
    expect(gate.seen).toHaveLength(3);
    const p = host.progress(id)!;
    expect([p.status, p.filledQuantity.toString()]).toEqual(['completed', '20']);
  });

  it('the last child may be below minChildQuantity when it is all that is left', () => {
    const { kernel, host, children } = algoSetup({ instrument: inst({ lotSize: '1' }) });
    const id = host.start(percentageOfVolume({ symbol: 'ABC/USD', side: 'buy', quantity: 11, participation: 0.1, minChildQuantity: 5 }));
    // allowance 10 -> child 10; 10.5 -> 10 (nothing); 11.5 -> 11 (capped): gap 1 < 5 but it is the rest
    kernel.runBarSeries([rows([[100, 101, 99, 100, 100], [100, 101, 99, 100, 5], [100, 101, 99, 100, 10], [100, 101, 99, 100, 10]])]);
    expect(children().map(q)).toEqual(['10', '1']);
    expect(host.progress(id)!.status).toBe('completed');
  });

  it('counts trades when volumeSource is trades and stops at endTime with the remainder (expired)', () => {
    const { kernel, host, children, clock } = algoSetup({ instrument: inst({ lotSize: '0.1' }) });
    const id = host.start(
      percentageOfVolume({ symbol: 'ABC/USD', side: 'buy', quantity: 5, participation: 0.25, volumeSource: 'trades', endTime: T0 + 10_000 }),
    );
    const trade = (t: number, qty: number) => ({ type: 'trade' as const, symbol: 'ABC/USD', time: T0 + t, price: 100, quantity: qty, tradeId: `t${t}`, aggressor: 'buy' as const });
    for (const [t, qty] of [[1000, 2], [2000, 1.3], [3000, 4], [12_000, 100]] as const) {
      clock.advanceTo(T0 + t);
      kernel.onMarketEvent(trade(t, qty));
    }
    // 0.25 * 2 = 0.5 -> 0.5; 0.25 * 3.3 = 0.825 -> 0.8 (child 0.3); 0.25 * 7.3 = 1.825 -> 1.8 (child 1.0); the 4th trade is after the window
    expect(children().map(q)).toEqual(['0.5', '0.3', '1']);
    const p = host.progress(id)!;
    expect(p.status).toBe('expired');
    expect(p.filledQuantity.toString()).toBe('1.8');
  });
});

describe('iceberg', () => {
  it('shows only the display quantity, one child at a time, and replenishes when it has filled', () => {
    // the venue fills at most 1 unit per bar (0.1 % of 1000), so every 2-unit child fills over two bars
    const { kernel, host, children } = algoSetup({ instrument: inst({ lotSize: '1' }), venue: { maxVolumeParticipation: 0.001 } });
    const id = host.start(iceberg({ symbol: 'ABC/USD', side: 'buy', quantity: 5, limitPrice: 99, displayQuantity: 2 }));
    const r = Array.from({ length: 8 }, () => [100, 100.5, 98.5, 100, 1000]);
    kernel.runBarSeries([rows(r)]);
    const c = children();
    expect(c.map(q)).toEqual(['2', '2', '1']);
    expect(c.map((o) => o.request.type)).toEqual(['limit', 'limit', 'limit']);
    // each child was created only once the previous one had filled
    for (let i = 1; i < c.length; i++) {
      expect(c[i - 1]!.status).toBe('filled');
      expect(c[i]!.createdAt).toBeGreaterThanOrEqual(c[i - 1]!.updatedAt);
    }
    const fills = kernel.fills();
    expect(fills.map((f) => f.quantity.toString())).toEqual(['1', '1', '1', '1', '1']);
    expect(fills.every((f) => f.price.toString() === '99')).toBe(true);
    expect(host.progress(id)!.status).toBe('completed');
  });

  it('never has more than the display quantity open (checked after every bar)', () => {
    const { kernel, host, children } = algoSetup({ instrument: inst({ lotSize: '1' }), venue: { maxVolumeParticipation: 0.003 }, allowShort: true });
    const id = host.start(iceberg({ symbol: 'ABC/USD', side: 'sell', quantity: 9, limitPrice: 101, displayQuantity: 4 }));
    let maxOpen = 0;
    for (let i = 0; i < 12; i++) {
      kernel.onMarketEvent(bar(i, 100, 102, 99.5, 100, 1000));
      const open = children().filter((o) => !isTerminalOrderStatus(o.status));
      expect(open.length).toBeLessThanOrEqual(1);
      for (const o of open) maxOpen = Math.max(maxOpen, o.request.quantity.minus(o.filledQuantity).toNumber());
    }
    expect(maxOpen).toBeLessThanOrEqual(4);
    expect(children().map((o) => [q(o), o.status])).toEqual([
      ['4', 'filled'],
      ['4', 'filled'],
      ['1', 'filled'],
    ]);
    expect(host.progress(id)!.status).toBe('completed');
    expect(kernel.portfolio.position('ABC/USD').quantity.toString()).toBe('-9');
  });

  it('expires when what is left is below the instrument minimum (it could never be shown)', () => {
    const { kernel, host, children } = algoSetup({ instrument: inst({ lotSize: '1', minQuantity: '2' }) });
    const id = host.start(iceberg({ symbol: 'ABC/USD', side: 'buy', quantity: 5, limitPrice: 99, displayQuantity: 2 }));
    kernel.runBarSeries([rows(Array.from({ length: 4 }, () => [100, 100.5, 98.5, 100, 1000]))]);
    expect(children().map((o) => [q(o), o.status])).toEqual([
      ['2', 'filled'],
      ['2', 'filled'],
    ]);
    const p = host.progress(id)!;
    expect(p.status).toBe('expired');
    expect(p.reason).toMatch(/^1 left: .*below the minimum 2/);
  });

  it('a rejected display child is retried at the next market event, not in a loop', () => {
    // short selling disabled and no position: the kernel rejects every sell child
    const { kernel, host, children } = algoSetup({ instrument: inst({ lotSize: '1' }) });
    const id = host.start(iceberg({ symbol: 'ABC/USD', side: 'sell', quantity: 9, limitPrice: 101, displayQuantity: 4, maxConsecutiveRejections: 3 }));
    expect(children().map((o) => o.status)).toEqual(['rejected']);
    kernel.onMarketEvent(bar(0, 100, 102, 99.5, 100, 1000));
    expect(children()).toHaveLength(2);
    kernel.onMarketEvent(bar(1, 100, 102, 99.5, 100, 1000));
    expect(children()).toHaveLength(3);
    expect(host.progress(id)!.status).toBe('stopped');
    kernel.onMarketEvent(bar(2, 100, 102, 99.5, 100, 1000));
    expect(children()).toHaveLength(3);
  });
});
