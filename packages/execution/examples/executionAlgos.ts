/**
 * Runnable example: execution algorithms on the kernel. A VWAP buy of 3 BTC over two hours, sized by the volume
 * profile of the previous five days, runs next to a protective emulated trailing stop (as if the venue had none),
 * all through the risk gate, on a seeded random walk of one-minute bars. Run it with
 * `pnpm exec tsx examples/executionAlgos.ts`.
 */
import { ManualClock, barSeriesFromBars, createInstrument } from '@bot/core-types';
import type { Bar, BarSeries } from '@bot/core-types';
import { AlgoHost, PermissiveRiskGate, SimulatedVenue, TradingKernel, trailingStop, volumeProfileFromBars, vwap } from '../src/index.js';

const MIN = 60_000;
const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 6);

/** One-minute bars with a U-shaped intraday volume curve (busy at the day's start and end), seeded. */
function minuteBars(from: number, count: number, seed: number): BarSeries {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const bars: Bar[] = [];
  let price = 40_000;
  for (let i = 0; i < count; i++) {
    const t = from + i * MIN;
    const minuteOfDay = (t % DAY) / MIN;
    const u = Math.abs(minuteOfDay - 720) / 720; // 0 at noon, 1 at midnight
    const volume = Math.round((2 + 6 * u * u) * (0.5 + rnd()) * 100) / 100;
    const open = price;
    const close = Math.round(open * (1 + (rnd() - 0.5) * 0.002) * 100) / 100;
    const high = Math.round(Math.max(open, close) * (1 + rnd() * 0.0005) * 100) / 100;
    const low = Math.round(Math.min(open, close) * (1 - rnd() * 0.0005) * 100) / 100;
    bars.push({ type: 'bar', symbol: 'BTC/USDT', timeframe: '1m', openTime: t, open, high, low, close, volume });
    price = close;
  }
  return barSeriesFromBars(bars);
}

/** Runs the example and returns its key figures. */
export function main() {
  const history = minuteBars(START - 5 * DAY, 5 * 1440, 7);
  const profile = volumeProfileFromBars(history, 30 * MIN);
  const instrument = createInstrument({ symbol: 'BTC/USDT', tickSize: '0.01', lotSize: '0.0001', minNotional: '10', takerFee: '0.001' });
  const clock = new ManualClock(START);
  const venue = new SimulatedVenue({ clock, instruments: [instrument] });
  const gate = new PermissiveRiskGate();
  const host = new AlgoHost({ clock }); // no capabilities given: stops and trailing stops are emulated
  const kernel = new TradingKernel({ clock, venue, instruments: [instrument], account: { currency: 'USDT', initialCash: 200_000 }, strategies: [host], riskGate: gate });
  kernel.start();

  const buy = host.start(vwap({ symbol: 'BTC/USDT', side: 'buy', quantity: 3, startTime: START + 9 * 60 * MIN, endTime: START + 11 * 60 * MIN, slices: 8, volumeProfile: profile }));
  const today = minuteBars(START, 1440, 11);
  // run the morning, then protect what was bought with a trailing stop 1 % under the highest price
  const cut = 11 * 60 + 5;
  const slice = (a: number, b: number): BarSeries => ({
    ...today,
    length: b - a,
    openTime: today.openTime.subarray(a, b),
    open: today.open.subarray(a, b),
    high: today.high.subarray(a, b),
    low: today.low.subarray(a, b),
    close: today.close.subarray(a, b),
    volume: today.volume.subarray(a, b),
  });
  kernel.runBarSeries([slice(0, cut)]);
  const bought = host.progress(buy)!;
  const stop = host.start(trailingStop({ symbol: 'BTC/USDT', side: 'sell', quantity: bought.filledQuantity, trailingOffset: 100, trailingOffsetType: 'bps' }));
  kernel.runBarSeries([slice(cut, 1440)]);
  const protect = host.progress(stop)!;
  return {
    vwapChildren: bought.children.map((c) => c.quantity.toString()),
    vwapStatus: bought.status,
    vwapAveragePrice: bought.averagePrice?.toString(),
    stopStatus: protect.status,
    stopEmulated: protect.emulated,
    finalPosition: kernel.portfolio.position('BTC/USDT').quantity.toString(),
    gateVerdicts: kernel.riskDecisions().length,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(main());
