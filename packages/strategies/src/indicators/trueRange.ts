import { checkSameLength, nanArray } from './internal/validate.js';

/**
 * True range, streaming: `max(high, prevClose) - min(low, prevClose)`.
 *
 * Convention (TA-Lib `TRANGE`): undefined on the first bar (no previous close), so the first value is at index 1.
 *
 * @example `new TrueRange().update(h, l, c)`
 */
export class TrueRange {
  private prevClose = Number.NaN;
  /** NaN until ready: a double-only field, so stores never allocate. */
  private current = Number.NaN;

  update(high: number, low: number, close: number): number | undefined {
    const pc = this.prevClose;
    this.prevClose = close;
    if (pc !== pc) return undefined; // first bar (NaN check)
    const hi = high > pc ? high : pc;
    const lo = low < pc ? low : pc;
    return (this.current = hi - lo);
  }

  get value(): number | undefined {
    return this.current === this.current ? this.current : undefined;
  }

  get isReady(): boolean {
    return this.current === this.current;
  }

  reset(): void {
    this.prevClose = Number.NaN;
    this.current = Number.NaN;
  }
}

/**
 * True range over arrays (TA-Lib `TRANGE`): `NaN` at index 0.
 *
 * @example `trueRange(high, low, close)`
 * @throws BotError `INVALID_ARGUMENT` when the arrays differ in length.
 */
export function trueRange(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>): Float64Array {
  const n = checkSameLength('trueRange', high, low, close);
  const ind = new TrueRange();
  const out = nanArray(n);
  for (let i = 0; i < n; i++) {
    const v = ind.update(high[i]!, low[i]!, close[i]!);
    if (v !== undefined) out[i] = v;
  }
  return out;
}
