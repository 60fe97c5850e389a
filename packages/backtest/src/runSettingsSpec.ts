import { checkRiskFreeRate } from './metrics.js';
import type { BacktestConfig } from './runBacktest.js';
import { parseSizingSpec, parseSlippageSpec } from './runSpecs.js';

/**
 * Backtest settings as plain data (strings and numbers), so they can cross into worker threads and be written
 * into manifests. {@link configFromSpec} turns them into a {@link BacktestConfig} fragment.
 */
export interface RunSettingsSpec {
  readonly initialCash?: string | number;
  readonly fee?: string | number;
  readonly lotSize?: string | number;
  readonly tickSize?: string | number;
  readonly fill?: 'next-open' | 'close';
  /** See `parseSlippageSpec` (default `none`). */
  readonly slippage?: string;
  /** See `parseSizingSpec` (default `all-in`). */
  readonly sizing?: string;
  readonly periodsPerYear?: number;
  /** Annual risk-free rate, a fraction greater than -1. */
  readonly riskFreeRate?: number;
  readonly latencyMs?: number;
  readonly maxVolumeParticipation?: number;
  readonly seed?: number;
  readonly allowShort?: boolean;
}

/**
 * Builds the run-level part of a {@link BacktestConfig} from {@link RunSettingsSpec}.
 * @throws BotError for bad specs (slippage, sizing, a risk-free rate of -1 or below).
 */
export function configFromSpec(spec: RunSettingsSpec = {}): Omit<BacktestConfig, 'data' | 'strategies'> {
  if (spec.riskFreeRate !== undefined) checkRiskFreeRate(spec.riskFreeRate, 'run settings: ');
  return {
    ...(spec.initialCash === undefined ? {} : { initialCash: spec.initialCash }),
    ...(spec.fee === undefined ? {} : { fee: spec.fee }),
    ...(spec.lotSize === undefined ? {} : { lotSize: spec.lotSize }),
    ...(spec.tickSize === undefined ? {} : { tickSize: spec.tickSize }),
    ...(spec.fill === undefined ? {} : { fill: spec.fill }),
    ...(spec.slippage === undefined ? {} : { slippage: parseSlippageSpec(spec.slippage) }),
    ...(spec.sizing === undefined ? {} : { sizer: parseSizingSpec(spec.sizing) }),
    ...(spec.periodsPerYear === undefined ? {} : { periodsPerYear: spec.periodsPerYear }),
    ...(spec.riskFreeRate === undefined ? {} : { riskFreeRate: spec.riskFreeRate }),
    ...(spec.latencyMs === undefined ? {} : { latencyMs: spec.latencyMs }),
    ...(spec.maxVolumeParticipation === undefined ? {} : { maxVolumeParticipation: spec.maxVolumeParticipation }),
    ...(spec.seed === undefined ? {} : { seed: spec.seed }),
    ...(spec.allowShort === undefined ? {} : { allowShort: spec.allowShort }),
  };
}
