import { BotError } from '@bot/core-types';
import type { ClosedTrade, OpenTrade } from './closedTrades.js';
import { maxDrawdown } from './drawdown.js';
import { inferPeriodsPerYear } from './periodsPerYear.js';

/**
 * Performance metrics of a run. Ratios are fractions (0.12 = 12%), money in the account currency.
 * A metric that is undefined for the data (Sharpe of a flat curve, profit factor without losses) is `NaN` or
 * `Infinity` here and `null` in JSON.
 */
export interface BacktestMetrics {
  /** Equity at the start, account currency. */
  readonly initialEquity: number;
  /** Equity at the last mark, account currency. */
  readonly finalEquity: number;
  /** `finalEquity / initialEquity - 1`. */
  readonly totalReturn: number;
  /** Compound annual growth: `(final / initial)^(1 / years) - 1`, `years = periods / periodsPerYear`; -1 when equity ended <= 0. */
  readonly cagr: number;
  /** Sample standard deviation of periodic returns times `sqrt(periodsPerYear)`. */
  readonly annualVolatility: number;
  /** `mean(r - rf) / sampleStd(r - rf) * sqrt(periodsPerYear)` on periodic returns `r`. */
  readonly sharpe: number;
  /** `mean(r - rf) / sqrt(mean(min(r - rf, 0)^2)) * sqrt(periodsPerYear)`: downside deviation over ALL periods. */
  readonly sortino: number;
  /** `cagr / maxDrawdown`. */
  readonly calmar: number;
  /** Largest peak-to-trough loss of the close-marked equity, a positive fraction of the peak. */
  readonly maxDrawdown: number;
  /** Longest time under water (peak to recovery or end), in bars. */
  readonly maxDrawdownDurationBars: number;
  /** The same duration in milliseconds. */
  readonly maxDrawdownDurationMs: number;
  /** Fraction of periods (bars) during which a position was open. */
  readonly exposure: number;
  /** Traded notional (buys and sells) over the average equity: 2 = the account was bought and sold once. */
  readonly turnover: number;
  /** Closed round trips. */
  readonly trades: number;
  /** Winning trades (net pnl > 0) over closed trades. */
  readonly winRate: number;
  /** Sum of winning net pnl over the absolute sum of losing net pnl. */
  readonly profitFactor: number;
  /** Mean net pnl per closed trade, account currency. */
  readonly expectancy: number;
  /** Mean net pnl of winning trades. */
  readonly averageWin: number;
  /** Mean net pnl of losing trades (negative). */
  readonly averageLoss: number;
  /** Total fees of all fills (including open positions), account currency. */
  readonly feesPaid: number;
  /** Periods per year used to annualise. */
  readonly periodsPerYear: number;
  /** Annual risk-free rate used (fraction). */
  readonly riskFreeRate: number;
  /** Number of periodic returns (marks - 1). */
  readonly periods: number;
}

/** Inputs of {@link computeMetrics}. */
export interface MetricsInput {
  /** Close-marked equity: one point per bar, times in epoch ms. */
  readonly equity: { readonly time: ArrayLike<number>; readonly equity: ArrayLike<number> };
  /** Closed round trips. */
  readonly trades: readonly ClosedTrade[];
  /** Positions open at the end (count toward exposure). */
  readonly openTrades?: readonly OpenTrade[];
  /** Total fees paid, account currency (default: the fees of the closed and open trades). */
  readonly feesPaid?: number;
  /** Total traded notional (sum of |qty x price| over fills), for turnover; default 0. */
  readonly tradedNotional?: number;
  /** Override the inferred periods per year (see {@link inferPeriodsPerYear}). */
  readonly periodsPerYear?: number;
  /**
   * Annual risk-free rate, a fraction greater than -1 (default 0); converted per period as `(1 + rf)^(1/ppy) - 1`.
   */
  readonly riskFreeRate?: number;
}

/**
 * @internal Checks an annual risk-free rate: a finite fraction greater than -1. At -1 (-100% a year) the per-period
 * rate `(1 + rf)^(1/ppy) - 1` is -1 and every excess return becomes `r + 1`; below it the power is undefined (NaN).
 * @throws BotError `INVALID_ARGUMENT` naming the value and where it was given.
 */
export function checkRiskFreeRate(rate: number, where: string): void {
  if (!(Number.isFinite(rate) && rate > -1)) {
    throw new BotError(
      'INVALID_ARGUMENT',
      `${where}riskFreeRate ${rate} must be an annual rate (fraction) greater than -1 (-100% a year), e.g. 0.02 for 2%: the per-period rate (1 + rf)^(1/periodsPerYear) - 1 is -1 or undefined otherwise`,
      { details: { riskFreeRate: rate } },
    );
  }
}

/**
 * Computes {@link BacktestMetrics} from a close-marked equity curve and the round trips.
 *
 * Conventions (the same as empyrical/pyfolio): periodic simple returns `r[i] = e[i] / e[i-1] - 1` of consecutive
 * marks; Sharpe with the sample standard deviation (n - 1); Sortino with the downside deviation taken over all
 * periods (`sqrt(mean(min(r - rf, 0)^2))`, zeros included); annualisation by `sqrt(periodsPerYear)`; CAGR over
 * `periods / periodsPerYear` years; max drawdown relative to the running peak.
 *
 * @throws BotError `INVALID_ARGUMENT` when periods per year cannot be inferred (fewer than 2 marks) and none is given,
 *   or for a risk-free rate of -1 (-100% a year) or below.
 * @example
 * ```ts
 * const m = computeMetrics({ equity: kernel.equityCurve(), trades: closed, periodsPerYear: 252 });
 * console.log(m.sharpe, m.maxDrawdown);
 * ```
 */
export function computeMetrics(input: MetricsInput): BacktestMetrics {
  const { time, equity } = input.equity;
  const n = equity.length;
  const rfAnnual = input.riskFreeRate ?? 0;
  checkRiskFreeRate(rfAnnual, 'computeMetrics: ');
  const ppy = input.periodsPerYear ?? inferPeriodsPerYear(time);
  const rf = Math.pow(1 + rfAnnual, 1 / ppy) - 1;
  const initial = n > 0 ? equity[0]! : Number.NaN;
  const final = n > 0 ? equity[n - 1]! : Number.NaN;
  const periods = Math.max(0, n - 1);

  // One pass: Welford's mean and variance of excess returns, the downside sum of squares and the equity sum.
  let mx = 0;
  let m2 = 0;
  let downSq = 0;
  let eqSum = n > 0 ? equity[0]! : 0;
  for (let i = 1; i < n; i++) {
    const prev = equity[i - 1]!;
    const e = equity[i]!;
    eqSum += e;
    const x = (prev !== 0 ? e / prev - 1 : 0) - rf;
    const delta = x - mx;
    mx += delta / i;
    m2 += delta * (x - mx);
    if (x < 0) downSq += x * x;
  }
  if (periods === 0) mx = Number.NaN;
  const sd = periods >= 2 ? Math.sqrt(m2 / (periods - 1)) : Number.NaN;
  // Volatility of raw returns equals that of excess returns (rf is a constant shift).
  const annualVolatility = sd * Math.sqrt(ppy);
  const sharpe = sd > 0 ? (mx / sd) * Math.sqrt(ppy) : Number.NaN;
  const downside = periods > 0 ? Math.sqrt(downSq / periods) : Number.NaN;
  const sortino = downside > 0 ? (mx / downside) * Math.sqrt(ppy) : mx > 0 ? Number.POSITIVE_INFINITY : Number.NaN;

  const totalReturn = final / initial - 1;
  const years = periods / ppy;
  const cagr = final <= 0 ? -1 : years > 0 ? Math.pow(final / initial, 1 / years) - 1 : Number.NaN;
  const dd = maxDrawdown(equity, time);
  const calmar = dd.maxDrawdown > 0 ? cagr / dd.maxDrawdown : Number.NaN;

  const trades = input.trades;
  let wins = 0;
  let losses = 0;
  let grossWin = 0;
  let grossLoss = 0;
  let sumPnl = 0;
  let fees = 0;
  for (const t of trades) {
    sumPnl += t.pnl;
    fees += t.fees;
    if (t.pnl > 0) {
      wins++;
      grossWin += t.pnl;
    } else if (t.pnl < 0) {
      losses++;
      grossLoss -= t.pnl;
    }
  }
  for (const t of input.openTrades ?? []) fees += t.fees;
  const count = trades.length;

  const avgEquity = n > 0 ? eqSum / n : Number.NaN;

  return {
    initialEquity: initial,
    finalEquity: final,
    totalReturn,
    cagr,
    annualVolatility,
    sharpe,
    sortino,
    calmar,
    maxDrawdown: dd.maxDrawdown,
    maxDrawdownDurationBars: dd.maxDurationPeriods,
    maxDrawdownDurationMs: dd.maxDurationMs,
    exposure: exposureFraction(time, trades, input.openTrades ?? []),
    turnover: avgEquity > 0 ? (input.tradedNotional ?? 0) / avgEquity : Number.NaN,
    trades: count,
    winRate: count > 0 ? wins / count : Number.NaN,
    profitFactor: grossLoss > 0 ? grossWin / grossLoss : grossWin > 0 ? Number.POSITIVE_INFINITY : Number.NaN,
    expectancy: count > 0 ? sumPnl / count : Number.NaN,
    averageWin: wins > 0 ? grossWin / wins : Number.NaN,
    averageLoss: losses > 0 ? -grossLoss / losses : Number.NaN,
    feesPaid: input.feesPaid ?? fees,
    periodsPerYear: ppy,
    riskFreeRate: rfAnnual,
    periods,
  };
}

/**
 * Fraction of periods (between consecutive marks `t[i-1]`..`t[i]`) during which a position was open at some
 * point: a closed trade (or any `{ entryTime, exitTime }` span) covers the period when `entryTime < t[i]` and
 * `exitTime > t[i-1]`; a position still open covers every period ending after its entry.
 *
 * @returns a fraction in [0, 1]; NaN for fewer than two marks.
 * @example `exposureFraction([0, 1, 2, 3], [{ entryTime: 1, exitTime: 2 }])` -> `1 / 3`
 */
export function exposureFraction(
  time: ArrayLike<number>,
  trades: readonly Pick<ClosedTrade, 'entryTime' | 'exitTime'>[],
  openTrades: readonly OpenTrade[] = [],
): number {
  const n = time.length;
  if (n < 2) return Number.NaN;
  const intervals: [number, number][] = trades.map((t) => [t.entryTime, t.exitTime]);
  for (const o of openTrades) intervals.push([o.entryTime, Number.POSITIVE_INFINITY]);
  intervals.sort((a, b) => a[0] - b[0]);
  // Merge overlapping intervals (several symbols or strategies).
  const merged: [number, number][] = [];
  for (const iv of intervals) {
    const last = merged[merged.length - 1];
    if (last !== undefined && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
    else merged.push([iv[0], iv[1]]);
  }
  let k = 0;
  let exposed = 0;
  for (let i = 1; i < n; i++) {
    const a = time[i - 1]!;
    const b = time[i]!;
    while (k < merged.length && merged[k]![1] <= a) k++;
    const iv = merged[k];
    if (iv !== undefined && iv[0] < b && iv[1] > a) exposed++;
  }
  return exposed / (n - 1);
}
