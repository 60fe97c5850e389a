import {
  type ClientOrderId,
  type Order,
  type ParamSpecs,
  type Strategy,
  type StrategyContext,
  type StrategyDefinition,
  type Symbol,
  BotError,
  Price,
  isTerminalOrderStatus,
  roundToIncrement,
} from '@bot/core-types';

/** Inputs of {@link avellanedaStoikovQuotes}. */
export interface AvellanedaStoikovInput {
  /** Mid price `s` (quote currency). */
  readonly mid: number;
  /** Inventory `q` in lots (position / order size), signed. */
  readonly inventory: number;
  /** Risk aversion `γ` (> 0), per (price unit)² of a lot. */
  readonly gamma: number;
  /** Volatility `σ` in price units per sqrt(second). */
  readonly sigma: number;
  /** Time left to the horizon `T - t` in seconds (>= 0). */
  readonly timeLeft: number;
  /** Order-arrival decay `k` (> 0) of `λ(δ) = A e^{-kδ}`, per price unit. */
  readonly k: number;
}

/** Output of {@link avellanedaStoikovQuotes}. */
export interface AvellanedaStoikovQuotes {
  /** Reservation (indifference) price `r = s - q γ σ² (T - t)`. */
  readonly reservationPrice: number;
  /** Optimal total spread `δa + δb = γ σ² (T - t) + (2/γ) ln(1 + γ/k)`. */
  readonly spread: number;
  readonly bid: number;
  readonly ask: number;
}

/**
 * Avellaneda & Stoikov (2008) optimal market-making quotes: reservation price
 * `r = s - q γ σ² (T - t)` and optimal spread `γ σ² (T - t) + (2/γ) ln(1 + γ/k)`, quoted symmetrically around r.
 * Units: prices in quote currency, σ per sqrt(second), `T - t` in seconds, q in lots.
 *
 * @example `avellanedaStoikovQuotes({ mid: 100, inventory: 2, gamma: 0.1, sigma: 0.05, timeLeft: 600, k: 1.5 })`
 * @throws BotError `INVALID_ARGUMENT` when gamma or k are not > 0.
 */
export function avellanedaStoikovQuotes(input: AvellanedaStoikovInput): AvellanedaStoikovQuotes {
  const { mid, inventory, gamma, sigma, timeLeft, k } = input;
  if (!(gamma > 0) || !(k > 0)) throw new BotError('INVALID_ARGUMENT', `avellanedaStoikov: gamma (${gamma}) and k (${k}) must be > 0`);
  const tl = Math.max(0, timeLeft);
  const risk = gamma * sigma * sigma * tl;
  const reservationPrice = mid - inventory * risk;
  const spread = risk + (2 / gamma) * Math.log(1 + gamma / k);
  return { reservationPrice, spread, bid: reservationPrice - spread / 2, ask: reservationPrice + spread / 2 };
}

/** Parameters of `market-making`. */
export const marketMakingParams = {
  gamma: { type: 'float', default: 0.1, min: 0.0001, max: 100, description: 'Risk aversion γ' },
  k: { type: 'float', default: 1.5, min: 0.0001, max: 1e6, description: 'Order-arrival decay k (per price unit)' },
  orderSize: { type: 'float', default: 1, min: 1e-12, max: 1e9, description: 'Quote size in base units (one lot)' },
  maxInventory: { type: 'float', default: 5, min: 0, max: 1e6, description: 'Inventory limit in lots: stop bidding above +max, stop offering below -max' },
  sessionMs: { type: 'int', default: 86_400_000, min: 60_000, max: 604_800_000, description: 'Horizon T: end of the current session of this length (ms, UTC grid)' },
  volHalfLife: { type: 'int', default: 100, min: 2, max: 100_000, description: 'Half-life (in price updates) of the EWMA variance of mid changes' },
  warmup: { type: 'int', default: 20, min: 2, max: 100_000, description: 'Price updates before the first quote' },
  requoteTicks: { type: 'int', default: 1, min: 1, max: 10_000, description: 'Amend a resting quote when its target moved by at least this many ticks' },
} as const satisfies ParamSpecs;

type Params = { readonly [K in keyof typeof marketMakingParams]: number };

/** The running market maker (returned by `marketMaking.create`). */
export class MarketMakingStrategy implements Strategy {
  readonly id: string;
  private variance = 0;
  private updates = 0;
  private prevMid = Number.NaN;
  private prevTime = Number.NaN;
  private readonly lambda: number;
  private bidId: ClientOrderId | undefined;
  private askId: ClientOrderId | undefined;
  private bidPrice = Number.NaN;
  private askPrice = Number.NaN;
  /** Latest quotes computed (for inspection). */
  last: AvellanedaStoikovQuotes | undefined;

  constructor(
    private readonly params: Params,
    readonly symbol: Symbol,
    id: string,
  ) {
    this.id = id;
    this.lambda = Math.pow(0.5, 1 / params.volHalfLife);
  }

  /** σ estimate in price units per sqrt(second). */
  get sigma(): number {
    return Math.sqrt(this.variance);
  }

  onQuote(q: { symbol: Symbol; bid: number; ask: number }, ctx: StrategyContext): void {
    if (q.symbol === this.symbol) this.onMid((q.bid + q.ask) / 2, ctx);
  }

  onOrderBook(b: { symbol: Symbol; bids: readonly (readonly [number, number])[]; asks: readonly (readonly [number, number])[] }, ctx: StrategyContext): void {
    if (b.symbol !== this.symbol) return;
    const bid = b.bids[0];
    const ask = b.asks[0];
    if (bid && ask) this.onMid((bid[0] + ask[0]) / 2, ctx);
  }

  onBar(bar: { symbol: Symbol }, ctx: StrategyContext): void {
    if (bar.symbol === this.symbol) this.onMid(ctx.bars(this.symbol).close(0), ctx);
  }

  onOrderUpdate(order: Order): void {
    if (!isTerminalOrderStatus(order.status)) return;
    if (order.clientOrderId === this.bidId) this.bidId = undefined;
    if (order.clientOrderId === this.askId) this.askId = undefined;
  }

  private onMid(mid: number, ctx: StrategyContext): void {
    const now = ctx.now();
    if (this.prevMid === this.prevMid) {
      const dt = (now - this.prevTime) / 1000;
      if (dt > 0) {
        const r2 = ((mid - this.prevMid) * (mid - this.prevMid)) / dt;
        this.variance = this.updates === 0 ? r2 : this.lambda * this.variance + (1 - this.lambda) * r2;
        this.updates++;
      }
    }
    this.prevMid = mid;
    this.prevTime = now;
    if (this.updates < this.params.warmup) return;
    const p = this.params;
    const sessionEnd = (Math.floor(now / p.sessionMs) + 1) * p.sessionMs;
    // Exact decimal division: 0.3 / 0.1 must be 3 lots, not 2.9999999999999996 (once per quote update, not per bar of math).
    const inventoryLots = ctx.position(this.symbol).quantity.div(p.orderSize).toNumber();
    const quotes = avellanedaStoikovQuotes({
      mid,
      inventory: inventoryLots,
      gamma: p.gamma,
      sigma: this.sigma,
      timeLeft: (sessionEnd - now) / 1000,
      k: p.k,
    });
    this.last = quotes;
    const tick = ctx.instrument(this.symbol).tickSize;
    const bid = Number(roundToIncrement(Math.max(quotes.bid, Number(tick)), tick, 'down'));
    let ask = Number(roundToIncrement(quotes.ask, tick, 'up'));
    if (ask <= bid) ask = bid + Number(tick);
    const tickN = Number(tick);
    // Inventory limits: never add to a position beyond ±maxInventory lots.
    this.side(ctx, 'buy', inventoryLots < p.maxInventory ? bid : undefined, tickN);
    this.side(ctx, 'sell', inventoryLots > -p.maxInventory ? ask : undefined, tickN);
  }

  private side(ctx: StrategyContext, side: 'buy' | 'sell', price: number | undefined, tick: number): void {
    const id = side === 'buy' ? this.bidId : this.askId;
    const current = side === 'buy' ? this.bidPrice : this.askPrice;
    if (price === undefined) {
      if (id !== undefined) ctx.cancelOrder(id);
      this.setSide(side, undefined, Number.NaN);
      return;
    }
    if (id === undefined) {
      const newId = ctx.submitOrder({
        symbol: this.symbol,
        side,
        type: 'limit',
        quantity: this.params.orderSize,
        limitPrice: price,
        postOnly: true,
        timeInForce: 'GTC',
        strategyId: this.id,
        tag: side === 'buy' ? 'mm-bid' : 'mm-ask',
      });
      this.setSide(side, newId, price);
    } else if (Math.abs(price - current) >= this.params.requoteTicks * tick - 1e-12) {
      ctx.amendOrder(id, { limitPrice: Price.of(price) });
      this.setSide(side, id, price);
    }
  }

  private setSide(side: 'buy' | 'sell', id: ClientOrderId | undefined, price: number): void {
    if (side === 'buy') {
      this.bidId = id;
      this.bidPrice = price;
    } else {
      this.askId = id;
      this.askPrice = price;
    }
  }
}

/**
 * `market-making`: Avellaneda-Stoikov market making on one symbol.
 *
 * Trades: the first symbol of the run. When: on every quote, book or closed bar it updates an EWMA estimate of σ²
 * (squared mid changes per second), then quotes post-only GTC limit orders of `orderSize` at
 * `r ∓ spread/2` (see {@link avellanedaStoikovQuotes}) with the horizon T at the end of the current session,
 * rounded outward to the tick. Resting quotes are amended when their target moves by `requoteTicks`; the bid is
 * cancelled (and not re-posted) while inventory >= `maxInventory` lots, the ask while inventory <= -`maxInventory`.
 *
 * @example `marketMaking.create(resolveParams(marketMaking.params, { gamma: 0.05 }), { symbols: ['BTC/USDT'] })`
 */
export const marketMaking: StrategyDefinition<typeof marketMakingParams> = {
  name: 'market-making',
  description: 'Avellaneda-Stoikov market making: post-only quotes around an inventory-skewed reservation price with inventory limits.',
  params: marketMakingParams,
  create(params, options) {
    const symbol = options.symbols[0];
    if (symbol === undefined) throw new BotError('INVALID_ARGUMENT', 'market-making needs one symbol');
    return new MarketMakingStrategy(params, symbol, options.id ?? 'market-making');
  },
};
