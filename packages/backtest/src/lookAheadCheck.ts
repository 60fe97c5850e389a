import { type BarSeries, BotError, type Strategy } from '@bot/core-types';
import { observeDecisions, type StrategyDecision } from './decisionRecorder.js';
import { type BacktestConfig, type StrategySpec, instantiateStrategies, runBacktest } from './runBacktest.js';

/**
 * Options of {@link checkLookAhead}: the run settings of {@link BacktestConfig} (shared by every re-run, so give a
 * stateful risk gate as a factory `clock => gate`, which builds a fresh one per run), the data and a strategy factory.
 */
export interface LookAheadCheckOptions extends Omit<BacktestConfig, 'data' | 'strategies' | 'onProgress'> {
  readonly data: readonly BarSeries[];
  /**
   * Builds the strategies for a given (possibly truncated) data set. Built-in strategies ignore the argument; a
   * strategy that precomputes from the data it is handed must use it, which is what lets the check see through it.
   */
  readonly strategies: (data: readonly BarSeries[]) => readonly (StrategySpec | Strategy)[];
  /** Number of truncation points, evenly spaced between 20% and 100% of the data (default 8). */
  readonly cuts?: number;
  /** Explicit truncation points as bar counts of the longest series (overrides `cuts`). */
  readonly cutBars?: readonly number[];
  readonly onProgress?: (done: number, total: number) => void;
}

/** A decision that changed when the future was removed. */
export interface LookAheadViolation {
  /** Bars kept (of the longest series). */
  readonly cutBars: number;
  /** Open time of the first removed bar, epoch ms. */
  readonly cutTime: number;
  /** Position in the decision stream (see `StrategyDecision.tag`) of the first difference. */
  readonly tag: number;
  readonly strategyId: string;
  /** What the strategy decided with the full history (`undefined` = nothing). */
  readonly full: string | undefined;
  /** What it decided with the truncated history (`undefined` = nothing). */
  readonly truncated: string | undefined;
}

/** Result of {@link checkLookAhead}. */
export interface LookAheadReport {
  /** True when no decision changed at any cut. */
  readonly passed: boolean;
  readonly cutsChecked: number;
  /** Decisions of the full run compared (summed over cuts). */
  readonly decisionsCompared: number;
  /** First difference at each failing cut. */
  readonly violations: readonly LookAheadViolation[];
}

function truncate(series: BarSeries, cutTime: number): BarSeries {
  // openTime ascending: keep bars that opened before the cut.
  let lo = 0;
  let hi = series.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (series.openTime[mid]! < cutTime) lo = mid + 1;
    else hi = mid;
  }
  return {
    symbol: series.symbol,
    timeframe: series.timeframe,
    length: lo,
    openTime: series.openTime.subarray(0, lo),
    open: series.open.subarray(0, lo),
    high: series.high.subarray(0, lo),
    low: series.low.subarray(0, lo),
    close: series.close.subarray(0, lo),
    volume: series.volume.subarray(0, lo),
  };
}

function key(d: StrategyDecision): string {
  return `${d.strategyId}|${d.tag}|${d.what}`;
}

/**
 * Look-ahead check: runs the backtest on the full data, then again on histories truncated at several points, and
 * reports every decision (order, target, cancel, amend) that differs when the future is removed. A strategy that
 * only uses closed bars makes exactly the same decisions up to the cut; one that peeks ahead (through a side
 * channel such as a closure over the whole data array) changes its decisions at the cut.
 *
 * Decisions are compared in event order up to the last bar both runs processed (`onBar` calls of the truncated
 * run); decisions in `onStop` and after the last truncated bar are excluded.
 *
 * @throws BotError `INVALID_ARGUMENT` when the data has fewer than 3 bars.
 * @example
 * ```ts
 * const report = checkLookAhead({ data: [series], strategies: () => [{ definition: smaCross }] });
 * if (!report.passed) console.log(report.violations[0]);
 * ```
 */
export function checkLookAhead(options: LookAheadCheckOptions): LookAheadReport {
  const { data, strategies: make, cuts, cutBars, onProgress, ...base } = options;
  const longest = data.reduce((a, s) => (s.length > a.length ? s : a), data[0]!);
  if (longest === undefined || longest.length < 3) throw new BotError('INVALID_ARGUMENT', 'look-ahead check needs at least 3 bars');
  const n = longest.length;
  const count = cuts ?? 8;
  const points =
    cutBars ??
    Array.from({ length: count }, (_, i) => Math.max(2, Math.min(n - 1, Math.round(n * (0.2 + (0.8 * (i + 1)) / (count + 1))))));
  const run = (d: readonly BarSeries[]) => {
    const obs = observeDecisions(instantiateStrategies(make(d), d.map((s) => s.symbol)).strategies);
    runBacktest({ ...base, data: d, strategies: obs.strategies });
    return obs;
  };
  const full = run(data);
  const violations: LookAheadViolation[] = [];
  let compared = 0;
  const unique = [...new Set(points)].sort((a, b) => a - b);
  unique.forEach((cut, idx) => {
    const cutTime = longest.openTime[cut]!;
    const truncated = run(data.map((s) => truncate(s, cutTime)));
    const lastTag = truncated.barCalls() - 1;
    const a = full.decisions.filter((d) => d.tag <= lastTag);
    const b = truncated.decisions.filter((d) => d.tag <= lastTag);
    compared += a.length;
    const len = Math.max(a.length, b.length);
    for (let i = 0; i < len; i++) {
      const x = a[i];
      const y = b[i];
      if (x !== undefined && y !== undefined && key(x) === key(y)) continue;
      const first = x ?? y!;
      violations.push({
        cutBars: cut,
        cutTime,
        tag: Math.min(x?.tag ?? Infinity, y?.tag ?? Infinity),
        strategyId: first.strategyId,
        full: x === undefined ? undefined : `${x.what} @${x.tag}`,
        truncated: y === undefined ? undefined : `${y.what} @${y.tag}`,
      });
      break;
    }
    onProgress?.(idx + 1, unique.length);
  });
  return { passed: violations.length === 0, cutsChecked: unique.length, decisionsCompared: compared, violations };
}
