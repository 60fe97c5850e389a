import type { Bar, Strategy } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import type { KernelStrategyContext } from '../kernelStrategyContext.js';
import { MIN, T0, algoSetup, rows } from './algoTestKit.js';
import type { AlgoHost } from './algoHost.js';
import { bracket, oco, trailingStop } from './parentOrders.js';
import type { ParentOrder } from './parentOrders.js';
import type { ParentOrderId } from './parentRuntime.js';
import type { VenueCapabilities } from './venueCapabilities.js';

/** Buys 1 at market on bar 0 (fills at bar 1's open), then starts `parent` on bar 1. */
function longThen(hostRef: { host?: AlgoHost; id?: ParentOrderId }, parent: ParentOrder): Strategy {
  let n = 0;
  return {
    id: 'trader',
    onBar(_b: Bar, ctx) {
      if (n === 0) (ctx as KernelStrategyContext).submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'market', quantity: 1 });
      if (n === 1) hostRef.id = hostRef.host!.start(parent);
      n++;
    },
  };
}

function run(parent: ParentOrder, bars: number[][], capabilities: Partial<VenueCapabilities> = {}) {
  const ref: { host?: AlgoHost; id?: ParentOrderId } = {};
  const s = algoSetup({ strategies: [longThen(ref, parent)], host: { capabilities } });
  ref.host = s.host;
  s.kernel.runBarSeries([rows(bars)]);
  const id = ref.id!;
  return { ...s, id, progress: s.host.progress(id)!, kids: s.children() };
}

const describeChild = (o: { request: { type: string; side: string; reduceOnly: boolean; tag?: string }; status: string; createdAt: number }) => [
  o.request.type,
  o.request.side,
  o.request.reduceOnly,
  o.status,
  (o.createdAt - T0) / MIN,
];

describe('emulated trailing stop (venue without trailing stops)', () => {
  const bars = [
    [100, 101, 99, 100],
    [100, 101, 99, 100], // long 1 @ 100; trailing stop starts: extreme 100 (last close), stop 98
    [101, 105, 103.5, 104], // low 103.5 > 98; extreme -> 105, stop 103; close 104 > 103
    [104, 104.5, 102.9, 103.5], // low 102.9 <= 103: triggered at this close (T0+4m)
    [103, 103.5, 102, 103], // market child fills at the open, 103
  ];

  it('follows the highest price and sends a reduce-only market sell when the market trades through the stop', () => {
    const r = run(trailingStop({ symbol: 'ABC/USD', side: 'sell', quantity: 1, trailingOffset: 2 }), bars);
    expect(r.progress.emulated).toBe(true);
    expect(r.kids.map(describeChild)).toEqual([['market', 'sell', true, 'filled', 4]]);
    const last = r.kernel.fills().at(-1)!;
    expect([last.side, last.price.toString(), (last.time - T0) / MIN]).toEqual(['sell', '103', 4]);
    expect(r.progress.status).toBe('completed');
    expect(r.kernel.portfolio.position('ABC/USD').quantity.isZero()).toBe(true);
  });

  it('an offset in bps: 150 bps under 105 is 103.425; bar 3 low 102.9 triggers, a wider 300 bps (101.85) does not', () => {
    const hit = run(trailingStop({ symbol: 'ABC/USD', side: 'sell', quantity: 1, trailingOffset: 150, trailingOffsetType: 'bps' }), bars);
    expect(hit.kids.map(describeChild)).toEqual([['market', 'sell', true, 'filled', 4]]);
    const miss = run(trailingStop({ symbol: 'ABC/USD', side: 'sell', quantity: 1, trailingOffset: 300, trailingOffsetType: 'bps' }), bars);
    expect(miss.kids).toHaveLength(0);
    expect(miss.progress.status).toBe('working');
  });

  it('is sent natively when the venue supports trailing stops', () => {
    const r = run(trailingStop({ symbol: 'ABC/USD', side: 'sell', quantity: 1, trailingOffset: 2 }), bars, { trailingStop: true });
    expect(r.progress.emulated).toBe(false);
    expect(r.kids.map((o) => o.request.type)).toEqual(['trailing-stop']);
  });
});

describe('emulated OCO (venue without OCO or stop orders)', () => {
  const exits = oco({ symbol: 'ABC/USD', side: 'sell', quantity: 1, reduceOnly: true, legs: [{ type: 'limit', limitPrice: 110 }, { type: 'stop', stopPrice: 95 }] });

  it('the watched stop triggers on a bar low through it: the resting take-profit is canceled, a market sell fills next open', () => {
    const r = run(exits, [
      [100, 101, 99, 100],
      [100, 101, 99, 100],
      [100, 101, 94, 96], // low 94 <= 95: triggered at T0+3m
      [97, 98, 96, 97], // fills at 97
    ]);
    expect(r.progress.emulated).toBe(true);
    expect(r.kids.map(describeChild)).toEqual([
      ['limit', 'sell', true, 'canceled', 2],
      ['market', 'sell', true, 'filled', 3],
    ]);
    expect(r.kernel.fills().at(-1)!.price.toString()).toBe('97');
    expect(r.progress.status).toBe('completed');
  });

  it('the take-profit fills at the venue: the watched stop is disarmed and never fires', () => {
    const r = run(exits, [
      [100, 101, 99, 100],
      [100, 101, 99, 100],
      [100, 111, 99, 105], // TP 110 fills
      [100, 100, 90, 92], // would have hit the stop
      [92, 93, 91, 92],
    ]);
    expect(r.kids.map(describeChild)).toEqual([['limit', 'sell', true, 'filled', 2]]);
    expect(r.kernel.fills().at(-1)!.price.toString()).toBe('110');
    expect(r.progress.status).toBe('completed');
    expect(r.kernel.portfolio.position('ABC/USD').quantity.isZero()).toBe(true);
  });

  it('with native stop orders (but no OCO) both legs rest and the host cancels the stop when the take-profit fills', () => {
    const r = run(exits, [[100, 101, 99, 100], [100, 101, 99, 100], [100, 101, 99, 100], [100, 111, 99, 105], [100, 100, 90, 92]], { stopOrders: true });
    expect(r.kids.map(describeChild)).toEqual([
      ['limit', 'sell', true, 'filled', 2],
      ['stop', 'sell', true, 'canceled', 2],
    ]);
  });
});

describe('emulated bracket (venue without brackets or stop orders)', () => {
  const entry = bracket({ symbol: 'ABC/USD', side: 'buy', quantity: 1, takeProfitPrice: 110, stopLossPrice: 95 });

  function runBracket(bars: number[][], capabilities: Partial<VenueCapabilities> = {}) {
    const s = algoSetup({ host: { capabilities } });
    const id = s.host.start(entry); // market entry now: fills at bar 0's open
    s.kernel.runBarSeries([rows(bars)]);
    return { ...s, id, progress: s.host.progress(id)!, kids: s.children() };
  }

  it('arms the exits for the filled entry; the stop-loss triggers, cancels the take-profit and exits at market', () => {
    const r = runBracket([
      [100, 101, 99, 100], // entry fills at 100, exits armed
      [100, 101, 94, 96], // low 94 <= 95: stop triggered at T0+2m
      [97, 98, 96, 97], // exit fills at 97
    ]);
    expect(r.progress.emulated).toBe(true);
    expect(r.kids.map((o) => [o.request.tag, o.request.type, o.request.side, o.request.reduceOnly, o.status])).toEqual([
      ['entry', 'market', 'buy', false, 'filled'],
      ['take-profit', 'limit', 'sell', true, 'canceled'],
      ['stop-loss', 'market', 'sell', true, 'filled'],
    ]);
    expect(r.kernel.fills().map((f) => [f.side, f.price.toString()])).toEqual([
      ['buy', '100'],
      ['sell', '97'],
    ]);
    expect(r.progress.status).toBe('completed');
    expect(r.progress.filledQuantity.toString()).toBe('1');
  });

  it('the take-profit fills and the stop-loss never fires', () => {
    const r = runBracket([[100, 101, 99, 100], [100, 111, 99, 105], [100, 100, 90, 92]]);
    expect(r.kids.map((o) => [o.request.tag, o.status])).toEqual([
      ['entry', 'filled'],
      ['take-profit', 'filled'],
    ]);
    expect(r.kernel.portfolio.position('ABC/USD').quantity.isZero()).toBe(true);
    expect(r.progress.status).toBe('completed');
  });

  it('uses the kernel bracket when the venue supports it', () => {
    const r = runBracket([[100, 101, 99, 100], [100, 111, 99, 105]], { bracket: true });
    expect(r.progress.emulated).toBe(false);
    expect(r.kids.map((o) => [o.request.tag, o.status])).toEqual([
      ['entry', 'filled'],
      ['take-profit', 'filled'],
      ['stop-loss', 'canceled'],
    ]);
    expect(r.progress.status).toBe('completed');
  });
});
