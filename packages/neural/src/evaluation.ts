import type { TargetKind } from './dataset.js';
import type { DieboldMarianoResult } from './dieboldMariano.js';
import { dieboldMariano } from './dieboldMariano.js';

/** Error metrics of one set of forecasts. */
export interface ForecastMetrics {
  /** Mean absolute error (log-return units, or probability units for `direction`). */
  readonly mae: number;
  /** Root mean squared error (for `direction`: sqrt of the Brier score). */
  readonly rmse: number;
  /**
   * Fraction of forecasts whose direction matched the realised move, `null` when the forecaster never takes a side
   * (the zero-return / coin baseline). `return`: sign(pred) vs sign(actual); `direction`: p > 0.5 vs actual > 0.
   */
  readonly directionalAccuracy: number | null;
}

/** A baseline's metrics and the DM test of the model against it. */
export interface BaselineComparison {
  /** `zero` (random walk: zero return, or p = 0.5) or `trainMean` (mean training target / up-frequency). */
  readonly baseline: 'zero' | 'trainMean';
  readonly metrics: ForecastMetrics;
  /** DM test on squared errors (model vs this baseline). */
  readonly test: DieboldMarianoResult;
  /** `1 - rmseModel / rmseBaseline` (fraction; positive = model better). */
  readonly rmseImprovement: number;
  /** True only when the model has lower squared-error loss AND the one-sided DM p-value is below alpha. */
  readonly modelBetter: boolean;
}

/** The honest comparison of out-of-sample forecasts with naive baselines. */
export interface EvaluationReport {
  readonly target: TargetKind;
  readonly horizon: number;
  readonly n: number;
  readonly alpha: number;
  readonly model: ForecastMetrics;
  readonly baselines: readonly BaselineComparison[];
  /** True when the model significantly beats every baseline. */
  readonly beatsBaselines: boolean;
  /** Human-readable lines, one per baseline, saying plainly whether the model beats it. */
  readonly summary: readonly string[];
}

/** Inputs of {@link evaluateForecasts}: aligned out-of-sample arrays. */
export interface EvaluationInput {
  readonly target: TargetKind;
  readonly horizon: number;
  /** Realised log returns over the horizon. */
  readonly actual: ArrayLike<number>;
  /** Model outputs: predicted log return (`return`) or up-probability (`direction`). */
  readonly predicted: ArrayLike<number>;
  /** The training-mean baseline for each point (per walk-forward fold): mean log return or up-frequency. */
  readonly trainMean: ArrayLike<number>;
  /** Significance level of the one-sided DM test (default 0.05). */
  readonly alpha?: number;
}

function metrics(target: TargetKind, actual: ArrayLike<number>, pred: (i: number) => number, takesSide: boolean): ForecastMetrics {
  const n = actual.length;
  let ae = 0;
  let se = 0;
  let hits = 0;
  let calls = 0;
  for (let i = 0; i < n; i++) {
    const a = actual[i]!;
    const p = pred(i);
    const outcome = target === 'direction' ? (a > 0 ? 1 : 0) : a;
    const e = p - outcome;
    ae += Math.abs(e);
    se += e * e;
    if (target === 'direction') {
      calls++;
      if (p > 0.5 === a > 0) hits++;
    } else if (a !== 0) {
      calls++;
      if (Math.sign(p) === Math.sign(a)) hits++;
    }
  }
  return { mae: ae / n, rmse: Math.sqrt(se / n), directionalAccuracy: takesSide && calls > 0 ? hits / calls : null };
}

function fmt(x: number, digits = 4): string {
  return Number.isFinite(x) ? x.toPrecision(digits) : String(x);
}

/**
 * Compares out-of-sample forecasts with two naive baselines: `zero` (zero return: price stays at its last value;
 * p = 0.5 for direction) and `trainMean` (the training mean of the target). Each comparison runs a
 * {@link dieboldMariano} test (HLN-corrected, HAC variance for h > 1) on squared errors; the model "beats" a baseline
 * only when its loss is lower and the one-sided p-value < alpha. The summary says so plainly either way.
 *
 * @example
 * ```ts
 * const report = evaluateForecasts({ target: 'return', horizon: 1, actual, predicted, trainMean });
 * report.summary.forEach((l) => console.log(l));
 * ```
 */
export function evaluateForecasts(input: EvaluationInput): EvaluationReport {
  const { target, horizon, actual, predicted, trainMean } = input;
  const alpha = input.alpha ?? 0.05;
  const n = actual.length;
  const model = metrics(target, actual, (i) => predicted[i]!, true);
  const outcome = (i: number): number => (target === 'direction' ? (actual[i]! > 0 ? 1 : 0) : actual[i]!);
  const sq = (f: (i: number) => number): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = (f(i) - outcome(i)) ** 2;
    return out;
  };
  const modelLoss = sq((i) => predicted[i]!);
  const zero = target === 'direction' ? 0.5 : 0;
  const candidates: { baseline: 'zero' | 'trainMean'; pred: (i: number) => number; takesSide: boolean }[] = [
    { baseline: 'zero', pred: () => zero, takesSide: false },
    { baseline: 'trainMean', pred: (i) => trainMean[i]!, takesSide: true },
  ];
  const baselines: BaselineComparison[] = candidates.map((c) => {
    const m = metrics(target, actual, c.pred, c.takesSide);
    const test = dieboldMariano(modelLoss, sq(c.pred), horizon);
    const modelBetter = test.meanDifference < 0 && test.pValueModelBetter < alpha;
    return { baseline: c.baseline, metrics: m, test, rmseImprovement: 1 - model.rmse / m.rmse, modelBetter };
  });
  const label = { zero: target === 'direction' ? 'coin-flip (p = 0.5)' : 'zero-return (last price)', trainMean: 'training-mean' };
  const summary = baselines.map((b) => {
    const verdict = b.modelBetter
      ? `model BEATS the ${label[b.baseline]} baseline`
      : `model does NOT beat the ${label[b.baseline]} baseline`;
    return (
      `${verdict}: RMSE ${fmt(model.rmse)} vs ${fmt(b.metrics.rmse)} (${Math.abs(b.rmseImprovement * 100).toFixed(1)}% ${b.rmseImprovement >= 0 ? 'lower' : 'higher'}), ` +
      `DM* = ${b.test.statistic.toFixed(2)}, one-sided p = ${b.test.pValueModelBetter.toPrecision(3)} (alpha ${alpha}, n = ${n}, h = ${horizon})`
    );
  });
  return { target, horizon, n, alpha, model, baselines, beatsBaselines: baselines.every((b) => b.modelBetter), summary };
}
