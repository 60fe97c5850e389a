/**
 * @packageDocumentation
 * LSTM, GRU and Transformer forecasters on TensorFlow.js for @bot: causal features from bars, time-ordered
 * splits with purge gaps, normalisation fitted on training data only, seeded reproducible training with early
 * stopping, save/load to a directory, walk-forward evaluation against naive baselines with a Diebold-Mariano
 * test, a core-types `Forecaster` implementation and a `neural` strategy.
 */
export { initBackend, activeBackend, BACKEND_PREFERENCE } from './backend.js';
export type { NeuralBackendName, NeuralBackendPreference } from './backend.js';
export { computeFeatures, featureWarmup, validateFeatureSpec, DEFAULT_FEATURE_SPEC, FEATURE_NAMES } from './features.js';
export type { FeatureName, FeatureSpec, FeatureMatrix } from './features.js';
export { forwardLogReturns, splitByTime, fitNormalisation, buildWindows, buildTargets, rangeIndices } from './dataset.js';
export type { TargetKind, SampleRange, TimeSplit, SplitOptions, Normalisation } from './dataset.js';
export { PositionalEncoding, MultiHeadSelfAttention, LastTimestep, LayerNorm, registerNeuralLayers } from './layers.js';
export type { MultiHeadSelfAttentionArgs } from './layers.js';
export { buildModel, defaultModelConfig, validateModelConfig } from './models.js';
export type { ModelKind, ModelConfig } from './models.js';
export { fitModel } from './train.js';
export type { TrainOptions, TrainingProgress, TrainingData, TrainingHistory } from './train.js';
export { NeuralForecaster } from './neuralForecaster.js';
export type { ForecasterSpec } from './neuralForecaster.js';
export { saveForecaster, loadForecaster, directoryHandler, MODEL_FILES, FORECASTER_FORMAT } from './modelIo.js';
export { trainForecaster, walkForward } from './trainForecaster.js';
export type {
  ForecasterTrainingOptions,
  TrainedForecaster,
  WalkForwardOptions,
  WalkForwardFold,
  WalkForwardResult,
} from './trainForecaster.js';
export { evaluateForecasts } from './evaluation.js';
export type { EvaluationInput, EvaluationReport, ForecastMetrics, BaselineComparison } from './evaluation.js';
export { dieboldMariano } from './dieboldMariano.js';
export type { DieboldMarianoResult } from './dieboldMariano.js';
export { studentTCdf } from './studentT.js';
export { neuralStrategy, neuralServices, NEURAL_STRATEGY_PARAMS, FORECASTER_SERVICE, SERIES_SERVICE } from './neuralStrategy.js';
export { syntheticSeries } from './synthetic.js';
export type { SyntheticSeriesOptions } from './synthetic.js';
export { createPrng, seededPermutation } from './prng.js';
export type { Prng } from './prng.js';
