import { type ParamSpecs, type Strategy, type StrategyDefinition, type Symbol, BotError } from '@bot/core-types';
import { EMA } from '../indicators/ema.js';
import { SMA } from '../indicators/sma.js';
import { CrossoverDetector } from './crossoverDetector.js';

/** Parameters of `sma-cross`. */
export const smaCrossParams = {
  fast: { type: 'int', default: 10, min: 2, max: 200, step: 1, description: 'Fast moving-average period (bars)' },
  slow: { type: 'int', default: 30, min: 3, max: 500, step: 1, description: 'Slow moving-average period (bars), > fast' },
  maType: { type: 'enum', default: 'sma', values: ['sma', 'ema'], description: 'Moving-average type: sma or ema (SMA-seeded, TA-Lib)' },
  allowShort: { type: 'boolean', default: false, description: 'Go short on a down-cross instead of flat' },
} as const satisfies ParamSpecs;

/** Options of {@link smaCrossSignals}. */
export interface SmaCrossOptions {
  readonly maType?: 'sma' | 'ema';
  readonly allowShort?: boolean;
}

type MovingAverage = SMA | EMA;

/** Per-symbol state of the crossover rule: two averages, a detector and the current target. */
export class SmaCrossRule {
  private readonly fast: MovingAverage;
  private readonly slow: MovingAverage;
  private readonly detector = new CrossoverDetector();
  /** Current target: 1 long, 0 flat, -1 short. */
  target = 0;

  constructor(
    fast: number,
    slow: number,
    private readonly options: SmaCrossOptions = {},
  ) {
    if (!(fast < slow)) {
      throw new BotError('INVALID_ARGUMENT', `sma-cross: fast (${fast}) must be < slow (${slow})`, { details: { fast, slow } });
    }
    const ema = options.maType === 'ema';
    this.fast = ema ? new EMA(fast) : new SMA(fast);
    this.slow = ema ? new EMA(slow) : new SMA(slow);
  }

  /** Feeds one close; returns the new target when it changed on this bar, else `undefined`. */
  update(close: number): number | undefined {
    const f = this.fast.update(close);
    const s = this.slow.update(close);
    if (f === undefined || s === undefined) return undefined;
    const cross = this.detector.update(f, s);
    let next = this.target;
    if (cross === 1) next = 1;
    else if (cross === -1) next = this.options.allowShort ? -1 : 0;
    if (next === this.target) return undefined;
    this.target = next;
    return next;
  }
}

/**
 * The `sma-cross` decision on a plain array of closes: the target exposure (1 long, 0 flat, -1 short) held after
 * each bar. Exactly what the strategy asks for, bar by bar (pure; use it to inspect signals without a kernel).
 *
 * @example `smaCrossSignals(closes, 10, 30)` -> `Int8Array` of 0/1
 * @throws BotError `INVALID_ARGUMENT` when `fast >= slow` or a period is invalid.
 */
export function smaCrossSignals(closes: ArrayLike<number>, fast: number, slow: number, options: SmaCrossOptions = {}): Int8Array {
  const rule = new SmaCrossRule(fast, slow, options);
  const out = new Int8Array(closes.length);
  for (let i = 0; i < closes.length; i++) {
    rule.update(closes[i]!);
    out[i] = rule.target;
  }
  return out;
}

/**
 * `sma-cross`: trend following on moving-average crossovers, per symbol.
 *
 * Trades: every symbol of the run, independently. When: on a closed bar where the fast average crosses above the
 * slow one (backtrader's crossover rule, see {@link CrossoverDetector}) it targets weight 1 (fully long under the
 * run's sizing policy); on a cross below it targets 0 (flat), or -1 with `allowShort`. It only asks
 * `ctx.setTargetWeight` when the target changes, so sizing stays a run-level choice. Reads closes from
 * `ctx.bars(symbol)` only.
 *
 * @example
 * ```ts
 * const s = smaCross.create(resolveParams(smaCross.params, { fast: 10, slow: 30 }), { symbols: ['BTC/USD'] });
 * ```
 */
export const smaCross: StrategyDefinition<typeof smaCrossParams> = {
  name: 'sma-cross',
  description:
    'Moving-average crossover per symbol: long when the fast SMA/EMA crosses above the slow one, flat (or short with allowShort) when it crosses below.',
  params: smaCrossParams,
  // A cross needs two bars of the slow average; an EMA needs ~10 periods for its seed to weigh < 1e-8.
  warmupBars: (params) => (params.maType === 'ema' ? 10 * params.slow : params.slow + 1),
  create(params, options): Strategy {
    const symbols = new Set<Symbol>(options.symbols);
    const rules = new Map<Symbol, SmaCrossRule>();
    const ruleOptions: SmaCrossOptions = { maType: params.maType === 'ema' ? 'ema' : 'sma', allowShort: params.allowShort };
    for (const s of symbols) rules.set(s, new SmaCrossRule(params.fast, params.slow, ruleOptions));
    // the rule of the last symbol seen: a single-symbol run asks for the same one every bar (no Map lookup)
    let lastSymbol: Symbol | undefined;
    let lastRule: SmaCrossRule | undefined;
    return {
      id: options.id ?? 'sma-cross',
      onBar(bar, ctx) {
        if (bar.symbol !== lastSymbol) {
          lastSymbol = bar.symbol;
          lastRule = rules.get(bar.symbol);
        }
        const rule = lastRule;
        if (!rule) return;
        const next = rule.update(ctx.bars(bar.symbol).close(0));
        if (next === undefined) return;
        ctx.emitSignal({ symbol: bar.symbol, strength: next, reason: next > 0 ? 'fast crossed above slow' : 'fast crossed below slow' });
        ctx.setTargetWeight(bar.symbol, next);
      },
    };
  },
};
