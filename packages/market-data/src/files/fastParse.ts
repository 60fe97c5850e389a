/**
 * Byte-level number and timestamp parsers used by the CSV reader. They work on a `Uint8Array` slice so the hot
 * loop never creates strings; anything outside the fast path falls back to `Number()` / `Date.parse()` on the
 * decoded text, so results are always identical to the standard parsers.
 */

/** Exact powers of ten 10^0..10^22. */
export const POW10: Float64Array = (() => {
  const p = new Float64Array(23);
  for (let i = 0; i < 23; i++) p[i] = 10 ** i;
  return p;
})();

const latin1 = new TextDecoder('latin1');

/** Decodes `bytes[start, end)` as text (for error messages and fallbacks). */
export function sliceText(bytes: Uint8Array, start: number, end: number): string {
  return latin1.decode(bytes.subarray(start, end));
}

/**
 * Parses a decimal number in `bytes[start, end)`. Fast path: optional sign, up to 15 significant digits, optional
 * fraction; the result `mantissa / 10^decimals` is the correctly rounded double (both operands are exact), i.e. the
 * same value `Number()` gives. Other forms (exponent, more digits, `Infinity`) go through `Number()`.
 * Returns NaN for anything that is not a finite number (including an empty field).
 */
export function parseNumberBytes(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  if (i >= end) return NaN;
  let negative = false;
  let c = bytes[i]!;
  if (c === 45 /* - */) {
    negative = true;
    i++;
  } else if (c === 43 /* + */) i++;
  let mantissa = 0;
  let digits = 0;
  let decimals = 0;
  let seenDot = false;
  let any = false;
  for (; i < end; i++) {
    c = bytes[i]!;
    if (c >= 48 && c <= 57) {
      any = true;
      if (digits > 0 || c !== 48) digits++;
      mantissa = mantissa * 10 + (c - 48);
      if (seenDot) decimals++;
    } else if (c === 46 /* . */ && !seenDot) {
      seenDot = true;
    } else {
      return slowNumber(bytes, start, end);
    }
  }
  if (!any) return NaN;
  if (digits > 15 || decimals > 22) return slowNumber(bytes, start, end);
  const v = decimals === 0 ? mantissa : mantissa / POW10[decimals]!;
  return negative ? -v : v;
}

/** Field text without surrounding whitespace and double quotes (quoted CSV exports). */
function fieldText(bytes: Uint8Array, start: number, end: number): string {
  const text = sliceText(bytes, start, end).trim();
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1).trim() : text;
}

function slowNumber(bytes: Uint8Array, start: number, end: number): number {
  const text = fieldText(bytes, start, end);
  if (text === '') return NaN;
  const n = Number(text);
  return Number.isFinite(n) ? n : NaN;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function digitsAt(bytes: Uint8Array, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = bytes[i + k]! - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

let lastDayKey = -1;
let lastDayMs = 0;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Parses a timestamp in `bytes[start, end)` to epoch ms UTC, or NaN.
 *
 * - ISO-8601: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]]` (also with a space instead of `T`), with `Z`, `±HH:MM`,
 *   `±HHMM` or no zone (read as UTC, the usual convention of exchange exports).
 * - Epoch numbers, auto-detected by magnitude: `|x| < 1e11` seconds, `< 1e14` milliseconds, `< 1e17`
 *   microseconds, otherwise nanoseconds. (1e11 s is the year 5138 and 1e11 ms is 1973-03-03, so every realistic
 *   market timestamp is classified correctly; millisecond stamps before March 1973 are not supported.)
 */
export function parseTimestampBytes(bytes: Uint8Array, start: number, end: number): number {
  const len = end - start;
  if (len >= 10 && bytes[start + 4] === 45 && bytes[start + 7] === 45) {
    const y = digitsAt(bytes, start, 4);
    const mo = digitsAt(bytes, start + 5, 2);
    const d = digitsAt(bytes, start + 8, 2);
    if (y < 0 || mo < 0 || d < 0) return slowTimestamp(bytes, start, end);
    if (mo < 1 || mo > 12 || d < 1 || d > DAYS_IN_MONTH[mo - 1]!) return NaN; // Date.parse would roll 02-30 over to March
    if (mo === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return NaN;
    const key = y * 10000 + mo * 100 + d;
    if (key !== lastDayKey) {
      lastDayKey = key;
      lastDayMs = daysFromCivil(y, mo, d) * 86_400_000;
    }
    let ms = lastDayMs;
    if (len === 10) return ms;
    const sep = bytes[start + 10];
    if ((sep !== 84 /* T */ && sep !== 32) || len < 16 || bytes[start + 13] !== 58) return slowTimestamp(bytes, start, end);
    const hh = digitsAt(bytes, start + 11, 2);
    const mi = digitsAt(bytes, start + 14, 2);
    if (hh < 0 || hh > 23 || mi < 0 || mi > 59) return slowTimestamp(bytes, start, end);
    ms += hh * 3_600_000 + mi * 60_000;
    let i = start + 16;
    if (i < end && bytes[i] === 58) {
      const ss = digitsAt(bytes, i + 1, 2);
      if (ss < 0 || ss > 59 || i + 3 > end) return slowTimestamp(bytes, start, end);
      ms += ss * 1000;
      i += 3;
      if (i < end && bytes[i] === 46 /* . */) {
        i++;
        let scale = 100;
        let frac = 0;
        const fracStart = i;
        while (i < end && bytes[i]! >= 48 && bytes[i]! <= 57) {
          frac += (bytes[i]! - 48) * scale;
          scale /= 10;
          i++;
        }
        if (i === fracStart) return slowTimestamp(bytes, start, end);
        ms += Math.floor(frac);
      }
    }
    if (i === end) return ms;
    const z = bytes[i]!;
    if (z === 90 /* Z */ && i + 1 === end) return ms;
    if (z === 43 || z === 45) {
      const oh = digitsAt(bytes, i + 1, 2);
      let om: number;
      if (i + 6 === end && bytes[i + 3] === 58) om = digitsAt(bytes, i + 4, 2);
      else if (i + 5 === end) om = digitsAt(bytes, i + 3, 2);
      else if (i + 3 === end) om = 0;
      else return slowTimestamp(bytes, start, end);
      if (oh < 0 || om < 0 || oh > 23 || om > 59) return NaN;
      const offset = (oh * 60 + om) * 60_000;
      return z === 43 ? ms - offset : ms + offset;
    }
    return slowTimestamp(bytes, start, end);
  }
  const n = parseNumberBytes(bytes, start, end);
  if (Number.isNaN(n)) return slowTimestamp(bytes, start, end);
  return epochToMs(n);
}

/** Converts an epoch number in seconds, ms, µs or ns (auto-detected by magnitude, see {@link parseTimestampBytes}) to ms. */
export function epochToMs(n: number): number {
  const a = Math.abs(n);
  if (a < 1e11) return Math.round(n * 1000);
  if (a < 1e14) return Math.round(n);
  if (a < 1e17) return Math.floor(n / 1000);
  return Math.floor(n / 1e6);
}

function slowTimestamp(bytes: Uint8Array, start: number, end: number): number {
  const text = fieldText(bytes, start, end);
  if (text === '') return NaN;
  if (/^-?\d+(\.\d+)?$/.test(text)) return epochToMs(Number(text));
  // Only ISO-like forms: Date.parse also accepts free text like "Tuesday", which must not pass silently.
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return NaN;
  const t = Date.parse(text);
  return Number.isFinite(t) ? t : NaN;
}
