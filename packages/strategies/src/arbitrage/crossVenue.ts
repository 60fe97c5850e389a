import type { BookLevel, OrderBookSnapshot, Symbol } from '@bot/core-types';

/** One side of a cross-venue pair: its latest book and taker fee. */
export interface VenueBook {
  /** Label of the venue (or the run symbol that routes to it). */
  readonly venue: string;
  readonly symbol: Symbol;
  readonly book: Pick<OrderBookSnapshot, 'time' | 'bids' | 'asks'>;
  /** Taker fee as a fraction of notional (0.001 = 10 bps). */
  readonly takerFee: number;
}

/** Options of {@link detectCrossVenueArbitrage}. */
export interface CrossVenueOptions {
  /** Clock time, epoch ms. */
  readonly now: number;
  /** Ignore books older than this (ms). Default 1000. */
  readonly maxBookAgeMs?: number;
  /** Expected time for both orders to reach their venues (ms). Default 0. */
  readonly latencyMs?: number;
  /** Price volatility in bps per sqrt(second), used to charge the latency risk. Default 0. */
  readonly volatilityBpsPerSqrtSecond?: number;
  /** Multiple of the latency σ charged as a haircut on each unit (default 1). */
  readonly latencyRiskMultiple?: number;
  /** Minimum net edge per unit in bps of the buy price for a level to be taken. Default 0. */
  readonly minProfitBps?: number;
  /** Cap on the base quantity. */
  readonly maxQuantity?: number;
}

/** An executable cross-venue opportunity: buy on one venue, sell on the other, with sizes from book depth. */
export interface CrossVenueOpportunity {
  readonly buy: { readonly venue: string; readonly symbol: Symbol; readonly limitPrice: number; readonly vwap: number };
  readonly sell: { readonly venue: string; readonly symbol: Symbol; readonly limitPrice: number; readonly vwap: number };
  /** Base quantity on both legs. */
  readonly quantity: number;
  /** Sell proceeds - buy cost, before fees (quote currency). */
  readonly grossProfit: number;
  /** Taker fees of both legs (quote currency). */
  readonly fees: number;
  /** Latency-risk haircut charged (quote currency). */
  readonly latencyHaircut: number;
  /** gross - fees - haircut (quote currency). */
  readonly netProfit: number;
  /** netProfit / buy cost, in bps. */
  readonly netBps: number;
}

function walk(
  buy: VenueBook,
  sell: VenueBook,
  haircutFraction: number,
  minBps: number,
  maxQty: number,
): CrossVenueOpportunity | undefined {
  const asks: readonly BookLevel[] = buy.book.asks;
  const bids: readonly BookLevel[] = sell.book.bids;
  let ai = 0;
  let bi = 0;
  let aLeft = asks[0]?.[1] ?? 0;
  let bLeft = bids[0]?.[1] ?? 0;
  let qty = 0;
  let cost = 0;
  let proceeds = 0;
  let fees = 0;
  let haircut = 0;
  let worstAsk = Number.NaN;
  let worstBid = Number.NaN;
  while (ai < asks.length && bi < bids.length && qty < maxQty) {
    const ask = asks[ai]![0];
    const bid = bids[bi]![0];
    const unitFees = ask * buy.takerFee + bid * sell.takerFee;
    const unitHaircut = ((ask + bid) / 2) * haircutFraction;
    const edge = bid - ask - unitFees - unitHaircut;
    if (!(edge > (minBps / 1e4) * ask)) break;
    const q = Math.min(aLeft, bLeft, maxQty - qty);
    if (q > 0) {
      qty += q;
      cost += q * ask;
      proceeds += q * bid;
      fees += q * unitFees;
      haircut += q * unitHaircut;
      worstAsk = ask;
      worstBid = bid;
    }
    aLeft -= q;
    bLeft -= q;
    if (aLeft <= 0) aLeft = asks[++ai]?.[1] ?? 0;
    if (bLeft <= 0) bLeft = bids[++bi]?.[1] ?? 0;
  }
  if (qty <= 0) return undefined;
  const net = proceeds - cost - fees - haircut;
  return {
    buy: { venue: buy.venue, symbol: buy.symbol, limitPrice: worstAsk, vwap: cost / qty },
    sell: { venue: sell.venue, symbol: sell.symbol, limitPrice: worstBid, vwap: proceeds / qty },
    quantity: qty,
    grossProfit: proceeds - cost,
    fees,
    latencyHaircut: haircut,
    netProfit: net,
    netBps: (net / cost) * 1e4,
  };
}

/**
 * Detects a fee- and latency-aware arbitrage between the same instrument's books on two venues.
 *
 * Walks the cheaper venue's asks against the dearer venue's bids level by level and keeps taking quantity while
 * the per-unit edge `bid - ask - fees - haircut` exceeds `minProfitBps` of the ask. Fees are taker fees on both
 * legs. The latency haircut charges `latencyRiskMultiple × σ × sqrt(latency)` of the price per unit (σ in bps per
 * sqrt(second)), the move the books can make before both orders arrive. Books older than `maxBookAgeMs` are
 * ignored. Returns the better direction, or `undefined`. Pure function.
 *
 * @example `detectCrossVenueArbitrage(a, b, { now: clock.now(), latencyMs: 50, volatilityBpsPerSqrtSecond: 5 })`
 */
export function detectCrossVenueArbitrage(a: VenueBook, b: VenueBook, options: CrossVenueOptions): CrossVenueOpportunity | undefined {
  const maxAge = options.maxBookAgeMs ?? 1000;
  if (options.now - a.book.time > maxAge || options.now - b.book.time > maxAge) return undefined;
  const sigmaBps = (options.volatilityBpsPerSqrtSecond ?? 0) * Math.sqrt(Math.max(0, options.latencyMs ?? 0) / 1000);
  const haircut = ((options.latencyRiskMultiple ?? 1) * sigmaBps) / 1e4;
  const minBps = options.minProfitBps ?? 0;
  const maxQty = options.maxQuantity ?? Number.POSITIVE_INFINITY;
  const ab = walk(a, b, haircut, minBps, maxQty);
  const ba = walk(b, a, haircut, minBps, maxQty);
  if (ab && ba) return ab.netProfit >= ba.netProfit ? ab : ba;
  return ab ?? ba;
}
