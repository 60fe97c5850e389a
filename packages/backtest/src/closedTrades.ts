import type { Fill, Symbol } from '@bot/core-types';
import { fillAmounts, scaledToNumber } from '@bot/execution';

/** One round trip: a position opened from flat and taken back to flat (or flipped). Numbers for reporting. */
export interface ClosedTrade {
  readonly symbol: Symbol;
  /** `long` when the position was opened by a buy. */
  readonly direction: 'long' | 'short';
  /** Time of the first opening fill, epoch ms. */
  readonly entryTime: number;
  /** Time of the fill that brought the position back to flat, epoch ms. */
  readonly exitTime: number;
  /** Volume-weighted average price of the opening fills. */
  readonly entryPrice: number;
  /** Volume-weighted average price of the closing fills. */
  readonly exitPrice: number;
  /** Largest absolute position quantity held, base units. */
  readonly quantity: number;
  /** PnL before fees, quote currency. */
  readonly grossPnl: number;
  /** Fees of every fill of the round trip (the share of a flipping fill that closed it), quote currency. */
  readonly fees: number;
  /** Net PnL: `grossPnl - fees`, quote currency. */
  readonly pnl: number;
  /** Net PnL over the total notional of the opening fills, a fraction. */
  readonly returnOnNotional: number;
}

/** A position still open at the end of the fills. */
export interface OpenTrade {
  readonly symbol: Symbol;
  readonly direction: 'long' | 'short';
  readonly entryTime: number;
  readonly entryPrice: number;
  /** Current absolute quantity, base units. */
  readonly quantity: number;
  /** Fees paid so far on this position, quote currency. */
  readonly fees: number;
}

interface Book {
  qty: number; // signed
  maxAbs: number;
  entryTime: number;
  openQty: number; // open lot (abs) for the average cost
  openNotional: number;
  entryQty: number; // every opening fill (abs), for the reported entry VWAP
  entryNotional: number;
  closeQty: number;
  closeNotional: number;
  gross: number;
  fees: number;
  // With a single opening/closing fill the reported price is that fill's price exactly (no q*p/q round-off).
  entryFills: number;
  entryFirst: number;
  closeFills: number;
  closeFirst: number;
}

function fresh(time: number): Book {
  return { qty: 0, maxAbs: 0, entryTime: time, openQty: 0, openNotional: 0, entryQty: 0, entryNotional: 0, closeQty: 0, closeNotional: 0, gross: 0, fees: 0, entryFills: 0, entryFirst: 0, closeFills: 0, closeFirst: 0 };
}

/**
 * Groups fills into round trips per symbol (flat -> position -> flat). Adds to a position move the entry price
 * (volume-weighted); reductions realise PnL against the average entry; a fill that crosses zero closes the trade
 * and opens the next one with the remainder, its fee split pro rata by quantity. Fees are assumed to be charged in
 * the quote currency.
 *
 * Reporting arithmetic is in doubles (the fills are exact decimals; the account's cash and positions stay exact in
 * the portfolio): a trade's pnl carries a relative rounding error of ~1e-15, far below any displayed digit, and this
 * runs at ~2 us per fill instead of ~18 us with decimals. Position flatness is decided on the exact quantities.
 *
 * @example
 * ```ts
 * const { closed, open } = closedTradesFromFills(kernel.fills());
 * ```
 */
export function closedTradesFromFills(fills: readonly Fill[]): { closed: ClosedTrade[]; open: OpenTrade[] } {
  return roundTrips(
    fills.map((f) => {
      const a = fillAmounts(f);
      return { symbol: f.symbol, side: f.side, time: f.time, qty: a.quantity, price: a.price, fee: a.fee, qtyUnits: a.quantityUnits, qtyExponent: a.quantityExponent };
    }),
  );
}

/** @internal A fill with its numbers converted once (what {@link roundTrips} needs). */
export interface RoundTripFill {
  readonly symbol: Symbol;
  readonly side: 'buy' | 'sell';
  readonly time: number;
  readonly qty: number;
  readonly price: number;
  readonly fee: number;
  /** The exact quantity is `qtyUnits * 10^qtyExponent` (for the flatness decision). */
  readonly qtyUnits: bigint;
  readonly qtyExponent: number;
}

/** An exact signed position `units * 10^exponent`. */
interface ExactPosition {
  units: bigint;
  exponent: number;
}

/** Adds `units * 10^exponent` (signed) to `p` in place, exactly (on the smaller of the two exponents). */
function addExact(p: ExactPosition, units: bigint, exponent: number): void {
  if (exponent === p.exponent) p.units += units;
  else if (exponent > p.exponent) p.units += units * 10n ** BigInt(exponent - p.exponent);
  else {
    p.units = p.units * 10n ** BigInt(p.exponent - exponent) + units;
    p.exponent = exponent;
  }
}

/** @internal {@link closedTradesFromFills} on pre-converted fills. */
export function roundTrips(fills: readonly RoundTripFill[]): { closed: ClosedTrade[]; open: OpenTrade[] } {
  const books = new Map<Symbol, Book>();
  const exactQty = new Map<Symbol, ExactPosition>();
  const closed: ClosedTrade[] = [];
  for (const f of fills) {
    const price = f.price;
    const fillQty = f.qty;
    const signed = f.side === 'buy' ? fillQty : -fillQty;
    const fee = f.fee;
    // Exact running position: decides when a trade is flat (no float drift), once per fill.
    let position = exactQty.get(f.symbol);
    if (position === undefined) {
      position = { units: 0n, exponent: f.qtyExponent };
      exactQty.set(f.symbol, position);
    }
    const beforeUnits = position.units;
    const beforeExponent = position.exponent;
    const before = beforeUnits === 0n ? 0 : beforeUnits < 0n ? -1 : 1;
    addExact(position, f.side === 'buy' ? f.qtyUnits : -f.qtyUnits, f.qtyExponent);
    const after = position.units === 0n ? 0 : position.units < 0n ? -1 : 1;
    let book = books.get(f.symbol);
    if (book === undefined || before === 0) {
      book = fresh(f.time);
      books.set(f.symbol, book);
    }
    const sameDirection = before === 0 || before < 0 === signed < 0;
    if (sameDirection) {
      book.qty += signed;
      book.openQty += fillQty;
      book.openNotional += fillQty * price;
      book.entryQty += fillQty;
      book.entryNotional += fillQty * price;
      if (book.entryFills++ === 0) book.entryFirst = price;
      book.fees += fee;
      if (Math.abs(book.qty) > book.maxAbs) book.maxAbs = Math.abs(book.qty);
      continue;
    }
    const afterNum = scaledToNumber(position.units, position.exponent);
    const flips = after !== 0 && after !== before;
    const held = Math.abs(scaledToNumber(beforeUnits, beforeExponent));
    const closing = flips || after === 0 ? held : fillQty;
    const remainder = flips ? Math.abs(afterNum) : 0;
    const avgEntry = book.openNotional / book.openQty;
    const dir = before < 0 ? -1 : 1;
    book.gross += (price - avgEntry) * closing * dir;
    book.closeQty += closing;
    book.closeNotional += closing * price;
    if (book.closeFills++ === 0) book.closeFirst = price;
    const closingFee = flips ? (fee * closing) / fillQty : fee;
    book.fees += closingFee;
    // Reduce the open lot proportionally so the average entry stays put.
    book.openQty = held - closing;
    book.openNotional = avgEntry * book.openQty;
    book.qty = afterNum;
    if (flips || after === 0) {
      closed.push(finish(f.symbol, dir, book, f.time));
      books.delete(f.symbol);
      if (flips) {
        const next = fresh(f.time);
        next.qty = afterNum;
        next.maxAbs = remainder;
        next.openQty = remainder;
        next.openNotional = remainder * price;
        next.entryQty = remainder;
        next.entryNotional = remainder * price;
        next.entryFills = 1;
        next.entryFirst = price;
        next.fees = fee - closingFee;
        books.set(f.symbol, next);
      }
    }
  }
  const open: OpenTrade[] = [];
  for (const [symbol, b] of books) {
    if ((exactQty.get(symbol)?.units ?? 0n) === 0n) continue;
    open.push({
      symbol,
      direction: b.qty < 0 ? 'short' : 'long',
      entryTime: b.entryTime,
      entryPrice: b.entryFills === 1 ? b.entryFirst : b.entryNotional / b.entryQty,
      quantity: Math.abs(b.qty),
      fees: b.fees,
    });
  }
  return { closed, open };
}

function finish(symbol: Symbol, dir: number, b: Book, exitTime: number): ClosedTrade {
  const entryPrice = b.entryFills === 1 ? b.entryFirst : b.entryNotional / b.entryQty;
  const net = b.gross - b.fees;
  return {
    symbol,
    direction: dir === 1 ? 'long' : 'short',
    entryTime: b.entryTime,
    exitTime,
    entryPrice,
    exitPrice: b.closeFills === 1 ? b.closeFirst : b.closeNotional / b.closeQty,
    quantity: b.maxAbs,
    grossPnl: b.gross,
    fees: b.fees,
    pnl: net,
    returnOnNotional: net / b.entryNotional,
  };
}
