/**
 * Edge cases of the simulated venue found by an adversarial review, each with hand-computed expected fills: orders
 * sent mid-bar (bracket exits) trade from the open of later bars; a post-only limit amended across the market is
 * refused and a plain one then takes liquidity; a stop-limit stop-loss wins the stop/take-profit conflict; the
 * volume cap counts whole lots despite float noise; `insufficientFunds: 'clip'` keeps FOK all-or-nothing and
 * cancels the unaffordable rest.
 */
import { Price, createInstrument } from '@bot/core-types';
import type { ClientOrderId } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { T0, MIN, fillNumbers as num, instrument, recordingVenue as venue, scripted, series, setup } from '../test/helpers.js';
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

