import { type Bar, parseTimeframe, type Symbol, type Timeframe, type Trade, timeframeToMs } from '@bot/core-types';
import { bucketStart } from './bucket.js';

/** Options of {@link TradeBarBuilder}. */
export interface TradeBarBuilderOptions {
  readonly symbol: Symbol;
  readonly timeframe: Timeframe;
  /** Emit flat zero-volume bars (at the previous close) for intervals without trades. Default false. */
  readonly fillEmpty?: boolean;
}

/**
 * Builds OHLCV bars from a stream of trades, on UTC-aligned intervals. A bar is closed when a trade of a later
 * interval arrives, or when time passes its end ({@link TradeBarBuilder.advanceTo}, driven by a `Clock`). Trades
 * older than the current bar are counted in `lateTrades` and ignored (a closed bar never changes).
 * Usable on its own (no rxjs), e.g. to resample a trade file.
 *
 * @example
 * ```ts
 * const builder = new TradeBarBuilder({ symbol: 'BTC/USDT', timeframe: '1m' });
 * for (const trade of trades) for (const bar of builder.push(trade)) onBar(bar);
 * const partial = builder.current(); // the bar in progress, if any
 * ```
 */
export class TradeBarBuilder {
  readonly symbol: Symbol;
  readonly timeframe: Timeframe;
  /** Trades dropped because their interval was already closed. */
  lateTrades = 0;
  private readonly durationMs: number;
  private readonly fillEmpty: boolean;
  private start = NaN;
  private o = 0;
  private h = 0;
  private l = 0;
  private c = 0;
  private v = 0;
  private lastClose = NaN;
  private closedUntil = -Infinity;

  constructor(options: TradeBarBuilderOptions) {
    this.symbol = options.symbol;
    this.timeframe = parseTimeframe(options.timeframe);
    this.durationMs = timeframeToMs(this.timeframe);
    this.fillEmpty = options.fillEmpty ?? false;
  }

  /** Adds a trade; returns the bars it closed (usually none, one at an interval change, more with `fillEmpty`). */
  push(trade: Trade): Bar[] {
    return this.add(trade.time, trade.price, trade.quantity);
  }

  /** Same as {@link push} with plain numbers (hot path: no Trade object needed). */
  add(time: number, price: number, quantity: number): Bar[] {
    if (time < this.closedUntil) {
      this.lateTrades++;
      return [];
    }
    const b = bucketStart(time, this.timeframe);
    let closed: Bar[] = NO_BARS;
    if (b !== this.start) {
      if (this.start === this.start) {
        closed = this.closeUpTo(b);
      } else if (this.fillEmpty && this.lastClose === this.lastClose) {
        closed = this.fill(this.closedUntil, b);
      }
      this.start = b;
      this.o = this.h = this.l = this.c = price;
      this.v = quantity;
      return closed;
    }
    if (price > this.h) this.h = price;
    if (price < this.l) this.l = price;
    this.c = price;
    this.v += quantity;
    return closed;
  }

  /** Closes the current bar if `timeMs` has reached its end (call from a clock timer); returns closed bars. */
  advanceTo(timeMs: number): Bar[] {
    if (this.start === this.start && timeMs >= this.start + this.durationMs) return this.closeUpTo(bucketStart(timeMs, this.timeframe));
    return NO_BARS;
  }

  /** The bar in progress (not closed), if any. */
  current(): Bar | undefined {
    if (this.start !== this.start) return undefined;
    return this.bar(this.start, this.o, this.h, this.l, this.c, this.v);
  }

  private closeUpTo(nextStart: number): Bar[] {
    const out = [this.bar(this.start, this.o, this.h, this.l, this.c, this.v)];
    this.lastClose = this.c;
    this.closedUntil = this.start + this.durationMs;
    this.start = NaN;
    if (this.fillEmpty) out.push(...this.fill(this.closedUntil, nextStart));
    return out;
  }

  private fill(from: number, to: number): Bar[] {
    const out: Bar[] = [];
    for (let t = from; t < to; t += this.durationMs) out.push(this.bar(t, this.lastClose, this.lastClose, this.lastClose, this.lastClose, 0));
    if (out.length > 0) this.closedUntil = to;
    return out;
  }

  private bar(openTime: number, open: number, high: number, low: number, close: number, volume: number): Bar {
    return { type: 'bar', symbol: this.symbol, timeframe: this.timeframe, openTime, open, high, low, close, volume };
  }
}

const NO_BARS: Bar[] = [];
