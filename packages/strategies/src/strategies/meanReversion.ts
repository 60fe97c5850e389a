import type { ParamSpecs, Strategy, StrategyDefinition, Symbol } from '@bot/core-types';
import { Bollinger } from '../indicators/bollinger.js';
import { RSI } from '../indicators/rsi.js';

/** Parameters of `bollinger-reversion`. */
export const bollingerReversionParams = {
  period: { type: 'int', default: 20, min: 2, max: 500, step: 1, description: 'Bollinger period (bars)' },
  k: { type: 'float', default: 2, min: 0.5, max: 5, step: 0.1, description: 'Band width in population standard deviations' },
  allowShort: { type: 'boolean', default: false, description: 'Short above the upper band' },
} as const satisfies ParamSpecs;

/** Parameters of `rsi-reversion`. */
export const rsiReversionParams = {
  period: { type: 'int', default: 14, min: 2, max: 200, step: 1, description: 'RSI period (Wilder)' },
  oversold: { type: 'float', default: 30, min: 1, max: 50, step: 1, description: 'Buy when RSI falls below this' },
  overbought: { type: 'float', default: 70, min: 50, max: 99, step: 1, description: 'Short (if allowed) when RSI rises above this' },
  exitLevel: { type: 'float', default: 50, min: 1, max: 99, step: 1, description: 'Close when RSI crosses back through this level' },
  allowShort: { type: 'boolean', default: false, description: 'Short when overbought' },
} as const satisfies ParamSpecs;

/**
 * The Bollinger mean-reversion rule on one stream of closes: long when `close < lower`, exit at `close >= middle`;
 * short when `close > upper` (if allowed), exit at `close <= middle`. Returns the target after each close.
 */
export class BollingerReversionRule {
  private readonly bb: Bollinger;
  target = 0;
  constructor(period: number, k: number, private readonly allowShort: boolean) {
    this.bb = new Bollinger(period, k);
  }
  update(close: number): number {
    const b = this.bb.update(close);
    if (!b) return this.target;
    if (this.target === 0) {
      if (close < b.lower) this.target = 1;
      else if (this.allowShort && close > b.upper) this.target = -1;
    } else if (this.target === 1 && close >= b.middle) this.target = 0;
    else if (this.target === -1 && close <= b.middle) this.target = 0;
    return this.target;
  }
}

/**
 * The RSI mean-reversion rule: long when RSI < oversold, exit when RSI >= exitLevel; short when RSI > overbought
 * (if allowed), exit when RSI <= exitLevel.
 */
export class RsiReversionRule {
  private readonly rsi: RSI;
  target = 0;
  constructor(
    period: number,
    private readonly oversold: number,
    private readonly overbought: number,
    private readonly exitLevel: number,
    private readonly allowShort: boolean,
  ) {
    this.rsi = new RSI(period);
  }
  update(close: number): number {
    const r = this.rsi.update(close);
    if (r === undefined) return this.target;
    if (this.target === 0) {
      if (r < this.oversold) this.target = 1;
      else if (this.allowShort && r > this.overbought) this.target = -1;
    } else if (this.target === 1 && r >= this.exitLevel) this.target = 0;
    else if (this.target === -1 && r <= this.exitLevel) this.target = 0;
    return this.target;
  }
}

function perSymbol(
  id: string,
  symbols: readonly Symbol[],
  make: () => { target: number; update(close: number): number },
): Strategy {
  const rules = new Map(symbols.map((s) => [s, make()] as const));
  return {
    id,
    onBar(bar, ctx) {
      const rule = rules.get(bar.symbol);
      if (!rule) return;
      const before = rule.target;
      const next = rule.update(ctx.bars(bar.symbol).close(0));
      if (next !== before) {
        ctx.emitSignal({ symbol: bar.symbol, strength: next, reason: `${id} ${next === 0 ? 'exit' : 'entry'}` });
        ctx.setTargetWeight(bar.symbol, next);
      }
    },
  };
}

/**
 * `bollinger-reversion`: buys closes below the lower Bollinger band (SMA ± k·σ, population σ) and exits at the
 * middle band; optionally shorts closes above the upper band. Per symbol, on closed bars from `ctx.bars` only.
 *
 * @example `bollingerReversion.create(resolveParams(bollingerReversion.params, { k: 2.5 }), { symbols: ['ORCL/USD'] })`
 */
export const bollingerReversion: StrategyDefinition<typeof bollingerReversionParams> = {
  name: 'bollinger-reversion',
  description: 'Mean reversion: long below the lower Bollinger band, exit at the middle band; optional short above the upper band.',
  params: bollingerReversionParams,
  warmupBars: (params) => params.period + 1,
  create(params, options) {
    return perSymbol(options.id ?? 'bollinger-reversion', options.symbols, () => new BollingerReversionRule(params.period, params.k, params.allowShort));
  },
};

/**
 * `rsi-reversion`: buys when Wilder's RSI drops below `oversold` and exits when it recovers to `exitLevel`;
 * optionally shorts above `overbought`. Per symbol, on closed bars from `ctx.bars` only.
 *
 * @example `rsiReversion.create(resolveParams(rsiReversion.params, {}), { symbols: ['BTC/USD'] })`
 */
export const rsiReversion: StrategyDefinition<typeof rsiReversionParams> = {
  name: 'rsi-reversion',
  description: 'Mean reversion on RSI: long when RSI < oversold until it reaches exitLevel; optional short when RSI > overbought.',
  params: rsiReversionParams,
  // Wilder smoothing: after 10 periods the seed weighs < 1e-6 of the RSI's averages.
  warmupBars: (params) => 10 * params.period + 1,
  create(params, options) {
    return perSymbol(
      options.id ?? 'rsi-reversion',
      options.symbols,
      () => new RsiReversionRule(params.period, params.oversold, params.overbought, params.exitLevel, params.allowShort),
    );
  },
};
