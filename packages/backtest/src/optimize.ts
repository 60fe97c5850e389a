import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type BarSeries, BotError } from '@bot/core-types';
import { builtInStrategies } from '@bot/strategies';
import { type Evaluation, evaluateParams } from './evaluateParams.js';
import type { Objective } from './objective.js';
import { checkBarSpacing } from './barSpacing.js';
import type { ParamRanges, ParamSet } from './paramSpace.js';
import { type RunSettingsSpec, configFromSpec } from './runSettingsSpec.js';
import { noValidParamsError, searchCandidates } from './searchCandidates.js';
import { toSharedSeries } from './sharedSeries.js';
import { type StrategyRegistryLike, findStrategy } from './strategyRegistry.js';

/** Options of {@link optimize}. */
export interface OptimizeOptions {
  readonly data: BarSeries | readonly BarSeries[];
  /** Strategy name in the registry. */
  readonly strategy: string;
  /**
   * Where to find the strategy (default: `builtInStrategies` of @bot/strategies). Worker threads can only resolve
   * built-in strategies: when the registry maps the name to anything else, the search runs in-process.
   */
  readonly registry?: StrategyRegistryLike;
  /** Parameters held fixed (raw values, validated by the spec). */
  readonly fixedParams?: Readonly<Record<string, unknown>>;
  /** Ranges to search (default: every numeric/boolean/enum parameter over its spec range). */
  readonly ranges?: ParamRanges;
  /** `grid` (default, every combination) or `random` (`samples` seeded draws). */
  readonly method?: 'grid' | 'random';
  /** Random draws (default 100). */
  readonly samples?: number;
  /** Seed of random search (default 1). */
  readonly seed?: number;
  /** What to maximise (default `sharpe`). */
  readonly objective?: Objective;
  /** Backtest settings shared by every evaluation. */
  readonly run?: RunSettingsSpec;
  /**
   * Worker threads (default: all cores, `os.availableParallelism()`, except for small searches of fewer than 2M
   * bar-evaluations, which run in this thread because starting workers costs more); `1` or `0` evaluates in this
   * thread.
   */
  readonly workers?: number;
  /**
   * Path of the built worker script (default: `optimizeWorker.js` next to this module in the built package).
   * When running from TypeScript sources (tests) there is none and evaluation falls back to this thread.
   */
  readonly workerEntry?: string;
  /** Progress (evaluations done, total). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Skip parameter sets the strategy would reject (e.g. fast >= slow): a predicate on the full set. */
  readonly filter?: (params: ParamSet) => boolean;
}

/** Result of {@link optimize}: every evaluation, best first. */
export interface OptimizeResult {
  readonly strategy: string;
  readonly objective: Objective;
  readonly method: 'grid' | 'random';
  readonly best: Evaluation | undefined;
  /** Sorted by score (desc), ties by candidate order. */
  readonly evaluations: readonly Evaluation[];
  /** Candidates that the strategy rejected (invalid combinations), with the reason. */
  readonly skipped: readonly { readonly params: ParamSet; readonly reason: string }[];
  /** How the work ran. */
  readonly parallel: { readonly mode: 'workers' | 'in-process'; readonly workers: number; readonly reason?: string };
}

/** The built worker next to this module, or undefined when running from sources. */
export function defaultWorkerEntry(): string | undefined {
  const here = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return undefined;
  const candidate = join(dirname(here), 'optimizeWorker.js');
  return existsSync(candidate) ? candidate : undefined;
}

/**
 * Grid or random search over a strategy's parameters, scoring each set with a full backtest, in parallel on
 * worker threads (the data is shared, not copied). Deterministic: the same options give the same ranking
 * whether it runs on workers or in-process.
 *
 * @throws BotError `INVALID_ARGUMENT` for an unknown strategy, bad ranges, bad run settings, a series whose
 *   timeframe is longer than the spacing of its bars, or when no parameter set is valid (every candidate rejected by
 *   the parameter specs, the filter or the strategy itself): the message gives the count and the first reason.
 *   Candidates that fail while others succeed are reported in `skipped`, not thrown.
 * @example
 * ```ts
 * const r = await optimize({ data: series, strategy: 'sma-cross', ranges: { fast: { min: 5, max: 20, step: 5 } }, objective: 'sharpe' });
 * console.log(r.best?.params, r.best?.score);
 * ```
 */
export async function optimize(options: OptimizeOptions): Promise<OptimizeResult> {
  const data: readonly BarSeries[] = Array.isArray(options.data) ? (options.data as readonly BarSeries[]) : [options.data as BarSeries];
  const registry = options.registry ?? (builtInStrategies as unknown as StrategyRegistryLike);
  const definition = findStrategy(registry, options.strategy);
  const objective = options.objective ?? 'sharpe';
  const method = options.method ?? 'grid';
  const { candidates, skipped } = searchCandidates(definition, options);
  if (candidates.length === 0) throw noValidParamsError(options.strategy, skipped);
  // Settings and data that every evaluation would reject fail once, here, with their own message.
  for (const s of data) checkBarSpacing(s);
  configFromSpec(options.run);
  const run = options.run ?? {};
  const wanted = options.workers ?? availableParallelism();
  const entry = options.workerEntry ?? defaultWorkerEntry();
  // Workers look strategies up in the built-in registry: fine whenever that gives this very definition.
  const usesBuiltIns = options.registry === undefined || (builtInStrategies as ReadonlyMap<string, unknown>).get(options.strategy) === definition;
  let reason: string | undefined;
  if (wanted <= 1) reason = 'workers <= 1';
  else if (!usesBuiltIns) reason = 'custom strategy registry (workers resolve built-in strategies only)';
  else if (entry === undefined) reason = 'no built worker script (running from sources)';
  else if (candidates.length === 1) reason = 'a single candidate';
  else if (options.workers === undefined && candidates.length * data.reduce((a, d) => a + d.length, 0) < 2_000_000) {
    // Starting a worker (loading the packages) costs more than a few hundred short backtests.
    reason = 'small search (in-process is faster than starting workers)';
  }

  let evaluations: Evaluation[];
  const failures: { params: ParamSet; reason: string }[] = [];
  let mode: 'workers' | 'in-process';
  let workers: number;
  if (reason === undefined && entry !== undefined) {
    mode = 'workers';
    workers = Math.min(wanted, candidates.length);
    evaluations = await runPool(entry, { data: data.map(toSharedSeries), strategy: options.strategy, run, objective }, candidates, workers, failures, options.onProgress);
  } else {
    mode = 'in-process';
    workers = 1;
    evaluations = [];
    for (let i = 0; i < candidates.length; i++) {
      try {
        evaluations.push(evaluateParams(data, definition, candidates[i]!, run, objective, i));
      } catch (error) {
        failures.push({ params: candidates[i]!, reason: error instanceof Error ? error.message : String(error) });
      }
      options.onProgress?.(i + 1, candidates.length);
      // Let timers (progress bars) breathe on long in-process runs.
      if (i % 16 === 15) await Promise.resolve();
    }
  }
  // failures in candidate order, whichever worker finished first
  const order = new Map(candidates.map((c, i) => [c, i]));
  failures.sort((a, b) => order.get(a.params)! - order.get(b.params)!);
  if (evaluations.length === 0) throw noValidParamsError(options.strategy, [...skipped, ...failures]);
  evaluations.sort((a, b) => (b.score === a.score ? a.index - b.index : b.score > a.score ? 1 : -1));
  return {
    strategy: options.strategy,
    objective,
    method,
    best: evaluations[0],
    evaluations,
    skipped: [...skipped, ...failures],
    parallel: reason === undefined ? { mode, workers } : { mode, workers, reason },
  };
}

function runPool(
  entry: string,
  workerData: unknown,
  candidates: readonly ParamSet[],
  size: number,
  failures: { params: ParamSet; reason: string }[],
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<Evaluation[]> {
  return new Promise((resolvePool, rejectPool) => {
    const results: Evaluation[] = [];
    const pool: Worker[] = [];
    let next = 0;
    let done = 0;
    let finished = false;
    const stop = (error?: Error): void => {
      if (finished) return;
      finished = true;
      for (const w of pool) void w.terminate();
      if (error) rejectPool(error);
      else resolvePool(results);
    };
    const feed = (w: Worker): void => {
      if (next < candidates.length) {
        const index = next++;
        w.postMessage({ index, params: candidates[index] });
      }
    };
    for (let k = 0; k < size; k++) {
      const w = new Worker(entry, { workerData });
      pool.push(w);
      w.on('message', (msg: { ok: true; evaluation: Evaluation } | { ok: false; index: number; message: string }) => {
        if (msg.ok) results.push(msg.evaluation);
        else failures.push({ params: candidates[msg.index]!, reason: msg.message });
        done++;
        onProgress?.(done, candidates.length);
        if (done === candidates.length) stop();
        else feed(w);
      });
      w.on('error', (error) => stop(new BotError('INTERNAL', `optimiser worker failed: ${error.message}`, { cause: error })));
      w.on('exit', (code) => {
        if (!finished && code !== 0) stop(new BotError('INTERNAL', `optimiser worker exited with code ${code}`));
      });
      feed(w);
    }
  });
}
