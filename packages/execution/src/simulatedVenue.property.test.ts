import { ManualClock, clientOrderId, createInstrument, createOrderRequest } from '@bot/core-types';
import type { Bar, Fill, OrderInput } from '@bot/core-types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimulatedVenue } from './simulatedVenue.js';
import { slippage } from './slippage.js';

const inst = createInstrument({ symbol: 'ABC/USD', tickSize: '0.01', lotSize: '0.1', makerFee: '0.0002', takerFee: '0.001' });
const MIN = 60_000;

const barArb = fc
  .record({
    o: fc.integer({ min: 9_000, max: 11_000 }),
    up: fc.integer({ min: 0, max: 300 }),
    down: fc.integer({ min: 0, max: 300 }),
    c: fc.integer({ min: 0, max: 1000 }),
    v: fc.integer({ min: 0, max: 500 }),
  })
  .map(({ o, up, down, c, v }) => {
    const h = o + up;
    const l = o - down;
    const close = l + Math.round(((h - l) * c) / 1000);
    return { o: o / 100, h: h / 100, l: l / 100, c: close / 100, v };
  });

const orderArb = fc.record({
  at: fc.integer({ min: 0, max: 20 }),
  side: fc.constantFrom('buy' as const, 'sell' as const),
  type: fc.constantFrom('market' as const, 'limit' as const, 'stop' as const, 'stop-limit' as const, 'trailing-stop' as const),
  qty: fc.integer({ min: 1, max: 300 }),
  p1: fc.integer({ min: 9_000, max: 11_000 }),
  p2: fc.integer({ min: 9_000, max: 11_000 }),
  offset: fc.integer({ min: 1, max: 200 }),
  tif: fc.constantFrom('GTC' as const, 'IOC' as const, 'FOK' as const, 'DAY' as const),
});

describe('SimulatedVenue invariants', () => {
  it('never fills outside the bar range (slipped fills included) or before activation, never overfills, fees never negative', () => {
    let totalFills = 0;
    const kinds = new Set<string>();
    fc.assert(
      fc.property(
        fc.array(barArb, { minLength: 1, maxLength: 25 }),
        fc.array(orderArb, { maxLength: 15 }),
        fc.constantFrom(0, 30_000, 90_000),
        fc.constantFrom(undefined, 0.2, 1),
        // slippage pushes taker fills away from the path price: large enough to leave many bars' ranges
        fc.constantFrom(slippage.none(), slippage.fixedBps(50), slippage.volumeParticipation({ impactCoefficient: 1, sigma: 0.01 })),
        (bars, orders, latencyMs, participation, slippageModel) => {
          const clock = new ManualClock(0);
          const venue = new SimulatedVenue({
            clock,
            instruments: [inst],
            latencyMs,
            slippage: slippageModel,
            ...(participation === undefined ? {} : { maxVolumeParticipation: participation }),
          });
          const fills: Fill[] = [];
          venue.setEventHandler((e) => {
            if (e.type === 'fill') fills.push(e.fill);
          });
          const submitted = new Map<string, { time: number; qty: number }>();
          const barAt = new Map<number, Bar>();
          let n = 0;
          for (let i = 0; i < bars.length; i++) {
            for (const o of orders) {
              if (o.at !== i) continue;
              const tif = o.type === 'market' && o.tif === 'DAY' ? 'GTC' : o.tif;
              const input: OrderInput = {
                symbol: 'ABC/USD',
                side: o.side,
                type: o.type,
                quantity: o.qty / 10,
                timeInForce: tif,
                ...(o.type === 'limit' || o.type === 'stop-limit' ? { limitPrice: o.p1 / 100 } : {}),
                ...(o.type === 'stop' || o.type === 'stop-limit' ? { stopPrice: o.p2 / 100 } : {}),
                ...(o.type === 'trailing-stop' ? { trailingOffset: o.offset / 100 } : {}),
              };
              const id = clientOrderId(`o-${++n}`);
              submitted.set(id, { time: clock.now(), qty: o.qty / 10 });
              venue.submitOrder(id, createOrderRequest(input));
            }
            const b = bars[i]!;
            const bar: Bar = { type: 'bar', symbol: 'ABC/USD', timeframe: '1m', openTime: i * MIN, open: b.o, high: b.h, low: b.l, close: b.c, volume: b.v };
            barAt.set(bar.openTime, bar);
            venue.onMarketEvent(bar);
            clock.advanceTo((i + 1) * MIN);
          }
          totalFills += fills.length;
          for (const f of fills) kinds.add(f.liquidity);
          const filledBy = new Map<string, number>();
          for (const f of fills) {
            const b = barAt.get(f.time)!;
            const px = f.price.toNumber();
            expect(px).toBeGreaterThanOrEqual(b.low);
            expect(px).toBeLessThanOrEqual(b.high);
            const sub = submitted.get(f.clientOrderId)!;
            expect(f.time).toBeGreaterThanOrEqual(sub.time + latencyMs);
            expect(f.fee.amount.isNegative()).toBe(false);
            expect(f.quantity.isZero()).toBe(false);
            filledBy.set(f.clientOrderId, (filledBy.get(f.clientOrderId) ?? 0) + f.quantity.toNumber());
            if (participation !== undefined) {
              const inBar = fills.filter((g) => g.time === f.time).reduce((a, g) => a + g.quantity.toNumber(), 0);
              expect(inBar).toBeLessThanOrEqual(b.volume * participation + 1e-9);
            }
          }
          for (const [id, q] of filledBy) expect(q).toBeLessThanOrEqual(submitted.get(id)!.qty + 1e-9);
        },
      ),
      { numRuns: 400, seed: 424_242 },
    );
    // the property must actually exercise fills of both liquidity kinds
    expect(totalFills).toBeGreaterThan(300);
    expect([...kinds].sort()).toEqual(['maker', 'taker']);
  });
});
