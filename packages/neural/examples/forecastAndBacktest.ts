/**
 * Train, evaluate honestly, save, reload and backtest a neural forecaster.
 *
 * Run on the real BTC/USD hourly file (slow-ish: a few minutes on 2 cores):
 *   pnpm exec tsx examples/forecastAndBacktest.ts ../../../shared/data/BTCUSD_1h.csv
 * Without an argument it uses a synthetic AR(2) series, predictable by construction, where a model should (and does)
 * beat the baselines; its backtest figures say nothing about real markets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BarSeries } from '@bot/core-types';
import { runBacktest } from '@bot/backtest';
import { loadBarsCsv } from '@bot/market-data';
import type { ModelConfig } from '../src/index.js';
import {
  DEFAULT_FEATURE_SPEC,
  initBackend,
  neuralServices,
  neuralStrategy,
  saveForecaster,
  syntheticSeries,
  trainForecaster,
  walkForward,
} from '../src/index.js';

/** The bars of `series` from index `from` on. */
function sliceSeries(series: BarSeries, from: number): BarSeries {
  return {
    symbol: series.symbol,
    timeframe: series.timeframe,
    length: series.length - from,
    openTime: series.openTime.slice(from),
    open: series.open.slice(from),
    high: series.high.slice(from),
    low: series.low.slice(from),
    close: series.close.slice(from),
    volume: series.volume.slice(from),
  };
}

/** Settings of {@link main}; the defaults are small enough for CI. */
export interface ExampleOptions {
  readonly series?: BarSeries;
  readonly model?: ModelConfig;
  readonly window?: number;
  readonly epochs?: number;
  readonly folds?: number;
  readonly log?: (line: string) => void;
}

/** Runs the whole flow and returns its key results. */
export async function main(options: ExampleOptions = {}) {
  const log = options.log ?? ((l: string) => console.log(l));
  const backend = await initBackend();
  const series = options.series ?? syntheticSeries({ length: 1200, phi: [1.2, -0.5], sigma: 0.01, seed: 42, symbol: 'SYN/USD' });
  const synthetic = options.series === undefined;
  const common = {
    model: options.model ?? { kind: 'gru', layers: 1, units: 8, heads: 1, feedForward: 8, dropout: 0 },
    window: options.window ?? 8,
    features: synthetic ? { ...DEFAULT_FEATURE_SPEC, features: ['logReturn'] as const } : DEFAULT_FEATURE_SPEC,
    training: { epochs: options.epochs ?? 8, learningRate: 0.005, patience: 3, batchSize: 64 },
    seed: 7,
    now: () => performance.now(),
  } as const;
  log(`backend: ${backend}; ${series.length} bars of ${series.symbol} ${series.timeframe}`);

  // 1. Walk-forward: every forecast comes from a model that never saw its future.
  const wf = await walkForward(series, { ...common, folds: options.folds ?? 1, testFraction: 0.3 });
  log(`walk-forward (${wf.report.n} out-of-sample forecasts):`);
  for (const line of wf.report.summary) log(`  ${line}`);

  // 2. Final model on everything but a held-out tail, saved and reloaded.
  const trained = await trainForecaster(series, { ...common, testFraction: 0.2 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bot-neural-example-'));
  await saveForecaster(trained.forecaster, dir);
  trained.forecaster.dispose();

  // 3. Backtest the reloaded model through the kernel, only on bars it was not fitted on: the held-out tail, plus the
  //    lookback before the first test bar so the first decision can be made there.
  const services0 = await neuralServices(dir, series);
  const forecaster = services0['forecaster'] as { lookback: number; dispose(): void };
  const from = trained.split.test.start - forecaster.lookback + 1;
  const heldOutBars = sliceSeries(series, from);
  const services = { ...services0, series: heldOutBars };
  const result = runBacktest({
    data: heldOutBars,
    strategies: [{ definition: neuralStrategy, params: { model: dir, entry: 0, exit: 0 }, services }],
    initialCash: 10_000,
    fee: 0.001,
  });
  forecaster.dispose();
  rmSync(dir, { recursive: true, force: true });
  const m = result.metrics;
  log(
    `backtest on the ${heldOutBars.length - forecaster.lookback + 1} held-out bars (fee 10 bps, next-open fills): ` +
      `return ${(m.totalReturn * 100).toFixed(2)}%, Sharpe ${m.sharpe.toFixed(2)}, max DD ${(m.maxDrawdown * 100).toFixed(2)}%, ${m.trades} trades`,
  );
  return { backend, walkForward: wf.report, heldOut: trained.evaluation, backtest: m, trades: m.trades };
}

const arg = process.argv[2];
if (process.argv[1] !== undefined && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const series = arg === undefined ? undefined : loadBarsCsv(arg, { symbol: 'BTC/USD' }).series;
  await main(series === undefined ? {} : { series, model: { kind: 'lstm', layers: 1, units: 16, heads: 1, feedForward: 16, dropout: 0 }, window: 32, epochs: 4 });
}
