import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBars, loadBarsCsv, writeBarsCsv } from '@bot/market-data';
import { runBacktest, ExactAllInSizer } from '@bot/backtest';
import { builtInStrategies } from '@bot/strategies';
import { createInstrument } from '@bot/core-types';
import type { EngineLogger } from '../src/tradingEngine.js';

/** A scratch directory with a generated hourly bar file and an engine config replaying it. */
export async function engineFixture(
  options: { bars?: number; speed?: number; extra?: string; seed?: number; symbol?: string; currency?: string; initialCash?: string; startPrice?: number; fast?: number; slow?: number } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'bot-engine-'));
  const csv = join(dir, 'bars.csv');
  const symbol = options.symbol ?? 'SYN/USD';
  await writeBarsCsv(csv, generateBars({ seed: options.seed ?? 11, bars: options.bars ?? 2000, timeframe: '1h', symbol, volatility: 0.8, ...(options.startPrice === undefined ? {} : { startPrice: options.startPrice }) }));
  const configPath = join(dir, 'engine.yaml');
  writeFileSync(
    configPath,
    `mode: paper
account: { currency: ${options.currency ?? 'USD'}, initialCash: "${options.initialCash ?? '10000'}" }
instruments:
  - { symbol: ${symbol}, tickSize: "0.00000001", lotSize: "0.00000001", makerFee: "0.001", takerFee: "0.001" }
feed: { type: replay, file: bars.csv, symbol: ${symbol}, speed: ${options.speed ?? 0} }
strategies:
  - { name: sma-cross, symbols: [${symbol}], params: { fast: ${options.fast ?? 10}, slow: ${options.slow ?? 30} } }
http: { port: 0 }
stateDir: state
${options.extra ?? ''}`,
  );
  return { dir, csv, configPath, stateDir: join(dir, 'state'), auditPath: join(dir, 'state', 'audit.jsonl') };
}

/** The same run through `runBacktest` (the reference for backtest/paper parity). */
export function backtestFills(csv: string) {
  const { series } = loadBarsCsv(csv, { symbol: 'SYN/USD' });
  const instrument = createInstrument({ symbol: 'SYN/USD', tickSize: '0.00000001', lotSize: '0.00000001', makerFee: '0.001', takerFee: '0.001' });
  const result = runBacktest({
    data: series,
    instruments: [instrument],
    initialCash: '10000',
    currency: 'USD',
    sizer: new ExactAllInSizer(),
    strategies: [{ definition: builtInStrategies.get('sma-cross')!, params: { fast: 10, slow: 30 } }],
  });
  return result.fills.map((f) => ({ time: f.time, side: f.side, qty: f.qty, price: f.price, fee: f.fee }));
}

/** A logger that keeps lines for assertions. */
export function memoryLogger(): EngineLogger & { lines: string[] } {
  const lines: string[] = [];
  const log = (obj: object, msg?: string) => lines.push(`${msg ?? ''} ${JSON.stringify(obj)}`);
  return { lines, info: log, warn: log, error: log };
}
