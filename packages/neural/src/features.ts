import type { BarSeries } from '@bot/core-types';
import { ValidationError } from '@bot/core-types';
import { atr, bollinger, ema, macd, rsi, sma } from '@bot/strategies';

/**
 * One input feature computed from bars. Every feature at bar `t` uses bars `<= t` only (causal), and is scaled to
 * be roughly stationary so a model trained on one price level applies at another:
 *
 * - `logReturn`: `ln(close[t] / close[t-1])`; `return`: `close[t] / close[t-1] - 1` (fractions).
 * - `range`: `(high - low) / close` (fraction); `volumeChange`: `ln((volume[t] + 1) / (volume[t-1] + 1))`.
 * - `volatility`: sample standard deviation (n-1) of the last `volatilityPeriod` log returns (per bar, fraction).
 * - `smaGap`: `close / SMA(smaPeriod) - 1`; `emaGap`: `close / EMA(emaPeriod) - 1`.
 * - `rsi`: `RSI(rsiPeriod) / 100 - 0.5` (Wilder); `atr`: `ATR(atrPeriod) / close` (Wilder).
 * - `bollinger`: `%b - 0.5` with `%b = (close - lower) / (upper - lower)` over (`bollingerPeriod`, 2 sd).
 * - `macd`: MACD histogram (12, 26, 9) divided by close.
 * - `hourSin`/`hourCos`/`dowSin`/`dowCos`: hour of day (UTC) and day of week of the bar's open time on the unit circle.
 *
 * Indicators come from `@bot/strategies` (TA-Lib conventions).
 */
export type FeatureName =
  | 'logReturn'
  | 'return'
  | 'range'
  | 'volumeChange'
  | 'volatility'
  | 'smaGap'
  | 'emaGap'
  | 'rsi'
  | 'atr'
  | 'bollinger'
  | 'macd'
  | 'hourSin'
  | 'hourCos'
  | 'dowSin'
  | 'dowCos';

/** All feature names, in canonical order. */
export const FEATURE_NAMES: readonly FeatureName[] = [
  'logReturn',
  'return',
  'range',
  'volumeChange',
  'volatility',
  'smaGap',
  'emaGap',
  'rsi',
  'atr',
  'bollinger',
  'macd',
  'hourSin',
  'hourCos',
  'dowSin',
  'dowCos',
];

/** Which features to compute and their periods (bars). Stored with a model so inference rebuilds the same inputs. */
export interface FeatureSpec {
  readonly features: readonly FeatureName[];
  readonly volatilityPeriod: number;
  readonly smaPeriod: number;
  readonly emaPeriod: number;
  readonly rsiPeriod: number;
  readonly atrPeriod: number;
  readonly bollingerPeriod: number;
}

/**
 * The default feature set: returns, range, rolling volatility, SMA gap, RSI, ATR, Bollinger %b, MACD and UTC
 * time-of-day/day-of-week encodings.
 */
export const DEFAULT_FEATURE_SPEC: FeatureSpec = {
  features: ['logReturn', 'range', 'volatility', 'smaGap', 'rsi', 'atr', 'bollinger', 'macd', 'hourSin', 'hourCos', 'dowSin', 'dowCos'],
  volatilityPeriod: 20,
  smaPeriod: 20,
  emaPeriod: 20,
  rsiPeriod: 14,
  atrPeriod: 14,
  bollingerPeriod: 20,
};

/** Features computed over a series: one column per feature, `NaN` during warm-up. */
export interface FeatureMatrix {
  readonly names: readonly FeatureName[];
  /** `columns[f][t]`: feature `f` at bar `t`. */
  readonly columns: readonly Float64Array[];
  readonly length: number;
  /** First bar index at which every feature is finite (= `length` when none is). */
  readonly firstValid: number;
}

/** Truncation horizon for exponentially weighted indicators: older bars carry < 1e-9 of the weight. */
function emaMemory(alpha: number): number {
  return Math.ceil(Math.log(1e-9) / Math.log(1 - alpha));
}

/**
 * Bars of history a feature set needs before its values are (to 1e-9 relative) independent of where the series
 * starts. Finite-window features need their period; Wilder/EMA indicators get their exponential memory truncated
 * at weight 1e-9, so a forecast from a trailing window of bars matches one computed over the whole series to ~1e-9.
 */
export function featureWarmup(spec: FeatureSpec): number {
  let w = 1;
  for (const f of spec.features) {
    switch (f) {
      case 'logReturn':
      case 'return':
      case 'volumeChange':
        w = Math.max(w, 2);
        break;
      case 'range':
      case 'hourSin':
      case 'hourCos':
      case 'dowSin':
      case 'dowCos':
        break;
      case 'volatility':
        w = Math.max(w, spec.volatilityPeriod + 1);
        break;
      case 'smaGap':
        w = Math.max(w, spec.smaPeriod);
        break;
      case 'bollinger':
        w = Math.max(w, spec.bollingerPeriod);
        break;
      case 'emaGap':
        w = Math.max(w, spec.emaPeriod + emaMemory(2 / (spec.emaPeriod + 1)));
        break;
      case 'rsi':
        w = Math.max(w, spec.rsiPeriod + 1 + emaMemory(1 / spec.rsiPeriod));
        break;
      case 'atr':
        w = Math.max(w, spec.atrPeriod + 1 + emaMemory(1 / spec.atrPeriod));
        break;
      case 'macd':
        w = Math.max(w, 26 + 9 + emaMemory(2 / 27));
        break;
    }
  }
  return w;
}

/**
 * Validates a feature spec. @throws ValidationError naming the field.
 */
export function validateFeatureSpec(spec: FeatureSpec): FeatureSpec {
  if (spec.features.length === 0) throw new ValidationError('features', spec.features, 'at least one feature');
  for (const f of spec.features) {
    if (!FEATURE_NAMES.includes(f)) throw new ValidationError('features', f, `one of ${FEATURE_NAMES.join(', ')}`);
  }
  for (const key of ['volatilityPeriod', 'smaPeriod', 'emaPeriod', 'rsiPeriod', 'atrPeriod', 'bollingerPeriod'] as const) {
    const v = spec[key];
    if (!Number.isInteger(v) || v < 2 || v > 10_000) throw new ValidationError(key, v, 'an integer in [2, 10000]');
  }
  return spec;
}

function rollingStd(x: Float64Array, period: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n).fill(Number.NaN);
  // Direct two-pass per window: exact and independent of where the series starts (period is small).
  for (let t = period - 1; t < n; t++) {
    let s = 0;
    for (let k = t - period + 1; k <= t; k++) s += x[k]!;
    const m = s / period;
    let ss = 0;
    for (let k = t - period + 1; k <= t; k++) ss += (x[k]! - m) ** 2;
    out[t] = Math.sqrt(ss / (period - 1));
  }
  return out;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Computes the features of a bar series (causal: column values at `t` depend on bars `<= t` only).
 *
 * @example
 * ```ts
 * const m = computeFeatures(series, DEFAULT_FEATURE_SPEC);
 * m.columns[0][m.firstValid] // first finite log return
 * ```
 * @throws ValidationError for an invalid spec.
 */
export function computeFeatures(series: BarSeries, spec: FeatureSpec): FeatureMatrix {
  validateFeatureSpec(spec);
  const n = series.length;
  const { close, high, low, volume, openTime } = series;
  const logRet = new Float64Array(n).fill(Number.NaN);
  for (let t = 1; t < n; t++) logRet[t] = Math.log(close[t]! / close[t - 1]!);
  const columns: Float64Array[] = [];
  for (const f of spec.features) {
    const col = new Float64Array(n).fill(Number.NaN);
    switch (f) {
      case 'logReturn':
        col.set(logRet);
        break;
      case 'return':
        for (let t = 1; t < n; t++) col[t] = close[t]! / close[t - 1]! - 1;
        break;
      case 'range':
        for (let t = 0; t < n; t++) col[t] = (high[t]! - low[t]!) / close[t]!;
        break;
      case 'volumeChange':
        for (let t = 1; t < n; t++) col[t] = Math.log((volume[t]! + 1) / (volume[t - 1]! + 1));
        break;
      case 'volatility': {
        const sd = rollingStd(logRet.subarray(1), spec.volatilityPeriod);
        col.set(sd, 1);
        break;
      }
      case 'smaGap': {
        const m = sma(close, spec.smaPeriod);
        for (let t = 0; t < n; t++) col[t] = close[t]! / m[t]! - 1;
        break;
      }
      case 'emaGap': {
        const m = ema(close, spec.emaPeriod);
        for (let t = 0; t < n; t++) col[t] = close[t]! / m[t]! - 1;
        break;
      }
      case 'rsi': {
        const r = rsi(close, spec.rsiPeriod);
        for (let t = 0; t < n; t++) col[t] = r[t]! / 100 - 0.5;
        break;
      }
      case 'atr': {
        const a = atr(high, low, close, spec.atrPeriod);
        for (let t = 0; t < n; t++) col[t] = a[t]! / close[t]!;
        break;
      }
      case 'bollinger': {
        const b = bollinger(close, spec.bollingerPeriod, 2);
        for (let t = 0; t < n; t++) {
          const width = b.upper[t]! - b.lower[t]!;
          col[t] = width > 0 ? (close[t]! - b.lower[t]!) / width - 0.5 : 0 * width;
        }
        break;
      }
      case 'macd': {
        const m = macd(close, 12, 26, 9);
        for (let t = 0; t < n; t++) col[t] = m.histogram[t]! / close[t]!;
        break;
      }
      case 'hourSin':
      case 'hourCos': {
        const fn = f === 'hourSin' ? Math.sin : Math.cos;
        for (let t = 0; t < n; t++) col[t] = fn((2 * Math.PI * (((openTime[t]! % DAY_MS) + DAY_MS) % DAY_MS)) / DAY_MS);
        break;
      }
      case 'dowSin':
      case 'dowCos': {
        const fn = f === 'dowSin' ? Math.sin : Math.cos;
        // 1970-01-01 was a Thursday: day 0 of the epoch is weekday 4 (Sunday = 0).
        for (let t = 0; t < n; t++) {
          const dow = (((Math.floor(openTime[t]! / DAY_MS) + 4) % 7) + 7) % 7;
          const hourFrac = (((openTime[t]! % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS / 24;
          col[t] = fn((2 * Math.PI * (dow + hourFrac)) / 7);
        }
        break;
      }
    }
    columns.push(col);
  }
  let firstValid = n;
  outer: for (let t = 0; t < n; t++) {
    for (const c of columns) if (!Number.isFinite(c[t]!)) continue outer;
    firstValid = t;
    break;
  }
  // A later non-finite value (e.g. zero-volume bar giving 0/0 in an indicator) is replaced by 0 at window build
  // time; see `buildWindows`.
  return { names: spec.features, columns, length: n, firstValid };
}
