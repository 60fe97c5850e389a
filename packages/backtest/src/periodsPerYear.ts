import { BotError } from '@bot/core-types';

const DAY_MS = 86_400_000;

/**
 * Infers how many bars make a year from bar times, for annualising returns (Sharpe, Sortino, volatility, CAGR).
 *
 * Convention (from the median spacing `dt` between consecutive bars and whether any bar falls on a UTC Saturday or
 * Sunday):
 * - daily bars (`dt` = 1 day): 252 when no bar is on a weekend (exchange calendar), 365 when weekends trade;
 * - weekly bars: 52; monthly bars (28..31 days): 12; other multi-day spacings: `365 days / dt`;
 * - intraday bars trading 24/7 (weekend bars present): `365 days / dt` (hourly: 8760, 5-minute: 105120);
 * - intraday bars on weekdays only: `252 x` the median number of bars per UTC date (a session calendar).
 *
 * @param time bar open times, epoch ms ascending.
 * @throws BotError `INVALID_ARGUMENT` for fewer than two bars (nothing to infer from).
 * @example `inferPeriodsPerYear(dailyWeekdayTimes)` -> `252`
 */
export function inferPeriodsPerYear(time: ArrayLike<number>): number {
  const n = time.length;
  if (n < 2) throw new BotError('INVALID_ARGUMENT', `cannot infer periods per year from ${n} bar(s): pass periodsPerYear`);
  const gaps = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) gaps[i - 1] = time[i]! - time[i - 1]!;
  const dt = lowerMedian(gaps);
  if (!(dt > 0)) throw new BotError('INVALID_ARGUMENT', 'bar times are not strictly ascending: pass periodsPerYear');
  let weekend = false;
  for (let i = 0; i < n; i++) {
    const dow = (Math.floor(time[i]! / DAY_MS) + 4) % 7; // 1970-01-01 was a Thursday (4)
    if (dow === 0 || dow === 6) {
      weekend = true;
      break;
    }
  }
  if (dt >= DAY_MS) {
    const days = dt / DAY_MS;
    if (days < 1.5) return weekend ? 365 : 252;
    if (days >= 6.5 && days <= 7.5) return 52;
    if (days >= 28 && days <= 31) return 12;
    return 365 / days;
  }
  if (weekend) return (365 * DAY_MS) / dt;
  // Weekday-only intraday: bars per session times trading days per year.
  const perDay: number[] = [];
  let day = Math.floor(time[0]! / DAY_MS);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.floor(time[i]! / DAY_MS);
    if (d !== day) {
      perDay.push(count);
      day = d;
      count = 0;
    }
    count++;
  }
  perDay.push(count);
  perDay.sort((a, b) => a - b);
  return 252 * perDay[(perDay.length - 1) >> 1]!;
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
