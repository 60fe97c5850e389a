import { BotError } from '@bot/core-types';
import type { Bar, BarHistory, BarSeries, Symbol, Timeframe } from '@bot/core-types';

/* Kernel-only controls, bound inside the class's static block so that nothing outside this module (and so no
 * strategy) can move a history's visible length forward. They are not exported from the package. */
let setVisibleLength: (h: BarHistoryBuffer, length: number) => void;
let attachSeries: (h: BarHistoryBuffer, series: BarSeries) => void;
let appendBar: (h: BarHistoryBuffer, bar: Bar) => void;
let setMaxBars: (h: BarHistoryBuffer, maxBars: number) => void;

/**
 * The closed bars of one symbol as strategies see them (core-types `BarHistory`), newest at `ago = 0`.
 *
 * Backed either by a `BarSeries`' typed arrays (backtests: no copy) or by growable buffers (paper/live), but in
 * both cases only the first `length` bars - the closed ones - are reachable: any `ago` that is negative, not an
 * integer or beyond the history gives `undefined` / `NaN`, and `closes(n)` returns at most `length` values. The
 * arrays are held in ECMAScript private fields and the length is advanced only by the kernel, so a strategy has
 * no handle on a bar that has not closed.
 *
 * Bounded retention (the kernel's `retention.bars`, for long-running paper/live engines): only the newest
 * `maxBars` closed bars stay reachable; `length` is then at most `maxBars` and `ago` counts within them. Appended
 * bars live in a sliding window of `2 * maxBars` slots, compacted (one copy of `maxBars` bars) when full, so
 * memory is bounded and appends stay O(1) amortised. Asking for a bar that closed but is no longer retained
 * (`ago >= maxBars`) throws instead of answering `NaN`, so a strategy that needs a longer look-back fails loudly
 * rather than trading on corrupted state; `closes(n)` returns at most the retained bars.
 *
 * @example
 * ```ts
 * const h = ctx.bars('BTC/USDT');
 * if (h.length >= 2 && h.close(0) > h.close(1)) ctx.setTargetWeight('BTC/USDT', 1);
 * ```
 */
export class BarHistoryBuffer implements BarHistory {
  readonly symbol: Symbol;
  readonly timeframe: Timeframe;
  #len = 0;
  /** Index of the oldest visible bar in the arrays. */
  #start = 0;
  #max = Number.POSITIVE_INFINITY;
  /** Closed bars no longer reachable because of `#max`. */
  #dropped = 0;
  #openTime: Float64Array;
  #open: Float64Array;
  #high: Float64Array;
  #low: Float64Array;
  #close: Float64Array;
  #volume: Float64Array;
  #owned: boolean;

  static {
    // once per bar in a backtest: kept small (the bounded case is a separate method) so it inlines cheaply
    setVisibleLength = (h, length) => {
      if (length <= h.#max) h.#len = length;
      else h.#slideTo(length);
    };
    setMaxBars = (h, maxBars) => {
      h.#max = maxBars;
    };
    attachSeries = (h, s) => {
      h.#openTime = s.openTime;
      h.#open = s.open;
      h.#high = s.high;
      h.#low = s.low;
      h.#close = s.close;
      h.#volume = s.volume;
      h.#owned = false;
      h.#len = 0;
      h.#start = 0;
      h.#dropped = 0;
    };
    appendBar = (h, b) => {
      if (!h.#owned) {
        h.#copyOut(Math.max(64, Math.min(h.#len * 2, 2 * h.#max)));
      } else if (h.#start + h.#len === h.#close.length) {
        // full: slide the window back to index 0 when bounded and at least half of the slots are stale, else grow
        if (h.#start > 0 && (h.#len >= h.#max || h.#start >= h.#len)) h.#compact();
        else h.#copyOut(Math.min(h.#len * 2, Math.max(64, 2 * h.#max)));
      }
      const i = h.#start + h.#len;
      h.#openTime[i] = b.openTime;
      h.#open[i] = b.open;
      h.#high[i] = b.high;
      h.#low[i] = b.low;
      h.#close[i] = b.close;
      h.#volume[i] = b.volume;
      if (h.#len < h.#max) h.#len++;
      else {
        h.#start++;
        h.#dropped++;
      }
    };
  }

  constructor(symbol: Symbol, timeframe: Timeframe) {
    this.symbol = symbol;
    this.timeframe = timeframe;
    this.#openTime = new Float64Array(64);
    this.#open = new Float64Array(64);
    this.#high = new Float64Array(64);
    this.#low = new Float64Array(64);
    this.#close = new Float64Array(64);
    this.#volume = new Float64Array(64);
    this.#owned = true;
  }

  /** Shows the newest `#max` of the first `length` bars (bounded retention). */
  #slideTo(length: number): void {
    this.#start = length - this.#max;
    this.#len = this.#max;
    this.#dropped = this.#start;
  }

  #copyOut(capacity: number): void {
    const from = this.#start;
    const to = from + this.#len;
    const grow = (a: Float64Array) => {
      const b = new Float64Array(capacity);
      b.set(a.subarray(from, to));
      return b;
    };
    this.#openTime = grow(this.#openTime);
    this.#open = grow(this.#open);
    this.#high = grow(this.#high);
    this.#low = grow(this.#low);
    this.#close = grow(this.#close);
    this.#volume = grow(this.#volume);
    this.#owned = true;
    this.#start = 0;
  }

  /** Moves the visible bars to the front of the (owned) arrays, in place. */
  #compact(): void {
    const from = this.#start;
    const to = from + this.#len;
    this.#openTime.copyWithin(0, from, to);
    this.#open.copyWithin(0, from, to);
    this.#high.copyWithin(0, from, to);
    this.#low.copyWithin(0, from, to);
    this.#close.copyWithin(0, from, to);
    this.#volume.copyWithin(0, from, to);
    this.#start = 0;
  }

  /** Number of closed bars visible. */
  get length(): number {
    return this.#len;
  }

  #index(ago: number): number {
    // ago must be an integer in [0, length-1]; everything else (negative, fractional, NaN, huge) is out of range.
    // Strategies call this every bar: the rare cases are in #outOfRange, so this stays small enough to inline.
    const i = this.#len - 1 - ago;
    if (ago >= 0 && i >= 0 && (ago | 0) === ago) return this.#start + i;
    return this.#outOfRange(ago, i);
  }

  /** -1 for an `ago` outside the history; throws for a bar that closed but is no longer retained. */
  #outOfRange(ago: number, i: number): number {
    if (this.#dropped !== 0 && i < 0 && ago < this.#len + this.#dropped && (ago | 0) === ago) {
      // the bar closed but fell out of the retained window: a silent NaN would corrupt the strategy's state
      throw new BotError(
        'INVALID_ARGUMENT',
        `bars(${this.symbol}): bar ${ago} ago is beyond the retained history of ${this.#max} bars; raise the kernel's retention.bars`,
      );
    }
    return -1;
  }

  /** @throws BotError `INVALID_ARGUMENT` for a bar that closed but fell out of a bounded history. */
  at(ago: number): Bar | undefined {
    const i = this.#index(ago);
    if (i < 0) return undefined;
    return {
      type: 'bar',
      symbol: this.symbol,
      timeframe: this.timeframe,
      openTime: this.#openTime[i]!,
      open: this.#open[i]!,
      high: this.#high[i]!,
      low: this.#low[i]!,
      close: this.#close[i]!,
      volume: this.#volume[i]!,
    };
  }

  close(ago = 0): number {
    const i = this.#index(ago);
    return i < 0 ? Number.NaN : this.#close[i]!;
  }

  open(ago = 0): number {
    const i = this.#index(ago);
    return i < 0 ? Number.NaN : this.#open[i]!;
  }

  high(ago = 0): number {
    const i = this.#index(ago);
    return i < 0 ? Number.NaN : this.#high[i]!;
  }

  low(ago = 0): number {
    const i = this.#index(ago);
    return i < 0 ? Number.NaN : this.#low[i]!;
  }

  volume(ago = 0): number {
    const i = this.#index(ago);
    return i < 0 ? Number.NaN : this.#volume[i]!;
  }

  openTime(ago = 0): number {
    const i = this.#index(ago);
    return i < 0 ? Number.NaN : this.#openTime[i]!;
  }

  /** The last `count` closes, oldest first, as a copy (fewer when fewer bars closed; empty for count <= 0). */
  closes(count: number): Float64Array {
    const n = Number.isFinite(count) && count > 0 ? Math.min(Math.floor(count), this.#len) : 0;
    const end = this.#start + this.#len;
    return this.#close.slice(end - n, end);
  }
}

/** @internal Kernel access (not exported from the package). */
export const barHistoryControl = {
  setVisibleLength: (h: BarHistoryBuffer, length: number): void => setVisibleLength(h, length),
  attachSeries: (h: BarHistoryBuffer, series: BarSeries): void => attachSeries(h, series),
  appendBar: (h: BarHistoryBuffer, bar: Bar): void => appendBar(h, bar),
  /** Bounds the visible history to the newest `maxBars` bars (set before the first bar). */
  setMaxBars: (h: BarHistoryBuffer, maxBars: number): void => setMaxBars(h, maxBars),
};
