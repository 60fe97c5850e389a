import { ATR } from './atr.js';
import { EMA } from './ema.js';
import { checkNumber, checkSameLength, nanArray } from './internal/validate.js';

/** Keltner channel arrays. */
export interface KeltnerResult {
  readonly upper: Float64Array;
  readonly middle: Float64Array;
  readonly lower: Float64Array;
}

/**
 * Keltner channel, streaming: middle = EMA(close, `period`) (SMA seeded), bands = middle ± `multiplier` ×
 * ATR(`atrPeriod`) (Wilder). This is the modern (Raschke / StockCharts) definition: defaults 20, 2, 10. First
 * value when both parts are ready: index `max(period - 1, atrPeriod)`. `update()` returns `this` once ready.
 *
 * @example `new Keltner(20, 2, 10).update(h, l, c)`
 * @throws BotError `INVALID_ARGUMENT` on bad periods or a non-finite multiplier.
 */
export class Keltner {
  private readonly ema: EMA;
  private readonly atr: ATR;
  readonly multiplier: number;
  upper = Number.NaN;
  middle = Number.NaN;
  lower = Number.NaN;

  constructor(period = 20, multiplier = 2, atrPeriod = 10) {
    this.ema = new EMA(period);
    this.atr = new ATR(atrPeriod);
    checkNumber('Keltner', 'multiplier', multiplier);
    this.multiplier = multiplier;
  }

  update(high: number, low: number, close: number): this | undefined {
    const m = this.ema.update(close);
    const a = this.atr.update(high, low, close);
    if (m === undefined || a === undefined) return undefined;
    this.middle = m;
    this.upper = m + this.multiplier * a;
    this.lower = m - this.multiplier * a;
    return this;
  }

  get value(): { upper: number; middle: number; lower: number } | undefined {
    return this.isReady ? { upper: this.upper, middle: this.middle, lower: this.lower } : undefined;
  }
  get isReady(): boolean {
    return this.ema.isReady && this.atr.isReady;
  }
  reset(): void {
    this.ema.reset();
    this.atr.reset();
    this.upper = this.middle = this.lower = Number.NaN;
  }
}

/**
 * Keltner channel over arrays (see {@link Keltner}).
 * @example `keltner(high, low, close, 20, 2, 10)`
 * @throws BotError `INVALID_ARGUMENT` on bad parameters or arrays of different lengths.
 */
export function keltner(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  period = 20,
  multiplier = 2,
  atrPeriod = 10,
): KeltnerResult {
  const n = checkSameLength('keltner', high, low, close);
  const ind = new Keltner(period, multiplier, atrPeriod);
  const upper = nanArray(n);
  const middle = nanArray(n);
  const lower = nanArray(n);
  for (let i = 0; i < n; i++) {
    if (ind.update(high[i]!, low[i]!, close[i]!)) {
      upper[i] = ind.upper;
      middle[i] = ind.middle;
      lower[i] = ind.lower;
    }
  }
  return { upper, middle, lower };
}
