import { type BarSeries, BotError } from '@bot/core-types';
import { builtInStrategies } from '@bot/strategies';
import type { ClosedTrade } from './closedTrades.js';
import { liveFrom } from './liveFrom.js';
import { type BacktestMetrics, computeMetrics } from './metrics.js';
import { type OptimizeOptions, optimize } from './optimize.js';
import type { ParamSet } from './paramSpace.js';
import { instantiateStrategies, runBacktest } from './runBacktest.js';
import { configFromSpec } from './runSettingsSpec.js';
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
  /** Metrics of the stitched out-of-sample equity and of every out-of-sample trade (positions still open at a
   * window's end are marked, not counted as trades). */
  readonly metrics: BacktestMetrics;
  /** Mean out-of-sample score / mean in-sample score (walk-forward efficiency), NaN when undefined. */
  readonly efficiency: number;
}

/**
 * Walk-forward analysis: for each window, optimise on the in-sample bars, then run the best parameters on the
 * following out-of-sample bars (starting flat, with the in-sample bars as indicator history), and stitch the
 * out-of-sample equity curves into one. Reports the parameter path and the out-of-sample metrics. A position still
 * open when a window ends is valued at that window's last close (no exit fee) and the next window starts flat.
 *
 * @throws BotError `INVALID_ARGUMENT` for bad window sizes or when a window has no valid parameter set.
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
  const base = configFromSpec(opt.run ?? {});
  const initialCash = Number(opt.run?.initialCash ?? 10_000);
  const steps: WalkForwardStep[] = [];
  const times: number[] = [];
  const values: number[] = [];
  let level = initialCash;
  let ppy: number | undefined = opt.run?.periodsPerYear;
  const allTrades: ClosedTrade[] = [];
  for (const w of windows) {
    const inSample = sliceSeries(data, w.inSample.start, w.inSample.end);
    const opt1 = await optimize({ ...opt, data: inSample });
    const best = opt1.best;
    if (best === undefined) throw new BotError('INVALID_ARGUMENT', `walk-forward window ${w.index}: no parameter set could be evaluated`);
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
    allTrades.push(...oosTrades);
    const oosMetrics = computeMetrics({
      equity: { time: segTime, equity: segEq },
      trades: oosTrades,
      openTrades: r.openTrades,
      periodsPerYear: r.settings.periodsPerYear,
      riskFreeRate: r.settings.riskFreeRate,
    });
    steps.push({ window: w, outOfSampleStart: oosStart, params: best.params, inSampleScore: best.score, outOfSample: oosMetrics, outOfSampleTrades: oosTrades.length });
    onProgress?.(steps.length, windows.length);
  }
  const equity = { time: Float64Array.from(times), equity: Float64Array.from(values) };
  const tradedNotional = allTrades.reduce((a, t) => a + t.quantity * (t.entryPrice + t.exitPrice), 0);
  const metrics = computeMetrics({ equity, trades: allTrades, tradedNotional, periodsPerYear: ppy ?? 252, ...(opt.run?.riskFreeRate === undefined ? {} : { riskFreeRate: opt.run.riskFreeRate }) });
  const objective = opt.objective ?? 'sharpe';
  const oosScores = steps.map((s) => (objective === 'maxDrawdown' ? -s.outOfSample.maxDrawdown : s.outOfSample[objective]));
  const isScores = steps.map((s) => s.inSampleScore);
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const efficiency = avg(oosScores) / avg(isScores);
  return { steps, equity, metrics, efficiency: Number.isFinite(efficiency) ? efficiency : Number.NaN };
}
