import type { BarSeries, StrategyDefinition } from '@bot/core-types';
import type { BacktestMetrics } from './metrics.js';
import { type Objective, objectiveValue } from './objective.js';
import type { ParamSet } from './paramSpace.js';
import { runBacktest } from './runBacktest.js';
import { type RunSettingsSpec, configFromSpec } from './runSettingsSpec.js';

/** One evaluated parameter set. */
export interface Evaluation {
  /** Position in the candidate list (stable across workers). */
  readonly index: number;
  /** The full parameter set (fixed + searched). */
  readonly params: ParamSet;
  /** Objective score (higher is better; -Infinity when undefined). */
  readonly score: number;
  readonly metrics: BacktestMetrics;
}

/** Runs one backtest for `params` and scores it. Shared by the in-process path and the worker threads. */
export function evaluateParams(
  data: readonly BarSeries[],
  definition: StrategyDefinition,
  params: ParamSet,
  run: RunSettingsSpec,
  objective: Objective,
  index: number,
): Evaluation {
  const result = runBacktest({ ...configFromSpec(run), data, strategies: [{ definition, params }] });
  const full = result.settings.strategies[0]!.params;
  return { index, params: full, score: objectiveValue(result.metrics, objective), metrics: result.metrics };
}
