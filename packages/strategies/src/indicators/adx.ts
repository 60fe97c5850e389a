import { checkPeriod, checkSameLength, nanArray } from './internal/validate.js';

/** ADX / +DI / -DI arrays. */
export interface AdxResult {
  readonly adx: Float64Array;
  readonly plusDi: Float64Array;
  readonly minusDi: Float64Array;
}

/**
 * Average Directional Index with +DI and -DI (Wilder), streaming.
 *
 * Convention (TA-Lib `ADX`, `PLUS_DI`, `MINUS_DI`): directional movement `+DM = high - prevHigh` when it is positive
 * and greater than `-DM = prevLow - low` (and symmetrically); +DM, -DM and the true range are Wilder *sums*
 * seeded with the plain sum over bars `1..period-1`, then `S = S - S / period + current` from bar `period` on, so
 * +DI/-DI = `100 * DM / TR` start at index `period`. DX = `100 * |+DI - -DI| / (+DI + -DI)`; ADX is seeded with the
 * mean of the first `period` DX values (first at index `2 * period - 1`), then Wilder-smoothed. O(1) per update.
 * `update()` returns the ADX once ready (`plusDi`/`minusDi` fields are available earlier).
 *
 * @example `const a = new ADX(14); a.update(h, l, c); a.plusDi;`
 * @throws BotError `INVALID_ARGUMENT` when `period` is not an integer >= 1.
 */
export class ADX {
  readonly period: number;
  private seen = 0;
  private prevHigh = 0;
  private prevLow = 0;
  private prevClose = 0;
  private pdm = 0;
  private mdm = 0;
  private tr = 0;
  private dxSum = 0;
  private dxCount = 0;
  /** +DI (NaN before index `period`). */
  plusDi = Number.NaN;
  /** -DI (NaN before index `period`). */
  minusDi = Number.NaN;
  /** ADX (NaN before index `2 * period - 1`). */
  adx = Number.NaN;

  constructor(period = 14) {
    checkPeriod('ADX', 'period', period);
    this.period = period;
  }

  update(high: number, low: number, close: number): number | undefined {
    const n = this.period;
    const seen = this.seen++;
    if (seen === 0) {
      this.prevHigh = high;
      this.prevLow = low;
      this.prevClose = close;
      return undefined;
    }
    const up = high - this.prevHigh;
    const down = this.prevLow - low;
    const pdm = up > 0 && up > down ? up : 0;
    const mdm = down > 0 && down > up ? down : 0;
    const pc = this.prevClose;
    const tr = (high > pc ? high : pc) - (low < pc ? low : pc);
    this.prevHigh = high;
    this.prevLow = low;
    this.prevClose = close;
    if (seen < n) {
      this.pdm += pdm;
      this.mdm += mdm;
      this.tr += tr;
      return undefined;
    }
    this.pdm = this.pdm - this.pdm / n + pdm;
    this.mdm = this.mdm - this.mdm / n + mdm;
    this.tr = this.tr - this.tr / n + tr;
    let dx = 0;
    if (this.tr !== 0) {
      this.plusDi = (100 * this.pdm) / this.tr;
      this.minusDi = (100 * this.mdm) / this.tr;
      const sum = this.plusDi + this.minusDi;
      dx = sum !== 0 ? (100 * Math.abs(this.plusDi - this.minusDi)) / sum : 0;
    } else {
      this.plusDi = 0;
      this.minusDi = 0;
    }
    if (this.dxCount < n) {
      this.dxSum += dx;
      if (++this.dxCount < n) return undefined;
      this.adx = this.dxSum / n;
      return this.adx;
    }
    this.adx = (this.adx * (n - 1) + dx) / n;
    return this.adx;
  }

  get value(): number | undefined {
    return this.isReady ? this.adx : undefined;
  }

  get isReady(): boolean {
    return this.dxCount >= this.period;
  }

  reset(): void {
    this.seen = this.dxCount = 0;
    this.pdm = this.mdm = this.tr = this.dxSum = 0;
    this.plusDi = this.minusDi = this.adx = Number.NaN;
  }
}

/**
 * ADX, +DI and -DI over arrays (TA-Lib conventions, see {@link ADX}).
 * @example `const { adx, plusDi, minusDi } = adx(high, low, close, 14)`
 * @throws BotError `INVALID_ARGUMENT` on a bad period or arrays of different lengths.
 */
export function adx(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>, period: number): AdxResult {
  const n = checkSameLength('adx', high, low, close);
  const ind = new ADX(period);
  const a = nanArray(n);
  const p = nanArray(n);
  const m = nanArray(n);
  for (let i = 0; i < n; i++) {
    ind.update(high[i]!, low[i]!, close[i]!);
    a[i] = ind.adx;
    p[i] = ind.plusDi;
    m[i] = ind.minusDi;
  }
  return { adx: a, plusDi: p, minusDi: m };
}
