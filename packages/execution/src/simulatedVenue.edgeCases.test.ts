/**
 * Edge cases of the simulated venue found by an adversarial review, each with hand-computed expected fills: orders
 * sent mid-bar (bracket exits) trade from the open of later bars; a post-only limit amended across the market is
 * refused and a plain one then takes liquidity; a stop-limit stop-loss wins the stop/take-profit conflict; the
 * volume cap counts whole lots despite float noise; `insufficientFunds: 'clip'` keeps FOK all-or-nothing and
 * cancels the unaffordable rest. A second review: `fill: 'close'` fills share the bar's volume cap and their capped
 * rest rests; same-millisecond trades each get a chance to fill; slipped (and tick-rounded) prices stay inside the
 * bar; a reduce-only order's rest is canceled once it has closed the position.
 */
import { Price, clientOrderId, createInstrument, createOrderRequest } from '@bot/core-types';
import type { ClientOrderId } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { slippage } from './slippage.js';
import { T0, MIN, bar, fillNumbers as num, instrument, recordingVenue as venue, scripted, series, setup } from '../test/helpers.js';
import type { BracketIds, TradingKernel } from './index.js';

/** A kernel whose strategy sends, on its first bar, a buy limit at 99 with a take-profit at 110 and a stop at 95. */
function bracketAt99(): { kernel: TradingKernel; ids: BracketIds } {
  let ids: BracketIds | undefined;
  const s = scripted('s', {
    0: (ctx) => {
      ids = ctx.submitBracket(
        { symbol: 'ABC/USD', side: 'buy', type: 'limit', quantity: 1, limitPrice: 99, timeInForce: 'GTC' },
        { takeProfit: { limitPrice: 110 }, stopLoss: { stopPrice: 95 } },
      );
    },
  });
  const { kernel } = setup({ strategies: [s] });
  return {
    kernel,
    get ids(): BracketIds {
      return ids!;
    },
  };
}

describe('bracket exits activated mid-bar', () => {
  it('stop-loss must trigger on the next bar when the low (reached first on the path) crosses it', () => {
    const bracket = bracketAt99();
    const { kernel } = bracket;
    kernel.runBarSeries([
      series([
        [100, 100.5, 99.5, 100], // bar 0: decision
        // bar 1: path 100 -> 100.5 (nearer) -> 98 -> 100; entry limit 99 touched at pos 1.6
        [100, 100.5, 98, 100],
        // bar 2: h-o = 3.5 > o-l = 2 -> low first: 96 -> 94 -> 99.5 -> 99. The stop 95 is crossed at pos 0.5.
        [96, 99.5, 94, 99],
        [99, 99.5, 98.5, 99],
      ]),
    ]);
    const fills = kernel.fills().map((f) => [f.clientOrderId, f.price.toString(), f.time]);
    // expected: entry at 99 (bar 1), stop-loss at 95 on bar 2
    expect(fills).toEqual([
      [bracket.ids.entry, '99', T0 + MIN],
      [bracket.ids.stopLoss, '95', T0 + 2 * MIN],
    ]);
  });

  it('a gap through the stop-loss on the next bar fills at that bar open', () => {
    const bracket = bracketAt99();
    const { kernel } = bracket;
    kernel.runBarSeries([
      series([
        [100, 100.5, 99.5, 100],
        [100, 100.5, 98, 100], // entry at 99, pos 1.6
        [90, 96, 89, 95], // gap below the stop: low first 90 -> 89 -> 96 -> 95: expected fill at the open 90
      ]),
    ]);
    const fills = kernel.fills().map((f) => [f.clientOrderId, f.price.toString()]);
    expect(fills).toEqual([
      [bracket.ids.entry, '99'],
      [bracket.ids.stopLoss, '90'],
    ]);
  });
});

describe("OCO stop-first with a stop-limit stop-loss", () => {
  it('TP limit 103 and SL stop-limit (stop 97, limit 97.5) both trigger in one bar -> stop-first default must exit via SL', () => {
    let ids: readonly ClientOrderId[] = [];
    const s = scripted('s', {
      0: (ctx) => ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'market', quantity: 1 }),
      1: (ctx) => {
        ids = ctx.submitOco([
          { symbol: 'ABC/USD', side: 'sell', type: 'limit', quantity: 1, limitPrice: 103, reduceOnly: true },
          { symbol: 'ABC/USD', side: 'sell', type: 'stop-limit', quantity: 1, stopPrice: 97, limitPrice: 97.5, reduceOnly: true },
        ]);
      },
    });
    const { kernel } = setup({ strategies: [s] });
    // bar 2: h-o = 4 < o-l = 5 -> high first: 100 -> 104 (TP 103 touched) -> 95 (SL triggers at 97) -> 100 (SL limit 97.5 reached)
    kernel.runBarSeries([series([[100, 100, 100, 100], [100, 100, 100, 100], [100, 104, 95, 100]])]);
    const fills = kernel.fills().slice(1).map((f) => [f.clientOrderId, f.price.toString()]);
    expect(fills).toEqual([[ids[1], '97.5']]); // before the fix: the take-profit at 103
  });
});

describe("FOK with insufficientFunds: 'clip'", () => {
  it('a FOK buy that cash cannot fully pay is canceled without any fill (all or nothing)', () => {
    let id: ClientOrderId | undefined;
    const s = scripted('s', {
      0: (ctx) => {
        id = ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'market', quantity: 10, timeInForce: 'FOK' });
      },
    });
    // cash 500 buys ~5 at 100: FOK for 10 must not fill
    const { kernel } = setup({ strategies: [s], cash: 500, venue: { insufficientFunds: 'clip' } });
    kernel.runBarSeries([series([[100, 101, 99, 100], [100, 101, 99, 100]])]);
    expect(kernel.fills().map((f) => f.quantity.toString())).toEqual([]);
    expect(kernel.orderManager.get(id!)!.status).toBe('canceled');
  });
});

describe("insufficientFunds: 'clip' cancels the rest", () => {
  it('a GTC limit buy larger than cash fills what cash pays and the rest is canceled at once (README: "filled for what the cash pays (clip)", option doc: "fill what the cash pays for, cancel the rest")', () => {
    let statusAfterBar1: unknown;
    const s = scripted('s', {
      0: (ctx) => { ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'limit', quantity: 10, limitPrice: 100, timeInForce: 'GTC' }); },
      1: (ctx) => { statusAfterBar1 = ctx.openOrders().map((o) => [o.clientOrderId, o.status, o.filledQuantity.toString()]); },
    });
    const { kernel } = setup({ strategies: [s], cash: 500, instruments: [instrument({ makerFee: '0', takerFee: '0' })], venue: { insufficientFunds: 'clip' } });
    kernel.runBarSeries([series([[100, 100, 100, 100], [100, 100, 100, 100], [100, 100, 100, 100]])]);
    // bar 1: fills 5 @ 100 with 500 cash, remainder 5 canceled
    expect(kernel.fills().map((f) => f.quantity.toString())).toEqual(['5']);
    expect(statusAfterBar1).toEqual([]); // before the fix: [[id, 'partially-filled', '5']], the rest still live
  });
});

describe('amend to a marketable price', () => {
  it('a post-only limit amended to a price marketable at the next open must not fill (it would take liquidity)', () => {
    const t = venue();
    const id = t.submit({ side: 'buy', type: 'limit', quantity: 1, limitPrice: 95, postOnly: true });
    t.feed(0, 100, 101, 99, 100); // rests
    t.v.amendOrder(id, { limitPrice: Price.of(105) });
    t.feed(1, 100, 101, 99, 100); // 100 <= 105: marketable on the amended order's arrival
    // before the fix: filled 1 @ 100 as maker (fee 0.02)
    expect(t.fills().map(num)).toEqual([]);
  });
  it('a plain limit amended to a marketable price pays taker at the next open', () => {
    const t = venue();
    const id = t.submit({ side: 'buy', type: 'limit', quantity: 1, limitPrice: 95 });
    t.feed(0, 100, 101, 99, 100);
    t.v.amendOrder(id, { limitPrice: Price.of(105) });
    t.feed(1, 100, 101, 99, 100);
    expect(t.fills().map(num)).toEqual([{ qty: '1', price: '100', fee: '0.1', liq: 'taker', time: T0 + MIN }]);
  });
});

describe('volume participation cap: lot rounding', () => {
  it('0.1 of a 0.7 volume with lot 0.001 caps at 0.07 (70 lots), not 0.069', () => {
    const t = venue({ maxVolumeParticipation: 0.1 });
    t.submit({ side: 'buy', type: 'market', quantity: 1, timeInForce: 'GTC' });
    t.feed(0, 100, 101, 99, 100, 0.7);
    expect(t.fills().map((f) => f.quantity.toString())).toEqual(['0.07']);
  });
  it('0.01 of a 30 volume with lot 0.1 caps at 0.3 (3 lots), not 0.2', () => {
    const lot01 = createInstrument({ symbol: 'ABC/USD', tickSize: '0.01', lotSize: '0.1', makerFee: '0', takerFee: '0' });
    const t = venue({ maxVolumeParticipation: 0.01 }, [lot01]);
    t.submit({ side: 'buy', type: 'market', quantity: 1, timeInForce: 'GTC' });
    t.feed(0, 100, 101, 99, 100, 30);
    expect(t.fills().map((f) => f.quantity.toString())).toEqual(['0.3']);
  });
});


describe("fill: 'close' with a volume cap", () => {
  // bar 0: o 100, h 101, l 99, c 100.5, volume 100; maxVolumeParticipation 0.1 -> 10 units per bar for all fills
  it('two market orders filling at one close share the cap: 8 + 2, not 8 + 8', () => {
    const t = venue({ fill: 'close', maxVolumeParticipation: 0.1 });
    t.feed(0, 100, 101, 99, 100.5, 100);
    t.submit({ side: 'buy', type: 'market', quantity: 8, timeInForce: 'IOC' });
    t.submit({ side: 'buy', type: 'market', quantity: 8, timeInForce: 'IOC' });
    // 8 * 100.5 = 804, fee 0.804; 2 * 100.5 = 201, fee 0.201 (before the fix: a second 8 @ 100.5, 16 > 10)
    expect(t.fills().map(num)).toEqual([
      { qty: '8', price: '100.5', fee: '0.804', liq: 'taker', time: T0 + MIN },
      { qty: '2', price: '100.5', fee: '0.201', liq: 'taker', time: T0 + MIN },
    ]);
    expect(t.statusOf('o-2')).toEqual(['order-accepted', 'order-canceled']); // IOC: the rest (6) canceled
  });

  it('a close fill shares the cap with the fills earlier in the same bar', () => {
    const t = venue({ fill: 'close', maxVolumeParticipation: 0.1 });
    t.submit({ side: 'buy', type: 'limit', quantity: 5, limitPrice: 99.5 }); // rests from T0
    // tie h - o = o - l = 1 -> high first: 100 -> 101 -> 99 -> 100.5; the limit is touched at 99.5: 5 @ 99.5 maker
    t.feed(0, 100, 101, 99, 100.5, 100);
    t.submit({ side: 'buy', type: 'market', quantity: 8, timeInForce: 'IOC' });
    // 10 - 5 = 5 left on bar 0: 5 @ 100.5 (before the fix: 8)
    expect(t.fills().map(num)).toEqual([
      { qty: '5', price: '99.5', fee: '0.0995', liq: 'maker', time: T0 },
      { qty: '5', price: '100.5', fee: '0.5025', liq: 'taker', time: T0 + MIN },
    ]);
  });

  it('the capped rest of a GTC market order rests and fills at the open of the next bars, capped again', () => {
    const t = venue({ fill: 'close', maxVolumeParticipation: 0.1 });
    t.feed(0, 100, 101, 99, 100.5, 100);
    const id = t.submit({ side: 'buy', type: 'market', quantity: 25, timeInForce: 'GTC' });
    t.feed(1, 101, 102, 100, 101.5, 100); // cap 10: 10 @ the open 101
    t.feed(2, 102, 103, 101, 102, 50); // cap 5: the last 5 @ 102
    // before the fix: 10 @ 100.5, then the rest (15) canceled
    expect(t.fills().map(num)).toEqual([
      { qty: '10', price: '100.5', fee: '1.005', liq: 'taker', time: T0 + MIN },
      { qty: '10', price: '101', fee: '1.01', liq: 'taker', time: T0 + MIN },
      { qty: '5', price: '102', fee: '0.51', liq: 'taker', time: T0 + 2 * MIN },
    ]);
    expect(t.statusOf(id)).toEqual(['order-accepted']);
    expect(t.v.closedStatus(id)).toBe('filled');
  });
});

describe("fill: 'close' orders sent while a bar is matched", () => {
  it('share the cap with that bar and rest for the next bar, not for the rest of the same bar', () => {
    const t = venue({ fill: 'close', maxVolumeParticipation: 0.1 });
    t.submit({ side: 'buy', type: 'limit', quantity: 4, limitPrice: 99.5 });
    // like a strategy's onFill: a market order sent from the first fill, while bar 0 is still being matched
    t.v.setEventHandler((e) => {
      t.events.push(e);
      if (e.type === 'fill' && e.fill.clientOrderId === 'o-1') t.submit({ side: 'buy', type: 'market', quantity: 10, timeInForce: 'GTC' });
    });
    t.feed(0, 100, 101, 99, 100.5, 100); // high first; the limit fills 4 @ 99.5; cap 10 - 4 = 6 left for the close
    t.feed(1, 101, 102, 100, 101.5, 100); // the rest, 4 @ the open 101
    expect(t.fills().map(num)).toEqual([
      { qty: '4', price: '99.5', fee: '0.0796', liq: 'maker', time: T0 },
      { qty: '6', price: '100.5', fee: '0.603', liq: 'taker', time: T0 },
      { qty: '4', price: '101', fee: '0.404', liq: 'taker', time: T0 + MIN },
    ]);
  });
});

describe("fill: 'close' orders of another symbol sent while a bar is matched", () => {
  it("do not leak that symbol's bar into the rest of the match (range, slippage)", () => {
    const xyz = createInstrument({ symbol: 'XYZ/USD', tickSize: '0.01', lotSize: '0.001', makerFee: '0.0002', takerFee: '0.001' });
    const abc = createInstrument({ symbol: 'ABC/USD', tickSize: '0.01', lotSize: '0.001', makerFee: '0.0002', takerFee: '0.001' });
    const t = venue({ fill: 'close', slippage: slippage.fixedBps(100) }, [abc, xyz]);
    t.v.onMarketEvent(bar(0, 50, 51, 49, 50.5, 1_000, 'XYZ/USD'));
    t.v.setEventHandler((e) => {
      t.events.push(e);
      if (e.type === 'fill' && e.fill.clientOrderId === 'o-1') {
        t.v.submitOrder(clientOrderId('x-1'), createOrderRequest({ symbol: 'XYZ/USD', side: 'buy', type: 'market', quantity: 1 }));
      }
    });
    t.submit({ side: 'buy', type: 'limit', quantity: 1, limitPrice: 102 }); // marketable at the open: taker
    t.submit({ side: 'sell', type: 'stop', quantity: 1, stopPrice: 95 });
    // ABC bar: o - l = 6 > h - o = 1 -> high first: 100 -> 101 -> 94 -> 96
    t.feed(0, 100, 101, 94, 96);
    expect(t.fills().map((f) => [f.clientOrderId, ...Object.values(num(f))])).toEqual([
      ['o-1', '1', '101', '0.101', 'taker', T0], // 100 * 1.01 = 101, inside [94, 101]
      ['x-1', '1', '51', '0.051', 'taker', T0], // XYZ close 50.5 * 1.01 = 51.005 -> 51.01 -> XYZ high 51
      ['o-2', '1', '94.05', '0.09405', 'taker', T0], // 95 * 0.99 = 94.05, inside ABC's [94, 101] (not XYZ's)
    ]);
  });
});

describe('paper mode: several trades in one millisecond', () => {
  const trade = (time: number, price: number, quantity = 5) => ({ type: 'trade' as const, symbol: 'ABC/USD', time, price, quantity, aggressor: 'sell' as const });

  it('a resting limit crossed by the second trade of the same ms fills on it', () => {
    const t = venue();
    t.submit({ side: 'buy', type: 'limit', quantity: 1, limitPrice: 99 }); // at T0
    t.clock.advanceTo(T0 + 1000);
    t.v.onMarketEvent(trade(T0 + 1000, 100)); // evaluated, not crossed
    t.v.onMarketEvent(trade(T0 + 1000, 98.5)); // same ms, crosses the resting limit: fills at the print, maker
    // 98.5 * 0.0002 = 0.0197 (before the fix: no fill, the order was skipped as already seen at this time)
    expect(t.fills().map(num)).toEqual([{ qty: '1', price: '98.5', fee: '0.0197', liq: 'maker', time: T0 + 1000 }]);
  });

  it('latency still holds: an order sent after a trade does not fill on a later trade of that ms before it is live', () => {
    const t = venue({ latencyMs: 500 });
    t.clock.advanceTo(T0 + 1000);
    t.v.onMarketEvent(trade(T0 + 1000, 100));
    t.submit({ side: 'buy', type: 'limit', quantity: 1, limitPrice: 99 }); // live at T0 + 1500
    t.v.onMarketEvent(trade(T0 + 1000, 98.5));
    t.v.onMarketEvent(trade(T0 + 1000, 98.6));
    expect(t.fills()).toEqual([]);
    t.v.onMarketEvent(trade(T0 + 1500, 98.7)); // first print at or after activation: marketable on arrival, taker
    expect(t.fills().map(num)).toEqual([{ qty: '1', price: '98.7', fee: '0.0987', liq: 'taker', time: T0 + 1500 }]);
  });
});

describe('slipped fills stay inside the bar', () => {
  it('a buy at an open that is the high is not slipped above the high', () => {
    const t = venue({ slippage: slippage.fixedBps(100) });
    t.submit({ side: 'buy', type: 'market', quantity: 1 });
    t.feed(0, 100, 100, 99, 99.5); // 100 * 1.01 = 101 > high 100 -> 100 (before the fix: 101)
    expect(t.fills().map(num)).toEqual([{ qty: '1', price: '100', fee: '0.1', liq: 'taker', time: T0 }]);
  });

  it('a sell stop triggered near the low is not slipped below the low', () => {
    const t = venue({ slippage: slippage.fixedBps(100) });
    t.submit({ side: 'sell', type: 'stop', quantity: 1, stopPrice: 95 });
    // o - l = 5.1 > h - o = 1 -> high first: 100 -> 101 -> 94.9 -> 96; stop 95 hit; 95 * 0.99 = 94.05 < low 94.9 -> 94.9
    t.feed(0, 100, 101, 94.9, 96);
    expect(t.fills().map(num)).toEqual([{ qty: '1', price: '94.9', fee: '0.0949', liq: 'taker', time: T0 }]);
  });

  it("fill: 'close' clamps into the decision bar's range too", () => {
    const t = venue({ fill: 'close', slippage: slippage.fixedBps(100) });
    t.feed(0, 100, 101, 99, 101); // closes at its high
    t.submit({ side: 'buy', type: 'market', quantity: 1 }); // 101 * 1.01 = 102.01 > 101 -> 101
    expect(t.fills().map(num)).toEqual([{ qty: '1', price: '101', fee: '0.101', liq: 'taker', time: T0 + MIN }]);
  });

  it('a trailing stop rounded to the tick stays inside a bar whose prices are finer than the tick', () => {
    const t = venue();
    t.submit({ side: 'sell', type: 'trailing-stop', quantity: 1, trailingOffset: 100, trailingOffsetType: 'bps' });
    // path 100.05 -> 100.05 -> 99.045 -> 99.5: stop 100.05 * 0.99 = 99.0495 is hit on the way down; rounded down to
    // the tick that is 99.04, below the low 99.045 -> 99.045 (before the fix: 99.04)
    t.feed(0, 100.05, 100.05, 99.045, 99.5);
    expect(t.fills().map(num)).toEqual([{ qty: '1', price: '99.045', fee: '0.099045', liq: 'taker', time: T0 }]);
  });

  it('a trade has no range: its fills keep their slippage', () => {
    const t = venue({ slippage: slippage.fixedBps(100) });
    t.submit({ side: 'buy', type: 'market', quantity: 1 });
    t.v.onMarketEvent({ type: 'trade', symbol: 'ABC/USD', time: T0, price: 100, quantity: 5, aggressor: 'buy' });
    expect(t.fills().map(num)).toEqual([{ qty: '1', price: '101', fee: '0.101', liq: 'taker', time: T0 }]);
  });
});

describe('reduce-only orders larger than the position', () => {
  it('fill what the position holds and cancel the rest at once: a later position is not traded by the leftover', () => {
    let ids: { tp?: ClientOrderId } = {};
    const s = scripted('s', {
      0: (ctx) => ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'market', quantity: 10 }),
      1: (ctx) => {
        ids = { tp: ctx.submitOrder({ symbol: 'ABC/USD', side: 'sell', type: 'limit', quantity: 10, limitPrice: 105, reduceOnly: true }) };
        ctx.submitOrder({ symbol: 'ABC/USD', side: 'sell', type: 'market', quantity: 5 });
      },
      2: (ctx) => ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'market', quantity: 10 }),
    });
    const { kernel } = setup({ strategies: [s] });
    kernel.runBarSeries([
      series([
        [100, 100, 100, 100],
        [100, 101, 99, 100], // buy 10 @ 100
        [100, 106, 99, 105], // market sell 5 @ 100 (open); the take-profit touches 105: reduce-only, 5 left to sell
        [104, 106, 103, 105], // buy 10 @ 104; 105 touched again
        [105, 105, 105, 105],
      ]),
    ]);
    const fills = kernel.fills().map((f) => [f.side, f.quantity.toString(), f.price.toString()]);
    // before the fix the take-profit's rest (5) stayed live and sold 5 of the new position @ 105 on bar 3
    expect(fills).toEqual([
      ['buy', '10', '100'],
      ['sell', '5', '100'],
      ['sell', '5', '105'],
      ['buy', '10', '104'],
    ]);
    expect(kernel.portfolio.position('ABC/USD').quantity.toString()).toBe('10');
    expect(kernel.orderManager.get(ids.tp!)!.status).toBe('canceled');
  });
});
