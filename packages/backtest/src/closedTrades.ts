import { type Decimal, type Fill, type Symbol, toDecimal } from '@bot/core-types';

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
  qty: Decimal; // signed
  maxAbs: Decimal;
  entryTime: number;
  openQty: Decimal; // open lot (abs) for the average cost
  openNotional: Decimal;
  entryQty: Decimal; // every opening fill (abs), for the reported entry VWAP
  entryNotional: Decimal;
  closeQty: Decimal;
  closeNotional: Decimal;
  gross: Decimal;
  fees: Decimal;
}

/**
 * Groups fills into round trips per symbol (flat -> position -> flat). Adds to a position move the entry price
 * (volume-weighted); reductions realise PnL against the average entry; a fill that crosses zero closes the trade
 * and opens the next one with the remainder, its fee split pro rata by quantity. Exact decimal arithmetic per fill;
 * numbers in the output. Fees are assumed to be charged in the quote currency.
 *
 * @example
 * ```ts
 * const { closed, open } = closedTradesFromFills(kernel.fills());
 * ```
 */
export function closedTradesFromFills(fills: readonly Fill[]): { closed: ClosedTrade[]; open: OpenTrade[] } {
  const zero = toDecimal(0);
  const books = new Map<Symbol, Book>();
  const closed: ClosedTrade[] = [];
  const fresh = (time: number): Book => ({
    qty: zero,
    maxAbs: zero,
    entryTime: time,
    openQty: zero,
    openNotional: zero,
    entryQty: zero,
    entryNotional: zero,
    closeQty: zero,
    closeNotional: zero,
    gross: zero,
    fees: zero,
  });
  for (const f of fills) {
    let book = books.get(f.symbol);
    const price = f.price.value;
    const fillQty = f.quantity.value;
    const signed = f.side === 'buy' ? fillQty : fillQty.negated();
    const fee = f.fee.amount;
    if (book === undefined || book.qty.isZero()) {
      book = fresh(f.time);
      books.set(f.symbol, book);
    }
    const sameDirection = book.qty.isZero() || book.qty.isNegative() === signed.isNegative();
    if (sameDirection) {
      book.qty = book.qty.plus(signed);
      book.openQty = book.openQty.plus(fillQty);
      book.openNotional = book.openNotional.plus(fillQty.times(price));
      book.entryQty = book.entryQty.plus(fillQty);
      book.entryNotional = book.entryNotional.plus(fillQty.times(price));
      book.fees = book.fees.plus(fee);
      if (book.qty.abs().gt(book.maxAbs)) book.maxAbs = book.qty.abs();
      continue;
    }
    const held = book.qty.abs();
    const closing = fillQty.lt(held) ? fillQty : held;
    const remainder = fillQty.minus(closing);
    const avgEntry = book.openNotional.div(book.openQty);
    const dir = book.qty.isNegative() ? -1 : 1;
    book.gross = book.gross.plus(price.minus(avgEntry).times(closing).times(dir));
    book.closeQty = book.closeQty.plus(closing);
    book.closeNotional = book.closeNotional.plus(closing.times(price));
    const closingFee = remainder.isZero() ? fee : fee.times(closing).div(fillQty);
    book.fees = book.fees.plus(closingFee);
    // Reduce the open lot proportionally so the average entry stays put.
    book.openNotional = avgEntry.times(held.minus(closing));
    book.openQty = held.minus(closing);
    book.qty = book.qty.plus(dir === 1 ? closing.negated() : closing);
    if (book.qty.isZero()) {
      closed.push(finish(f.symbol, dir, book, f.time));
      if (!remainder.isZero()) {
        const next = fresh(f.time);
        next.qty = f.side === 'buy' ? remainder : remainder.negated();
        next.maxAbs = remainder;
        next.openQty = remainder;
        next.openNotional = remainder.times(price);
        next.entryQty = remainder;
        next.entryNotional = remainder.times(price);
        next.fees = fee.minus(closingFee);
        books.set(f.symbol, next);
      }
    }
  }
  const open: OpenTrade[] = [];
  for (const [symbol, b] of books) {
    if (b.qty.isZero()) continue;
    open.push({
      symbol,
      direction: b.qty.isNegative() ? 'short' : 'long',
      entryTime: b.entryTime,
      entryPrice: b.entryNotional.div(b.entryQty).toNumber(),
      quantity: b.qty.abs().toNumber(),
      fees: b.fees.toNumber(),
    });
  }
  return { closed, open };
}

function finish(symbol: Symbol, dir: number, b: Book, exitTime: number): ClosedTrade {
  const entryPrice = b.entryNotional.div(b.entryQty);
  const net = b.gross.minus(b.fees);
  const exitPrice = b.closeNotional.div(b.closeQty);
  return {
    symbol,
    direction: dir === 1 ? 'long' : 'short',
    entryTime: b.entryTime,
    exitTime,
    entryPrice: entryPrice.toNumber(),
    exitPrice: exitPrice.toNumber(),
    quantity: b.maxAbs.toNumber(),
    grossPnl: b.gross.toNumber(),
    fees: b.fees.toNumber(),
    pnl: net.toNumber(),
    returnOnNotional: net.div(b.entryNotional).toNumber(),
  };
}
