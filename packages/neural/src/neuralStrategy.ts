import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bar, BarSeries, Forecast, Forecaster, Strategy, StrategyContext, StrategyDefinition } from '@bot/core-types';
import { BotError } from '@bot/core-types';
import { type FeatureSpec, featureWarmup } from './features.js';

/** Parameters of {@link neuralStrategy}. */
export const NEURAL_STRATEGY_PARAMS = {
  model: {
    type: 'string',
    default: '',
    description: 'Model directory written by `bot train` (the CLI loads it and passes it as services.forecaster)',
  },
  entry: {
    type: 'float',
    default: 0,
    min: 0,
    max: 1,
    step: 0.0005,
    description: 'Go long when the forecast value exceeds this (log return for return models, 2p-1 for direction models)',
  },
  exit: {
    type: 'float',
    default: 0,
    min: -1,
    max: 1,
    step: 0.0005,
    description: 'Close a long when the forecast value falls below this (<= entry gives hysteresis); mirrored for shorts',
  },
  allowShort: { type: 'boolean', default: false, description: 'Also go short when the forecast is below -entry' },
  minConfidence: {
    type: 'float',
    default: 0,
    min: 0,
    max: 1,
    step: 0.05,
    description: 'Ignore forecasts whose confidence is below this (only models that report confidence, e.g. direction)',
  },
} as const;

/** Service key under which {@link neuralStrategy} expects its {@link Forecaster}. */
export const FORECASTER_SERVICE = 'forecaster';
/** Optional service key: the full {@link BarSeries} being backtested, enabling the `forecastSeries` fast path. */
export const SERIES_SERVICE = 'series';

function isForecaster(x: unknown): x is Forecaster {
  return typeof x === 'object' && x !== null && typeof (x as Forecaster).forecast === 'function' && typeof (x as Forecaster).lookback === 'number';
}

function isBarSeries(x: unknown): x is BarSeries {
  return typeof x === 'object' && x !== null && (x as BarSeries).openTime instanceof Float64Array;
}

function hasMakeForecast(x: Forecaster): x is Forecaster & { makeForecast(value: number): Forecast } {
  return typeof (x as { makeForecast?: unknown }).makeForecast === 'function';
}

/** Index of `time` in ascending `times`, or -1. */
function findIndex(times: Float64Array, time: number, hint: number): number {
  if (hint < times.length && times[hint] === time) return hint;
  let lo = 0;
  let hi = times.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = times[mid]!;
    if (v === time) return mid;
    if (v < time) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * A strategy that trades a {@link Forecaster}'s forecasts of its first symbol: long (weight 1) when the forecast value
 * is above `entry`, flat when it drops below `exit`, and (with `allowShort`) the mirror image for shorts. Forecasts
 * whose `confidence` is below `minConfidence` are ignored (position kept).
 *
 * The model is loaded asynchronously, so `create` does not load it: pass a pre-loaded forecaster as
 * `services.forecaster` (the CLI does `await loadForecaster(params.model)` first; `params.model` documents the
 * directory). If `services.series` holds the full series being run and the forecaster has `forecastSeries`, all
 * forecasts are computed in one batched call at the first bar (each still uses only bars up to its own index);
 * otherwise `forecast(window)` runs on the last `lookback` closed bars at every bar.
 *
 * @throws BotError `CONFIG` from `create` when no forecaster service is given.
 * @example
 * ```ts
 * const forecaster = await loadForecaster('models/btc-lstm');
 * const strategy = neuralStrategy.create(resolveParams(neuralStrategy.params, { entry: '0.001' }), {
 *   symbols: ['BTC/USD'], services: { forecaster, series },
 * });
 * ```
 */
export const neuralStrategy: StrategyDefinition<typeof NEURAL_STRATEGY_PARAMS> = {
  name: 'neural',
  description:
    'Trades a neural forecaster (LSTM/GRU/Transformer from @bot/neural): long above an entry threshold on the forecast, flat below the exit threshold, optional shorts and confidence filter',
  params: NEURAL_STRATEGY_PARAMS,
  /** The model's lookback (`window + featureWarmup - 1`), read from `<model>/forecaster.json`; 0 when unreadable. */
  warmupBars(params) {
    if (params.model === '') return 0;
    try {
      const spec = JSON.parse(readFileSync(join(params.model, 'forecaster.json'), 'utf8')) as { window?: unknown; features?: FeatureSpec };
      return typeof spec.window === 'number' && spec.features !== undefined ? spec.window + featureWarmup(spec.features) - 1 : 0;
    } catch {
      return 0;
    }
  },
  create(params, options): Strategy {
    const forecaster = options.services?.[FORECASTER_SERVICE];
    if (!isForecaster(forecaster)) {
      throw new BotError(
        'CONFIG',
        `strategy neural needs a loaded forecaster in services.${FORECASTER_SERVICE}` +
          (params.model === '' ? ' (set --param model=<dir> to a directory written by `bot train`)' : ` (load ${params.model} with loadForecaster)`),
      );
    }
    const symbol = options.symbols[0];
    if (symbol === undefined) throw new BotError('CONFIG', 'strategy neural needs one symbol');
    const seriesService = options.services?.[SERIES_SERVICE];
    const series = isBarSeries(seriesService) && seriesService.symbol === symbol ? seriesService : undefined;
    let precomputed: Float64Array | undefined;
    let cursor = 0;
    let position: -1 | 0 | 1 = 0;
    const lookback = forecaster.lookback;

    const valueAt = (bar: Bar, ctx: StrategyContext): { value: number; confidence: number | undefined } | undefined => {
      if (series !== undefined && forecaster.forecastSeries !== undefined) {
        precomputed ??= forecaster.forecastSeries(series);
        const i = findIndex(series.openTime, bar.openTime, cursor);
        if (i >= 0) {
          cursor = i + 1;
          const value = precomputed[i]!;
          if (Number.isNaN(value)) return undefined;
          // forecastSeries carries values only; a forecaster that can rebuild the Forecast (NeuralForecaster) gives
          // back the confidence the per-bar path would have reported.
          const full = hasMakeForecast(forecaster) ? forecaster.makeForecast(value) : undefined;
          return { value, confidence: full?.confidence };
        }
      }
      const history = ctx.bars(symbol);
      if (history.length < lookback) return undefined;
      const window: Bar[] = [];
      for (let ago = lookback - 1; ago >= 0; ago--) window.push(history.at(ago)!);
      const f = forecaster.forecast(window);
      return f === undefined ? undefined : { value: f.value, confidence: f.confidence };
    };

    return {
      id: options.id ?? 'neural',
      onBar(bar, ctx) {
        if (bar.symbol !== symbol) return;
        const f = valueAt(bar, ctx);
        if (f === undefined) return;
        const confidence = f.confidence;
        if (confidence !== undefined && confidence < params.minConfidence) return;
        let next = position;
        if (f.value > params.entry) next = 1;
        else if (params.allowShort && f.value < -params.entry) next = -1;
        else if (position === 1 && f.value < params.exit) next = 0;
        else if (position === -1 && f.value > -params.exit) next = 0;
        if (next !== position) {
          position = next;
          ctx.emitSignal({ symbol, strength: next, reason: `forecast ${f.value.toPrecision(4)} (h=${forecaster.horizon})` });
          ctx.setTargetWeight(symbol, next);
        }
      },
      saveState: () => ({ position }),
      restoreState(state) {
        const p = (state as { position?: unknown } | null)?.position;
        if (p === -1 || p === 0 || p === 1) position = p;
      },
    };
  },
};

/**
 * Prepares the services {@link neuralStrategy} needs: initialises the TensorFlow.js backend, loads the model from
 * `modelDir` (the strategy's `model` parameter) and, when given, adds the series for the batched fast path after
 * computing all its forecasts on every core (`forecastSeriesParallel`).
 * This is what `bot backtest --strategy neural --param model=<dir>` does before creating the strategy.
 *
 * @throws BotError `CONFIG` when `modelDir` is empty or not a model directory.
 * @example
 * ```ts
 * const services = await neuralServices('models/btc-lstm', series);
 * runBacktest({ data: series, strategies: [{ definition: neuralStrategy, params: { model: 'models/btc-lstm' }, services }] });
 * ```
 */
export async function neuralServices(modelDir: string, series?: BarSeries): Promise<Readonly<Record<string, unknown>>> {
  if (modelDir === '') throw new BotError('CONFIG', 'strategy neural needs --param model=<dir> (a directory written by `bot train`)');
  const { initBackend } = await import('./backend.js');
  const { loadForecaster } = await import('./modelIo.js');
  await initBackend();
  const forecaster = await loadForecaster(modelDir);
  if (series === undefined) return { [FORECASTER_SERVICE]: forecaster };
  // All forecasts now, on every core; the strategy's forecastSeries(series) at its first bar reuses them.
  await forecaster.forecastSeriesParallel(series);
  return { [FORECASTER_SERVICE]: forecaster, [SERIES_SERVICE]: series };
}
