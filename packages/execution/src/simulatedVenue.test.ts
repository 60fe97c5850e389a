import { Decimal } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import type { SimulatedVenueOptions } from './simulatedVenue.js';
import { slippage } from './slippage.js';
import { T0, MIN, fillNumbers as num, recordingVenue as venue } from '../test/helpers.js';

describe('SimulatedVenue: market orders', () => {
  it('fills at the open of the next bar (taker fee on notional)', () => {
    const t = venue();
    t.submit({ side: 'buy', type: 'market', quantity: 2 });
    t.feed(0, 100, 101, 99, 100.5);
    // 2 * 100 = 200 notional, taker 0.1% = 0.2
    expect(t.fills().map(num)).toEqual([{ qty: '2', price: '100', fee: '0.2', liq: 'taker', time: T0 }]);
  });

  it("fill: 'close' fills at the last close immediately (look-ahead-prone mode)", () => {
    const t = venue({ fill: 'close' });
    t.feed(0, 100, 101, 99, 100.5);
    t.submit({ side: 'sell', type: 'market', quantity: 1 });
    expect(t.fills().map(num)).toEqual([{ qty: '1', price: '100.5', fee: '0.1005', liq: 'taker', time: T0 + MIN }]);
  });

  it('latency delays activation to the first bar opening at or after submit + latency', () => {
    const t = venue({ latencyMs: 90_000 });
    t.submit({ side: 'buy', type: 'market', quantity: 1, timeInForce: 'GTC' }); // at T0, live at T0 + 1.5 min
    t.feed(0, 100, 101, 99, 100);
    t.feed(1, 101, 102, 100, 101);
    expect(t.fills()).toHaveLength(0);
    t.feed(2, 102, 103, 101, 102);
    expect(t.fills().map((f) => [f.price.toString(), f.time])).toEqual([['102', T0 + 2 * MIN]]);
  });
});

describe('SimulatedVenue: limit orders', () => {
  it('a resting buy limit fills at the limit when the low reaches it (maker)', () => {
    const t = venue();
    t.submit({ side: 'buy', type: 'limit', quantity: 1, limitPrice: 98 });
    t.feed(0, 100, 101, 97.5, 99);
    // 98 * 1 * 0.0002 = 0.0196
    expect(t.fills().map(num)).toEqual([{ qty: '1', price: '98', fee: '0.0196', liq: 'maker', time: T0 }]);
  });

  it('a resting buy limit fills at a better open when the market gaps through it (maker)', () => {
    const t = venue();
    t.submit({ side: 'buy', type: 'limit', quantity: 1, limitPrice: 98 });
    t.feed(0, 100, 101, 99, 100); // not reached
    t.feed(1, 96, 97, 95, 96.5); // gaps below the limit
    expect(t.fills().map(num)).toEqual([{ qty: '1', price: '96', fee: '0.0192', liq: 'maker', time: T0 + MIN }]);
  });

  it('a limit marketable on arrival takes liquidity at the open', () => {
    const t = venue();
    t.submit({ side: 'sell', type: 'limit', quantity: 1, limitPrice: 99 });
    t.feed(0, 100, 101, 99.5, 100);
    expect(t.fills().map(num)).toEqual([{ qty: '1', price: '100', fee: '0.1', liq: 'taker', time: T0 }]);
  });

  it('rejects a post-only limit that would take liquidity on arrival', () => {
    const t = venue();
    const id = t.submit({ side: 'buy', type: 'limit', quantity: 1, limitPrice: 101, postOnly: true });
    t.feed(0, 100, 101, 99, 100);
    expect(t.fills()).toHaveLength(0);
    expect(t.statusOf(id)).toEqual(['order-rejected']);
  });
});

describe('SimulatedVenue: stops', () => {
  it('a sell stop fills at the stop when the path reaches it', () => {
    const t = venue();
    t.submit({ side: 'sell', type: 'stop', quantity: 1, stopPrice: 95 });
    t.feed(0, 100, 101, 94, 96);
    expect(t.fills().map(num)).toEqual([{ qty: '1', price: '95', fee: '0.095', liq: 'taker', time: T0 }]);
  });

  it('a gap through a sell stop fills at the open', () => {
    const t = venue();
    t.submit({ side: 'sell', type: 'stop', quantity: 1, stopPrice: 95 });
    t.feed(0, 100, 101, 96, 97);
    t.feed(1, 93, 94, 90, 91);
    expect(t.fills().map((f) => [f.price.toString(), f.time])).toEqual([['93', T0 + MIN]]);
  });

  it('a buy stop-limit triggers on the way up and fills at the stop when it is within the limit', () => {
    const t = venue();
    t.submit({ side: 'buy', type: 'stop-limit', quantity: 1, stopPrice: 105, limitPrice: 106 });
    // path: 100 -> 99 (nearer) -> 108 -> 107
    t.feed(0, 100, 108, 99, 107);
    expect(t.fills().map(num)).toEqual([{ qty: '1', price: '105', fee: '0.105', liq: 'taker', time: T0 }]);
  });

  it('a sell stop-limit triggered by a gap below its limit waits on the path for the limit (maker)', () => {
    const t = venue();
    t.submit({ side: 'sell', type: 'stop-limit', quantity: 1, stopPrice: 95, limitPrice: 94 });
    // opens at 93 (stop triggered, below the 94 limit); path 93 -> 92 -> 96 -> 95 reaches 94 on the way up
    t.feed(0, 93, 96, 92, 95);
    expect(t.fills().map(num)).toEqual([{ qty: '1', price: '94', fee: '0.0188', liq: 'maker', time: T0 }]);
  });

  it('a sell trailing stop follows the highs and triggers when price falls back by the offset', () => {
    const t = venue();
    t.feed(-1, 99, 100, 98, 100); // last close 100 = initial reference
    t.clock.advanceTo(T0);
    t.submit({ side: 'sell', type: 'trailing-stop', quantity: 1, trailingOffset: 2 });
    // bar 0 path 101 -> 100.5 -> 104 -> 103: best 104, stop 102, never touched
    t.feed(0, 101, 104, 100.5, 103);
    expect(t.fills()).toHaveLength(0);
    // bar 1 path 103.5 -> 104.5 (best, stop 102.5) -> 101: triggers at 102.5
    t.feed(1, 103.5, 104.5, 101, 101.5);
    expect(t.fills().map((f) => [f.price.toString(), f.time])).toEqual([['102.5', T0 + MIN]]);
  });

  it('trailing offset in bps of the best price', () => {
    const t = venue();
    t.feed(-1, 99, 100, 98, 100);
    t.clock.advanceTo(T0);
    t.submit({ side: 'sell', type: 'trailing-stop', quantity: 1, trailingOffset: 100, trailingOffsetType: 'bps' });
    // path 100 -> 110 -> 95 -> 96 (tie 10/5? no: high is 10 away, low 5 away -> low first: 100 -> 95)
    t.feed(0, 100, 110, 95, 96);
    // low first: from 100 (best 100, stop 99) down to 95 -> triggers at 99
    expect(t.fills().map((f) => f.price.toString())).toEqual(['99']);
  });
});

describe('SimulatedVenue: fees and slippage', () => {
  const openBuy = (options: Partial<SimulatedVenueOptions>, qty = 1, vol = 1_000) => {
    const t = venue(options);
    t.submit({ side: 'buy', type: 'market', quantity: qty });
    t.submit({ side: 'sell', type: 'market', quantity: qty });
    t.feed(0, 100, 104, 96, 101, vol);
    return t.fills().map((f) => f.price.toString());
  };

  it('none', () => expect(openBuy({ slippage: slippage.none() })).toEqual(['100', '100']));
  it('fixedBps(10): 100 * (1 +/- 0.001)', () => expect(openBuy({ slippage: slippage.fixedBps(10) })).toEqual(['100.1', '99.9']));
  it('halfSpread({ spreadBps: 30 }): pays 15 bps, rounded to the tick away from the trader', () => {
    // 100 * 1.0015 = 100.15; 100 * 0.9985 = 99.85
    expect(openBuy({ slippage: slippage.halfSpread({ spreadBps: 30 }) })).toEqual(['100.15', '99.85']);
  });
  it("halfSpread('quotes'): half the last quoted spread", () => {
    const t = venue({ slippage: slippage.halfSpread('quotes') });
    t.v.onMarketEvent({ type: 'quote', symbol: 'ABC/USD', time: T0 - 1, bid: 99.9, bidSize: 1, ask: 100.1, askSize: 1 });
    t.submit({ side: 'buy', type: 'market', quantity: 1 });
    t.feed(0, 100, 104, 96, 101);
    expect(t.fills().map((f) => f.price.toString())).toEqual(['100.1']);
  });
  it('volumeParticipation with a given sigma: price * (1 + k * sigma * sqrt(q / V))', () => {
    // k 0.5, sigma 0.02, q 250 of V 1000: 0.5 * 0.02 * 0.5 = 0.005 -> 100.5 / 99.5
    expect(openBuy({ slippage: slippage.volumeParticipation({ impactCoefficient: 0.5, sigma: 0.02 }) }, 250)).toEqual(['100.5', '99.5']);
  });
  it('volumeParticipation with the Parkinson sigma of the fill bar', () => {
    const sigma = Math.log(104 / 96) / (2 * Math.sqrt(Math.log(2)));
    const buy = 100 * (1 + 1 * sigma * Math.sqrt(100 / 1000));
    const up = new Decimal(buy).toDecimalPlaces(2, Decimal.ROUND_CEIL).toString();
    const prices = openBuy({ slippage: slippage.volumeParticipation({ impactCoefficient: 1 }) }, 100);
    expect(prices[0]).toBe(up);
    expect(Number(prices[0])).toBeGreaterThan(100.5);
  });
  it('maker fills get no slippage', () => {
    const t = venue({ slippage: slippage.fixedBps(50) });
    t.submit({ side: 'buy', type: 'limit', quantity: 1, limitPrice: 98 });
    t.feed(0, 100, 101, 97, 99);
    expect(t.fills().map(num)).toEqual([{ qty: '1', price: '98', fee: '0.0196', liq: 'maker', time: T0 }]);
  });
});

describe('SimulatedVenue: volume participation, time in force', () => {
  it('caps fills at a fraction of bar volume; the rest rests and fills on the next bar', () => {
    const t = venue({ maxVolumeParticipation: 0.1 });
    const id = t.submit({ side: 'buy', type: 'market', quantity: 150, timeInForce: 'GTC' });
    t.feed(0, 100, 101, 99, 100, 1_000);
    t.feed(1, 101, 102, 100, 101, 1_000);
    expect(t.fills().map((f) => [f.quantity.toString(), f.price.toString()])).toEqual([
      ['100', '100'],
      ['50', '101'],
    ]);
    expect(t.statusOf(id)).toEqual(['order-accepted']);
  });

  it('IOC: what does not fill on the first active bar is canceled', () => {
    const t = venue({ maxVolumeParticipation: 0.1 });
    const id = t.submit({ side: 'buy', type: 'market', quantity: 150, timeInForce: 'IOC' });
    t.feed(0, 100, 101, 99, 100, 1_000);
    t.feed(1, 101, 102, 100, 101, 1_000);
    expect(t.fills().map((f) => f.quantity.toString())).toEqual(['100']);
    expect(t.statusOf(id)).toEqual(['order-accepted', 'order-canceled']);
  });

  it('FOK: fills entirely on the first bar or not at all', () => {
    const t = venue({ maxVolumeParticipation: 0.1 });
    const a = t.submit({ side: 'buy', type: 'market', quantity: 150, timeInForce: 'FOK' });
    const b = t.submit({ side: 'buy', type: 'market', quantity: 50, timeInForce: 'FOK' });
    t.feed(0, 100, 101, 99, 100, 1_000);
    expect(t.statusOf(a)).toEqual(['order-accepted', 'order-canceled']);
    expect(t.fills().map((f) => [f.clientOrderId, f.quantity.toString()])).toEqual([[b, '50']]);
  });

  it('GTD expires on the first bar opening at or after expireTime', () => {
    const t = venue();
    const id = t.submit({ side: 'buy', type: 'limit', quantity: 1, limitPrice: 90, timeInForce: 'GTD', expireTime: T0 + 2 * MIN });
    t.feed(0, 100, 101, 99, 100);
    t.feed(1, 100, 101, 99, 100);
    expect(t.statusOf(id)).toEqual(['order-accepted']);
    t.feed(2, 89, 90, 85, 86); // would fill, but the order expired at T0 + 2 min
    expect(t.statusOf(id)).toEqual(['order-accepted', 'order-expired']);
    expect(t.fills()).toHaveLength(0);
  });

  it('DAY expires at the end of the UTC day it became active', () => {
    const t = venue();
    // T0 is midnight; move to 23:58 of that day
    const late = T0 + 24 * 60 * MIN - 2 * MIN;
    t.clock.advanceTo(late);
    const id = t.submit({ side: 'buy', type: 'limit', quantity: 1, limitPrice: 90, timeInForce: 'DAY' });
    t.feed(24 * 60 - 2, 100, 101, 99, 100);
    t.feed(24 * 60 - 1, 100, 101, 99, 100);
    expect(t.statusOf(id)).toEqual(['order-accepted']);
    t.feed(24 * 60, 89, 90, 85, 86);
    expect(t.statusOf(id)).toEqual(['order-accepted', 'order-expired']);
  });
});

describe('SimulatedVenue: direct sink', () => {
  it('sends acceptances and fills to the attached sink, every other event to the handler, until setEventHandler', () => {
    const t = venue();
    const calls: string[] = [];
    const handled: string[] = [];
    t.v.attachDirectSink((e) => handled.push(e.type), {
      accepted: (id, venueOrderId, time) => calls.push(`accepted ${id} ${venueOrderId} ${time}`),
      filled: (fill) => calls.push(`filled ${fill.clientOrderId} ${fill.quantity.toString()} @ ${fill.price.toString()}`),
    });
    const a = t.submit({ side: 'buy', type: 'market', quantity: 2 });
    const b = t.submit({ side: 'buy', type: 'limit', quantity: 1, limitPrice: 50, timeInForce: 'GTC' });
    t.feed(0, 100, 101, 99, 100.5);
    t.v.cancelOrder(b);
    // a bar's pass accepts its new orders first, then fills them
    expect(calls).toEqual([`accepted ${a} ${a} ${T0}`, `accepted ${b} ${b} ${T0}`, `filled ${a} 2 @ 100`]);
    expect(handled).toEqual(['order-canceled']);
    expect(t.events).toEqual([]);
    // a handler set afterwards gets everything again
    t.v.setEventHandler((e) => t.events.push(e));
    t.submit({ side: 'sell', type: 'market', quantity: 1 });
    t.feed(1, 100, 101, 99, 100.5);
    expect(t.events.map((e) => e.type)).toEqual(['order-accepted', 'fill']);
    expect(calls).toHaveLength(3);
  });
});
