/**
 * The risk gate in a tiny SMA-cross loop on ORCL daily bars: every order goes through a gate built from
 * examples/risk.json, exactly as the backtest CLI and the engine build it (parseRiskGateConfig + createRiskGate).
 * Fills happen at the close (this loop is a demonstration, not the @bot backtester).
 * Run: pnpm exec tsx examples/gateOnOrcl.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Instrument,
  ManualClock,
  type MarketView,
  type Order,
  type PortfolioView,
  type RiskDecision,
  clientOrderId,
  createInstrument,
  createOrderRequest,
} from '@bot/core-types';
import { createRiskGate, parseRiskGateConfig } from '../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SYMBOL = 'ORCL/USD';

export interface ExampleResult {
  readonly bars: number;
  readonly decisions: { approve: number; resize: number; reject: number };
  readonly reasonCounts: Record<string, number>;
  readonly firstResize?: { time: string; requested: number; quantity: string; reasons: string[] };
  readonly firstReject?: { time: string; requested: number; reasons: string[] };
  readonly finalEquity: number;
}

/** Runs an SMA(10/30) cross, all-in, on ORCL through the example gate and tallies the decisions. */
export function main(dataDir = path.resolve(here, '..', '..', '..', '..', 'shared', 'data')): ExampleResult {
  const rows = readFileSync(path.join(dataDir, 'ORCL_1d.csv'), 'utf8').trim().split('\n').slice(1);
  const bars = rows.map((r) => {
    const f = r.split(',');
    return { time: Date.parse(f[0]!), close: Number(f[4]) };
  });
  const config = parseRiskGateConfig(JSON.parse(readFileSync(path.join(here, 'risk.json'), 'utf8')), 'examples/risk.json');
  const clock = new ManualClock(bars[0]!.time);
  const gate = createRiskGate(config, { clock });
  const instrument: Instrument = createInstrument({ symbol: SYMBOL, tickSize: '0.01', lotSize: '1', minQuantity: '1' });

  let cash = 100_000;
  let position = 0;
  let last = bars[0]!.close;
  let lastTime = bars[0]!.time;
  let peak = cash;
  let dayStart = cash;
  const equity = () => cash + position * last;
  const portfolio: PortfolioView = {
    currency: 'USD',
    equity,
    cash: () => cash,
    positionQuantity: (s) => (s === SYMBOL ? position : 0),
    positionSymbols: () => (position !== 0 ? [SYMBOL] : []),
    openOrders: (): readonly Order[] => [],
    peakEquity: () => peak,
    startOfDayEquity: () => dayStart,
  };
  const market: MarketView = {
    lastPrice: (s) => (s === SYMBOL ? last : undefined),
    lastUpdateTime: (s) => (s === SYMBOL ? lastTime : undefined),
    instrument: (s) => (s === SYMBOL ? instrument : undefined),
  };

  const decisions = { approve: 0, resize: 0, reject: 0 };
  const reasonCounts: Record<string, number> = {};
  let firstResize: ExampleResult['firstResize'];
  let firstReject: ExampleResult['firstReject'];
  const closes: number[] = [];
  let seq = 0;
  let wasLong = false;
  for (const bar of bars) {
    clock.advanceTo(bar.time);
    dayStart = equity();
    last = bar.close;
    lastTime = bar.time;
    peak = Math.max(peak, equity());
    closes.push(bar.close);
    const ctx = { now: bar.time, portfolio, market };
    gate.evaluate(ctx);
    if (closes.length < 30) continue;
    const sma = (n: number) => closes.slice(-n).reduce((a, b) => a + b, 0) / n;
    const wantLong = sma(10) > sma(30);
    // Classic SMA cross: on a cross up buy all-in, on a cross down sell the whole position.
    if (wantLong === wasLong) continue;
    wasLong = wantLong;
    const target = wantLong ? Math.floor(cash / bar.close) + position : 0;
    const delta = target - position;
    if (delta === 0) continue;
    const side = delta > 0 ? 'buy' : 'sell';
    const requested = Math.abs(delta);
    const request = createOrderRequest({ symbol: SYMBOL, side, type: 'market', quantity: requested });
    const d: RiskDecision = gate.check({ clientOrderId: clientOrderId(`o${++seq}`), request, time: bar.time }, ctx);
    decisions[d.kind]++;
    for (const r of d.reasons) reasonCounts[r.code] = (reasonCounts[r.code] ?? 0) + 1;
    const stamp = new Date(bar.time).toISOString().slice(0, 10);
    if (d.kind === 'resize' && !firstResize) firstResize = { time: stamp, requested, quantity: d.quantity.toString(), reasons: d.reasons.map((r) => r.code) };
    if (d.kind === 'reject' && !firstReject) firstReject = { time: stamp, requested, reasons: d.reasons.map((r) => r.code) };
    const filled = d.kind === 'approve' ? requested : d.kind === 'resize' ? d.quantity.toNumber() : 0;
    const signed = side === 'buy' ? filled : -filled;
    position += signed;
    cash -= signed * bar.close;
  }
  return {
    bars: bars.length,
    decisions,
    reasonCounts,
    ...(firstResize ? { firstResize } : {}),
    ...(firstReject ? { firstReject } : {}),
    finalEquity: Math.round(equity() * 100) / 100,
  };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  console.log(JSON.stringify(main(), null, 2));
}
