import { type BarSeries, BotError, type StrategyDefinition } from '@bot/core-types';
import { builtInStrategies } from '@bot/strategies';
import type { ClosedTrade } from './closedTrades.js';
import { liveFrom } from './liveFrom.js';
import { type BacktestMetrics, computeMetrics, exposureFraction } from './metrics.js';
import type { Objective } from './objective.js';
import { type OptimizeOptions, type OptimizeResult, optimize } from './optimize.js';
import type { ParamSet } from './paramSpace.js';
import { instantiateStrategies, runBacktest } from './runBacktest.js';
import { configFromSpec } from './runSettingsSpec.js';
import { formatParams, searchCandidates } from './searchCandidates.js';
import { sliceSeries } from './sharedSeries.js';
import { type StrategyRegistryLike, findStrategy } from './strategyRegistry.js';
import { type WalkForwardWindow, walkForwardWindows } from './walkForwardWindows.js';

/** Options of {@link walkForward}: an optimisation per window plus the window layout. */
export interface WalkForwardOptions extends Omit<OptimizeOptions, 'data' | 'onProgress'> {
  /** One series (walk-forward windows are cut on its bars). */
  readonly data: BarSeries;
  readonly inSampleBars: number;
  readonly outOfSampleBars: number;
  /** `rolling` (default) or `anchored`. */
  readonly mode?: 'rolling' | 'anchored';
  /** Progress over windows (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** One window's outcome. */
export interface WalkForwardStep {
  readonly window: WalkForwardWindow;
  /** Open time of the first out-of-sample bar, epoch ms. */
  readonly outOfSampleStart: number;
  /** Parameters chosen in-sample. */
  readonly params: ParamSet;
  /** In-sample objective score of the chosen parameters. */
  readonly inSampleScore: number;
  /** Out-of-sample metrics of those parameters (the segment starts flat, indicators warmed on the in-sample bars). */
  readonly outOfSample: BacktestMetrics;
  readonly outOfSampleTrades: number;
}

/** Result of {@link walkForward}. */
export interface WalkForwardResult {
  readonly steps: readonly WalkForwardStep[];
  /** Out-of-sample equity of all windows chained (each segment rescaled to start where the previous ended). */
  readonly equity: { readonly time: Float64Array; readonly equity: Float64Array };
  /**
   * Metrics of the stitched out-of-sample equity, of every out-of-sample fill and of every out-of-sample trade, as one
   * run over those bars with those fills would report them: fees and traded notional (turnover) of all fills,
   * exposure including the positions still open at a window's end (exposed until that window's last close; they are
   * marked there, not counted as trades). Money figures of a window (fees, notional, trade pnl and quantity) are
   * rescaled by the same factor as its equity segment, so they add up with the stitched equity.
   */
  readonly metrics: BacktestMetrics;
  /**
   * Mean out-of-sample score / mean in-sample score (walk-forward efficiency); NaN when undefined (a window without a
   * finite in-sample or out-of-sample score, or a mean in-sample score of 0), with the reason in `warnings`. An
   * out-of-sample window that stayed flat (no position, zero return) scores 0 under sharpe, sortino, calmar and
   * expectancy (their formulas give NaN there), with a note in `warnings`.
   */
  readonly efficiency: number;
  /** Why a figure is undefined (e.g. the efficiency), in words. */
  readonly warnings: readonly string[];
}

/**
 * Walk-forward analysis: for each window, optimise on the in-sample bars, then run the best parameters on the
 * following out-of-sample bars (starting flat, with the in-sample bars as indicator history), and stitch the
 * out-of-sample equity curves into one. Reports the parameter path and the out-of-sample metrics. A position still
 * open when a window ends is valued at that window's last close (no exit fee) and the next window starts flat.
 *
 * @throws BotError `INVALID_ARGUMENT` for bad window sizes, an in-sample window not longer than the warm-up a
 *   candidate parameter set declares (`StrategyDefinition.warmupBars`: it could not trade in-sample), or when a
 *   window has no valid parameter set.
 * @example
 * ```ts
 * const wf = await walkForward({ data, strategy: 'sma-cross', inSampleBars: 2000, outOfSampleBars: 500,
 *   ranges: { fast: { min: 5, max: 20, step: 5 }, slow: { min: 30, max: 90, step: 30 } } });
 * console.log(wf.metrics.totalReturn, wf.steps.map((s) => s.params));
 * ```
 */
export async function walkForward(options: WalkForwardOptions): Promise<WalkForwardResult> {
  const { data, inSampleBars, outOfSampleBars, mode = 'rolling', onProgress, ...opt } = options;
  const windows = walkForwardWindows({ length: data.length, inSampleBars, outOfSampleBars, mode });
  const registry = opt.registry ?? (builtInStrategies as unknown as StrategyRegistryLike);
  const definition = findStrategy(registry, opt.strategy);
  checkWarmup(definition, searchCandidates(definition, opt).candidates, inSampleBars);
  const base = configFromSpec(opt.run ?? {});
  const initialCash = Number(opt.run?.initialCash ?? 10_000);
  const steps: WalkForwardStep[] = [];
  const times: number[] = [];
  const values: number[] = [];
  let level = initialCash;
  let ppy: number | undefined = opt.run?.periodsPerYear;
  const allTrades: ClosedTrade[] = [];
  // positions open at a window's end: exposed from entry to that window's last mark
  const heldToWindowEnd: { entryTime: number; exitTime: number }[] = [];
  let feesPaid = 0;
  let tradedNotional = 0;
  for (const w of windows) {
    const inSample = sliceSeries(data, w.inSample.start, w.inSample.end);
    const best = (await optimizeWindow(w, { ...opt, data: inSample })).best!;
    const segment = sliceSeries(data, w.inSample.start, w.outOfSample.end);
    const oosStart = data.openTime[w.outOfSample.start]!;
    const { strategies } = instantiateStrategies([{ definition, params: best.params }], [data.symbol]);
    const r = runBacktest({ ...base, data: segment, strategies: strategies.map((s) => liveFrom(s, oosStart)) });
    ppy ??= r.settings.periodsPerYear;
    // Out-of-sample part of the curve: from the mark at the close of the last in-sample bar.
    const t = r.equity.time;
    const e = r.equity.equity;
    let k = 0;
    while (k < t.length && t[k]! <= oosStart) k++; // marks are stamped at bar closes
    const baseIdx = Math.max(0, k - 1);
    const segTime = t.subarray(baseIdx);
    const segEq = e.subarray(baseIdx);
    const scale = level / segEq[0]!;
    for (let i = steps.length === 0 ? 0 : 1; i < segEq.length; i++) {
      times.push(segTime[i]!);
      values.push(segEq[i]! * scale);
    }
    level = values[values.length - 1]!;
    const oosTrades = r.trades.filter((tr) => tr.entryTime >= oosStart);
    // liveFrom drops every in-sample decision, so all fills are out of sample; the filter only makes that explicit
    let fees = 0;
    let notional = 0;
    for (const f of r.fills) {
      if (f.time < oosStart) continue;
      fees += f.fee;
      notional += f.qty * f.price;
    }
    feesPaid += fees * scale;
    tradedNotional += notional * scale;
    for (const tr of oosTrades) allTrades.push(scaleTrade(tr, scale));
    const windowEnd = segTime[segTime.length - 1]!;
    for (const o of r.openTrades) heldToWindowEnd.push({ entryTime: o.entryTime, exitTime: windowEnd });
    const oosMetrics = computeMetrics({
      equity: { time: segTime, equity: segEq },
      trades: oosTrades,
      openTrades: r.openTrades,
      feesPaid: fees,
      tradedNotional: notional,
      periodsPerYear: r.settings.periodsPerYear,
      riskFreeRate: r.settings.riskFreeRate,
    });
    steps.push({ window: w, outOfSampleStart: oosStart, params: best.params, inSampleScore: best.score, outOfSample: oosMetrics, outOfSampleTrades: oosTrades.length });
    onProgress?.(steps.length, windows.length);
  }
  const equity = { time: Float64Array.from(times), equity: Float64Array.from(values) };
  const stitched = computeMetrics({ equity, trades: allTrades, feesPaid, tradedNotional, periodsPerYear: ppy ?? 252, ...(opt.run?.riskFreeRate === undefined ? {} : { riskFreeRate: opt.run.riskFreeRate }) });
  const metrics: BacktestMetrics = { ...stitched, exposure: exposureFraction(equity.time, [...allTrades, ...heldToWindowEnd]) };
  const warnings: string[] = [];
  const efficiency = walkForwardEfficiency(steps, opt.objective ?? 'sharpe', definition, inSampleBars, warnings);
  return { steps, equity, metrics, efficiency, warnings };
}

/** The window's in-sample optimisation; an error names the window. */
async function optimizeWindow(w: WalkForwardWindow, options: OptimizeOptions): Promise<OptimizeResult> {
  try {
    return await optimize(options);
  } catch (error) {
    if (!(error instanceof BotError)) throw error;
    throw new BotError(error.code, `walk-forward window ${w.index} (in-sample bars ${w.inSample.start}..${w.inSample.end - 1}): ${error.message}`, { cause: error });
  }
}

/** A trade's money figures (not its prices) times `scale`. */
function scaleTrade(t: ClosedTrade, scale: number): ClosedTrade {
  return scale === 1 ? t : { ...t, quantity: t.quantity * scale, grossPnl: t.grossPnl * scale, fees: t.fees * scale, pnl: t.pnl * scale };
}

/**
 * Refuses an in-sample window that is not longer than the warm-up a candidate declares: such a set cannot take a
 * decision and have it filled in-sample, so its score (and the window's efficiency) would be meaningless.
 */
function checkWarmup(definition: StrategyDefinition, candidates: readonly ParamSet[], inSampleBars: number): void {
  if (definition.warmupBars === undefined) return;
  let worst: { params: ParamSet; bars: number } | undefined;
  for (const params of candidates) {
    const bars = definition.warmupBars(params as never);
    if (worst === undefined || bars > worst.bars) worst = { params, bars };
  }
  if (worst === undefined || worst.bars < inSampleBars) return;
  throw new BotError(
    'INVALID_ARGUMENT',
    `walk-forward: the in-sample window of ${inSampleBars} bars is not longer than the warm-up of ${definition.name} with ${formatParams(worst.params)} ` +
      `(${worst.bars} bars), the closed bars it needs before its first decision, so it could not trade in-sample; ` +
      `use an in-sample window of at least ${worst.bars + 1} bars or narrow the searched ranges`,
    { details: { inSampleBars, warmupBars: worst.bars, params: worst.params } },
  );
}

/** Objectives whose value for a flat run (no position, zero return: NaN by their formula) counts as 0 in the efficiency. */
const FLAT_SCORES_ZERO: ReadonlySet<Objective> = new Set<Objective>(['sharpe', 'sortino', 'calmar', 'expectancy']);

/**
 * Mean out-of-sample score over mean in-sample score, or NaN with the reason pushed to `warnings`. An out-of-sample
 * window that stayed flat scores 0 under sharpe, sortino, calmar and expectancy (noted in `warnings`); under
 * profitFactor and winRate, which have no value without trades, it leaves the efficiency undefined.
 */
function walkForwardEfficiency(
  steps: readonly WalkForwardStep[],
  objective: Objective,
  definition: StrategyDefinition,
  inSampleBars: number,
  warnings: string[],
): number {
  const raw = steps.map((s) => (objective === 'maxDrawdown' ? -s.outOfSample.maxDrawdown : s.outOfSample[objective]));
  // A window that stayed flat out of sample (never in a position, no return) earned nothing at no risk: it scores 0
  // under the objectives where that is the natural value, instead of voiding the efficiency of every other window.
  const flat = steps.filter((s, i) => Number.isNaN(raw[i]!) && FLAT_SCORES_ZERO.has(objective) && s.outOfSample.exposure === 0 && s.outOfSample.totalReturn === 0);
  const oos = raw.map((v, i) => (flat.includes(steps[i]!) ? 0 : v));
  if (flat.length > 0) {
    warnings.push(`out-of-sample window(s) ${flat.map((s) => s.window.index).join(', ')} stayed flat (no position, no return): scored 0 ${objective} in the walk-forward efficiency`);
  }
  const is = steps.map((s) => s.inSampleScore);
  const without = (xs: readonly number[]) => steps.filter((_, i) => !Number.isFinite(xs[i]!)).map((s) => s.window.index);
  const noIs = without(is);
  const noOos = without(oos);
  if (noIs.length > 0) {
    const hint =
      definition.warmupBars === undefined
        ? `; ${definition.name} declares no warm-up (warmupBars), so the in-sample window of ${inSampleBars} bars may be shorter than the history it needs`
        : '';
    warnings.push(`walk-forward efficiency is undefined: no in-sample score in window(s) ${noIs.join(', ')} (the chosen parameters never traded in-sample, or scored an infinite ${objective})${hint}`);
  }
  if (noOos.length > 0) warnings.push(`walk-forward efficiency is undefined: no out-of-sample ${objective} in window(s) ${noOos.join(', ')} (no trade, a flat equity curve, or an infinite value)`);
  if (noIs.length > 0 || noOos.length > 0) return Number.NaN;
  const avg = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const efficiency = avg(oos) / avg(is);
  if (Number.isFinite(efficiency)) return efficiency;
  warnings.push(`walk-forward efficiency is undefined: the mean in-sample ${objective} is 0`);
  return Number.NaN;
}
