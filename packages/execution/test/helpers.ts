import { ManualClock, barSeriesFromBars, createInstrument } from '@bot/core-types';
import type { Bar, BarSeries, Instrument, InstrumentSpec, Strategy } from '@bot/core-types';
import { SimulatedVenue, TradingKernel } from '../src/index.js';
import type { KernelOptions, KernelStrategyContext, SimulatedVenueOptions } from '../src/index.js';

export const T0 = Date.UTC(2024, 0, 1);
export const MIN = 60_000;

/** A 1m bar at index i (openTime T0 + i minutes). */
export function bar(i: number, o: number, h: number, l: number, c: number, v = 1_000, symbol = 'ABC/USD'): Bar {
  return { type: 'bar', symbol, timeframe: '1m', openTime: T0 + i * MIN, open: o, high: h, low: l, close: c, volume: v };
}

/** Series from [o,h,l,c,v?] rows. */
export function series(rows: readonly (readonly number[])[], symbol = 'ABC/USD'): BarSeries {
  return barSeriesFromBars(rows.map((r, i) => bar(i, r[0]!, r[1]!, r[2]!, r[3]!, r[4] ?? 1_000, symbol)), symbol, '1m');
}

export function instrument(spec: Partial<InstrumentSpec> = {}): Instrument {
  return createInstrument({ symbol: 'ABC/USD', tickSize: '0.01', lotSize: '0.001', ...spec });
}

/** A strategy that runs `script[i]` on the i-th closed bar (0-based). */
export function scripted(id: string, script: Record<number, (ctx: KernelStrategyContext, bar: Bar) => void>): Strategy & { seen: number[] } {
  const seen: number[] = [];
  let n = 0;
  return {
    id,
    seen,
    onBar(b, ctx) {
      seen.push(b.openTime);
      const f = script[n++];
      if (f !== undefined) f(ctx as KernelStrategyContext, b);
    },
  };
}

export function setup(
  opts: {
    instruments?: Instrument[];
    venue?: Partial<SimulatedVenueOptions>;
    kernel?: Partial<KernelOptions>;
    strategies?: Strategy[];
    cash?: number;
  } = {},
) {
  const instruments = opts.instruments ?? [instrument()];
  const clock = new ManualClock(T0 - MIN);
  const venue = new SimulatedVenue({ clock, instruments, ...opts.venue });
  const kernel = new TradingKernel({
    clock,
    venue,
    instruments,
    account: { currency: 'USD', initialCash: opts.cash ?? 10_000 },
    strategies: opts.strategies ?? [],
    ...opts.kernel,
  });
  return { clock, venue, kernel, instruments };
}
