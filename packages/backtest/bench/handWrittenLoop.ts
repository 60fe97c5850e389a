/**
 * The parity scenario written by hand, as a reference for the kernel's event-loop speed: SMA(10)/SMA(30)
 * crossover (the library's `SmaCrossRule`, backtrader's rule) decided on a bar's close and filled at the next
 * bar's open, 0.1% commission per side, all-in sizing floored to a 1e-8 lot, a buy rejected when its cost exceeds
 * the cash (the simulated venue's default). Unlike the bench's float-only floor it keeps the money exact the way
 * the kernel does (cash, quantities, prices and fees as bigint decimals) and keeps one order and one fill object
 * per trade, so it does the work any exact backtester must do and nothing more: no ports, no risk gate, no order
 * state machine, no events. It makes the kernel's fills (same count, same final equity).
 *
 * Run alone (`tsx bench/handWrittenLoop.ts <csv>`) it prints the `runMs` of one pass in a fresh process, the
 * figure to put beside the cold `bot backtest` run.
 */
import { pathToFileURL } from 'node:url';
import type { BarSeries } from '@bot/core-types';
import { loadBarsCsv } from '@bot/market-data';
import { SmaCrossRule } from '@bot/strategies';

/** Cash is kept at this decimal exponent: quantity (1e-8) x price (up to 1e-8) x fee rate (1e-3) fits exactly. */
const CASH_E = 19;
const CASH_SCALE = 10n ** BigInt(CASH_E);

interface HandOrder {
  readonly seq: number;
  readonly buy: boolean;
  /** Quantity in units of the 1e-8 lot. */
  readonly lots: bigint;
  readonly decidedAt: number;
  status: 'open' | 'filled' | 'rejected';
}

interface HandFill {
  readonly order: HandOrder;
  /** Price as `priceM * 10^-priceDigits`. */
  readonly priceM: bigint;
  readonly priceDigits: number;
  readonly time: number;
}

/** The exact decimal of a double with at most 8 decimals (prices on the 1e-8 tick): mantissa and digit count. */
function exactPrice(x: number): { m: bigint; digits: number } {
  for (let k = 0; k <= 8; k++) {
    const n = Math.round(x * 10 ** k);
    if (n / 10 ** k === x) return { m: BigInt(n), digits: k };
  }
  throw new Error(`price ${x} is not on the 1e-8 tick`);
}

/** One pass of the scenario; returns the fills, the orders and the final equity at the last close. */
export function handWrittenExactLoop(s: BarSeries): { fills: number; orders: number; finalEquity: number } {
  const n = s.length;
  const open = s.open;
  const close = s.close;
  const time = s.openTime;
  // the library's crossover rule (the same decisions as `sma-cross`); everything after the decision is hand-written
  const rule = new SmaCrossRule(10, 30);
  let cash = 10_000n * CASH_SCALE;
  let lots = 0n;
  let cashNum = 10_000;
  let lotsNum = 0;
  const orders: HandOrder[] = [];
  const fills: HandFill[] = [];
  let pending: HandOrder | undefined;
  for (let i = 0; i < n; i++) {
    if (pending !== undefined) {
      const p = exactPrice(open[i]!);
      const notional = pending.lots * p.m * 10n ** BigInt(CASH_E - 8 - p.digits);
      const fee = notional / 1000n; // 0.1%: exact at this scale
      if (pending.buy && notional + fee > cash) pending.status = 'rejected';
      else {
        cash += pending.buy ? -(notional + fee) : notional - fee;
        lots += pending.buy ? pending.lots : -pending.lots;
        cashNum = Number(cash) / 10 ** CASH_E;
        lotsNum = Number(lots) / 1e8;
        pending.status = 'filled';
        fills.push({ order: pending, priceM: p.m, priceDigits: p.digits, time: time[i]! });
      }
      pending = undefined;
    }
    const c = close[i]!;
    const target = rule.update(c);
    if (target === undefined) continue;
    let want = 0n;
    if (target > 0) {
      if (lots > 0n) continue;
      const units = ((cashNum + lotsNum * c) / (c * 1.001)) * 1e8;
      const k = Math.floor(units);
      // a lot count within float noise of the next integer is that integer (as the kernel's sizer does)
      want = BigInt(k + 1 - units <= units * 8e-16 + 1e-9 ? k + 1 : k);
    }
    if (want === lots) continue;
    pending = { seq: orders.length + 1, buy: want > lots, lots: want > lots ? want - lots : lots - want, decidedAt: time[i]!, status: 'open' };
    orders.push(pending);
  }
  return { fills: fills.length, orders: orders.length, finalEquity: cashNum + lotsNum * close[n - 1]! };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: tsx bench/handWrittenLoop.ts <csv>');
  const { series } = loadBarsCsv(file, { symbol: 'SYN/USD' });
  const t0 = performance.now();
  const r = handWrittenExactLoop(series);
  const runMs = performance.now() - t0;
  console.log(JSON.stringify({ runMs, ...r }));
}
