import type { BarSeries } from '@bot/core-types';
import { ValidationError } from '@bot/core-types';
import { activeBackend } from './backend.js';
import type { SampleRange, TargetKind, TimeSplit } from './dataset.js';
import { buildTargets, buildWindows, fitNormalisation, forwardLogReturns, rangeIndices, splitByTime } from './dataset.js';
import type { EvaluationReport } from './evaluation.js';
import { evaluateForecasts } from './evaluation.js';
import type { FeatureMatrix, FeatureSpec } from './features.js';
import { DEFAULT_FEATURE_SPEC, computeFeatures, validateFeatureSpec } from './features.js';
import type { ModelConfig, ModelKind } from './models.js';
import { buildModel, defaultModelConfig } from './models.js';
import { NeuralForecaster } from './neuralForecaster.js';
import type { TrainingHistory, TrainOptions } from './train.js';
import { fitModel } from './train.js';

/** Options of {@link trainForecaster} and {@link walkForward}. */
export interface ForecasterTrainingOptions {
  /** Model kind (default architecture) or a full architecture. */
  readonly model: ModelKind | ModelConfig;
  /** Bars per input window (default 64). */
  readonly window?: number;
  /** Bars ahead (default 1). */
  readonly horizon?: number;
  /** `return` (regression of the h-bar log return, default) or `direction` (up-probability, binary cross-entropy). */
  readonly target?: TargetKind;
  /** Features (default {@link DEFAULT_FEATURE_SPEC}). */
  readonly features?: FeatureSpec;
  /** Seed of weights and shuffles (default 1). */
  readonly seed?: number;
  /** Extra bars dropped after each purge gap (default 0). */
  readonly embargo?: number;
  /** Fraction of the fit range used for early-stopping validation (default 0.15). */
  readonly validationFraction?: number;
  /** Fraction of usable samples held out as the final test set (default 0.15; 0 = train on everything). */
  readonly testFraction?: number;
  readonly training?: TrainOptions;
  /** Monotonic ms source for throughput figures only (e.g. `() => performance.now()`). */
  readonly now?: () => number;
}

/** Result of {@link trainForecaster}. */
export interface TrainedForecaster {
  readonly forecaster: NeuralForecaster;
  readonly history: TrainingHistory;
  readonly split: TimeSplit;
  /** Out-of-sample evaluation on the test range (undefined when `testFraction` is 0). */
  readonly evaluation: EvaluationReport | undefined;
  /** Backend the model was trained on. */
  readonly backend: string;
}

interface Prepared {
  readonly features: FeatureMatrix;
  readonly targets: Float64Array;
  readonly window: number;
  readonly horizon: number;
  readonly kind: TargetKind;
  readonly spec: FeatureSpec;
  readonly config: ModelConfig;
  readonly seed: number;
  /** First and one-past-last usable sample index. */
  readonly first: number;
  readonly end: number;
}

function prepare(series: BarSeries, options: ForecasterTrainingOptions): Prepared {
  const window = options.window ?? 64;
  const horizon = options.horizon ?? 1;
  if (!Number.isInteger(window) || window < 1 || window > 4096) throw new ValidationError('window', window, 'an integer in [1, 4096]');
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 10_000) throw new ValidationError('horizon', horizon, 'an integer in [1, 10000]');
  const kind = options.target ?? 'return';
  if (kind !== 'return' && kind !== 'direction') throw new ValidationError('target', kind, 'return or direction');
  const spec = validateFeatureSpec(options.features ?? DEFAULT_FEATURE_SPEC);
  const config = typeof options.model === 'string' ? defaultModelConfig(options.model) : options.model;
  const features = computeFeatures(series, spec);
  const targets = forwardLogReturns(series.close, horizon);
  return {
    features,
    targets,
    window,
    horizon,
    kind,
    spec,
    config,
    seed: options.seed ?? 1,
    first: features.firstValid + window - 1,
    end: series.length - horizon,
  };
}

/** Fits a model on samples `[range.start, range.end)` (split into train + validation with a purge gap). */
async function fitRange(
  p: Prepared,
  range: SampleRange,
  options: ForecasterTrainingOptions,
  series: BarSeries,
): Promise<{ forecaster: NeuralForecaster; history: TrainingHistory; split: TimeSplit; trainMean: number }> {
  const split = splitByTime({
    first: range.start,
    end: range.end,
    window: p.window,
    horizon: p.horizon,
    embargo: options.embargo ?? 0,
    validationFraction: options.validationFraction ?? 0.15,
    testFraction: 0,
  });
  const norm = fitNormalisation(p.features, { start: split.train.start - p.window + 1, end: split.train.end }, p.targets, split.train, p.kind);
  const trainIdx = rangeIndices(split.train);
  const valIdx = rangeIndices(split.validation);
  const nf = p.features.columns.length;
  const model = buildModel(p.config, p.window, nf, p.kind, p.seed);
  let history: TrainingHistory;
  try {
    history = await fitModel(
      model,
      {
        window: p.window,
        features: nf,
        xTrain: buildWindows(p.features, norm, trainIdx, p.window),
        yTrain: buildTargets(p.targets, norm, trainIdx, p.kind),
        xVal: buildWindows(p.features, norm, valIdx, p.window),
        yVal: buildTargets(p.targets, norm, valIdx, p.kind),
      },
      p.kind,
      { seed: p.seed, ...options.training },
      options.now,
    );
  } catch (e) {
    model.dispose();
    throw e;
  }
  let trainMean = 0;
  for (const t of trainIdx) trainMean += p.kind === 'direction' ? (p.targets[t]! > 0 ? 1 : 0) : p.targets[t]!;
  trainMean /= trainIdx.length;
  const forecaster = new NeuralForecaster(model, {
    model: p.config,
    features: p.spec,
    normalisation: norm,
    window: p.window,
    horizon: p.horizon,
    target: p.kind,
    seed: p.seed,
    metadata: {
      symbol: series.symbol,
      timeframe: series.timeframe,
      trainFrom: series.openTime[split.train.start - p.window + 1],
      trainTo: series.openTime[split.train.end - 1],
      validationTo: series.openTime[split.validation.end - 1],
      trainSamples: trainIdx.length,
      validationSamples: valIdx.length,
      trainMean,
      bestEpoch: history.bestEpoch,
      bestValLoss: history.bestValLoss,
      backend: activeBackend() ?? 'uninitialised',
    },
  });
  return { forecaster, history, split, trainMean };
}

/** Model outputs on samples `idx` in evaluation units: log return (`return`) or up-probability (`direction`). */
function predictSamples(f: NeuralForecaster, p: Prepared, idx: Int32Array): Float64Array {
  const raw = f.predictRaw(buildWindows(p.features, f.spec.normalisation, idx, p.window), idx.length);
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = p.kind === 'direction' ? raw[i]! : f.toValue(raw[i]!);
  return out;
}

/**
 * Trains one forecaster on a bar series: features, time-ordered train / validation / test split with purge gaps,
 * normalisation fitted on the training part only, seeded training with early stopping, then an honest evaluation
 * on the held-out test range against naive baselines. Call `initBackend()` first.
 *
 * @throws ValidationError for bad options or a series too short for the gaps and window.
 * @example
 * ```ts
 * await initBackend();
 * const { forecaster, evaluation } = await trainForecaster(series, { model: 'lstm', window: 32, training: { epochs: 10 } });
 * evaluation?.summary.forEach((line) => console.log(line));
 * await saveForecaster(forecaster, 'models/btc-lstm');
 * ```
 */
export async function trainForecaster(series: BarSeries, options: ForecasterTrainingOptions): Promise<TrainedForecaster> {
  const p = prepare(series, options);
  const testFraction = options.testFraction ?? 0.15;
  const gap = p.horizon + p.window - 1 + (options.embargo ?? 0);
  const usable = p.end - p.first;
  const nTest = testFraction > 0 ? Math.floor((usable - gap) * testFraction) : 0;
  if (testFraction > 0 && nTest < 3) throw new ValidationError('testFraction', testFraction, 'a fraction leaving at least 3 test samples');
  const fitEnd = testFraction > 0 ? p.end - nTest - gap : p.end;
  const fitted = await fitRange(p, { start: p.first, end: fitEnd }, options, series);
  const test = testFraction > 0 ? { start: p.end - nTest, end: p.end } : { start: p.end, end: p.end };
  let evaluation: EvaluationReport | undefined;
  if (testFraction > 0) {
    const idx = rangeIndices(test);
    const actual = new Float64Array(idx.length);
    for (let i = 0; i < idx.length; i++) actual[i] = p.targets[idx[i]!]!;
    evaluation = evaluateForecasts({
      target: p.kind,
      horizon: p.horizon,
      actual,
      predicted: predictSamples(fitted.forecaster, p, idx),
      trainMean: new Float64Array(idx.length).fill(fitted.trainMean),
    });
  }
  return {
    forecaster: fitted.forecaster,
    history: fitted.history,
    split: { ...fitted.split, test },
    evaluation,
    backend: activeBackend() ?? 'uninitialised',
  };
}

/** Options of {@link walkForward}. */
export interface WalkForwardOptions extends ForecasterTrainingOptions {
  /** Number of consecutive test blocks, each forecast by a model trained on everything before it (default 3). */
  readonly folds?: number;
  /** Fraction of usable samples covered by all test blocks together (default 0.3). */
  readonly testFraction?: number;
  /** Called after each fold is trained and forecast. */
  readonly onFold?: (fold: WalkForwardFold) => void;
}

/** One walk-forward fold. */
export interface WalkForwardFold {
  /** 0-based fold number. */
  readonly fold: number;
  readonly train: SampleRange;
  readonly validation: SampleRange;
  readonly test: SampleRange;
  readonly history: TrainingHistory;
}

/** Result of {@link walkForward}. */
export interface WalkForwardResult {
  readonly folds: readonly WalkForwardFold[];
  /** Sample (bar) indices of all out-of-sample forecasts, ascending. */
  readonly indices: Int32Array;
  /** Out-of-sample model outputs (log return or up-probability). */
  readonly predicted: Float64Array;
  /** Realised h-bar log returns at those indices. */
  readonly actual: Float64Array;
  readonly report: EvaluationReport;
  readonly backend: string;
}

/**
 * Walk-forward evaluation with an expanding training window: the last `testFraction` of usable samples is cut into
 * `folds` consecutive test blocks; for each block a fresh model (same seed) is fitted on all samples before it
 * (minus a purge gap of `horizon + window - 1 + embargo`, with its own normalisation and early-stopping validation
 * tail), then forecasts the block. The pooled out-of-sample forecasts are compared with the zero and training-mean
 * baselines (the mean taken from each fold's own training part).
 *
 * @throws ValidationError when the series is too short for the folds.
 * @example
 * ```ts
 * const wf = await walkForward(series, { model: 'gru', window: 32, folds: 3 });
 * wf.report.summary.forEach((l) => console.log(l));
 * ```
 */
export async function walkForward(series: BarSeries, options: WalkForwardOptions): Promise<WalkForwardResult> {
  const p = prepare(series, options);
  const folds = options.folds ?? 3;
  const testFraction = options.testFraction ?? 0.3;
  if (!Number.isInteger(folds) || folds < 1) throw new ValidationError('folds', folds, 'a positive integer');
  if (!(testFraction > 0 && testFraction < 1)) throw new ValidationError('testFraction', testFraction, 'a fraction in (0, 1)');
  const gap = p.horizon + p.window - 1 + (options.embargo ?? 0);
  const block = Math.floor(((p.end - p.first) * testFraction) / folds);
  if (block < 3) throw new ValidationError('folds', folds, 'fewer folds or a longer series (each test block needs >= 3 samples)');
  const indices: number[] = [];
  const predicted: number[] = [];
  const actual: number[] = [];
  const trainMeans: number[] = [];
  const done: WalkForwardFold[] = [];
  for (let k = 0; k < folds; k++) {
    const test = { start: p.end - (folds - k) * block, end: p.end - (folds - k - 1) * block };
    const fitted = await fitRange(p, { start: p.first, end: test.start - gap }, options, series);
    try {
      const idx = rangeIndices(test);
      const pred = predictSamples(fitted.forecaster, p, idx);
      for (let i = 0; i < idx.length; i++) {
        indices.push(idx[i]!);
        predicted.push(pred[i]!);
        actual.push(p.targets[idx[i]!]!);
        trainMeans.push(fitted.trainMean);
      }
    } finally {
      fitted.forecaster.dispose();
    }
    const fold = { fold: k, train: fitted.split.train, validation: fitted.split.validation, test, history: fitted.history };
    done.push(fold);
    options.onFold?.(fold);
  }
  const report = evaluateForecasts({ target: p.kind, horizon: p.horizon, actual, predicted, trainMean: trainMeans });
  return {
    folds: done,
    indices: Int32Array.from(indices),
    predicted: Float64Array.from(predicted),
    actual: Float64Array.from(actual),
    report,
    backend: activeBackend() ?? 'uninitialised',
  };
}
