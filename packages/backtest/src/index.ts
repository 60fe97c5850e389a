/**
 * @packageDocumentation
 * Realistic, reproducible backtests on the @bot trading kernel and simulated venue (the code path paper and live
 * trading use): metrics with documented conventions, JSON/CSV/HTML reports with a reproducibility manifest,
 * parallel grid/random optimisation, walk-forward analysis, Monte Carlo and a look-ahead check.
 */
export { runBacktest, instantiateStrategies } from './runBacktest.js';
export type { BacktestConfig, StrategySpec } from './runBacktest.js';
export type { BacktestResult, BacktestSettings, FillRecord, RiskDecisionRecord } from './backtestResult.js';
export { computeMetrics, exposureFraction } from './metrics.js';
export type { BacktestMetrics, MetricsInput } from './metrics.js';
export { inferPeriodsPerYear } from './periodsPerYear.js';
export { checkBarSpacing } from './barSpacing.js';
export { drawdownSeries, maxDrawdown } from './drawdown.js';
export type { DrawdownSummary } from './drawdown.js';
export { closedTradesFromFills } from './closedTrades.js';
export type { ClosedTrade, OpenTrade } from './closedTrades.js';
export { mean, sampleStd, percentileSorted } from './stats.js';
export { createRng } from './rng.js';
export type { Rng } from './rng.js';
export { monteCarlo, tradeReturns, periodicReturns } from './monteCarlo.js';
export type { MonteCarloResult, Distribution, MonteCarloCommon, TradeReshuffleOptions, BlockBootstrapOptions } from './monteCarlo.js';
export { gridParams, randomParams, parameterValues, parseParamRange } from './paramSpace.js';
export type { ParamSet, ParamRange, ParamRanges } from './paramSpace.js';
export { OBJECTIVES, objectiveValue, parseObjective } from './objective.js';
export type { Objective } from './objective.js';
export { optimize, defaultWorkerEntry } from './optimize.js';
export type { OptimizeOptions, OptimizeResult } from './optimize.js';
export { evaluateParams } from './evaluateParams.js';
export type { Evaluation } from './evaluateParams.js';
export { configFromSpec } from './runSettingsSpec.js';
export type { RunSettingsSpec } from './runSettingsSpec.js';
export { parseSizingSpec, parseSlippageSpec } from './runSpecs.js';
export { ExactAllInSizer } from './exactAllInSizer.js';
export { walkForwardWindows } from './walkForwardWindows.js';
export type { WalkForwardWindow, WalkForwardWindowOptions } from './walkForwardWindows.js';
export { walkForward } from './walkForward.js';
export type { WalkForwardOptions, WalkForwardResult, WalkForwardStep } from './walkForward.js';
export { checkLookAhead } from './lookAheadCheck.js';
export type { LookAheadCheckOptions, LookAheadReport, LookAheadViolation } from './lookAheadCheck.js';
export { observeDecisions } from './decisionRecorder.js';
export type { StrategyDecision } from './decisionRecorder.js';
export { liveFrom } from './liveFrom.js';
export { findStrategy, strategyNames } from './strategyRegistry.js';
export type { StrategyRegistryLike } from './strategyRegistry.js';
export { toSharedSeries, fromSharedSeries, sliceSeries } from './sharedSeries.js';
export type { SharedSeries } from './sharedSeries.js';
export { resultToJson, stringifyResult } from './report/resultToJson.js';
export type { ResultJsonOptions } from './report/resultToJson.js';
export { tradesCsv, fillsCsv } from './report/tradesCsv.js';
export { htmlReport } from './report/htmlReport.js';
export { formatMoney } from './report/formatMoney.js';
export type { HtmlReportOptions } from './report/htmlReport.js';
export { buildManifest, fileDigest, fileDigestInWorker } from './report/manifest.js';
export type { ReproducibilityManifest, FileDigest } from './report/manifest.js';
export { downsampleMinMax } from './report/downsample.js';
