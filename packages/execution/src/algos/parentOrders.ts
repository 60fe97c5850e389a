import { type Decimal, Price, Quantity, ValidationError, toDecimal } from '@bot/core-types';
import type { DecimalLike, OrderSide, Symbol } from '@bot/core-types';
import type { VolumeProfile } from './volumeProfile.js';

/**
 * What a parent does when the risk gate (or the venue) rejects one of its children:
 * `retry` (default) - the rejected quantity stays in the parent and is tried again at the next slice / market event,
 * and the parent stops after `maxConsecutiveRejections` rejections in a row; `stop` - the parent stops at once
 * (status `stopped`) and cancels its other children.
 */
export type ChildRejectionPolicy = 'retry' | 'stop';

/** Fields every parent order has. */
export interface ParentOrderBase {
  readonly symbol: Symbol;
  readonly side: OrderSide;
  /** Total quantity to trade (exact, a multiple of the instrument's lot size). */
  readonly quantity: Quantity;
  /**
   * Children may only reduce the current position (sent `reduceOnly`). Only reduce-only parents keep sending
   * children in `reduce` trading mode.
   */
  readonly reduceOnly: boolean;
  readonly onChildRejected: ChildRejectionPolicy;
  /** Consecutive child rejections after which a `retry` parent stops. Default 5. */
  readonly maxConsecutiveRejections: number;
  /** Label copied to every child's `tag` (default: the parent id). */
  readonly tag?: string;
}

/** Time-weighted average price: equal slices of `[startTime, endTime)`. Built by {@link twap}. */
export interface TwapParent extends ParentOrderBase {
  readonly kind: 'twap';
  /** Epoch ms. */
  readonly startTime: number;
  /** Epoch ms (exclusive). */
  readonly endTime: number;
  readonly slices: number;
  /** Limit children at `last * (1 +/- bps / 10 000)` (buy +, sell -) instead of market children. */
  readonly limitOffsetBps?: number;
}

/** Volume-weighted average price: slices sized by a historical volume profile. Built by {@link vwap}. */
export interface VwapParent extends ParentOrderBase {
  readonly kind: 'vwap';
  readonly startTime: number;
  readonly endTime: number;
  readonly slices: number;
  readonly volumeProfile: VolumeProfile;
  readonly limitOffsetBps?: number;
}

/** Percentage of volume: trade a fixed fraction of the market volume seen since start. Built by {@link percentageOfVolume}. */
export interface PovParent extends ParentOrderBase {
  readonly kind: 'pov';
  /** Fraction (0, 1] of observed market volume. */
  readonly participation: number;
  /** Smallest child worth sending (exact); smaller amounts wait for more volume. */
  readonly minChildQuantity: Quantity;
  /** Which events count as market volume: closed `bars` (default) or `trades`. */
  readonly volumeSource: 'bars' | 'trades';
  /** Epoch ms; default: at once. */
  readonly startTime?: number;
  /** Epoch ms; no children after it. Default: none. */
  readonly endTime?: number;
}

/** Iceberg: a resting limit order that shows only `displayQuantity` at a time. Built by {@link iceberg}. */
export interface IcebergParent extends ParentOrderBase {
  readonly kind: 'iceberg';
  readonly limitPrice: Price;
  readonly displayQuantity: Quantity;
}

/** A trailing stop, emulated where the venue lacks one. Built by {@link trailingStop}. */
export interface TrailingStopParent extends ParentOrderBase {
  readonly kind: 'trailing-stop';
  readonly trailingOffset: Decimal;
  /** `price` (quote units) or `bps` (of the extreme price). */
  readonly trailingOffsetType: 'price' | 'bps';
  /** Starting extreme price; default the last price the host saw. */
  readonly referencePrice?: number;
}

/** One leg of an OCO parent. */
export interface OcoLeg {
  /** Defaults to the parent's side. */
  readonly side?: OrderSide;
  readonly type: 'limit' | 'stop' | 'stop-limit';
  readonly limitPrice?: Price;
  readonly stopPrice?: Price;
  readonly tag?: string;
}

/** One-cancels-other: the first leg to fill cancels the others. Built by {@link oco}. */
export interface OcoParent extends ParentOrderBase {
  readonly kind: 'oco';
  readonly legs: readonly OcoLeg[];
}

/** Entry plus take-profit and stop-loss exits (one-cancels-other, reduce-only). Built by {@link bracket}. */
export interface BracketParent extends ParentOrderBase {
  readonly kind: 'bracket';
  /** Entry: market, or limit at `limitPrice`. */
  readonly entryType: 'market' | 'limit';
  readonly entryLimitPrice?: Price;
  readonly takeProfitPrice: Price;
  readonly stopLossPrice: Price;
  /** When set, the stop-loss becomes a limit order at this price once triggered (stop-limit). */
  readonly stopLossLimitPrice?: Price;
}

/** Any parent order an {@link AlgoHost} can run. */
export type ParentOrder = TwapParent | VwapParent | PovParent | IcebergParent | TrailingStopParent | OcoParent | BracketParent;

/** Loose common input of the parent factories (numbers or strings for decimals). */
export interface ParentOrderInput {
  readonly symbol: Symbol;
  readonly side: OrderSide;
  readonly quantity: DecimalLike | Quantity;
  readonly reduceOnly?: boolean;
  readonly onChildRejected?: ChildRejectionPolicy;
  readonly maxConsecutiveRejections?: number;
  readonly tag?: string;
}

function base(input: ParentOrderInput): ParentOrderBase {
  if (typeof input.symbol !== 'string' || input.symbol.length === 0) throw new ValidationError('symbol', input.symbol, 'a symbol such as BTC/USDT');
  if (input.side !== 'buy' && input.side !== 'sell') throw new ValidationError('side', input.side, 'buy or sell');
  const quantity = positiveQuantity('quantity', input.quantity);
  const policy = input.onChildRejected ?? 'retry';
  if (policy !== 'retry' && policy !== 'stop') throw new ValidationError('onChildRejected', policy, 'retry or stop');
  const maxRej = input.maxConsecutiveRejections ?? 5;
  if (!Number.isInteger(maxRej) || maxRej < 1) throw new ValidationError('maxConsecutiveRejections', maxRej, 'an integer >= 1');
  return {
    symbol: input.symbol,
    side: input.side,
    quantity,
    reduceOnly: input.reduceOnly ?? false,
    onChildRejected: policy,
    maxConsecutiveRejections: maxRej,
    ...(input.tag === undefined ? {} : { tag: input.tag }),
  };
}

function positiveQuantity(field: string, v: DecimalLike | Quantity): Quantity {
  let q: Quantity;
  try {
    q = v instanceof Quantity ? v : Quantity.of(v);
  } catch (cause) {
    throw new ValidationError(field, v, 'a finite quantity > 0', { cause });
  }
  if (q.isZero()) throw new ValidationError(field, v, 'a quantity > 0');
  return q;
}

function positivePrice(field: string, v: DecimalLike | Price | undefined): Price {
  if (v === undefined) throw new ValidationError(field, v, `a ${field} > 0`);
  if (v instanceof Price) return v;
  try {
    return Price.of(v);
  } catch (cause) {
    throw new ValidationError(field, v, `a ${field} > 0`, { cause });
  }
}

function window(startTime: number, endTime: number, slices: number): void {
  if (!Number.isFinite(startTime)) throw new ValidationError('startTime', startTime, 'an epoch-ms time');
  if (!Number.isFinite(endTime) || endTime <= startTime) throw new ValidationError('endTime', endTime, `an epoch-ms time after startTime ${startTime}`);
  if (!Number.isInteger(slices) || slices < 1 || slices > endTime - startTime) {
    throw new ValidationError('slices', slices, `an integer in [1, ${endTime - startTime}] (at most one slice per ms)`);
  }
}

function offset(bps: number | undefined): { limitOffsetBps?: number } {
  if (bps === undefined) return {};
  if (!Number.isFinite(bps) || bps < 0 || bps >= 10_000) throw new ValidationError('limitOffsetBps', bps, 'bps in [0, 10 000)');
  return { limitOffsetBps: bps };
}

/** Input of {@link twap}. */
export interface TwapInput extends ParentOrderInput {
  /** Epoch ms. */
  readonly startTime: number;
  /** Epoch ms, exclusive. */
  readonly endTime: number;
  /** Number of equal slices (>= 1). */
  readonly slices: number;
  /** Send limit children offset from the last price by this many bps (buy above, sell below) instead of market. */
  readonly limitOffsetBps?: number;
}

/**
 * A TWAP parent: `slices` children at `startTime + floor(i * (endTime - startTime) / slices)`, each planned at
 * `floor(quantity / slices)` to the lot and the remainder in the last slice. A slice sends what the plan says should
 * be done by then minus what is already filled or working, so a resized, rejected or too-small child's quantity is
 * caught up by the next slice. Market children by default; with `limitOffsetBps`, GTC limit children at the last
 * price +/- the offset, canceled when the next slice starts (the last at `endTime`).
 *
 * @example
 * ```ts
 * const id = host.start(twap({ symbol: 'BTC/USDT', side: 'buy', quantity: '1.5', startTime: t0, endTime: t0 + 3_600_000, slices: 12 }));
 * ```
 * @throws ValidationError naming the field for a bad quantity, window, slice count or offset.
 */
export function twap(input: TwapInput): TwapParent {
  window(input.startTime, input.endTime, input.slices);
  return { ...base(input), kind: 'twap', startTime: input.startTime, endTime: input.endTime, slices: input.slices, ...offset(input.limitOffsetBps) };
}

/** Input of {@link vwap}. */
export interface VwapInput extends TwapInput {
  /** Historical intraday profile ({@link volumeProfileFromBars}). */
  readonly volumeProfile: VolumeProfile;
}

/**
 * A VWAP parent: like {@link twap}, but slice `i` is planned at the profile's expected share of the window's volume
 * in that slice ({@link profileWeights}), rounded down to the lot, remainder in the last slice.
 *
 * @example
 * ```ts
 * const profile = volumeProfileFromBars(lastMonth, 30 * 60_000);
 * host.start(vwap({ symbol, side: 'sell', quantity: 20, startTime, endTime, slices: 16, volumeProfile: profile }));
 * ```
 * @throws ValidationError as {@link twap}.
 */
export function vwap(input: VwapInput): VwapParent {
  window(input.startTime, input.endTime, input.slices);
  return {
    ...base(input),
    kind: 'vwap',
    startTime: input.startTime,
    endTime: input.endTime,
    slices: input.slices,
    volumeProfile: input.volumeProfile,
    ...offset(input.limitOffsetBps),
  };
}

/** Input of {@link percentageOfVolume}. */
export interface PovInput extends ParentOrderInput {
  /** Fraction in (0, 1] (0.1 = 10 %) of observed market volume. */
  readonly participation: number;
  /** Smallest child to send (default: one lot). */
  readonly minChildQuantity?: DecimalLike | Quantity;
  /** `bars` (default: each closed bar's volume) or `trades` (each trade's quantity). */
  readonly volumeSource?: 'bars' | 'trades';
  readonly startTime?: number;
  readonly endTime?: number;
}

/**
 * A percentage-of-volume parent: after each market event of the symbol, it sends a market child so that what is
 * filled or working never exceeds `participation` times the volume observed since start (rounded down to the lot),
 * once the gap reaches `minChildQuantity` (or covers all that is left: the last child may be smaller). Volume is as the feed reports it (in a backtest our own fills are not in
 * it; live it may include them, which only lowers the effective rate).
 *
 * @example
 * ```ts
 * host.start(percentageOfVolume({ symbol, side: 'buy', quantity: 50, participation: 0.1, minChildQuantity: 1 }));
 * ```
 * @throws ValidationError for a participation outside (0, 1] or a bad window.
 */
export function percentageOfVolume(input: PovInput): PovParent {
  if (!Number.isFinite(input.participation) || input.participation <= 0 || input.participation > 1) {
    throw new ValidationError('participation', input.participation, 'a fraction in (0, 1] (0.1 = 10 %)');
  }
  const src = input.volumeSource ?? 'bars';
  if (src !== 'bars' && src !== 'trades') throw new ValidationError('volumeSource', src, 'bars or trades');
  if (input.startTime !== undefined && input.endTime !== undefined && input.endTime <= input.startTime) {
    throw new ValidationError('endTime', input.endTime, `a time after startTime ${input.startTime}`);
  }
  return {
    ...base(input),
    kind: 'pov',
    participation: input.participation,
    minChildQuantity: input.minChildQuantity === undefined ? Quantity.ZERO : positiveQuantity('minChildQuantity', input.minChildQuantity),
    volumeSource: src,
    ...(input.startTime === undefined ? {} : { startTime: input.startTime }),
    ...(input.endTime === undefined ? {} : { endTime: input.endTime }),
  };
}

/** Input of {@link iceberg}. */
export interface IcebergInput extends ParentOrderInput {
  readonly limitPrice: DecimalLike | Price;
  /** Visible size (exact, <= quantity). */
  readonly displayQuantity: DecimalLike | Quantity;
}

/**
 * An iceberg parent: one GTC limit child of `min(displayQuantity, remaining)` rests at a time; when it has filled
 * completely the next one is sent, until the parent is filled.
 *
 * @example
 * ```ts
 * host.start(iceberg({ symbol, side: 'sell', quantity: 100, limitPrice: '101.5', displayQuantity: 5 }));
 * ```
 * @throws ValidationError when `displayQuantity` is not in (0, quantity] or the price is not positive.
 */
export function iceberg(input: IcebergInput): IcebergParent {
  const b = base(input);
  const display = positiveQuantity('displayQuantity', input.displayQuantity);
  if (display.compare(b.quantity) > 0) throw new ValidationError('displayQuantity', display.toString(), `at most the quantity ${b.quantity.toString()}`);
  return { ...b, kind: 'iceberg', limitPrice: positivePrice('limitPrice', input.limitPrice), displayQuantity: display };
}

/** Input of {@link trailingStop}. */
export interface TrailingStopInput extends ParentOrderInput {
  readonly trailingOffset: DecimalLike;
  /** `price` (default) or `bps`. */
  readonly trailingOffsetType?: 'price' | 'bps';
  readonly referencePrice?: number;
}

/**
 * A trailing stop: for a sell the stop trails `trailingOffset` below the highest price seen since start (buy: above
 * the lowest); when the market trades through it, a market child of the whole quantity is sent. Native when the
 * venue supports trailing stops, emulated otherwise (see {@link AlgoHost}). Reduce-only by default.
 *
 * @example
 * ```ts
 * host.start(trailingStop({ symbol, side: 'sell', quantity: 2, trailingOffset: 150 }));
 * ```
 * @throws ValidationError for an offset <= 0.
 */
export function trailingStop(input: TrailingStopInput): TrailingStopParent {
  const b = base({ ...input, reduceOnly: input.reduceOnly ?? true });
  let off: Decimal;
  try {
    off = toDecimal(input.trailingOffset);
  } catch (cause) {
    throw new ValidationError('trailingOffset', input.trailingOffset, 'a trailing offset > 0', { cause });
  }
  if (!off.gt(0)) throw new ValidationError('trailingOffset', input.trailingOffset, 'a trailing offset > 0');
  const type = input.trailingOffsetType ?? 'price';
  if (type !== 'price' && type !== 'bps') throw new ValidationError('trailingOffsetType', type, 'price or bps');
  return {
    ...b,
    kind: 'trailing-stop',
    trailingOffset: off,
    trailingOffsetType: type,
    ...(input.referencePrice === undefined ? {} : { referencePrice: input.referencePrice }),
  };
}

/** Loose input of one OCO leg. */
export interface OcoLegInput {
  readonly side?: OrderSide;
  readonly type: 'limit' | 'stop' | 'stop-limit';
  readonly limitPrice?: DecimalLike | Price;
  readonly stopPrice?: DecimalLike | Price;
  readonly tag?: string;
}

/** Input of {@link oco}. */
export interface OcoInput extends ParentOrderInput {
  /** Two or more legs. */
  readonly legs: readonly OcoLegInput[];
}

/**
 * A one-cancels-other parent: every leg for the parent quantity; the first leg that fills (even partly) cancels the
 * others. Emulated: limit legs rest at the venue, stop legs are watched locally and sent as market (stop) or limit
 * (stop-limit) children when the market trades through their stop.
 *
 * @example
 * ```ts
 * host.start(oco({ symbol, side: 'sell', quantity: 1, reduceOnly: true, legs: [
 *   { type: 'limit', limitPrice: 110 }, { type: 'stop', stopPrice: 95 } ] }));
 * ```
 * @throws ValidationError for fewer than two legs or a leg without its prices.
 */
export function oco(input: OcoInput): OcoParent {
  const b = base(input);
  if (!Array.isArray(input.legs) || input.legs.length < 2) throw new ValidationError('legs', input.legs?.length, 'at least two legs');
  const legs = input.legs.map((l, i): OcoLeg => {
    if (l.type !== 'limit' && l.type !== 'stop' && l.type !== 'stop-limit') throw new ValidationError(`legs[${i}].type`, l.type, 'limit, stop or stop-limit');
    if (l.side !== undefined && l.side !== 'buy' && l.side !== 'sell') throw new ValidationError(`legs[${i}].side`, l.side, 'buy or sell');
    return {
      type: l.type,
      ...(l.side === undefined ? {} : { side: l.side }),
      ...(l.type === 'stop' ? {} : { limitPrice: positivePrice(`legs[${i}].limitPrice`, l.limitPrice) }),
      ...(l.type === 'limit' ? {} : { stopPrice: positivePrice(`legs[${i}].stopPrice`, l.stopPrice) }),
      ...(l.tag === undefined ? {} : { tag: l.tag }),
    };
  });
  return { ...b, kind: 'oco', legs };
}

/** Input of {@link bracket}. */
export interface BracketInput extends ParentOrderInput {
  /** `market` (default) or `limit` (then `entryLimitPrice`). */
  readonly entryType?: 'market' | 'limit';
  readonly entryLimitPrice?: DecimalLike | Price;
  readonly takeProfitPrice: DecimalLike | Price;
  readonly stopLossPrice: DecimalLike | Price;
  readonly stopLossLimitPrice?: DecimalLike | Price;
}

/**
 * A bracket parent: an entry, then - once the entry is done (filled, or ended after a partial fill) - a take-profit
 * limit and a stop-loss for the filled quantity, opposite side, reduce-only, one-cancels-other.
 *
 * @example
 * ```ts
 * host.start(bracket({ symbol, side: 'buy', quantity: 1, takeProfitPrice: 110, stopLossPrice: 95 }));
 * ```
 * @throws ValidationError when the exits are on the wrong side of each other (buy: take-profit <= stop-loss).
 */
export function bracket(input: BracketInput): BracketParent {
  const b = base({ ...input, reduceOnly: false });
  const entryType = input.entryType ?? 'market';
  if (entryType !== 'market' && entryType !== 'limit') throw new ValidationError('entryType', entryType, 'market or limit');
  const tp = positivePrice('takeProfitPrice', input.takeProfitPrice);
  const sl = positivePrice('stopLossPrice', input.stopLossPrice);
  if (b.side === 'buy' ? tp.compare(sl) <= 0 : tp.compare(sl) >= 0) {
    throw new ValidationError('takeProfitPrice', tp.toString(), `${b.side === 'buy' ? 'above' : 'below'} the stop-loss ${sl.toString()} for a ${b.side} entry`);
  }
  return {
    ...b,
    kind: 'bracket',
    entryType,
    ...(entryType === 'limit' ? { entryLimitPrice: positivePrice('entryLimitPrice', input.entryLimitPrice) } : {}),
    takeProfitPrice: tp,
    stopLossPrice: sl,
    ...(input.stopLossLimitPrice === undefined ? {} : { stopLossLimitPrice: positivePrice('stopLossLimitPrice', input.stopLossLimitPrice) }),
  };
}
