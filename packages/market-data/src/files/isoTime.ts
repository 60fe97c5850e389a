/** Year, month (1-12), day of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`). */
export function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? y + 1 : y, m, d];
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * Formats epoch ms as ISO-8601 UTC without milliseconds when they are zero (`2018-01-10T04:55:00Z`), the layout of
 * the shared data files; with milliseconds otherwise (`...T04:55:00.250Z`). Several times faster than
 * `new Date(ms).toISOString()` on sorted series because the date part is cached per day.
 *
 * @example `formatIsoUtc(1515560100000) === '2018-01-10T04:55:00Z'`
 */
export function formatIsoUtc(ms: number): string {
  const day = Math.floor(ms / 86_400_000);
  if (day !== cachedDay) {
    const [y, m, d] = civilFromDays(day);
    cachedDay = day;
    cachedDate = `${y < 1000 ? String(y).padStart(4, '0') : y}-${pad2(m)}-${pad2(d)}T`;
  }
  let rest = ms - day * 86_400_000;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const mi = Math.floor(rest / 60_000);
  rest -= mi * 60_000;
  const s = Math.floor(rest / 1000);
  const frac = rest - s * 1000;
  const time = `${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
  return frac === 0 ? `${cachedDate}${time}Z` : `${cachedDate}${time}.${String(frac).padStart(3, '0')}Z`;
}
let cachedDay = NaN;
let cachedDate = '';
