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

/** A headline about one or more symbols. `score` in [-1, 1] when already scored upstream. */
export interface Headline {
  /** Publication time, epoch ms. */
  readonly time: number;
  readonly text: string;
  readonly source: string;
  /** Symbols it is about (all strategy symbols when omitted). */
  readonly symbols?: readonly Symbol[];
  readonly score?: number;
}

/** Turns a headline into a score in [-1, 1] (the hook for any external model). */
export type SentimentScorer = (headline: Headline) => number;

const POSITIVE = ['surge', 'surges', 'soar', 'soars', 'rally', 'rallies', 'gain', 'gains', 'beat', 'beats', 'record', 'upgrade', 'upgraded', 'bullish', 'approve', 'approves', 'approval', 'approved', 'partnership', 'adopt', 'adopts', 'adoption', 'growth', 'profit', 'rise', 'rises', 'jump', 'jumps', 'strong', 'buy'];
const NEGATIVE = ['crash', 'crashes', 'plunge', 'plunges', 'fall', 'falls', 'drop', 'drops', 'miss', 'misses', 'downgrade', 'downgraded', 'bearish', 'ban', 'bans', 'banned', 'hack', 'hacked', 'fraud', 'lawsuit', 'sue', 'sues', 'loss', 'losses', 'weak', 'sell', 'selloff', 'investigation', 'bankrupt', 'bankruptcy', 'delist', 'delisted'];
const NEGATORS = new Set(['not', 'no', 'never', "isn't", "wasn't", "don't", "doesn't", 'without']);

/**
 * A simple keyword scorer: counts positive and negative words (a negator such as "not" flips the next word),
 * score = `(pos - neg) / (pos + neg)` scaled by confidence `min(1, (pos + neg) / 2)`; 0 without keywords.
 *
 * @example `keywordSentimentScorer()({ time: 0, source: 'x', text: 'Bitcoin surges to record' })` -> 1
 */
export function keywordSentimentScorer(options: { positive?: readonly string[]; negative?: readonly string[] } = {}): SentimentScorer {
  const pos = new Set((options.positive ?? POSITIVE).map((w) => w.toLowerCase()));
  const neg = new Set((options.negative ?? NEGATIVE).map((w) => w.toLowerCase()));
  return (h) => {
    const words = h.text.toLowerCase().match(/[a-z']+/g) ?? [];
    let p = 0;
    let n = 0;
    let flip = false;
    for (const w of words) {
      if (NEGATORS.has(w)) {
        flip = true;
        continue;
      }
      const isPos = pos.has(w);
      const isNeg = neg.has(w);
      if (isPos || isNeg) {
        if (isPos !== flip) p++;
        else n++;
      }
      flip = false;
    }
    const total = p + n;
    if (total === 0) return 0;
    return ((p - n) / total) * Math.min(1, total / 2);
  };
}

/** Parameters of `news-sentiment`. */
export const newsSentimentParams = {
  halfLifeMs: { type: 'int', default: 3_600_000, min: 1000, max: 604_800_000, description: 'Half-life of a headline’s influence (ms)' },
  entry: { type: 'float', default: 0.6, min: 0, max: 10, description: 'Go long when decayed sentiment >= entry (short <= -entry if allowed)' },
  exit: { type: 'float', default: 0.2, min: 0, max: 10, description: 'Go flat when |sentiment| falls below exit' },
  allowShort: { type: 'boolean', default: false, description: 'Short on negative sentiment' },
} as const satisfies ParamSpecs;

interface Params {
  readonly halfLifeMs: number;
  readonly entry: number;
  readonly exit: number;
  readonly allowShort: boolean;
}

/** The running news-sentiment strategy. Feed it with `pushHeadline` or `services.headlines`. */
export class NewsSentimentStrategy implements Strategy {
  readonly id: string;
  private readonly pending: Headline[] = [];
  private readonly state = new Map<Symbol, { value: number; time: number; target: number }>();
  private subscription: Unsubscribable | undefined;

  constructor(
    private readonly params: Params,
    private readonly symbols: readonly Symbol[],
    id: string,
    private readonly scorer: SentimentScorer,
    private readonly sourceWeights: Readonly<Record<string, number>>,
    private readonly feed: Subscribable<Headline> | undefined,
  ) {
    this.id = id;
    for (const s of symbols) this.state.set(s, { value: 0, time: Number.NaN, target: 0 });
  }

  pushHeadline(h: Headline): void {
    this.pending.push(h);
  }

  /** Decayed sentiment of a symbol at `time`: Σ weight × score × 0.5^((time - t_i) / halfLife). */
  sentiment(symbol: Symbol, time: number): number {
    const st = this.state.get(symbol);
    if (!st || st.time !== st.time) return 0;
    return st.value * Math.pow(0.5, (time - st.time) / this.params.halfLifeMs);
  }

  onStart(): void {
    this.subscription = this.feed?.subscribe({ next: (h) => this.pushHeadline(h) });
  }
  onStop(): void {
    this.subscription?.unsubscribe();
  }

  onBar(bar: { symbol: Symbol }, ctx: StrategyContext): void {
    const now = ctx.now();
    this.absorb(now);
    const st = this.state.get(bar.symbol);
    if (!st) return;
    const s = this.sentiment(bar.symbol, now);
    const { entry, exit, allowShort } = this.params;
    let next = st.target;
    if (s >= entry) next = 1;
    else if (s <= -entry) next = allowShort ? -1 : 0;
    else if (Math.abs(s) < exit) next = 0;
    if (next !== st.target) {
      st.target = next;
      ctx.emitSignal({ symbol: bar.symbol, strength: next, reason: `sentiment ${s.toFixed(2)}` });
      ctx.setTargetWeight(bar.symbol, next);
    }
  }

  /** Folds headlines published up to `now` (later ones wait) into the decayed per-symbol sums. */
  private absorb(now: number): void {
    this.pending.sort((a, b) => a.time - b.time);
    let k = 0;
    for (; k < this.pending.length; k++) {
      const h = this.pending[k]!;
      if (h.time > now) break;
      const raw = h.score ?? this.scorer(h);
      const score = Math.max(-1, Math.min(1, Number.isFinite(raw) ? raw : 0));
      const w = this.sourceWeights[h.source] ?? 1;
      for (const sym of h.symbols ?? this.symbols) {
        const st = this.state.get(sym);
        if (!st) continue;
        const decayed = st.time === st.time ? st.value * Math.pow(0.5, (h.time - st.time) / this.params.halfLifeMs) : 0;
        st.value = decayed + w * score;
        st.time = h.time;
      }
    }
    this.pending.splice(0, k);
  }
}

/**
 * `news-sentiment`: trades on decayed headline sentiment.
 *
 * Trades: the run's symbols (a headline without `symbols` applies to all). When: headlines arrive through
 * `pushHeadline` or `services.headlines` (a Subscribable); each is scored in [-1, 1] (its own `score`, else
 * `services.sentimentScorer`, else the built-in {@link keywordSentimentScorer}), weighted by
 * `services.sourceWeights[source]` (default 1), and added to a per-symbol sum that decays with half-life
 * `halfLifeMs`. Headlines are only used once the clock reaches their time. On each closed bar: long when the
 * sentiment >= `entry`, short (if allowed) when <= -`entry`, flat when |sentiment| < `exit`.
 *
 * @example `newsSentiment.create(resolveParams(newsSentiment.params, {}), { symbols: ['BTC/USD'], services: { headlines } })`
 */
export const newsSentiment: StrategyDefinition<typeof newsSentimentParams> = {
  name: 'news-sentiment',
  description: 'Trades on exponentially decayed headline sentiment with entry/exit thresholds; pluggable scorer.',
  params: newsSentimentParams,
  create(params, options) {
    const services = options.services ?? {};
    const scorer = services['sentimentScorer'] ?? keywordSentimentScorer();
    if (typeof scorer !== 'function') throw new BotError('INVALID_ARGUMENT', 'news-sentiment: services.sentimentScorer must be a function');
    const weights = (services['sourceWeights'] ?? {}) as Readonly<Record<string, number>>;
    const feed = services['headlines'] as Subscribable<Headline> | undefined;
    return new NewsSentimentStrategy(params, options.symbols, options.id ?? 'news-sentiment', scorer as SentimentScorer, weights, feed);
  },
};
