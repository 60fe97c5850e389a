import {
  type OrderBookSnapshot,
  type ParamSpecs,
  type Strategy,
  type StrategyContext,
  type StrategyDefinition,
  type Symbol,
  BotError,
  roundToIncrement,
} from '@bot/core-types';
import { type CrossVenueOpportunity, detectCrossVenueArbitrage } from '../arbitrage/crossVenue.js';
import { type TriangularMarket, type TriangularOpportunity, detectTriangularArbitrage } from '../arbitrage/triangular.js';

/** Parameters of `arbitrage`. */
export const arbitrageParams = {
  mode: { type: 'enum', default: 'cross-venue', values: ['cross-venue', 'triangular'], description: 'cross-venue: symbols [a, b] are the same instrument on two venues; triangular: three markets on one venue' },
  minProfitBps: { type: 'float', default: 5, min: 0, max: 1000, description: 'Minimum net edge in bps after fees and latency haircut' },
  maxQuantity: { type: 'float', default: 1e9, min: 0, max: 1e12, description: 'Cap on base quantity (cross-venue) or start amount (triangular)' },
  latencyMs: { type: 'int', default: 50, min: 0, max: 60_000, description: 'Expected order latency to the venues (ms)' },
  volatilityBpsPerSqrtSecond: { type: 'float', default: 2, min: 0, max: 1000, description: 'Price volatility used for the latency haircut' },
  maxBookAgeMs: { type: 'int', default: 1000, min: 1, max: 600_000, description: 'Ignore books older than this (ms)' },
  cooldownMs: { type: 'int', default: 1000, min: 0, max: 3_600_000, description: 'Minimum time between two executions (ms)' },
  startCurrency: { type: 'string', default: 'USDT', description: 'Triangular: currency the cycle starts and ends in' },
} as const satisfies ParamSpecs;

interface Params {
  readonly mode: string;
  readonly minProfitBps: number;
  readonly maxQuantity: number;
  readonly latencyMs: number;
  readonly volatilityBpsPerSqrtSecond: number;
  readonly maxBookAgeMs: number;
  readonly cooldownMs: number;
  readonly startCurrency: string;
}

/** The running arbitrage strategy (returned by `arbitrage.create`). */
export class ArbitrageStrategy implements Strategy {
  readonly id: string;
  private readonly books = new Map<Symbol, OrderBookSnapshot>();
  private lastFire = Number.NEGATIVE_INFINITY;
  /** Opportunities acted on (for inspection). */
  readonly executed: (CrossVenueOpportunity | TriangularOpportunity)[] = [];

  constructor(
    private readonly params: Params,
    readonly symbols: readonly Symbol[],
    id: string,
  ) {
    this.id = id;
  }

  onOrderBook(book: OrderBookSnapshot, ctx: StrategyContext): void {
    if (!this.symbols.includes(book.symbol)) return;
    this.books.set(book.symbol, book);
    const now = ctx.now();
    if (now - this.lastFire < this.params.cooldownMs) return;
    // One opportunity at a time: wait until earlier legs are done.
    if (this.symbols.some((s) => ctx.openOrders(s).length > 0)) return;
    if (this.params.mode === 'triangular') this.triangular(ctx, now);
    else this.crossVenue(ctx, now);
  }

  private fee(ctx: StrategyContext, symbol: Symbol): number {
    return Number(ctx.instrument(symbol).takerFee);
  }

  private lot(ctx: StrategyContext, symbol: Symbol, qty: number): number {
    return Number(roundToIncrement(qty, ctx.instrument(symbol).lotSize, 'down'));
  }

  private crossVenue(ctx: StrategyContext, now: number): void {
    const [sa, sb] = this.symbols as [Symbol, Symbol];
    const a = this.books.get(sa);
    const b = this.books.get(sb);
    if (!a || !b) return;
    const opp = detectCrossVenueArbitrage(
      { venue: sa, symbol: sa, book: a, takerFee: this.fee(ctx, sa) },
      { venue: sb, symbol: sb, book: b, takerFee: this.fee(ctx, sb) },
      {
        now,
        maxBookAgeMs: this.params.maxBookAgeMs,
        latencyMs: this.params.latencyMs,
        volatilityBpsPerSqrtSecond: this.params.volatilityBpsPerSqrtSecond,
        minProfitBps: this.params.minProfitBps,
        maxQuantity: this.params.maxQuantity,
      },
    );
    if (!opp) return;
    const qty = Math.min(this.lot(ctx, opp.buy.symbol, opp.quantity), this.lot(ctx, opp.sell.symbol, opp.quantity));
    if (!(qty > 0)) return;
    this.lastFire = now;
    this.executed.push(opp);
    const common = { type: 'limit', timeInForce: 'IOC', quantity: qty, strategyId: this.id, tag: 'arb-cross' } as const;
    ctx.submitOrder({ ...common, symbol: opp.buy.symbol, side: 'buy', limitPrice: opp.buy.limitPrice });
    ctx.submitOrder({ ...common, symbol: opp.sell.symbol, side: 'sell', limitPrice: opp.sell.limitPrice });
  }

  private triangular(ctx: StrategyContext, now: number): void {
    const books = this.symbols.map((s) => this.books.get(s));
    if (books.some((b) => b === undefined || now - b.time > this.params.maxBookAgeMs)) return;
    const market = (i: number): TriangularMarket => {
      const symbol = this.symbols[i]!;
      const inst = ctx.instrument(symbol);
      return { symbol, base: inst.base, quote: inst.quote, book: books[i]!, takerFee: Number(inst.takerFee) };
    };
    const markets: [TriangularMarket, TriangularMarket, TriangularMarket] = [market(0), market(1), market(2)];
    const opp = detectTriangularArbitrage(markets, this.params.startCurrency, {
      maxStartAmount: this.params.maxQuantity,
      minProfitBps: this.params.minProfitBps,
    });
    if (!opp) return;
    const legs = opp.legs.map((l) => ({ ...l, quantity: this.lot(ctx, l.symbol, l.quantity) }));
    if (legs.some((l) => !(l.quantity > 0))) return;
    this.lastFire = now;
    this.executed.push(opp);
    // Legs are sent together (inventory of all three currencies is assumed), each IOC at its worst level.
    for (const l of legs) {
      ctx.submitOrder({ symbol: l.symbol, side: l.side, type: 'limit', timeInForce: 'IOC', quantity: l.quantity, limitPrice: l.limitPrice, strategyId: this.id, tag: 'arb-tri' });
    }
  }
}

/**
 * `arbitrage`: executes the detectors {@link detectCrossVenueArbitrage} (two symbols: the same instrument on two
 * venues, routed by the run) or {@link detectTriangularArbitrage} (three markets of one venue, cycle from
 * `startCurrency`). On every book update it runs the detector with the instruments' taker fees, and when an
 * opportunity clears `minProfitBps` after fees and the latency haircut it sends IOC limit orders at the worst
 * level touched, sized from book depth and rounded down to the lot. At most one opportunity in flight, and at
 * least `cooldownMs` between executions.
 *
 * @throws BotError `INVALID_ARGUMENT` when the number of symbols does not fit the mode (2 or 3).
 * @example `arbitrage.create(resolveParams(arbitrage.params, { mode: 'triangular' }), { symbols: ['BTC/USDT', 'ETH/BTC', 'ETH/USDT'] })`
 */
export const arbitrage: StrategyDefinition<typeof arbitrageParams> = {
  name: 'arbitrage',
  description: 'Cross-venue or triangular arbitrage from order books: fee- and latency-aware, sized from depth, IOC legs.',
  params: arbitrageParams,
  create(params, options) {
    const need = params.mode === 'triangular' ? 3 : 2;
    if (options.symbols.length !== need) {
      throw new BotError('INVALID_ARGUMENT', `arbitrage (${params.mode}) needs ${need} symbols, got ${options.symbols.length}`);
    }
    return new ArbitrageStrategy(params, options.symbols, options.id ?? 'arbitrage');
  },
};
