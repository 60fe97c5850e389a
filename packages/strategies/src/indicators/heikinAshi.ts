import { checkSameLength } from './internal/validate.js';

/** Heikin-Ashi candle arrays. */
export interface HeikinAshiResult {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
}

/**
 * Heikin-Ashi candles, streaming: `haClose = (o + h + l + c) / 4`, `haOpen = (prevHaOpen + prevHaClose) / 2`
 * (the first `haOpen = (o + c) / 2`), `haHigh = max(h, haOpen, haClose)`, `haLow = min(l, haOpen, haClose)`.
 * Defined from the first bar. `update()` returns `this` (fields reused). O(1).
 *
 * @example `const ha = new HeikinAshi(); ha.update(o, h, l, c).close;`
 */
export class HeikinAshi {
  open = Number.NaN;
  high = Number.NaN;
  low = Number.NaN;
  close = Number.NaN;
  private ready = false;

  update(open: number, high: number, low: number, close: number): this {
    const haClose = (open + high + low + close) / 4;
    const haOpen = this.ready ? (this.open + this.close) / 2 : (open + close) / 2;
    this.ready = true;
    this.open = haOpen;
    this.close = haClose;
    this.high = Math.max(high, haOpen, haClose);
    this.low = Math.min(low, haOpen, haClose);
    return this;
  }

  get value(): { open: number; high: number; low: number; close: number } | undefined {
    return this.ready ? { open: this.open, high: this.high, low: this.low, close: this.close } : undefined;
  }
  get isReady(): boolean {
    return this.ready;
  }
  reset(): void {
    this.ready = false;
    this.open = this.high = this.low = this.close = Number.NaN;
  }
}

/**
 * Heikin-Ashi candles over arrays (see {@link HeikinAshi}).
 * @example `heikinAshi(open, high, low, close).close`
 * @throws BotError `INVALID_ARGUMENT` when the arrays differ in length.
 */
export function heikinAshi(
  open: ArrayLike<number>,
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
): HeikinAshiResult {
  const n = checkSameLength('heikinAshi', open, high, low, close);
  const ind = new HeikinAshi();
  const o = new Float64Array(n);
  const h = new Float64Array(n);
  const l = new Float64Array(n);
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ind.update(open[i]!, high[i]!, low[i]!, close[i]!);
    o[i] = ind.open;
    h[i] = ind.high;
    l[i] = ind.low;
    c[i] = ind.close;
  }
  return { open: o, high: h, low: l, close: c };
}
