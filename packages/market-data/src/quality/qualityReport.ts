import { type BarSeries, BotError, parseTimeframe, type Timeframe, timeframeToMs } from '@bot/core-types';

/** Options of {@link qualityReport}. */
export interface QualityOptions {
  /** Expected bar spacing (default: the series' timeframe). */
  readonly timeframe?: Timeframe;
  /**
   * Bar calendar. `continuous` (crypto, FX): every interval must have a bar. `weekdays` (daily equity bars): missing
   * Saturdays/Sundays are expected; missing weekdays are reported as calendar gaps (holidays, closures), not as
   * errors. `auto` (default): `weekdays` for a daily series that has no weekend bar, else `continuous`.
   */
  readonly calendar?: 'auto' | 'continuous' | 'weekdays';
  /**
   * Open time of the first / last bar the series should have. A bar missing at either end is invisible from the
   * data alone (nothing follows it), so pass the range you asked for, or use `reference`.
   */
  readonly expectedStart?: number;
  readonly expectedEnd?: number;
  /**
   * Open times of a sibling series on the same grid (for example LTC/BTC for ZEC/BTC): its first and last bar set
   * `expectedStart`/`expectedEnd` when those are not given, which finds bars missing at the ends.
   */
  readonly reference?: ArrayLike<number>;
  /** Robust z-score above which a return is an outlier (default 5; Iglewicz-Hoaglin's textbook 3.5 flags too much on fat-tailed returns). */
  readonly outlierThreshold?: number;
  /** Maximum entries listed per issue kind (counts stay exact). Default 1000. */
  readonly maxListed?: number;
}

/** A run of missing bars: open times of the first and last missing bar. */
export interface GapRange {
  readonly from: number;
  readonly to: number;
  readonly missingBars: number;
}

/** Missing weekdays between two daily bars of a `weekdays` calendar. */
export interface CalendarGap {
  /** First and last missing weekday (00:00Z). */
  readonly from: number;
  readonly to: number;
  readonly missingWeekdays: number;
  /** `holiday`: one weekday; `closure`: two or more consecutive weekdays (9/11, hurricane Sandy...). */
  readonly kind: 'holiday' | 'closure';
}

/** A bar-level finding. */
export interface BarIssue {
  /** Index in the series. */
  readonly index: number;
  readonly time: number;
  readonly detail: string;
}

/** A return whose robust z-score exceeds the threshold. */
export interface ReturnOutlier {
  /** Index of the bar whose close ends the return. */
  readonly index: number;
  readonly time: number;
  /** Log return `ln(close[i] / close[i-1])`. */
  readonly logReturn: number;
  /** Modified z-score `0.6745 (r - median) / MAD`. */
  readonly zScore: number;
}

/** Everything {@link qualityReport} found. Lists are capped at `maxListed`; the counts are exact. */
export interface QualityReport {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly calendar: 'continuous' | 'weekdays';
  readonly rows: number;
  readonly firstTime: number | undefined;
  readonly lastTime: number | undefined;
  readonly missingBars: number;
  readonly gaps: readonly GapRange[];
  readonly calendarGaps: readonly CalendarGap[];
  /** Bars whose open time is not on the timeframe grid of the first bar. */
  readonly misaligned: readonly BarIssue[];
  readonly duplicateCount: number;
  readonly duplicates: readonly BarIssue[];
  readonly outOfOrderCount: number;
  readonly outOfOrder: readonly BarIssue[];
  readonly ohlcInconsistencyCount: number;
  readonly ohlcInconsistencies: readonly BarIssue[];
  readonly nonPositivePriceCount: number;
  readonly nonPositivePrices: readonly BarIssue[];
  readonly zeroVolumeCount: number;
  readonly zeroVolume: readonly BarIssue[];
  readonly outlierThreshold: number;
  readonly outlierCount: number;
  readonly outliers: readonly ReturnOutlier[];
  /** True when there is no error: no gaps, duplicates, disorder, misalignment, OHLC or price problems. Zero-volume bars, outliers and calendar gaps are warnings. */
  readonly ok: boolean;
}

const DAY = 86_400_000;

function median(values: Float64Array): number {
  const s = values.slice().sort();
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 === 1 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/** Weekday of epoch ms UTC: 0 = Sunday ... 6 = Saturday. */
function weekday(ms: number): number {
  return (((Math.floor(ms / DAY) + 4) % 7) + 7) % 7;
}

/**
 * Audits a bar series: gaps against the timeframe (with the missing ranges), calendar gaps of daily equity data,
 * duplicate and out-of-order timestamps, misaligned bars, OHLC inconsistencies (`high < max(open, close, low)`,
 * `low > min(open, close)`), non-positive prices, zero-volume bars and outlier returns.
 *
 * Outliers use the modified z-score of Iglewicz & Hoaglin on log returns: `z = 0.6745 (r - median) / MAD`; when the
 * MAD is 0 (many flat bars) it falls back to `(r - median) / (1.253314 * meanAbsoluteDeviation)`.
 * Gaps are computed on the sorted distinct open times, so they are right even for unordered input.
 *
 * @throws BotError `INVALID_ARGUMENT` for a non-positive outlier threshold.
 * @example
 * ```ts
 * const { series } = loadBarsCsv('ZECBTC_5m.csv');
 * const report = qualityReport(series, { expectedEnd: Date.parse('2018-01-30T04:50:00Z') });
 * report.missingBars; // 3
 * ```
 */
export function qualityReport(series: BarSeries, options: QualityOptions = {}): QualityReport {
  const timeframe = parseTimeframe(options.timeframe ?? series.timeframe);
  const tf = timeframeToMs(timeframe);
  const maxListed = options.maxListed ?? 1000;
  const threshold = options.outlierThreshold ?? 5;
  if (!(threshold > 0)) throw new BotError('INVALID_ARGUMENT', `outlierThreshold must be > 0, got ${threshold}`);
  const n = series.length;
  const { openTime: t, open: o, high: h, low: l, close: c, volume: v } = series;

  const push = <T>(list: T[], item: T) => {
    if (list.length < maxListed) list.push(item);
  };
  // Order and duplicates in file order.
  const duplicates: BarIssue[] = [];
  const outOfOrder: BarIssue[] = [];
  let duplicateCount = 0;
  let outOfOrderCount = 0;
  const seen = new Set<number>();
  let maxSoFar = -Infinity;
  for (let i = 0; i < n; i++) {
    const ti = t[i]!;
    if (seen.has(ti)) {
      duplicateCount++;
      push(duplicates, { index: i, time: ti, detail: 'timestamp already seen' });
    } else if (ti < maxSoFar) {
      outOfOrderCount++;
      push(outOfOrder, { index: i, time: ti, detail: `earlier than a previous bar at ${new Date(maxSoFar).toISOString()}` });
    }
    seen.add(ti);
    if (ti > maxSoFar) maxSoFar = ti;
  }
  const sorted = Float64Array.from(seen).sort();

  // Bar-level checks.
  const ohlc: BarIssue[] = [];
  const nonPositive: BarIssue[] = [];
  const zeroVolume: BarIssue[] = [];
  let ohlcCount = 0;
  let nonPositiveCount = 0;
  let zeroVolumeCount = 0;
  for (let i = 0; i < n; i++) {
    const oi = o[i]!;
    const hi = h[i]!;
    const li = l[i]!;
    const ci = c[i]!;
    if (!(oi > 0 && hi > 0 && li > 0 && ci > 0)) {
      nonPositiveCount++;
      push(nonPositive, { index: i, time: t[i]!, detail: `open ${oi} high ${hi} low ${li} close ${ci}` });
    }
    if (hi < Math.max(oi, ci, li)) {
      ohlcCount++;
      push(ohlc, { index: i, time: t[i]!, detail: `high ${hi} < max(open, close, low) ${Math.max(oi, ci, li)}` });
    } else if (li > Math.min(oi, ci)) {
      ohlcCount++;
      push(ohlc, { index: i, time: t[i]!, detail: `low ${li} > min(open, close) ${Math.min(oi, ci)}` });
    }
    if (v[i] === 0) {
      zeroVolumeCount++;
      push(zeroVolume, { index: i, time: t[i]!, detail: oi === hi && hi === li && li === ci ? 'flat bar (open = high = low = close)' : 'zero volume' });
    }
  }

  // Calendar.
  let calendar: 'continuous' | 'weekdays';
  if (options.calendar === 'continuous' || options.calendar === 'weekdays') calendar = options.calendar;
  else {
    let weekend = false;
    for (let i = 0; i < sorted.length && !weekend; i++) weekend = weekday(sorted[i]!) % 6 === 0;
    calendar = tf === DAY && !weekend && sorted.length > 0 ? 'weekdays' : 'continuous';
  }

  // Gaps on the sorted distinct times, extended to the expected range.
  const gaps: GapRange[] = [];
  const calendarGaps: CalendarGap[] = [];
  const misaligned: BarIssue[] = [];
  let missingBars = 0;
  const ref = options.reference;
  const expectedStart = options.expectedStart ?? (ref !== undefined && ref.length > 0 ? ref[0] : undefined);
  const expectedEnd = options.expectedEnd ?? (ref !== undefined && ref.length > 0 ? ref[ref.length - 1] : undefined);
  const anchor = sorted.length > 0 ? sorted[0]! : 0;
  const addRange = (from: number, to: number) => {
    if (to < from) return;
    if (calendar === 'weekdays') {
      // Weekends are expected; the weekdays of one gap form one calendar gap.
      let first = -1;
      let last = -1;
      let count = 0;
      for (let d = from; d <= to; d += DAY) {
        if (weekday(d) % 6 === 0) continue;
        if (first < 0) first = d;
        last = d;
        count++;
      }
      if (count > 0) push(calendarGaps, { from: first, to: last, missingWeekdays: count, kind: count >= 2 ? 'closure' : 'holiday' });
      return;
    }
    const count = Math.floor((to - from) / tf) + 1;
    missingBars += count;
    push(gaps, { from, to, missingBars: count });
  };
  if (sorted.length > 0) {
    if (expectedStart !== undefined && expectedStart < sorted[0]!) addRange(expectedStart, sorted[0]! - tf);
    for (let i = 0; i < sorted.length; i++) {
      const ti = sorted[i]!;
      if ((((ti - anchor) % tf) + tf) % tf !== 0 && calendar === 'continuous') {
        push(misaligned, { index: Array.prototype.indexOf.call(t, ti) as number, time: ti, detail: `not on the ${timeframe} grid of the first bar` });
      }
      if (i + 1 < sorted.length) {
        const next = sorted[i + 1]!;
        if (next - ti > tf) addRange(ti + tf, next - tf);
      }
    }
    const last = sorted[sorted.length - 1]!;
    if (expectedEnd !== undefined && expectedEnd > last) addRange(last + tf, expectedEnd);
  }

  // Outlier returns (on the sorted, de-duplicated series order = file order for clean data).
  const outliers: ReturnOutlier[] = [];
  let outlierCount = 0;
  if (n > 2) {
    const r = new Float64Array(n - 1);
    let m = 0;
    for (let i = 1; i < n; i++) {
      const x = Math.log(c[i]! / c[i - 1]!);
      if (Number.isFinite(x)) r[m++] = x;
    }
    const rs = r.subarray(0, m);
    const med = median(rs);
    const absDev = new Float64Array(m);
    let sumAbs = 0;
    for (let i = 0; i < m; i++) {
      absDev[i] = Math.abs(rs[i]! - med);
      sumAbs += absDev[i]!;
    }
    const mad = median(absDev);
    const scale = mad > 0 ? mad / 0.6745 : (1.253314 * sumAbs) / Math.max(1, m);
    if (scale > 0) {
      for (let i = 1; i < n; i++) {
        const x = Math.log(c[i]! / c[i - 1]!);
        if (!Number.isFinite(x)) continue;
        const z = (x - med) / scale;
        if (Math.abs(z) > threshold) {
          outlierCount++;
          push(outliers, { index: i, time: t[i]!, logReturn: x, zScore: z });
        }
      }
    }
  }

  return {
    symbol: series.symbol,
    timeframe,
    calendar,
    rows: n,
    firstTime: sorted.length > 0 ? sorted[0] : undefined,
    lastTime: sorted.length > 0 ? sorted[sorted.length - 1] : undefined,
    missingBars,
    gaps,
    calendarGaps,
    misaligned,
    duplicateCount,
    duplicates,
    outOfOrderCount,
    outOfOrder,
    ohlcInconsistencyCount: ohlcCount,
    ohlcInconsistencies: ohlc,
    nonPositivePriceCount: nonPositiveCount,
    nonPositivePrices: nonPositive,
    zeroVolumeCount,
    zeroVolume,
    outlierThreshold: threshold,
    outlierCount,
    outliers,
    ok: missingBars === 0 && duplicateCount === 0 && outOfOrderCount === 0 && misaligned.length === 0 && ohlcCount === 0 && nonPositiveCount === 0,
  };
}
