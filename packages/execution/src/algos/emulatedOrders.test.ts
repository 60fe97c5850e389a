import { TradingMode } from '@bot/core-types';
import type { Bar, Strategy } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import type { KernelStrategyContext } from '../kernelStrategyContext.js';
import { MIN, T0, algoSetup, rows } from './algoTestKit.js';
import type { AlgoHost } from './algoHost.js';
import { bracket, oco, trailingStop, twap } from './parentOrders.js';
import { PermissiveRiskGate } from '../permissiveRiskGate.js';
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

describe('emulation on trades, native OCO, and modes', () => {
  const trade = (ms: number, price: number) => ({ type: 'trade' as const, symbol: 'ABC/USD', time: T0 + ms, price, quantity: 1, tradeId: `t${ms}`, aggressor: 'buy' as const });

  it('a buy trailing stop on trades follows the lowest price and covers a short when a trade reaches it', () => {
    const { kernel, host, children, clock } = algoSetup({ allowShort: true });
    const step = (ms: number, price: number) => {
      clock.advanceTo(T0 + ms);
      kernel.onMarketEvent(trade(ms, price));
    };
    step(0, 100);
    // open a short of 1 with a market child of a one-slice TWAP (fills at the next trade)
    host.start(twapOne('sell'));
    step(1000, 100);
    step(2000, 100); // TWAP child fills here at 100
    expect(kernel.portfolio.position('ABC/USD').quantity.toString()).toBe('-1');
    const id = host.start(trailingStop({ symbol: 'ABC/USD', side: 'buy', quantity: 1, trailingOffset: 1.5 }));
    for (const [ms, p] of [[3000, 99], [4000, 97], [5000, 98], [6000, 98.4], [7000, 98.5], [8000, 98.6]] as const) step(ms, p);
    // lowest 97 -> stop 98.5: 98 and 98.4 do not reach it, 98.5 does (child at 7000), filled by the next trade at 98.6
    const kids = children().filter((o) => host.parentOf(o.clientOrderId) === id);
    expect(kids.map((o) => [o.request.type, o.request.side, o.createdAt - T0, o.status])).toEqual([['market', 'buy', 7000, 'filled']]);
    expect(kernel.fills().at(-1)!.price.toString()).toBe('98.6');
    expect(host.progress(id)!.status).toBe('completed');
  });

  it('uses the kernel OCO when the venue supports it', () => {
    const r = run(oco({ symbol: 'ABC/USD', side: 'sell', quantity: 1, reduceOnly: true, legs: [{ type: 'limit', limitPrice: 110 }, { type: 'stop', stopPrice: 95 }] }), [
      [100, 101, 99, 100],
      [100, 101, 99, 100],
      [100, 101, 94, 96],
      [97, 98, 96, 97],
    ], { oco: true, stopOrders: true });
    expect(r.progress.emulated).toBe(false);
    expect(r.kids.map((o) => [o.request.type, o.status])).toEqual([
      ['limit', 'canceled'],
      ['stop', 'filled'],
    ]);
    expect(r.progress.status).toBe('completed');
  });

  it('a stop triggered while paused is held, and sent at the first market event back in normal mode', () => {
    const gate = new PermissiveRiskGate();
    const { kernel, host, children, clock } = algoSetup({ gate });
    const step = (ms: number, price: number) => {
      clock.advanceTo(T0 + ms);
      kernel.onMarketEvent(trade(ms, price));
    };
    step(0, 100);
    host.start(twapOne('buy'));
    step(1000, 100);
    step(2000, 100); // long 1
    const id = host.start(oco({ symbol: 'ABC/USD', side: 'sell', quantity: 1, reduceOnly: true, legs: [{ type: 'limit', limitPrice: 110 }, { type: 'stop', stopPrice: 95 }] }));
    gate.requestMode({ mode: TradingMode.Pause, source: 'test', reason: 'test', time: clock.now() });
    // the resting take-profit is reduce-only: pause leaves it alone
    expect(children().filter((o) => host.parentOf(o.clientOrderId) === id).map((o) => o.status)).toEqual(['submitted']);
    step(3000, 94); // stop reached: it wins (the take-profit is canceled) but its market child is held
    expect(host.progress(id)!.held).toBe(true);
    step(4000, 93);
    const legs = () => children().filter((o) => host.parentOf(o.clientOrderId) === id);
    expect(legs().map((o) => [o.request.type, o.status])).toEqual([['limit', 'canceled']]);
    gate.requestMode({ mode: TradingMode.Normal, source: 'test', reason: 'test', time: clock.now() });
    step(5000, 93.5); // sent now
    step(6000, 93.4); // filled
    expect(legs().map((o) => [o.request.type, o.createdAt - T0, o.status])).toEqual([
      ['limit', 2000, 'canceled'],
      ['market', 5000, 'filled'],
    ]);
    expect(kernel.portfolio.position('ABC/USD').quantity.isZero()).toBe(true);
    expect(host.progress(id)!.status).toBe('completed');
  });
});

function twapOne(side: 'buy' | 'sell') {
  return twap({ symbol: 'ABC/USD', side, quantity: 1, startTime: T0 + 500, endTime: T0 + 1500, slices: 1 });
}
