import { BotError, ValidationError, isOpenOrderStatus } from '@bot/core-types';
import type { Bar, Strategy, StrategyContext } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { MIN_RETAINED_BARS } from './tradingKernel.js';
import type { KernelRetention } from './tradingKernel.js';
import { MIN, T0, bar, instrument, series, setup } from '../test/helpers.js';

/** Deterministic closes, all distinct so a wrong index cannot match by accident. */
const closeAt = (i: number) => 100 + i * 0.01;
const barAt = (i: number): Bar => bar(i, closeAt(i), closeAt(i) + 1, closeAt(i) - 1, closeAt(i));

/** Feeds bars 0..n-1 through the paper/live path, each delivered at its close. */
function feed(k: ReturnType<typeof setup>, n: number, from = 0): void {
  for (let i = from; i < from + n; i++) {
    k.clock.advanceTo(T0 + (i + 1) * MIN);
    k.kernel.onMarketEvent(barAt(i));
  }
}

/** Each bar: one market order alternating buy/sell of 1 unit (fills at the next open), a signal, optional extras. */
function trader(extra?: (i: number, ctx: StrategyContext) => void): Strategy {
  let i = 0;
  return {
    id: 't',
    onBar(b, ctx) {
      ctx.submitOrder({ symbol: b.symbol, side: i % 2 === 0 ? 'buy' : 'sell', type: 'market', quantity: 1 });
      ctx.emitSignal({ symbol: b.symbol, strength: i % 2 === 0 ? 1 : -1, reason: `bar ${i}` });
      extra?.(i, ctx);
      i++;
    },
  };
}

const runBoth = (n: number, retention: KernelRetention, strategy: () => Strategy) => {
  const full = setup({ strategies: [strategy()] });
  const bounded = setup({ strategies: [strategy()], kernel: { retention } });
  feed(full, n);
  feed(bounded, n);
  return { full: full.kernel, bounded: bounded.kernel, boundedVenue: bounded.venue };
};

describe('TradingKernel retention (bounded memory for long-running engines)', () => {
  it('rejects limits that are not integers, below 1, or bars below MIN_RETAINED_BARS', () => {
    const bad: KernelRetention[] = [{ bars: MIN_RETAINED_BARS - 1 }, { bars: 1000.5 }, { fills: 0 }, { orders: -1 }, { decisions: Number.NaN }, { signals: 0.5 }, { equityPoints: 0 }];
    for (const retention of bad) expect(() => setup({ kernel: { retention } }), JSON.stringify(retention)).toThrow(ValidationError);
    expect(() => setup({ kernel: { retention: { bars: MIN_RETAINED_BARS, fills: 1, equityPoints: Number.POSITIVE_INFINITY } } })).not.toThrow();
  });

  it('bars: ctx.bars() keeps the newest `bars` closed bars, indexes them correctly and throws for a dropped bar', () => {
    const seen: { len: number; c0: number; cOld: number }[] = [];
    let threw: unknown;
    const reader: Strategy = {
      id: 'r',
      onBar(b, ctx) {
        const h = ctx.bars(b.symbol);
        seen.push({ len: h.length, c0: h.close(0), cOld: h.close(h.length - 1) });
        if (h.length === MIN_RETAINED_BARS && seen.length > MIN_RETAINED_BARS) {
          try {
            h.close(MIN_RETAINED_BARS);
          } catch (e) {
            threw = e;
          }
        }
      },
    };
    const k = setup({ strategies: [reader], kernel: { retention: { bars: MIN_RETAINED_BARS } } });
    const n = 3 * MIN_RETAINED_BARS + 17; // several compactions of the sliding window
    feed(k, n);
    for (let i = 0; i < n; i++) {
      const len = Math.min(i + 1, MIN_RETAINED_BARS);
      expect(seen[i]).toEqual({ len, c0: closeAt(i), cOld: closeAt(i + 1 - len) });
    }
    const h = k.kernel.bars('ABC/USD');
    expect(h.length).toBe(MIN_RETAINED_BARS);
    expect(h.openTime(0)).toBe(T0 + (n - 1) * MIN);
    expect(h.at(MIN_RETAINED_BARS - 1)?.close).toBe(closeAt(n - MIN_RETAINED_BARS));
    expect(Array.from(h.closes(10 * MIN_RETAINED_BARS))).toEqual(Array.from({ length: MIN_RETAINED_BARS }, (_, j) => closeAt(n - MIN_RETAINED_BARS + j)));
    expect(threw).toBeInstanceOf(BotError);
    expect(() => h.close(MIN_RETAINED_BARS)).toThrow(/retention\.bars/);
    expect(() => h.close(n - 1)).toThrow(BotError);
    // a bar that never existed is still just out of range
    expect(h.close(n)).toBeNaN();
    expect(h.at(-1)).toBeUndefined();
  });

  it('bars: unbounded by default (a backtest sees its whole history)', () => {
    const k = setup();
    feed(k, MIN_RETAINED_BARS + 50);
    expect(k.kernel.bars('ABC/USD').length).toBe(MIN_RETAINED_BARS + 50);
    expect(k.kernel.bars('ABC/USD').close(MIN_RETAINED_BARS + 49)).toBe(closeAt(0));
  });

  it('bars: the backtest path (runBarSeries) reports the same bounded view', () => {
    const n = MIN_RETAINED_BARS + 40;
    const lens: number[] = [];
    const olds: number[] = [];
    const s: Strategy = {
      id: 's',
      onBar(b, ctx) {
        const h = ctx.bars(b.symbol);
        lens.push(h.length);
        olds.push(h.close(h.length - 1));
      },
    };
    const k = setup({ strategies: [s], kernel: { retention: { bars: MIN_RETAINED_BARS } } });
    k.kernel.runBarSeries([series(Array.from({ length: n }, (_, i) => [closeAt(i), closeAt(i) + 1, closeAt(i) - 1, closeAt(i)]))]);
    expect(lens).toEqual(Array.from({ length: n }, (_, i) => Math.min(i + 1, MIN_RETAINED_BARS)));
    expect(olds).toEqual(Array.from({ length: n }, (_, i) => closeAt(Math.max(0, i + 1 - MIN_RETAINED_BARS))));
    expect(() => k.kernel.bars('ABC/USD').close(MIN_RETAINED_BARS)).toThrow(BotError);
  });

  it('equity points: the newest `equityPoints` are kept, equal to the unbounded curve’s tail', () => {
    const n = 53;
    const { full, bounded } = runBoth(n, { equityPoints: 7 }, () => trader());
    const f = full.equityCurve();
    const b = bounded.equityCurve();
    expect(f.time.length).toBe(n);
    expect(b.time.length).toBe(7);
    expect(Array.from(b.time)).toEqual(Array.from({ length: 7 }, (_, j) => T0 + (n - 7 + j) * MIN));
    expect(Array.from(b.equity)).toEqual(Array.from(f.equity.subarray(n - 7)));
  });

  it('fills, risk decisions and signals: oldest dropped, newest kept, same as the unbounded run’s tail', () => {
    const n = 41;
    const { full, bounded, boundedVenue } = runBoth(n, { fills: 5, decisions: 6, signals: 4 }, () => trader());
    expect(full.fills()).toHaveLength(n - 1); // the last order is still waiting for the next open
    const tail = <T>(xs: readonly T[], k: number) => xs.slice(xs.length - k);
    const fillKey = (f: { fillId: string; time: number; side: string; price: { toString(): string } }) => [f.fillId, f.time, f.side, f.price.toString()];
    expect(bounded.fills().map(fillKey)).toEqual(tail(full.fills(), 5).map(fillKey));
    expect(bounded.fillCount).toBe(n - 1);
    expect(full.fillCount).toBe(n - 1);
    expect(bounded.riskDecisions().map((d) => [d.time, d.intent.clientOrderId])).toEqual(tail(full.riskDecisions(), 6).map((d) => [d.time, d.intent.clientOrderId]));
    expect(bounded.signals().map((s) => s.signal.reason)).toEqual(['bar 37', 'bar 38', 'bar 39', 'bar 40']);
    // the simulated venue's own fill log is bounded by the same limit
    expect(boundedVenue.allFills().map(fillKey)).toEqual(tail(full.fills(), 5).map(fillKey));
    // the account is complete and exact whatever is dropped
    expect(bounded.portfolio.exactEquity().eq(full.portfolio.exactEquity())).toBe(true);
    expect(bounded.portfolio.cashOf().eq(full.portfolio.cashOf())).toBe(true);
    expect(bounded.portfolio.fees().get('USD')!.eq(full.portfolio.fees().get('USD')!)).toBe(true);
  });

  it('orders: oldest terminal orders are dropped, newest kept, open orders never dropped', () => {
    const n = 30;
    let resting: string | undefined;
    const withResting = () =>
      trader((i, ctx) => {
        // a far-away limit order placed on bar 3 stays open for the whole run
        if (i === 3) resting = ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'limit', limitPrice: 1, quantity: 1 });
      });
    const { full, bounded, boundedVenue } = runBoth(n, { orders: 4 }, withResting);
    expect(resting).toBeDefined();
    const ids = full.orders().map((o) => o.clientOrderId);
    expect(ids).toHaveLength(n + 1);
    const kept = bounded.orders();
    // 4 retained: the resting limit (open, oldest) and the 3 newest; the newest is still open (fills at the next open)
    expect(kept.map((o) => o.clientOrderId)).toEqual([resting, ...ids.slice(-3)]);
    expect(isOpenOrderStatus(kept[0]!.status)).toBe(true);
    expect(isOpenOrderStatus(kept[kept.length - 1]!.status)).toBe(true);
    expect(kept.slice(1, -1).every((o) => o.status === 'filled')).toBe(true);
    expect(bounded.orderManager.droppedOrders).toBe(n + 1 - 4);
    expect(bounded.orderManager.get(ids[0]! as never)).toBeUndefined();
    // the kept snapshots equal the unbounded run's
    const byId = new Map(full.orders().map((o) => [o.clientOrderId, o]));
    for (const o of kept) expect(o).toEqual(byId.get(o.clientOrderId));
    // the simulated venue forgot the oldest closed orders' ids too but still knows the newest
    expect(boundedVenue.closedStatus(ids[0]! as never)).toBeUndefined();
    expect(boundedVenue.closedStatus(ids[ids.length - 2]! as never)).toBe('filled');
    expect(bounded.portfolio.exactEquity().eq(full.portfolio.exactEquity())).toBe(true);
  });

  it('orders: more open orders than the limit are all kept', () => {
    const opener: Strategy = {
      id: 'o',
      onBar(b, ctx) {
        ctx.submitOrder({ symbol: b.symbol, side: 'buy', type: 'limit', limitPrice: 1, quantity: 1 });
      },
    };
    const k = setup({ strategies: [opener], kernel: { retention: { orders: 2 } } });
    feed(k, 6);
    const orders = k.kernel.orders();
    expect(orders).toHaveLength(6);
    expect(orders.every((o) => isOpenOrderStatus(o.status))).toBe(true);
    expect(k.kernel.orderManager.droppedOrders).toBe(0);
  });

  it('a bounded kernel keeps trading across many compactions with the same fills as an unbounded one', () => {
    const inst = instrument({ takerFee: '0.001' });
    const mk = () => {
      let last = 0;
      return {
        id: 'x',
        onBar(b: Bar, ctx: StrategyContext) {
          const h = ctx.bars(b.symbol);
          if (h.length < 20) return;
          const up = h.close(0) > h.close(19) ? 1 : 0;
          if (up !== last) ctx.setTargetWeight(b.symbol, up);
          last = up;
        },
      } satisfies Strategy;
    };
    const wave = (i: number) => 100 + 10 * Math.sin(i / 15);
    const run = (retention?: KernelRetention) => {
      const k = setup({ strategies: [mk()], instruments: [inst], ...(retention === undefined ? {} : { kernel: { retention } }) });
      for (let i = 0; i < 2000; i++) {
        k.clock.advanceTo(T0 + (i + 1) * MIN);
        k.kernel.onMarketEvent(bar(i, wave(i), wave(i) + 1, wave(i) - 1, wave(i + 1))); // next open = this close
      }
      return k.kernel;
    };
    const full = run();
    const bounded = run({ bars: MIN_RETAINED_BARS, equityPoints: 300, fills: 10, orders: 10, decisions: 10, signals: 10 });
    expect(full.fills().length).toBeGreaterThan(20);
    expect(bounded.fills().map((f) => f.fillId)).toEqual(full.fills().slice(-10).map((f) => f.fillId));
    expect(bounded.portfolio.exactEquity().toString()).toBe(full.portfolio.exactEquity().toString());
    expect(Array.from(bounded.equityCurve().equity)).toEqual(Array.from(full.equityCurve().equity.subarray(2000 - 300)));
  });
});
