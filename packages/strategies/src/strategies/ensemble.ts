import {
  type ParamSpecs,
  type Strategy,
  type StrategyContext,
  type StrategyDefinition,
  type Symbol,
  BotError,
  resolveParams,
} from '@bot/core-types';

/** One member of an ensemble: a strategy and its vote weight. */
export interface EnsembleMember {
  readonly strategy: Strategy;
  readonly weight: number;
}

/** How member votes become a target. */
export interface EnsembleOptions {
  /** `majority`: ±1 when the weighted mean vote passes ±threshold, else 0; `proportional`: the weighted mean itself. */
  readonly mode?: 'majority' | 'proportional';
  /** Default 0.5. */
  readonly threshold?: number;
  readonly allowShort?: boolean;
}

/**
 * Combines strategies by weighted vote. Each member runs against a context that records its
 * `setTargetWeight` requests as its vote per symbol (in [-1, 1], held until it changes); after every callback the
 * ensemble computes `score = Σ wᵢ voteᵢ / Σ wᵢ` and asks `setTargetWeight` with the combined target when it
 * changes. Members must speak in target weights: their `submitOrder`/`setTargetPosition` throw.
 */
export class EnsembleStrategy implements Strategy {
  private readonly votes: Map<Symbol, number>[];
  private readonly targets = new Map<Symbol, number>();
  private readonly mode: 'majority' | 'proportional';
  private readonly threshold: number;
  private readonly allowShort: boolean;

  constructor(
    readonly id: string,
    private readonly members: readonly EnsembleMember[],
    options: EnsembleOptions = {},
  ) {
    if (members.length === 0) throw new BotError('INVALID_ARGUMENT', 'ensemble needs at least one member');
    this.votes = members.map(() => new Map());
    this.mode = options.mode ?? 'majority';
    this.threshold = options.threshold ?? 0.5;
    this.allowShort = options.allowShort ?? false;
  }

  /** Latest combined score of a symbol. */
  score(symbol: Symbol): number {
    let num = 0;
    let den = 0;
    this.members.forEach((m, i) => {
      num += m.weight * (this.votes[i]!.get(symbol) ?? 0);
      den += Math.abs(m.weight);
    });
    return den > 0 ? num / den : 0;
  }

  private memberContext(i: number, ctx: StrategyContext): StrategyContext {
    const votes = this.votes[i]!;
    const refuse = (what: string) => (): never => {
      throw new BotError('INVALID_ARGUMENT', `ensemble member ${this.members[i]!.strategy.id} called ${what}; members must use setTargetWeight`);
    };
    return {
      strategyId: ctx.strategyId,
      get mode() {
        return ctx.mode;
      },
      now: () => ctx.now(),
      instrument: (s) => ctx.instrument(s),
      bars: (s) => ctx.bars(s),
      position: (s) => ctx.position(s),
      openOrders: (s) => ctx.openOrders(s),
      equity: () => ctx.equity(),
      cash: () => ctx.cash(),
      submitOrder: refuse('submitOrder'),
      cancelOrder: refuse('cancelOrder'),
      amendOrder: refuse('amendOrder'),
      setTargetPosition: refuse('setTargetPosition'),
      setTargetWeight: (s, w) => {
        votes.set(s, Math.max(-1, Math.min(1, w)));
      },
      emitSignal: () => undefined,
    };
  }

  private each(ctx: StrategyContext, call: (s: Strategy, c: StrategyContext) => void, symbols: readonly Symbol[]): void {
    this.members.forEach((m, i) => call(m.strategy, this.memberContext(i, ctx)));
    for (const symbol of symbols) {
      const score = this.score(symbol);
      let target: number;
      if (this.mode === 'proportional') target = this.allowShort ? score : Math.max(0, score);
      else target = score >= this.threshold ? 1 : score <= -this.threshold && this.allowShort ? -1 : 0;
      if (target !== (this.targets.get(symbol) ?? 0)) {
        this.targets.set(symbol, target);
        ctx.emitSignal({ symbol, strength: target, reason: `ensemble score ${score.toFixed(2)}` });
        ctx.setTargetWeight(symbol, target);
      }
    }
  }

  onStart(ctx: StrategyContext): void {
    this.each(ctx, (s, c) => s.onStart?.(c), []);
  }
  onBar(bar: Parameters<NonNullable<Strategy['onBar']>>[0], ctx: StrategyContext): void {
    this.each(ctx, (s, c) => s.onBar?.(bar, c), [bar.symbol]);
  }
  onStop(ctx: StrategyContext): void {
    this.each(ctx, (s, c) => s.onStop?.(c), []);
  }
}

/** Parameters of `ensemble`. */
export const ensembleParams = {
  members: { type: 'string', default: 'sma-cross,momentum,donchian-breakout', description: 'Comma-separated registry names of the member strategies (default params)' },
  weights: { type: 'string', default: '', description: 'Comma-separated vote weights (default all 1)' },
  mode: { type: 'enum', default: 'majority', values: ['majority', 'proportional'], description: 'majority: ±1 past ±threshold; proportional: weighted mean vote as weight' },
  threshold: { type: 'float', default: 0.5, min: 0, max: 1, description: 'Majority threshold on the weighted mean vote' },
  allowShort: { type: 'boolean', default: false, description: 'Allow a short combined target' },
} as const satisfies ParamSpecs;

/**
 * Builds the `ensemble` definition on a registry (so members are resolved by name).
 * @internal
 */
export function makeEnsembleDefinition(lookup: (name: string) => StrategyDefinition | undefined): StrategyDefinition<typeof ensembleParams> {
  return {
    name: 'ensemble',
    description: 'Weighted vote of other strategies (by registry name): combined target weight from their target weights.',
    params: ensembleParams,
    warmupBars(params) {
      // The longest warm-up of the members (each runs with its default parameters).
      let bars = 0;
      for (const name of params.members.split(',').map((s) => s.trim())) {
        const def = name === 'ensemble' ? undefined : lookup(name);
        if (def?.warmupBars !== undefined) bars = Math.max(bars, def.warmupBars(resolveParams(def.params, {})));
      }
      return bars;
    },
    create(params, options) {
      const names = params.members.split(',').map((s) => s.trim()).filter(Boolean);
      const weights = params.weights === '' ? names.map(() => 1) : params.weights.split(',').map(Number);
      if (weights.length !== names.length || weights.some((w) => !Number.isFinite(w))) {
        throw new BotError('INVALID_ARGUMENT', `ensemble: weights "${params.weights}" must be ${names.length} numbers`);
      }
      const members = names.map((name, i) => {
        const def = name === 'ensemble' ? undefined : lookup(name);
        if (!def) throw new BotError('INVALID_ARGUMENT', `ensemble: unknown member strategy "${name}"`);
        return { strategy: def.create(resolveParams(def.params, {}), { ...options, id: `${name}#${i}` }), weight: weights[i]! };
      });
      return new EnsembleStrategy(options.id ?? 'ensemble', members, {
        mode: params.mode === 'proportional' ? 'proportional' : 'majority',
        threshold: params.threshold,
        allowShort: params.allowShort,
      });
    },
  };
}
