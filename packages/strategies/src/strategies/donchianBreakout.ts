import type { ParamSpecs, Strategy, StrategyDefinition, Symbol } from '@bot/core-types';
import { Donchian } from '../indicators/donchian.js';

/** Parameters of `donchian-breakout`. */
export const donchianBreakoutParams = {
  entryPeriod: { type: 'int', default: 20, min: 2, max: 500, step: 1, description: 'Channel length for entries (bars)' },
  exitPeriod: { type: 'int', default: 10, min: 2, max: 500, step: 1, description: 'Channel length for exits (bars)' },
  allowShort: { type: 'boolean', default: false, description: 'Short on a break below the entry channel' },
} as const satisfies ParamSpecs;

/**
 * The Donchian breakout rule (Turtle style): long when the close breaks above the highest high of the previous
 * `entryPeriod` bars, exit when it breaks below the lowest low of the previous `exitPeriod` bars; the short
 * mirror with `allowShort`. Channels are those of the bars **before** the current one, so a bar never breaks
 * its own channel.
 */
export class DonchianBreakoutRule {
  private readonly entry: Donchian;
  private readonly exit: Donchian;
  private entryUpper = Number.NaN;
  private entryLower = Number.NaN;
  private exitUpper = Number.NaN;
  private exitLower = Number.NaN;
  target = 0;
  constructor(entryPeriod: number, exitPeriod: number, private readonly allowShort: boolean) {
    this.entry = new Donchian(entryPeriod);
    this.exit = new Donchian(exitPeriod);
  }
  update(high: number, low: number, close: number): number {
    // Decide against the previous bars' channels, then include this bar.
    if (this.target === 0) {
      if (close > this.entryUpper) this.target = 1;
      else if (this.allowShort && close < this.entryLower) this.target = -1;
    } else if (this.target === 1 && close < this.exitLower) this.target = 0;
    else if (this.target === -1 && close > this.exitUpper) this.target = 0;
    if (this.entry.update(high, low)) {
      this.entryUpper = this.entry.upper;
      this.entryLower = this.entry.lower;
    }
    if (this.exit.update(high, low)) {
      this.exitUpper = this.exit.upper;
      this.exitLower = this.exit.lower;
    }
    return this.target;
  }
}

/**
 * `donchian-breakout`: trend following on channel breakouts, per symbol, on closed bars from `ctx.bars` only.
 * Long (weight 1) on a close above the prior `entryPeriod`-bar high; flat on a close below the prior
 * `exitPeriod`-bar low; short mirror with `allowShort`.
 *
 * @example `donchianBreakout.create(resolveParams(donchianBreakout.params, { entryPeriod: 55 }), { symbols: ['NVDA/USD'] })`
 */
export const donchianBreakout: StrategyDefinition<typeof donchianBreakoutParams> = {
  name: 'donchian-breakout',
  description: 'Channel breakout: long above the prior N-bar high, exit below the prior M-bar low (short mirror optional).',
  params: donchianBreakoutParams,
  warmupBars: (params) => Math.max(params.entryPeriod, params.exitPeriod) + 1,
  create(params, options): Strategy {
    const rules = new Map<Symbol, DonchianBreakoutRule>(
      options.symbols.map((s) => [s, new DonchianBreakoutRule(params.entryPeriod, params.exitPeriod, params.allowShort)]),
    );
    return {
      id: options.id ?? 'donchian-breakout',
      onBar(bar, ctx) {
        const rule = rules.get(bar.symbol);
        if (!rule) return;
        const h = ctx.bars(bar.symbol);
        const before = rule.target;
        const next = rule.update(h.high(0), h.low(0), h.close(0));
        if (next !== before) {
          ctx.emitSignal({ symbol: bar.symbol, strength: next, reason: next === 0 ? 'exit channel broken' : 'entry channel broken' });
          ctx.setTargetWeight(bar.symbol, next);
        }
      },
    };
  },
};
