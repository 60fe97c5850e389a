import type { Symbol } from './instrument.js';
import type { Timeframe } from './timeframe.js';

/**
 * Market data is `number` by design (ARCHITECTURE rule 5): indicator and signal math runs on doubles, and only
 * money (fills, cash, fees) is exact. All times are epoch milliseconds, UTC.
 */

/**
 * One OHLCV bar. `openTime` is the start of the interval; the bar is closed (final) at
 * `openTime + timeframeToMs(timeframe)`. Strategies only ever see closed bars.
 */
export interface Bar {
  readonly type: 'bar';
  readonly symbol: Symbol;
  readonly timeframe: Timeframe;
  /** Start of the interval, epoch ms UTC. */
  readonly openTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Traded volume in base units. */
  readonly volume: number;
}

/** Which side was the aggressor (taker) of a trade, when the venue reports it. */
export type AggressorSide = 'buy' | 'sell' | 'unknown';

/** One public trade print. */
export interface Trade {
  readonly type: 'trade';
  readonly symbol: Symbol;
  /** Exchange time, epoch ms UTC. */
  readonly time: number;
  readonly price: number;
  /** Size in base units, > 0. */
  readonly quantity: number;
  readonly aggressor: AggressorSide;
  /** Venue trade id, used for de-duplication. */
  readonly tradeId?: string;
}

/** Best bid and offer. */
export interface Quote {
  readonly type: 'quote';
  readonly symbol: Symbol;
  readonly time: number;
  readonly bid: number;
  readonly bidSize: number;
  readonly ask: number;
  readonly askSize: number;
}

/** A price level: `[price, quantity]`. In a delta, quantity 0 removes the level. */
export type BookLevel = readonly [price: number, quantity: number];

/**
 * A full order book at a sequence number. Bids descending, asks ascending.
 */
export interface OrderBookSnapshot {
  readonly type: 'book-snapshot';
  readonly symbol: Symbol;
  readonly time: number;
  /** Venue sequence number (update id) this snapshot is valid at. */
  readonly sequence: number;
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
}

/**
 * An incremental book update covering sequence numbers `firstSequence..sequence` (inclusive). It applies on top
 * of a book at `firstSequence - 1`; anything else is a gap and the book must be resynchronised from a snapshot.
 */
export interface OrderBookDelta {
  readonly type: 'book-delta';
  readonly symbol: Symbol;
  readonly time: number;
  readonly firstSequence: number;
  readonly sequence: number;
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
}

/** Every kind of market event, discriminated by `type`. */
export type MarketEvent = Bar | Trade | Quote | OrderBookSnapshot | OrderBookDelta;

/** The `type` tags of {@link MarketEvent}. */
export type MarketEventType = MarketEvent['type'];

/** Event time of any market event: a bar's close time is not known here, so bars report `openTime`. */
export function eventTime(event: MarketEvent): number {
  return event.type === 'bar' ? event.openTime : event.time;
}

/**
 * A memory-efficient columnar series of bars of one symbol and timeframe (one `Float64Array` per field, in
 * ascending `openTime`). This is what file loaders produce and backtests iterate.
 */
export interface BarSeries {
  readonly symbol: Symbol;
  readonly timeframe: Timeframe;
  readonly length: number;
  readonly openTime: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** The bar at `index` of a series as a {@link Bar} object. @throws RangeError when out of range. */
export function barAt(series: BarSeries, index: number): Bar {
  if (!Number.isInteger(index) || index < 0 || index >= series.length) {
    throw new RangeError(`bar index ${index} out of range 0..${series.length - 1}`);
  }
  return {
    type: 'bar',
    symbol: series.symbol,
    timeframe: series.timeframe,
    openTime: series.openTime[index]!,
    open: series.open[index]!,
    high: series.high[index]!,
    low: series.low[index]!,
    close: series.close[index]!,
    volume: series.volume[index]!,
  };
}

/** Builds a {@link BarSeries} from bar objects (copying into typed arrays). All bars must share symbol/timeframe. */
export function barSeriesFromBars(bars: readonly Bar[], symbol?: Symbol, timeframe?: Timeframe): BarSeries {
  const first = bars[0];
  const sym = symbol ?? first?.symbol;
  const tf = timeframe ?? first?.timeframe;
  if (sym === undefined || tf === undefined) throw new RangeError('barSeriesFromBars: empty input needs symbol and timeframe');
  const n = bars.length;
  const s = {
    symbol: sym,
    timeframe: tf,
    length: n,
    openTime: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const b = bars[i]!;
    s.openTime[i] = b.openTime;
    s.open[i] = b.open;
    s.high[i] = b.high;
    s.low[i] = b.low;
    s.close[i] = b.close;
    s.volume[i] = b.volume;
  }
  return s;
}
