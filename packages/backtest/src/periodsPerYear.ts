import { BotError } from '@bot/core-types';

const DAY_MS = 86_400_000;

/**
 * Infers how many bars make a year from bar times, for annualising returns (Sharpe, Sortino, volatility, CAGR).
 * Works on open times and on close-stamped times alike (such as a run's equity curve: the first bar's open, then
 * every bar's close), whatever time of day the stamps carry.
 *
 * Convention, from the median spacing `dt` between consecutive times and the market's week:
 * - the week: a weekday is closed when the data skips over it (a whole calendar day without a bar between two bars)
 *   more often than it trades on it. Days run from the quietest time of day (the longest stretch of the day without
 *   any bar, so a session crossing midnight UTC stays one day), so a shifted stamp does not move a weekend onto
 *   weekdays. Data spanning less than a week shows no weekly pattern: then a bar on a UTC Saturday or Sunday means
 *   the market trades every day;
 * - daily bars (`dt` = 1 day): 252 when some weekday is closed (an exchange calendar), 365 when every day trades;
 * - weekly bars: 52; monthly bars (28..31 days): 12; other multi-day spacings: `365 days / dt`;
 * - intraday bars trading every day: `365 days / dt` (hourly: 8760, 5-minute: 105120);
 * - intraday bars with closed weekdays: `252 x` the median number of bars per trading day (a session calendar).
 *
 * @param time bar times (open or close), epoch ms ascending.
 * @throws BotError `INVALID_ARGUMENT` for fewer than two bars (nothing to infer from) or times that do not ascend.
 * @example `inferPeriodsPerYear(dailyWeekdayTimes)` -> `252`, also with every stamp moved to the bar's close
 */
export function inferPeriodsPerYear(time: ArrayLike<number>): number {
  const n = time.length;
  if (n < 2) throw new BotError('INVALID_ARGUMENT', `cannot infer periods per year from ${n} bar(s): pass periodsPerYear`);
  const gaps = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) gaps[i - 1] = time[i]! - time[i - 1]!;
  const dt = lowerMedian(gaps);
  if (!(dt > 0)) throw new BotError('INVALID_ARGUMENT', 'bar times are not strictly ascending: pass periodsPerYear');
  if (dt >= DAY_MS) {
    const days = dt / DAY_MS;
    if (days < 1.5) return tradingDays(time, 0).everyDay ? 365 : 252;
    if (days >= 6.5 && days <= 7.5) return 52;
    if (days >= 28 && days <= 31) return 12;
    return 365 / days;
  }
  const calendar = tradingDays(time, quietestTimeOfDay(time, dt));
  if (calendar.everyDay) return (365 * DAY_MS) / dt;
  // Session calendar: bars per trading day times trading days per year.
  const perDay = calendar.barsPerDay.sort((a, b) => a - b);
  return 252 * perDay[(perDay.length - 1) >> 1]!;
}

/** Weekday of a day number: 0 = Sunday (day 0, 1970-01-01, was a Thursday). */
function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/**
 * The trading days of `time`, for days starting `dayStart` ms after midnight UTC: the number of bars on each, and
 * whether every weekday trades (no weekday is skipped over, a whole day without a bar between two bars, more often
 * than it has bars). Under a week of data without a skipped day: whether some bar falls on a UTC Saturday or Sunday.
 */
function tradingDays(time: ArrayLike<number>, dayStart: number): { everyDay: boolean; barsPerDay: number[] } {
  const n = time.length;
  const trading = new Float64Array(7);
  const skipped = new Float64Array(7);
  const barsPerDay: number[] = [];
  const first = Math.floor((time[0]! - dayStart) / DAY_MS);
  let day = first;
  let anySkipped = false;
  trading[weekday(day)]!++;
  // day by day: a search for each day's end, not a look at every bar
  for (let i = 0; ; ) {
    const end = firstAtOrAfter(time, i, (day + 1) * DAY_MS + dayStart);
    barsPerDay.push(end - i);
    if (end >= n) break;
    const d = Math.floor((time[end]! - dayStart) / DAY_MS);
    trading[weekday(d)]!++;
    // a gap of several weeks adds the same to every weekday: count at most two weeks of it
    for (let s = Math.max(day + 1, d - 14); s < d; s++) {
      skipped[weekday(s)]!++;
      anySkipped = true;
    }
    day = d;
    i = end;
  }
  if (!anySkipped && day - first < 7) {
    for (let i = 0; i < n; i++) {
      const dow = weekday(Math.floor(time[i]! / DAY_MS));
      if (dow === 0 || dow === 6) return { everyDay: true, barsPerDay };
    }
    return { everyDay: false, barsPerDay };
  }
  for (let w = 0; w < 7; w++) if (skipped[w]! > trading[w]!) return { everyDay: false, barsPerDay };
  return { everyDay: true, barsPerDay };
}

/** Bars read at each end of a long series to find the quiet time of day (a session's hours show within days). */
const TIME_OF_DAY_SAMPLE = 65_536;

/** The first index after `from` whose time is at or after `x` (or `time.length`), given `time[from] < x`: a galloping search. */
function firstAtOrAfter(time: ArrayLike<number>, from: number, x: number): number {
  const n = time.length;
  let lo = from;
  let hi = from + 1;
  for (let step = 1; hi < n && time[hi]! < x; step *= 2) {
    lo = hi;
    hi = lo + step;
  }
  if (hi > n) hi = n;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (time[mid]! < x) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * Start of the longest stretch of the day (ms after midnight UTC, on a grid of `dt`) in which no bar falls: where a
 * trading day begins. 0 when bars fall at every time of day. Reads the first and the last 65,536 bars.
 */
function quietestTimeOfDay(time: ArrayLike<number>, dt: number): number {
  const slots = Math.max(1, Math.min(86_400, Math.round(DAY_MS / dt)));
  const slotMs = DAY_MS / slots;
  const used = new Uint8Array(slots);
  const n = time.length;
  const mark = (from: number, to: number): void => {
    let midnight = Math.floor(time[from]! / DAY_MS) * DAY_MS;
    let nextMidnight = midnight + DAY_MS;
    for (let i = from; i < to; i++) {
      const t = time[i]!;
      if (t >= nextMidnight) {
        midnight = Math.floor(t / DAY_MS) * DAY_MS;
        nextMidnight = midnight + DAY_MS;
      }
      const k = Math.floor((t - midnight) / slotMs);
      used[k < slots ? k : slots - 1] = 1;
    }
  };
  mark(0, Math.min(n, TIME_OF_DAY_SAMPLE));
  if (n > TIME_OF_DAY_SAMPLE) mark(Math.max(TIME_OF_DAY_SAMPLE, n - TIME_OF_DAY_SAMPLE), n);
  let bestStart = -1;
  let bestLength = 0;
  // walk twice round the clock so a quiet stretch across midnight is measured whole
  let runStart = -1;
  for (let k = 0; k < 2 * slots; k++) {
    if (used[k % slots] === 0) {
      if (runStart < 0) runStart = k;
      const length = k - runStart + 1;
      if (length > bestLength && length <= slots) {
        bestLength = length;
        bestStart = runStart % slots;
      }
    } else runStart = -1;
  }
  return bestStart < 0 ? 0 : Math.round(bestStart * slotMs);
}

/** The lower median ((n-1)/2-th smallest) by quickselect, O(n); reorders `a`. */
function lowerMedian(a: Float64Array): number {
  const k = (a.length - 1) >> 1;
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}
