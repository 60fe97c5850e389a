import { Decimal, Quantity, TradingMode, isTerminalOrderStatus } from '@bot/core-types';
import type { OrderIntent, RiskDecision, Strategy } from '@bot/core-types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KernelStrategyContext } from '../kernelStrategyContext.js';
import { MIN, REJECT, RecordingGate, T0, algoSetup, bar, rows } from './algoTestKit.js';
import type { AlgoHost } from './algoHost.js';
import { iceberg, percentageOfVolume, trailingStop, twap, vwap } from './parentOrders.js';
import type { ParentOrder } from './parentOrders.js';
import { volumeProfileFromBars } from './volumeProfile.js';

const N_BARS = 16;

const barsArb = fc.array(
  fc.record({ move: fc.integer({ min: -30, max: 30 }), range: fc.integer({ min: 1, max: 40 }), volume: fc.integer({ min: 0, max: 5_000 }) }),
  { minLength: N_BARS, maxLength: N_BARS },
);

function toRows(spec: readonly { move: number; range: number; volume: number }[]): number[][] {
  let p = 100;
  return spec.map((s) => {
    const o = p;
    const c = Math.max(50, p + s.move / 10);
    const hi = Math.max(o, c) + s.range / 20;
    const lo = Math.min(o, c) - s.range / 20;
    p = c;
    return [o, hi, lo, c, s.volume];
  });
}

const kindArb = fc.constantFrom('twap', 'vwap', 'pov', 'iceberg', 'twap-limit');

function makeParent(kind: string, side: 'buy' | 'sell', qtyLots: number, slices: number, reduceOnly: boolean): ParentOrder {
  const quantity = new Decimal(qtyLots).div(1000).toString();
  const common = { symbol: 'ABC/USD', side, quantity, reduceOnly } as const;
  const window = { startTime: T0, endTime: T0 + 12 * MIN, slices };
  switch (kind) {
    case 'twap':
      return twap({ ...common, ...window });
    case 'twap-limit':
      return twap({ ...common, ...window, limitOffsetBps: 5 });
    case 'vwap': {
      const hist = Array.from({ length: 60 }, (_, i) => bar(i - 1440, 1, 1, 1, 1, 1 + ((i * 37) % 11)));
      return vwap({ ...common, ...window, volumeProfile: volumeProfileFromBars(hist, MIN) });
    }
    case 'pov':
      return percentageOfVolume({ ...common, participation: 0.002 * slices });
    default:
      return iceberg({ ...common, limitPrice: side === 'buy' ? 100 : 100, displayQuantity: new Decimal(Math.max(1, Math.floor(qtyLots / slices))).div(1000).toString() });
  }
}

/** Committed quantity of a parent's children from the kernel's own order records. */
function committedFromKernel(orders: readonly { status: string; request: { quantity: Quantity }; filledQuantity: Quantity }[]): Decimal {
  let s = new Decimal(0);
  for (const o of orders) s = s.plus(isTerminalOrderStatus(o.status as never) ? o.filledQuantity.value : o.request.quantity.value);
  return s;
}

describe('execution algorithm invariants (fast-check)', () => {
  it('filled + working children never exceed the parent, whatever the gate resizes or rejects', () => {
    fc.assert(
      fc.property(
        kindArb,
        fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 40, maxLength: 40 }),
        barsArb,
        (kind, side, qtyLots, slices, verdicts, barSpec) => {
          // verdict per child: 0-5 approve, 6-7 resize to a fraction, 8-9 reject
          const rule = (intent: OrderIntent, n: number): RiskDecision | undefined => {
            const v = verdicts[(n - 1) % verdicts.length]!;
            if (v <= 5) return undefined;
            if (v >= 8) return REJECT;
            const smaller = intent.request.quantity.value.times(v === 6 ? 0.5 : 0.25).toDecimalPlaces(3, Decimal.ROUND_DOWN);
            return smaller.gt(0) ? { kind: 'resize', quantity: Quantity.of(smaller), reasons: [{ code: 'test-resize', message: 't' }] } : REJECT;
          };
          const gate = new RecordingGate(rule);
          let violations = 0;
          const s = algoSetup({ gate, allowShort: true, host: {} });
          const parent = makeParent(kind, side, qtyLots, slices, false);
          const Q = parent.quantity.value;
          const host: AlgoHost = s.host;
          const id = host.start(parent);
          const check = () => {
            if (committedFromKernel(s.children()).gt(Q)) violations++;
            const p = host.progress(id)!;
            if (p.filledQuantity.value.gt(Q)) violations++;
          };
          const r = toRows(barSpec);
          r.forEach((row, i) => {
            s.clock.advanceTo(T0 + (i + 1) * MIN);
            s.kernel.onMarketEvent(bar(i, row[0]!, row[1]!, row[2]!, row[3]!, row[4]!));
            check();
          });
          expect(violations).toBe(0);
          let filled = new Decimal(0);
          for (const f of s.kernel.fills()) filled = filled.plus(f.quantity.value);
          expect(filled.lte(Q)).toBe(true);
          // every child went through the gate
          expect(gate.seen.length).toBe(s.children().length);
        },
      ),
      { seed: 20_240_101, numRuns: 60 },
    );
  });

  it('in reduce mode no child that would open or increase exposure is ever sent (gate not enforcing)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('twap', 'pov', 'iceberg', 'trailing', 'twap-limit'),
        fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
        fc.boolean(),
        fc.integer({ min: -2000, max: 2000 }).filter((x) => x !== 0),
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: N_BARS - 2 }),
        barsArb,
        (kind, side, reduceOnly, startLots, qtyLots, slices, reduceAt, barSpec) => {
          const gate = new RecordingGate();
          const ref: { host?: AlgoHost } = {};
          let n = 0;
          const trader: Strategy = {
            id: 'trader',
            onBar(_b, ctx) {
              if (n === 0) {
                (ctx as KernelStrategyContext).submitOrder({
                  symbol: 'ABC/USD',
                  side: startLots > 0 ? 'buy' : 'sell',
                  type: 'market',
                  quantity: new Decimal(Math.abs(startLots)).div(1000).toString(),
                });
              }
              if (n === 1) {
                const p =
                  kind === 'trailing'
                    ? trailingStop({ symbol: 'ABC/USD', side, quantity: new Decimal(qtyLots).div(1000).toString(), trailingOffset: 0.5, reduceOnly })
                    : makeParent(kind, side, qtyLots, slices, reduceOnly);
                ref.host!.start(p);
              }
              if (n === reduceAt + 1) gate.setMode(TradingMode.Reduce, ctx.now());
              n++;
            },
          };
          const s = algoSetup({ gate, allowShort: true, strategies: [trader] });
          ref.host = s.host;
          s.kernel.runBarSeries([rows(toRows(barSpec))]);
          for (const r of gate.seen) {
            if (r.mode !== TradingMode.Reduce || r.intent.strategyId !== s.host.id) continue;
            const req = r.intent.request;
            const qty = req.quantity.toNumber();
            expect(req.reduceOnly).toBe(true);
            if (req.side === 'sell') {
              expect(r.position).toBeGreaterThan(0);
              expect(qty).toBeLessThanOrEqual(r.position + 1e-9);
            } else {
              expect(r.position).toBeLessThan(0);
              expect(qty).toBeLessThanOrEqual(-r.position + 1e-9);
            }
          }
        },
      ),
      { seed: 7, numRuns: 60 },
    );
  });
});
