import { Quantity, SystemClock, TradingMode } from '@bot/core-types';
import type { AuditEvent, AuditSink, OrderIntent, RiskContext, RiskDecision, RiskGate, Strategy } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { PermissiveRiskGate } from './permissiveRiskGate.js';
import { SimulatedVenue } from './simulatedVenue.js';
import { TradingKernel } from './tradingKernel.js';
import { series, scripted, setup, T0, MIN, instrument } from '../test/helpers.js';

const flat = (n: number, p = 100) => Array.from({ length: n }, () => [p, p + 1, p - 1, p]);

describe('TradingKernel.runBarSeries', () => {
  it('keeps every equity point with its bar time across backtest runs and live bars, bounded or not', () => {
    const rows = [[100, 101, 99, 100.5], [102, 103, 101, 102.5], [103, 104, 102, 101], [101, 102, 100, 101.5], [101, 103, 100, 102], [102, 103, 101, 99]];
    const bars = series(rows);
    const barAt = (i: number) => ({ type: 'bar', symbol: bars.symbol, timeframe: bars.timeframe, openTime: bars.openTime[i]!, open: bars.open[i]!, high: bars.high[i]!, low: bars.low[i]!, close: bars.close[i]!, volume: bars.volume[i]! }) as const;
    const slice = (from: number, to: number) => ({ ...bars, length: to - from, openTime: bars.openTime.subarray(from, to), open: bars.open.subarray(from, to), high: bars.high.subarray(from, to), low: bars.low.subarray(from, to), close: bars.close.subarray(from, to), volume: bars.volume.subarray(from, to) });
    const buyFirst = () => scripted('s', { 0: (ctx) => ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'market', quantity: 10 }) });
    for (const equityPoints of [undefined, 4]) {
      const kernelOptions = equityPoints === undefined ? {} : { retention: { equityPoints } };
      // reference: every bar through the live path
      const ref = setup({ strategies: [buyFirst()], kernel: kernelOptions });
      for (let i = 0; i < rows.length; i++) {
        ref.clock.advanceTo(bars.openTime[i]! + MIN);
        ref.kernel.onMarketEvent(barAt(i));
      }
      // two backtest runs, then a live bar (the runs' times are copied into the curve when it is read or moved)
      const { kernel, clock } = setup({ strategies: [buyFirst()], kernel: kernelOptions });
      kernel.runBarSeries([slice(0, 3)]);
      kernel.runBarSeries([slice(3, 5)]);
      clock.advanceTo(bars.openTime[5]! + MIN);
      kernel.onMarketEvent(barAt(5));
      const got = kernel.equityCurve();
      const want = ref.kernel.equityCurve();
      expect(Array.from(got.time)).toEqual(Array.from(want.time));
      expect(Array.from(got.equity)).toEqual(Array.from(want.equity));
      expect(got.time.length).toBe(equityPoints ?? rows.length);
      expect(got.time[got.time.length - 1]).toBe(bars.openTime[5]);
    }
  });

  it('fills a market order decided on bar 0 at the open of bar 1 and marks equity at each close', () => {
    const s = scripted('s', {
      0: (ctx) => ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'market', quantity: 10 }),
    });
    const { kernel } = setup({ strategies: [s] });
    kernel.runBarSeries([series([[100, 101, 99, 100.5], [102, 103, 101, 102.5], [103, 104, 102, 101]])]);
    const fills = kernel.fills();
    expect(fills).toHaveLength(1);
    expect(fills[0]!.price.toString()).toBe('102');
    expect(fills[0]!.time).toBe(T0 + MIN);
    expect(fills[0]!.quantity.toString()).toBe('10');
    // cash 10000 - 1020 = 8980; equity = 8980 + 10 * close
    const eq = kernel.equityCurve();
    expect(Array.from(eq.time)).toEqual([T0, T0 + MIN, T0 + 2 * MIN]);
    expect(Array.from(eq.equity)).toEqual([10_000, 8980 + 1025, 8980 + 1010]);
    expect(kernel.portfolio.exactEquity().toString()).toBe('9990');
  });

  it("with a 'close' venue a market order fills at the decision bar's close", () => {
    const s = scripted('s', { 0: (ctx) => ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'market', quantity: 10 }) });
    const { kernel } = setup({ strategies: [s], venue: { fill: 'close' } });
    kernel.runBarSeries([series([[100, 101, 99, 100.5], [102, 103, 101, 102.5]])]);
    expect(kernel.fills().map((f) => [f.price.toString(), f.time])).toEqual([['100.5', T0 + MIN]]);
    // recorded after the strategy reacted: 10000 - 1005 + 10 * 100.5
    expect(kernel.equityCurve().equity[0]).toBe(10_000);
  });

  it('all-in setTargetWeight buys cash / (close * (1 + fee)) rounded down to the lot, and sells everything on 0', () => {
    const inst = instrument({ takerFee: '0.001', lotSize: '0.001' });
    const s = scripted('s', {
      0: (ctx) => ctx.setTargetWeight('ABC/USD', 1),
      2: (ctx) => ctx.setTargetWeight('ABC/USD', 0),
    });
    const { kernel } = setup({ strategies: [s], instruments: [inst] });
    kernel.runBarSeries([series([[100, 101, 99, 100], [99, 100, 98, 99.5], [100, 101, 99, 100], [101, 102, 100, 101]])]);
    // 10000 / (100 * 1.001) = 99.9000999 -> 99.9 (lot 0.001); fills at bar 1 open 99
    const f = kernel.fills();
    expect(f.map((x) => [x.side, x.quantity.toString(), x.price.toString(), x.fee.amount.toString()])).toEqual([
      ['buy', '99.9', '99', '9.8901'],
      ['sell', '99.9', '101', '10.0899'],
    ]);
    // cash: 10000 - 9890.1 - 9.8901 + 10089.9 - 10.0899 = 10179.82
    expect(kernel.portfolio.cashOf().toString()).toBe('10179.82');
    expect(kernel.portfolio.position('ABC/USD').quantity.isZero()).toBe(true);
  });

  it('merges several symbols by openTime and matches all of a timestamp before any strategy sees it', () => {
    const a = instrument();
    const b = instrument({ symbol: 'XYZ/USD' });
    const seen: string[] = [];
    const s: Strategy = {
      id: 's',
      onBar(bar, ctx) {
        seen.push(`${bar.symbol}@${(bar.openTime - T0) / MIN}:${ctx.bars('ABC/USD').length}/${ctx.bars('XYZ/USD').length}`);
      },
    };
    const { kernel } = setup({ strategies: [s], instruments: [a, b] });
    const sa = series([[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]]);
    const sb = series([[2, 2, 2, 2], [2, 2, 2, 2]], 'XYZ/USD');
    // XYZ starts one bar later
    const sb2 = { ...sb, openTime: sb.openTime.map((t) => t + MIN) };
    kernel.runBarSeries([sa, sb2]);
    expect(seen).toEqual(['ABC/USD@0:1/0', 'ABC/USD@1:2/1', 'XYZ/USD@1:2/1', 'ABC/USD@2:3/2', 'XYZ/USD@2:3/2']);
    expect(kernel.equityCurve().time.length).toBe(3);
  });
});

describe('runBarSeries progress', () => {
  it('reports once early, after every 65 536 timestamps and at the end, for one series and for merged ones', () => {
    const n = 65_536 * 2 + 5;
    const { kernel } = setup();
    const one: [number, number][] = [];
    kernel.runBarSeries([series(flat(n))], { onProgress: (done, total) => one.push([done, total]) });
    expect(one).toEqual([
      [256, n],
      [65_536, n],
      [131_072, n],
      [n, n],
    ]);
    const curve = kernel.equityCurve();
    expect(curve.time.length).toBe(n);
    expect(curve.time[n - 1]).toBe(T0 + (n - 1) * MIN);

    const { kernel: merged } = setup({ instruments: [instrument(), instrument({ symbol: 'XYZ/USD' })] });
    const two: [number, number][] = [];
    const m = 65_536 + 3;
    merged.runBarSeries([series(flat(m)), series(flat(m), 'XYZ/USD')], { onProgress: (done, total) => two.push([done, total]) });
    // merged: `done` counts bars, the steps are timestamps (two bars each)
    expect(two).toEqual([
      [512, 2 * m],
      [2 * 65_536, 2 * m],
      [2 * m, 2 * m],
    ]);
    expect(merged.equityCurve().time.length).toBe(m);
  });
});

describe('runBarSeries input checks', () => {
  it('needs a manual clock, one timeframe and ascending times', () => {
    const inst = instrument();
    const venue = new SimulatedVenue({ clock: new SystemClock(), instruments: [inst] });
    const k = new TradingKernel({ clock: new SystemClock(), venue, instruments: [inst], account: { currency: 'USD', initialCash: 1 }, strategies: [] });
    expect(() => k.runBarSeries([series(flat(2))])).toThrow(/ManualClock/);
    const { kernel } = setup();
    const s = series(flat(3));
    expect(() => kernel.runBarSeries([{ ...s, openTime: Float64Array.from([3, 2, 1]) }])).toThrow(/ascending/);
    expect(() => kernel.runBarSeries([s, { ...series(flat(2), 'XYZ/USD'), timeframe: '1h' }])).toThrow(/timeframe/);
  });
});

describe('look-ahead protection', () => {
  it('a strategy cannot read a bar that has not closed, and bars arrive in order', () => {
    const peeks: unknown[] = [];
    const order: number[] = [];
    const s: Strategy = {
      id: 'peeker',
      onBar(bar, ctx) {
        const h = ctx.bars('ABC/USD');
        order.push(h.length);
        // the newest visible bar is the one just delivered
        expect(h.close(0)).toBe(bar.close);
        expect(h.openTime(0)).toBe(bar.openTime);
        peeks.push(
          h.at(-1),
          h.close(-1),
          h.open(-1),
          h.high(-2),
          h.low(-1),
          h.volume(-1),
          h.openTime(-1),
          h.close(0.5),
          h.close(Number.NaN),
          h.close(h.length),
          h.close(1e9),
          h.at(-h.length),
          h.at(1e9),
        );
        expect(h.closes(1e9).length).toBe(h.length);
        expect(h.closes(-5).length).toBe(0);
        expect(Array.from(h.closes(2))).toEqual(h.length >= 2 ? [h.close(1), h.close(0)] : [h.close(0)]);
      },
    };
    const { kernel } = setup({ strategies: [s] });
    const rows = [
      [1, 2, 0.5, 1.5],
      [2, 3, 1.5, 2.5],
      [3, 4, 2.5, 3.5],
      [4, 5, 3.5, 4.5],
    ];
    kernel.runBarSeries([series(rows)]);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(peeks.every((p) => p === undefined || Number.isNaN(p))).toBe(true);
    // after the run the kernel's own view has everything, still nothing beyond
    expect(kernel.bars('ABC/USD').length).toBe(4);
    expect(kernel.bars('ABC/USD').close(-1)).toBeNaN();
  });

  it('the bar history exposes no arrays or setters to strategies', () => {
    let keys: string[] = [];
    const s: Strategy = {
      id: 's',
      onBar(_b, ctx) {
        const h = ctx.bars('ABC/USD') as unknown as Record<string, unknown>;
        keys = [...Object.keys(h), ...Object.getOwnPropertyNames(Object.getPrototypeOf(h))];
      },
    };
    const { kernel } = setup({ strategies: [s] });
    kernel.runBarSeries([series(flat(2))]);
    expect(keys.filter((k) => !['symbol', 'timeframe', 'constructor', 'length', 'at', 'close', 'open', 'high', 'low', 'volume', 'openTime', 'closes'].includes(k))).toEqual([]);
  });
});

describe('order manager through the kernel', () => {
  it('reduce-only orders are clipped to the position; a reduce-only order with nothing to reduce is rejected', () => {
    const s = scripted('s', {
      0: (ctx) => ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'market', quantity: 10 }),
      1: (ctx) => {
        ctx.submitOrder({ symbol: 'ABC/USD', side: 'sell', type: 'market', quantity: 15, reduceOnly: true });
        ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'market', quantity: 1, reduceOnly: true });
      },
    });
    const { kernel } = setup({ strategies: [s] });
    kernel.runBarSeries([series(flat(3))]);
    const orders = kernel.orders();
    expect(orders.map((o) => [o.request.side, o.request.quantity.toString(), o.status])).toEqual([
      ['buy', '10', 'filled'],
      ['sell', '10', 'filled'],
      ['buy', '1', 'rejected'],
    ]);
    expect(orders[2]!.reason).toMatch(/reduce-only/);
  });

  it('shorting is disabled by default and possible with allowShort', () => {
    const sell = () => scripted('s', { 0: (ctx) => ctx.submitOrder({ symbol: 'ABC/USD', side: 'sell', type: 'market', quantity: 1 }) });
    const a = setup({ strategies: [sell()] });
    a.kernel.runBarSeries([series(flat(2))]);
    expect(a.kernel.orders()[0]!.status).toBe('rejected');
    expect(a.kernel.orders()[0]!.reason).toMatch(/short selling is disabled/);
    expect(a.kernel.fills()).toHaveLength(0);
    const b = setup({ strategies: [sell()], kernel: { account: { currency: 'USD', initialCash: 10_000, allowShort: true } } });
    b.kernel.runBarSeries([series(flat(2))]);
    expect(b.kernel.portfolio.position('ABC/USD').quantity.toString()).toBe('-1');
    expect(b.kernel.portfolio.cashOf().toString()).toBe('10100');
  });

  it('bracket: children activate on the entry fill; the take-profit fill cancels the stop-loss', () => {
    const s = scripted('s', {
      0: (ctx) => ctx.submitBracket({ symbol: 'ABC/USD', side: 'buy', type: 'market', quantity: 5 }, { takeProfit: { limitPrice: 110 }, stopLoss: { stopPrice: 95 } }),
    });
    const { kernel } = setup({ strategies: [s] });
    kernel.runBarSeries([series([[100, 101, 99, 100], [100, 102, 98, 101], [101, 103, 100, 102], [103, 111, 102, 109]])]);
    const byTag = Object.fromEntries(kernel.orders().map((o) => [o.request.tag ?? 'entry', o]));
    expect(byTag['entry']!.status).toBe('filled');
    expect(byTag['take-profit']!.status).toBe('filled');
    expect(byTag['take-profit']!.averageFillPrice?.toString()).toBe('110');
    expect(byTag['stop-loss']!.status).toBe('canceled');
    expect(kernel.fills().map((f) => [f.side, f.price.toString(), f.time])).toEqual([
      ['buy', '100', T0 + MIN],
      ['sell', '110', T0 + 3 * MIN],
    ]);
    expect(kernel.portfolio.position('ABC/USD').quantity.isZero()).toBe(true);
  });

  it('bracket children are dropped when the entry ends without a fill', () => {
    const s = scripted('s', {
      0: (ctx) => ctx.submitBracket({ symbol: 'ABC/USD', side: 'buy', type: 'limit', limitPrice: 50, quantity: 5, timeInForce: 'IOC' }, { takeProfit: { limitPrice: 110 }, stopLoss: { stopPrice: 45 } }),
    });
    const { kernel } = setup({ strategies: [s] });
    kernel.runBarSeries([series(flat(3))]);
    expect(kernel.orders().map((o) => o.status)).toEqual(['canceled', 'canceled', 'canceled']);
  });

  for (const [mode, expected] of [
    ['stop-first', ['sell', '95']],
    ['take-profit-first', ['sell', '105']],
  ] as const) {
    it(`stop and take-profit both inside one bar: ${mode}`, () => {
      const s = scripted('s', {
        0: (ctx) => ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'market', quantity: 10 }),
        1: (ctx) =>
          ctx.submitOco([
            { symbol: 'ABC/USD', side: 'sell', type: 'limit', limitPrice: 105, quantity: 10, reduceOnly: true, tag: 'tp' },
            { symbol: 'ABC/USD', side: 'sell', type: 'stop', stopPrice: 95, quantity: 10, reduceOnly: true, tag: 'sl' },
          ]),
      });
      const { kernel } = setup({ strategies: [s], venue: { stopVsTakeProfit: mode } });
      // bar 2 touches both 106 and 94 (open 100, equidistant: the path would even reach the high first)
      kernel.runBarSeries([series([[100, 101, 99, 100], [100, 101, 99, 100], [100, 106, 94, 100]])]);
      const exits = kernel.fills().slice(1);
      expect(exits.map((f) => [f.side, f.price.toString()])).toEqual([expected]);
      expect(kernel.orders().filter((o) => o.status === 'canceled')).toHaveLength(1);
    });
  }

  it('setTargetPosition accounts for the strategy’s open orders', () => {
    const s = scripted('s', {
      0: (ctx) => {
        ctx.setTargetPosition('ABC/USD', 5);
        ctx.setTargetPosition('ABC/USD', 8); // 5 already pending: sends 3 more
        ctx.setTargetPosition('ABC/USD', 8); // nothing
      },
    });
    const { kernel } = setup({ strategies: [s] });
    kernel.runBarSeries([series(flat(2))]);
    expect(kernel.orders().map((o) => o.request.quantity.toString())).toEqual(['5', '3']);
    expect(kernel.portfolio.position('ABC/USD').quantity.toString()).toBe('8');
  });

  it('client order ids are deterministic and unique per run', () => {
    const s = scripted('my strategy#1', {
      0: (ctx) => {
        ctx.setTargetPosition('ABC/USD', 1);
        ctx.setTargetPosition('ABC/USD', 2);
      },
    });
    const { kernel } = setup({ strategies: [s] });
    kernel.runBarSeries([series(flat(2))]);
    expect(kernel.orders().map((o) => o.clientOrderId)).toEqual(['my_strategy_1-1', 'my_strategy_1-2']);
  });

  it('strategies get onFill and onOrderUpdate after their own callback returns (no re-entry)', () => {
    const log: string[] = [];
    const s: Strategy = {
      id: 's',
      onBar(bar, ctx) {
        log.push(`bar:${(bar.openTime - T0) / MIN}`);
        if (bar.openTime === T0) ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'market', quantity: 1 });
        log.push(`bar-end`);
      },
      onFill(f) {
        log.push(`fill:${f.price.toString()}`);
      },
      onOrderUpdate(o) {
        log.push(`order:${o.status}`);
      },
    };
    const { kernel } = setup({ strategies: [s], venue: { fill: 'close' } });
    kernel.runBarSeries([series(flat(2))]);
    expect(log).toEqual(['bar:0', 'bar-end', 'order:submitted', 'order:accepted', 'fill:100', 'order:filled', 'bar:1', 'bar-end']);
  });
});

describe('trading modes and risk gates', () => {
  it('Pause rejects new orders; Reduce resizes to the position and rejects increases; decisions are recorded', () => {
    const gate = new PermissiveRiskGate();
    const s = scripted('s', {
      0: (ctx) => ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'market', quantity: 10 }),
      1: (ctx) => {
        gate.requestMode({ mode: TradingMode.Pause, source: 'test', reason: 'pause', time: ctx.now() });
        ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'market', quantity: 1 });
      },
      2: (ctx) => {
        gate.requestMode({ mode: TradingMode.Reduce, source: 'test', reason: 'reduce', time: ctx.now() });
        ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'market', quantity: 1 });
        ctx.submitOrder({ symbol: 'ABC/USD', side: 'sell', type: 'market', quantity: 25, tag: 'big-sell' });
      },
    });
    const { kernel } = setup({ strategies: [s], kernel: { riskGate: gate } });
    kernel.runBarSeries([series(flat(4))]);
    const d = kernel.riskDecisions().map((r) => [r.decision.kind, r.decision.reasons.map((x) => x.code).join()]);
    expect(d).toEqual([
      ['approve', ''],
      ['reject', 'mode-pause'],
      ['reject', 'mode-reduce'],
      ['resize', 'mode-reduce-resize'],
    ]);
    expect(kernel.orders().map((o) => [o.request.side, o.request.quantity.toString(), o.status])).toEqual([
      ['buy', '10', 'filled'],
      ['buy', '1', 'rejected'],
      ['buy', '1', 'rejected'],
      ['sell', '10', 'filled'],
    ]);
  });

  it('Emergency cancels open orders and flattens positions at the next open', () => {
    const gate = new PermissiveRiskGate();
    const modes: string[] = [];
    const s: Strategy = {
      ...scripted('s', {
        0: (ctx) => ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'market', quantity: 10 }),
        1: (ctx) => {
          ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'limit', limitPrice: 50, quantity: 1 });
          gate.requestMode({ mode: TradingMode.Emergency, source: 'killswitch', reason: 'button', time: ctx.now() });
        },
      }),
      onModeChange(mode) {
        modes.push(mode);
      },
    };
    const { kernel } = setup({ strategies: [s], kernel: { riskGate: gate } });
    kernel.runBarSeries([series([[100, 101, 99, 100], [100, 101, 99, 100], [97, 98, 96, 97], [97, 98, 96, 97]])]);
    expect(modes).toEqual(['emergency']);
    const orders = kernel.orders();
    expect(orders.map((o) => [o.request.side, o.request.type, o.status, o.request.tag ?? ''])).toEqual([
      ['buy', 'market', 'filled', ''],
      ['buy', 'limit', 'canceled', ''],
      ['sell', 'market', 'filled', 'emergency-flatten'],
    ]);
    expect(kernel.fills().at(-1)!.price.toString()).toBe('97');
    expect(kernel.portfolio.position('ABC/USD').quantity.isZero()).toBe(true);
  });

  it('a custom gate resizes and rejects; the kernel records and honours both', () => {
    const gate: RiskGate = {
      mode: TradingMode.Normal,
      check(intent: OrderIntent, ctx: RiskContext): RiskDecision {
        const q = intent.request.quantity.toNumber();
        if (q > 100) return { kind: 'reject', reasons: [{ code: 'max-qty', message: 'too big', limit: 100, value: q }] };
        if (q * (ctx.market.lastPrice(intent.request.symbol) ?? 0) > 500) {
          return { kind: 'resize', quantity: Quantity.of(5), reasons: [{ code: 'max-notional', message: 'cut', limit: 500 }] };
        }
        return { kind: 'approve', reasons: [] };
      },
    };
    const s = scripted('s', {
      0: (ctx) => {
        ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'market', quantity: 101 });
        ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'market', quantity: 8 });
        ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'market', quantity: 2 });
      },
    });
    const { kernel } = setup({ strategies: [s], kernel: { riskGate: gate } });
    kernel.runBarSeries([series(flat(2))]);
    expect(kernel.riskDecisions().map((r) => r.decision.kind)).toEqual(['reject', 'resize', 'approve']);
    expect(kernel.riskDecisions()[1]!.intent.request.quantity.toString()).toBe('8');
    expect(kernel.fills().map((f) => f.quantity.toString())).toEqual(['5', '2']);
  });
});

describe('audit', () => {
  it('offers every step to the sink in order', () => {
    const records: AuditEvent[] = [];
    const sink: AuditSink = { record: (e) => records.push(e), flush: async () => undefined, close: async () => undefined };
    const gate = new PermissiveRiskGate();
    const s = scripted('s', {
      0: (ctx) => {
        ctx.emitSignal({ symbol: 'ABC/USD', strength: 1, reason: 'test' });
        ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'market', quantity: 1 });
      },
      1: (ctx) => gate.requestMode({ mode: TradingMode.Pause, source: 'operator:alice', reason: 'x', time: ctx.now() }),
    });
    const { kernel } = setup({ strategies: [s], kernel: { auditSink: sink, riskGate: gate } });
    kernel.runBarSeries([series(flat(3))]);
    expect(records.map((r) => r.type)).toEqual(['signal', 'order-intent', 'risk-decision', 'order-event', 'order-event', 'order-event', 'fill', 'mode-change']);
    expect(records.find((r) => r.type === 'fill')!.payload).toMatchObject({ price: '100', quantity: '1', side: 'buy' });
  });
});

describe('one code path', () => {
  const rows = [
    [100, 101, 99, 100],
    [99.5, 103, 99, 102],
    [102, 104, 97, 98],
    [98, 99, 95, 96],
    [96, 100, 95, 99],
    [99, 102, 98, 101],
  ];
  const strategy = () =>
    scripted('s', {
      0: (ctx) => ctx.setTargetWeight('ABC/USD', 1),
      1: (ctx) => ctx.submitOrder({ symbol: 'ABC/USD', side: 'sell', type: 'stop', stopPrice: 97.5, quantity: 50, reduceOnly: true }),
      3: (ctx) => ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'limit', limitPrice: 95.5, quantity: 10 }),
    });
  const tape = (k: ReturnType<typeof setup>) => k.kernel.fills().map((f) => [f.time, f.side, f.quantity.toString(), f.price.toString(), f.fee.amount.toString()]);

  it('the same bars through onMarketEvent (paper/live path) and runBarSeries (backtest path) give the same fills and equity', () => {
    const fee = instrument({ takerFee: '0.001', makerFee: '0.0005' });
    const a = setup({ strategies: [strategy()], instruments: [fee] });
    a.kernel.runBarSeries([series(rows)]);
    const b = setup({ strategies: [strategy()], instruments: [fee] });
    const s = series(rows);
    for (let i = 0; i < s.length; i++) {
      const bar = { type: 'bar' as const, symbol: s.symbol, timeframe: s.timeframe, openTime: s.openTime[i]!, open: s.open[i]!, high: s.high[i]!, low: s.low[i]!, close: s.close[i]!, volume: s.volume[i]! };
      b.clock.advanceTo(bar.openTime + MIN); // a live bar arrives when it closed
      b.kernel.onMarketEvent(bar);
    }
    expect(tape(b)).toEqual(tape(a));
    // all-in 10000 / (100 * 1.001) = 99.9 at 99.5; stop 50 at 97.5 (path 102 -> 104 -> 97); limit 10 at 95.5 (maker)
    expect(tape(a)).toEqual([
      [T0 + MIN, 'buy', '99.9', '99.5', '9.94005'],
      [T0 + 2 * MIN, 'sell', '50', '97.5', '4.875'],
      [T0 + 4 * MIN, 'buy', '10', '95.5', '0.4775'],
    ]);
    expect(Array.from(b.kernel.equityCurve().equity)).toEqual(Array.from(a.kernel.equityCurve().equity));
    expect(b.kernel.portfolio.exactEquity().eq(a.kernel.portfolio.exactEquity())).toBe(true);
  });

  it('amends a resting order through the venue', () => {
    const t = scripted('t', {
      0: (ctx) => {
        ctx.submitOrder({ symbol: 'ABC/USD', side: 'buy', type: 'limit', limitPrice: 90, quantity: 5 });
      },
      1: (ctx) => {
        const o = ctx.openOrders('ABC/USD')[0]!;
        if (o.request.type === 'limit') ctx.amendOrder(o.clientOrderId, { limitPrice: o.request.limitPrice.plus(9), quantity: o.request.quantity.plus(o.request.quantity) });
      },
    });
    const { kernel } = setup({ strategies: [t] });
    kernel.runBarSeries([series([[100, 101, 99, 100], [100, 101, 99, 100], [100, 101, 98.5, 100]])]);
    expect(kernel.fills().map((f) => [f.quantity.toString(), f.price.toString()])).toEqual([['10', '99']]);
    expect(kernel.orders()[0]!.request.quantity.toString()).toBe('10');
  });

  it('saveState/restoreState round-trips strategy state', () => {
    let restored: unknown;
    const s: Strategy = { id: 'a', saveState: () => ({ n: 3 }), restoreState: (st) => (restored = st) };
    const { kernel } = setup({ strategies: [s] });
    const state = kernel.saveState();
    expect(state).toEqual({ a: { n: 3 } });
    kernel.restoreState({ a: { n: 4 }, other: 1 });
    expect(restored).toEqual({ n: 4 });
  });
});
