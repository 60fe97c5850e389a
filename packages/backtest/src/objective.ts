import { BotError } from '@bot/core-types';
import type { BacktestMetrics } from './metrics.js';

/** Metrics an optimiser can maximise. `maxDrawdown` is minimised (its negative is maximised). */
export const OBJECTIVES = ['sharpe', 'sortino', 'calmar', 'totalReturn', 'cagr', 'profitFactor', 'expectancy', 'winRate', 'finalEquity', 'maxDrawdown'] as const;

/** One of {@link OBJECTIVES}. */
export type Objective = (typeof OBJECTIVES)[number];

/**
 * The score of a run under an objective, higher is better: the metric itself, or `-maxDrawdown`. Undefined metrics
 * (NaN, e.g. Sharpe of a strategy that never traded) score `-Infinity` so they never win.
 */
export function objectiveValue(metrics: BacktestMetrics, objective: Objective): number {
  const v = objective === 'maxDrawdown' ? -metrics.maxDrawdown : metrics[objective];
  return Number.isNaN(v) ? Number.NEGATIVE_INFINITY : v;
}

/** Validates an objective name. @throws BotError `INVALID_ARGUMENT` listing the accepted names. */
export function parseObjective(text: string): Objective {
  if ((OBJECTIVES as readonly string[]).includes(text)) return text as Objective;
  throw new BotError('INVALID_ARGUMENT', `objective "${text}": expected one of ${OBJECTIVES.join(', ')}`);
}
