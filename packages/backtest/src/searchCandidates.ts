import { BotError, type StrategyDefinition, resolveParams } from '@bot/core-types';
import { type ParamRanges, type ParamSet, gridParams, randomParams } from './paramSpace.js';

/** @internal A parameter set that was not evaluated, and why. */
export interface SkippedParams {
  readonly params: ParamSet;
  readonly reason: string;
}

/** @internal What {@link searchCandidates} needs of the optimiser's options. */
export interface CandidateOptions {
  readonly fixedParams?: Readonly<Record<string, unknown>>;
  readonly ranges?: ParamRanges;
  readonly method?: 'grid' | 'random';
  readonly samples?: number;
  readonly seed?: number;
  readonly filter?: (params: ParamSet) => boolean;
}

/**
 * @internal The full parameter sets a search evaluates (fixed + searched, validated by the strategy's specs), and
 * those the specs or the filter refused with the reason. Shared by `optimize` and `walkForward` (which checks the
 * warm-up of every candidate before it starts).
 */
export function searchCandidates(definition: StrategyDefinition, options: CandidateOptions): { candidates: ParamSet[]; skipped: SkippedParams[] } {
  const method = options.method ?? 'grid';
  const ranges = options.ranges ?? {};
  const searchAll = options.ranges === undefined;
  const fixed = options.fixedParams ?? {};
  const fixedNames = new Set(Object.keys(fixed));
  const specs = Object.fromEntries(Object.entries(definition.params).filter(([k]) => !fixedNames.has(k) || k in ranges));
  const raw = method === 'grid' ? gridParams(specs, ranges, { searchAll }) : randomParams(specs, options.samples ?? 100, options.seed ?? 1, ranges, { searchAll });
  const candidates: ParamSet[] = [];
  const skipped: SkippedParams[] = [];
  for (const p of raw) {
    const merged = { ...fixed, ...p };
    try {
      const full = resolveParams(definition.params, merged) as ParamSet;
      if (options.filter !== undefined && !options.filter(full)) {
        skipped.push({ params: full, reason: 'filtered out' });
        continue;
      }
      candidates.push(full);
    } catch (error) {
      skipped.push({ params: merged as ParamSet, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { candidates, skipped };
}

/** @internal A parameter set as `k=v k=v`, for messages. @example `formatParams({ fast: 10, slow: 30 })` -> `fast=10 slow=30` */
export function formatParams(params: ParamSet): string {
  return Object.entries(params).map(([k, v]) => `${k}=${String(v)}`).join(' ');
}

/**
 * @internal The error of a search in which no parameter set could be evaluated: how many were rejected and the
 * reason of the first.
 */
export function noValidParamsError(strategy: string, rejected: readonly SkippedParams[]): BotError {
  const first = rejected[0];
  const why = first === undefined ? 'the search space is empty' : `all ${rejected.length} candidate(s) were rejected; the first, ${formatParams(first.params)}: ${first.reason}`;
  return new BotError('INVALID_ARGUMENT', `optimize ${strategy}: no valid parameter set found: ${why}`, { details: { strategy, rejected: rejected.length } });
}
