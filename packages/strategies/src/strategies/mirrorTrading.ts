import {
  type ParamSpecs,
  type Strategy,
  type StrategyContext,
  type StrategyDefinition,
  type Subscribable,
  type Symbol,
  type Unsubscribable,
  BotError,
} from '@bot/core-types';

/** What a leader did: a fill (signed by side) or its full position in a symbol. Times are epoch ms. */
export type LeaderEvent =
  | { readonly type: 'fill'; readonly time: number; readonly symbol: Symbol; readonly side: 'buy' | 'sell'; readonly quantity: number }
  | { readonly type: 'position'; readonly time: number; readonly symbol: Symbol; readonly quantity: number };

/** Parameters of `mirror-trading`. */
export const mirrorTradingParams = {
  scale: { type: 'float', default: 1, min: -100, max: 100, description: 'Our position = scale × leader position (negative to fade the leader)' },
  maxPosition: { type: 'float', default: 1e9, min: 0, max: 1e12, description: 'Cap on |our position| per symbol (base units)' },
  maxOrder: { type: 'float', default: 1e9, min: 0, max: 1e12, description: 'Cap on one adjustment (base units); larger moves take several events' },
  maxDelayMs: { type: 'int', default: 5000, min: 0, max: 86_400_000, description: 'Ignore leader events older than this when acting (ms)' },
} as const satisfies ParamSpecs;

interface Params {
  readonly scale: number;
  readonly maxPosition: number;
  readonly maxOrder: number;
  readonly maxDelayMs: number;
}

/** The running mirror strategy. Feed it with `pushLeaderEvent` or a `services.leaderFeed` stream. */
export class MirrorTradingStrategy implements Strategy {
  readonly id: string;
  private readonly queue: LeaderEvent[] = [];
  private readonly leader = new Map<Symbol, number>();
  private subscription: Unsubscribable | undefined;
  /** Events dropped as too old when their turn came. */
  staleEvents = 0;

  constructor(
    private readonly params: Params,
    private readonly symbols: ReadonlySet<Symbol>,
    id: string,
    private readonly feed: Subscribable<LeaderEvent> | undefined,
  ) {
    this.id = id;
  }

  /** Queues a leader event; it is acted on at the next callback whose clock time is at or after the event. */
  pushLeaderEvent(event: LeaderEvent): void {
    this.queue.push(event);
  }

  /** The leader position tracked so far. */
  leaderPosition(symbol: Symbol): number {
    return this.leader.get(symbol) ?? 0;
  }

  onStart(): void {
    this.subscription = this.feed?.subscribe({ next: (e) => this.pushLeaderEvent(e) });
  }
  onStop(): void {
    this.subscription?.unsubscribe();
  }
  onBar(_bar: unknown, ctx: StrategyContext): void {
    this.drain(ctx);
  }
  onTrade(_t: unknown, ctx: StrategyContext): void {
    this.drain(ctx);
  }
  onQuote(_q: unknown, ctx: StrategyContext): void {
    this.drain(ctx);
  }
  onFill(_f: unknown, ctx: StrategyContext): void {
    this.drain(ctx);
  }

  /**
   * Applies every queued event with `time <= now` in time order (later ones wait: no acting on the future).
   * Every event updates the tracked leader position; only events at most `maxDelayMs` old trigger an adjustment.
   */
  drain(ctx: StrategyContext): void {
    const now = ctx.now();
    this.queue.sort((a, b) => a.time - b.time);
    const touched = new Set<Symbol>();
    let k = 0;
    for (; k < this.queue.length; k++) {
      const e = this.queue[k]!;
      if (e.time > now) break;
      if (!this.symbols.has(e.symbol)) continue;
      const prev = this.leader.get(e.symbol) ?? 0;
      this.leader.set(e.symbol, e.type === 'position' ? e.quantity : prev + (e.side === 'buy' ? e.quantity : -e.quantity));
      if (now - e.time <= this.params.maxDelayMs) touched.add(e.symbol);
      else this.staleEvents++;
    }
    this.queue.splice(0, k);
    for (const symbol of touched) {
      const p = this.params;
      const want = Math.max(-p.maxPosition, Math.min(p.maxPosition, p.scale * (this.leader.get(symbol) ?? 0)));
      const have = Number(ctx.position(symbol).quantity);
      const step = Math.max(-p.maxOrder, Math.min(p.maxOrder, want - have));
      if (step === 0) continue;
      ctx.setTargetPosition(symbol, have + step, { tag: 'mirror' });
    }
  }
}

/**
 * `mirror-trading`: follows a leader's fills or positions.
 *
 * Trades: the run's symbols that the leader trades. When: leader events (from `pushLeaderEvent` or a
 * `services.leaderFeed` Subscribable, e.g. an rxjs Observable) are applied at the next callback once the clock has
 * reached their time; the target position is `scale × leader position`, capped at `maxPosition`, approached by at
 * most `maxOrder` per adjustment, via `ctx.setTargetPosition`. Events older than `maxDelayMs` still update the
 * tracked leader position but trigger no order (the price has moved); the next fresh event re-syncs.
 *
 * @example `mirrorTrading.create(resolveParams(mirrorTrading.params, { scale: 0.1 }), { symbols: ['BTC/USDT'], services: { leaderFeed } })`
 */
export const mirrorTrading: StrategyDefinition<typeof mirrorTradingParams> = {
  name: 'mirror-trading',
  description: "Mirrors a leader's fills or positions with scaling, position and order caps, and a maximum delay.",
  params: mirrorTradingParams,
  create(params, options) {
    const feed = options.services?.['leaderFeed'] as Subscribable<LeaderEvent> | undefined;
    if (feed !== undefined && typeof feed.subscribe !== 'function') {
      throw new BotError('INVALID_ARGUMENT', 'mirror-trading: services.leaderFeed must be a Subscribable<LeaderEvent>');
    }
    return new MirrorTradingStrategy(params, new Set(options.symbols), options.id ?? 'mirror-trading', feed);
  },
};
