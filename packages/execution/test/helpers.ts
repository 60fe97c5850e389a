import { ManualClock, barSeriesFromBars, clientOrderId, createInstrument, createOrderRequest } from '@bot/core-types';
import type { Bar, BarSeries, ClientOrderId, Fill, Instrument, InstrumentSpec, OrderInput, Strategy, VenueEvent } from '@bot/core-types';
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

/** The instrument of {@link recordingVenue}: ABC/USD, tick 0.01, lot 0.001, maker 0.02%, taker 0.1%. */
export const venueInstrument = createInstrument({ symbol: 'ABC/USD', tickSize: '0.01', lotSize: '0.001', makerFee: '0.0002', takerFee: '0.001' });

/**
 * A venue on its own ManualClock at T0 (the open of bar 0), recording every event: `submit` sends an ABC/USD order
 * with ids o-1, o-2, ...; `feed(i, ...)` delivers 1m bar i and moves the clock to its close.
 */
export function recordingVenue(options: Partial<SimulatedVenueOptions> = {}, instruments: Instrument[] = [venueInstrument]) {
  const clock = new ManualClock(T0);
  const v = new SimulatedVenue({ clock, instruments, ...options });
  const events: VenueEvent[] = [];
  v.setEventHandler((e) => events.push(e));
  let n = 0;
  const submit = (input: Omit<OrderInput, 'symbol'>): ClientOrderId => {
    const id = clientOrderId(`o-${++n}`);
    v.submitOrder(id, createOrderRequest({ symbol: 'ABC/USD', ...input } as OrderInput));
    return id;
  };
  const fills = () => events.filter((e): e is { type: 'fill'; fill: Fill } => e.type === 'fill').map((e) => e.fill);
  const statusOf = (id: string) => events.filter((e) => e.type !== 'fill' && 'clientOrderId' in e && e.clientOrderId === id).map((e) => e.type);
  const feed = (i: number, o: number, h: number, l: number, c: number, vol = 1_000) => {
    v.onMarketEvent(bar(i, o, h, l, c, vol));
    clock.advanceTo(T0 + (i + 1) * MIN);
  };
  return { clock, v, events, submit, fills, statusOf, feed };
}

/** A fill as plain strings and numbers, for `toEqual`. */
export const fillNumbers = (f: Fill) => ({ qty: f.quantity.toString(), price: f.price.toString(), fee: f.fee.amount.toString(), liq: f.liquidity, time: f.time });
