import type { Instrument } from '@bot/core-types';

/** Lot size, minimum quantity and minimum notional of an instrument as numbers (sizing is a decision). */
export interface SizeRules {
  readonly lotSize: number;
  readonly minQuantity: number;
  readonly minNotional: number;
}

/**
 * {@link SizeRules} of an instrument (decimals converted to numbers once, for sizing loops).
 *
 * @example
 * ```ts
 * const rules = sizeRules(instrument); roundOrderQuantity(raw, price, rules);
 * ```
 */
export function sizeRules(instrument: Instrument): SizeRules {
  return {
    lotSize: instrument.lotSize.toNumber(),
    minQuantity: instrument.minQuantity.toNumber(),
    minNotional: instrument.minNotional.toNumber(),
  };
}

/**
 * Rounds a non-negative raw quantity down to the lot size; returns 0 when the result is below the minimum
 * quantity or (at `price`) below the minimum notional. Never rounds up: a size never exceeds what was asked.
 *
 * @example
 * ```ts
 * roundOrderQuantity(12.37, 50, { lotSize: 0.1, minQuantity: 1, minNotional: 10 }); // 12.3
 * ```
 */
export function roundOrderQuantity(raw: number, price: number, rules: SizeRules | Instrument): number {
  const r = 'lotSize' in rules && typeof rules.lotSize === 'number' ? (rules as SizeRules) : sizeRules(rules as Instrument);
  if (!(raw > 0) || !Number.isFinite(raw)) return 0;
  let lots = Math.floor(raw / r.lotSize);
  if ((lots + 1) * r.lotSize - raw <= 1e-10 * raw) lots += 1;
  // Strip float noise (0.1 * 3 = 0.30000000000000004) by rounding to the lot's decimals.
  const decimals = Math.max(0, Math.ceil(-Math.log10(r.lotSize)) + 2);
  const q = Number((lots * r.lotSize).toFixed(Math.min(decimals, 15)));
  if (q <= 0 || q < r.minQuantity || q * price < r.minNotional) return 0;
  return q;
}

function positive(name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${name} must be a finite number > 0, got ${v}`);
}

/**
 * Fixed fraction of equity: `quantity = equity · fraction / price`, rounded with {@link roundOrderQuantity}.
 *
 * @param fraction of equity, e.g. 0.1 for 10%
 * @throws RangeError when equity, fraction or price is not > 0
 * @example
 * ```ts
 * fixedFractionQuantity({ equity: 100_000, fraction: 0.1, price: 50, rules }); // 200
 * ```
 */
export function fixedFractionQuantity(args: { equity: number; fraction: number; price: number; rules: SizeRules | Instrument }): number {
  positive('equity', args.equity);
  positive('fraction', args.fraction);
  positive('price', args.price);
  return roundOrderQuantity((args.equity * args.fraction) / args.price, args.price, args.rules);
}

/**
 * Fixed risk per trade from the stop distance: lose `riskFraction` of equity if the stop is hit,
 * `quantity = equity · riskFraction / |entry - stop|`; optionally capped so the notional stays within
 * `maxLeverage · equity`.
 *
 * @throws RangeError when a value is not > 0 or the stop equals the entry
 * @example
 * ```ts
 * fixedRiskQuantity({ equity: 100_000, riskFraction: 0.01, entryPrice: 100, stopPrice: 95, rules }); // 200
 * ```
 */
export function fixedRiskQuantity(args: {
  equity: number;
  riskFraction: number;
  entryPrice: number;
  stopPrice: number;
  rules: SizeRules | Instrument;
  maxLeverage?: number;
}): number {
  positive('equity', args.equity);
  positive('riskFraction', args.riskFraction);
  positive('entryPrice', args.entryPrice);
  positive('stopPrice', args.stopPrice);
  const distance = Math.abs(args.entryPrice - args.stopPrice);
  if (distance === 0) throw new RangeError('fixedRiskQuantity: stop price equals entry price');
  let q = (args.equity * args.riskFraction) / distance;
  if (args.maxLeverage !== undefined) q = Math.min(q, (args.maxLeverage * args.equity) / args.entryPrice);
  return roundOrderQuantity(q, args.entryPrice, args.rules);
}

/**
 * ATR-based size: the stop sits `atrMultiple` ATRs away, and a stop-out loses `riskFraction` of equity:
 * `quantity = equity · riskFraction / (atrMultiple · atr)`, optionally capped by `maxLeverage`.
 *
 * @param atr average true range in price units (e.g. Wilder's 14-period ATR)
 * @throws RangeError when a value is not > 0
 * @example
 * ```ts
 * atrQuantity({ equity: 100_000, riskFraction: 0.01, atr: 2.5, atrMultiple: 2, price: 100, rules }); // 200
 * ```
 */
export function atrQuantity(args: {
  equity: number;
  riskFraction: number;
  atr: number;
  atrMultiple: number;
  price: number;
  rules: SizeRules | Instrument;
  maxLeverage?: number;
}): number {
  positive('equity', args.equity);
  positive('riskFraction', args.riskFraction);
  positive('atr', args.atr);
  positive('atrMultiple', args.atrMultiple);
  positive('price', args.price);
  let q = (args.equity * args.riskFraction) / (args.atrMultiple * args.atr);
  if (args.maxLeverage !== undefined) q = Math.min(q, (args.maxLeverage * args.equity) / args.price);
  return roundOrderQuantity(q, args.price, args.rules);
}

/**
 * Volatility targeting: leverage `min(maxLeverage, targetVolatility / forecastVolatility)`, both annualised
 * (fractions, 0.15 = 15%/yr). Returns 0 when the forecast is not a positive number.
 *
 * @throws RangeError when target or maxLeverage is not > 0
 * @example
 * ```ts
 * volatilityTargetLeverage(0.15, 0.3, 2); // 0.5
 * ```
 */
export function volatilityTargetLeverage(targetVolatility: number, forecastVolatility: number, maxLeverage: number): number {
  positive('targetVolatility', targetVolatility);
  positive('maxLeverage', maxLeverage);
  if (!(forecastVolatility > 0) || !Number.isFinite(forecastVolatility)) return 0;
  return Math.min(maxLeverage, targetVolatility / forecastVolatility);
}

/**
 * Average true range (Wilder): TR_t = max(high - low, |high - close_{t-1}|, |low - close_{t-1}|), seeded with
 * the mean of the first `period` TRs (the first TR is high - low), then `ATR_t = (ATR_{t-1}(period-1) + TR_t)/period`.
 * Same as TA-Lib `ATR`. Elements before index `period` are NaN (TA-Lib's lookback).
 *
 * @throws RangeError when lengths differ or period < 1
 * @example
 * ```ts
 * const atr = averageTrueRange(high, low, close, 14); atr[atr.length - 1]; // price units
 * ```
 */
export function averageTrueRange(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>, period = 14): Float64Array {
  const n = close.length;
  if (high.length !== n || low.length !== n) throw new RangeError('averageTrueRange: high, low and close lengths differ');
  if (!Number.isInteger(period) || period < 1) throw new RangeError(`averageTrueRange: period must be an integer >= 1, got ${period}`);
  const out = new Float64Array(n).fill(Number.NaN);
  if (n <= period) return out;
  let sum = 0;
  for (let t = 1; t <= period; t++) sum += trueRange(high, low, close, t);
  let atr = sum / period;
  out[period] = atr;
  for (let t = period + 1; t < n; t++) {
    atr = (atr * (period - 1) + trueRange(high, low, close, t)) / period;
    out[t] = atr;
  }
  return out;
}

function trueRange(h: ArrayLike<number>, l: ArrayLike<number>, c: ArrayLike<number>, t: number): number {
  const pc = c[t - 1]!;
  return Math.max(h[t]! - l[t]!, Math.abs(h[t]! - pc), Math.abs(l[t]! - pc));
}
