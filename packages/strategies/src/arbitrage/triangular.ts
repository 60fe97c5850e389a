import type { BookLevel, OrderBookSnapshot, Symbol } from '@bot/core-types';

/** One market of a triangular cycle. */
export interface TriangularMarket {
  readonly symbol: Symbol;
  readonly base: string;
  readonly quote: string;
  readonly book: Pick<OrderBookSnapshot, 'bids' | 'asks'>;
  /** Taker fee as a fraction of notional, charged in the currency received. */
  readonly takerFee: number;
}

/** One executable leg. */
export interface TriangularLeg {
  readonly symbol: Symbol;
  readonly side: 'buy' | 'sell';
  /** Base quantity of this leg. */
  readonly quantity: number;
  /** Worst price touched (use as the IOC limit). */
  readonly limitPrice: number;
  /** Amount of currency spent and received (after fees) on this leg. */
  readonly spend: number;
  readonly receive: number;
}

/** An executable triangular opportunity. */
export interface TriangularOpportunity {
  readonly startCurrency: string;
  /** Amount of the start currency put in. */
  readonly startAmount: number;
  /** Amount of the start currency back after the three legs and fees. */
  readonly endAmount: number;
  readonly netProfit: number;
  readonly netBps: number;
  readonly legs: readonly [TriangularLeg, TriangularLeg, TriangularLeg];
}

/** Options of {@link detectTriangularArbitrage}. */
export interface TriangularOptions {
  /** Upper bound for the start amount (start currency). */
  readonly maxStartAmount?: number;
  /** Minimum net profit in bps of the start amount. Default 0. */
  readonly minProfitBps?: number;
}

interface Step {
  readonly market: TriangularMarket;
  readonly side: 'buy' | 'sell';
}

/** Converts `amount` of the held currency through one market by walking depth; undefined when depth runs out. */
function convert(step: Step, amount: number): { out: number; baseQty: number; worst: number } | undefined {
  const fee = step.market.takerFee;
  let left = amount;
  let out = 0;
  let baseQty = 0;
  let worst = Number.NaN;
  const levels: readonly BookLevel[] = step.side === 'buy' ? step.market.book.asks : step.market.book.bids;
  for (const [price, size] of levels) {
    // A residual below 1e-9 of the amount is rounding from the size search, not a reason to touch a worse level.
    if (left <= 1e-9 * amount) break;
    if (step.side === 'buy') {
      // Spend quote, receive base.
      const cost = Math.min(left, price * size);
      const q = cost / price;
      baseQty += q;
      out += q;
      left -= cost;
    } else {
      // Spend base, receive quote.
      const q = Math.min(left, size);
      baseQty += q;
      out += q * price;
      left -= q;
    }
    worst = price;
  }
  if (left > 1e-9 * amount) return undefined;
  return { out: out * (1 - fee), baseQty, worst };
}

function plan(markets: readonly TriangularMarket[], start: string): Step[] | undefined {
  const steps: Step[] = [];
  let held = start;
  for (const m of markets) {
    if (m.quote === held) {
      steps.push({ market: m, side: 'buy' });
      held = m.base;
    } else if (m.base === held) {
      steps.push({ market: m, side: 'sell' });
      held = m.quote;
    } else return undefined;
  }
  return held === start ? steps : undefined;
}

function simulate(steps: readonly Step[], amount: number): { end: number; legs: TriangularLeg[] } | undefined {
  let held = amount;
  const legs: TriangularLeg[] = [];
  for (const s of steps) {
    const r = convert(s, held);
    if (!r) return undefined;
    legs.push({ symbol: s.market.symbol, side: s.side, quantity: r.baseQty, limitPrice: r.worst, spend: held, receive: r.out });
    held = r.out;
  }
  return { end: held, legs };
}

/** Largest start amount the books can absorb along `steps` (bisection on feasibility). */
function capacity(steps: readonly Step[], cap: number): number {
  let hi = cap;
  if (!Number.isFinite(hi)) {
    hi = 1;
    while (simulate(steps, hi) && hi < 1e18) hi *= 2;
  }
  if (simulate(steps, hi)) return hi;
  let lo = 0;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (simulate(steps, mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Detects a triangular arbitrage on one venue: a cycle through three markets starting and ending in
 * `startCurrency` (e.g. USDT -> BTC -> ETH -> USDT), in either orientation, with taker fees on every leg and
 * sizes from book depth.
 *
 * Each leg buys the base with the quote on the asks or sells the base on the bids, walking levels; the profit
 * `end(x) - x` is concave in the start amount x (deeper levels are worse), so the size is found by ternary search
 * up to the depth the books can absorb (and `maxStartAmount`). Returns the best executable opportunity with legs
 * (side, base quantity, worst price as IOC limit), or `undefined` when nothing beats `minProfitBps`. Pure function.
 *
 * @example `detectTriangularArbitrage([btcUsdt, ethBtc, ethUsdt], 'USDT', { minProfitBps: 5 })`
 */
export function detectTriangularArbitrage(
  markets: readonly [TriangularMarket, TriangularMarket, TriangularMarket],
  startCurrency: string,
  options: TriangularOptions = {},
): TriangularOpportunity | undefined {
  const minBps = options.minProfitBps ?? 0;
  let best: TriangularOpportunity | undefined;
  const orders: TriangularMarket[][] = [
    [markets[0], markets[1], markets[2]],
    [markets[2], markets[1], markets[0]],
    [markets[1], markets[2], markets[0]],
    [markets[0], markets[2], markets[1]],
    [markets[1], markets[0], markets[2]],
    [markets[2], markets[0], markets[1]],
  ];
  for (const order of orders) {
    const steps = plan(order, startCurrency);
    if (!steps) continue;
    const cap = capacity(steps, options.maxStartAmount ?? Number.POSITIVE_INFINITY);
    if (!(cap > 0)) continue;
    const profit = (x: number): number => {
      const r = simulate(steps, x);
      return r ? r.end - x : Number.NEGATIVE_INFINITY;
    };
    let lo = 0;
    let hi = cap;
    for (let i = 0; i < 200 && hi - lo > 1e-12 * cap; i++) {
      const m1 = lo + (hi - lo) / 3;
      const m2 = hi - (hi - lo) / 3;
      if (profit(m1) < profit(m2)) lo = m1;
      else hi = m2;
    }
    const x = (lo + hi) / 2;
    const r = simulate(steps, x);
    if (!r || !(x > 0)) continue;
    const net = r.end - x;
    const bps = (net / x) * 1e4;
    if (!(bps > minBps) || !(net > 0)) continue;
    if (!best || net > best.netProfit) {
      best = {
        startCurrency,
        startAmount: x,
        endAmount: r.end,
        netProfit: net,
        netBps: bps,
        legs: [r.legs[0]!, r.legs[1]!, r.legs[2]!],
      };
    }
  }
  return best;
}
