import type { ParamSpecs, Strategy, StrategyDefinition, Symbol } from '@bot/core-types';
import { RollingStdDev } from '../indicators/rollingStdDev.js';

/** Parameters of `momentum`. */
export const momentumParams = {
  lookback: { type: 'int', default: 48, min: 5, max: 1000, step: 1, description: 'Bars of log returns in the momentum window' },
  entryZ: { type: 'float', default: 1.5, min: 0, max: 10, step: 0.1, description: 'Enter when the return z-score exceeds this' },
  exitZ: { type: 'float', default: 0, min: -5, max: 10, step: 0.1, description: 'Exit a long when the z-score falls below this (mirror for shorts)' },
  allowShort: { type: 'boolean', default: false, description: 'Short on z <= -entryZ' },
} as const satisfies ParamSpecs;

/**
 * Streaming time-series momentum score: the t-statistic of the mean log return over the last `lookback` bars,
 * `z = mean / (sd / sqrt(lookback))` (sample sd). Positive = the recent drift is significantly up.
 */
export class MomentumScore {
  private readonly sd: RollingStdDev;
  private prev = Number.NaN;
  constructor(readonly lookback: number) {
    this.sd = new RollingStdDev(lookback, { sample: true });
  }
  /** Feeds a close; returns the z-score once `lookback` returns were seen. */
  update(close: number): number | undefined {
    const p = this.prev;
    this.prev = close;
    if (p !== p || p <= 0 || close <= 0) return undefined;
    const s = this.sd.update(Math.log(close / p));
    if (s === undefined) return undefined;
    return s > 0 ? this.sd.mean / (s / Math.sqrt(this.lookback)) : 0;
  }
}

/**
 * `momentum`: time-series momentum per symbol on the z-score (t-statistic) of recent log returns.
 *
 * Trades: every symbol of the run. When: long (weight 1) once `z >= entryZ`; back to flat when `z < exitZ`;
 * with `allowShort`, short (-1) on `z <= -entryZ` and flat again when `z > -exitZ`. Decides on closed bars from
 * `ctx.bars(symbol)` only.
 *
 * @example `momentum.create(resolveParams(momentum.params, { lookback: 96 }), { symbols: ['BTC/USD'] })`
 */
export const momentum: StrategyDefinition<typeof momentumParams> = {
  name: 'momentum',
  description: 'Time-series momentum: long when the t-statistic of recent log returns exceeds entryZ, flat below exitZ (short mirror optional).',
  params: momentumParams,
  // lookback log returns need lookback + 1 closes.
  warmupBars: (params) => params.lookback + 1,
  create(params, options): Strategy {
    const state = new Map<Symbol, { score: MomentumScore; target: number }>();
    for (const s of options.symbols) state.set(s, { score: new MomentumScore(params.lookback), target: 0 });
    return {
      id: options.id ?? 'momentum',
      onBar(bar, ctx) {
        const st = state.get(bar.symbol);
        if (!st) return;
        const z = st.score.update(ctx.bars(bar.symbol).close(0));
        if (z === undefined) return;
        let next = st.target;
        if (st.target === 0) {
          if (z >= params.entryZ) next = 1;
          else if (params.allowShort && z <= -params.entryZ) next = -1;
        } else if (st.target === 1 && z < params.exitZ) next = params.allowShort && z <= -params.entryZ ? -1 : 0;
        else if (st.target === -1 && z > -params.exitZ) next = z >= params.entryZ ? 1 : 0;
        if (next !== st.target) {
          st.target = next;
          ctx.emitSignal({ symbol: bar.symbol, strength: next, reason: `return z-score ${z.toFixed(2)}` });
          ctx.setTargetWeight(bar.symbol, next);
        }
      },
    };
  },
};
