import { type ParamSpecs, type Strategy, type StrategyContext, type StrategyDefinition, type Symbol, BotError } from '@bot/core-types';
import { engleGranger } from '../stats/engleGranger.js';

/** Parameters of `pairs-trading`. */
export const pairsTradingParams = {
  lookback: { type: 'int', default: 2000, min: 100, max: 100_000, step: 100, description: 'Aligned bars in the rolling Engle-Granger window' },
  retestEvery: { type: 'int', default: 100, min: 1, max: 10_000, step: 1, description: 'Re-run the cointegration test every N aligned bars' },
  significance: { type: 'float', default: 0.05, min: 0.001, max: 0.2, step: 0.005, description: 'Trade only when the Engle-Granger p-value is below this' },
  bothDirections: { type: 'boolean', default: true, description: 'Require cointegration of y on x and of x on y (Engle-Granger is not symmetric)' },
  lags: { type: 'int', default: -1, min: -1, max: 100, step: 1, description: 'ADF lags in the residual test; -1 chooses them by AIC (statsmodels default)' },
  zWindow: { type: 'int', default: 100, min: 10, max: 10_000, step: 10, description: 'Bars in the spread z-score window' },
  entryZ: { type: 'float', default: 2, min: 0.5, max: 6, step: 0.1, description: 'Open when |z| exceeds this' },
  exitZ: { type: 'float', default: 0.5, min: 0, max: 3, step: 0.1, description: 'Close when |z| falls below this' },
  stopZ: { type: 'float', default: 4, min: 1, max: 20, step: 0.5, description: 'Stop out when |z| exceeds this; re-entry only after |z| < exitZ' },
  useLog: { type: 'boolean', default: true, description: 'Work on log prices' },
} as const satisfies ParamSpecs;

/** Options of {@link cointegrationGate}. */
export interface CointegrationGateOptions {
  readonly significance?: number;
  readonly bothDirections?: boolean;
  /** Residual ADF lags; AIC choice when omitted. */
  readonly lags?: number;
}

/** Result of {@link cointegrationGate}. */
export interface CointegrationGate {
  readonly cointegrated: boolean;
  /** Engle-Granger p-value of y on x. */
  readonly pValue: number;
  /** Engle-Granger p-value of x on y (NaN unless `bothDirections`). */
  readonly reversePValue: number;
  /** Slope of y on x. */
  readonly hedgeRatio: number;
  readonly intercept: number;
}

/**
 * The pairs-trading gate: Engle-Granger (statsmodels `coint`) of `y` on `x`, and with `bothDirections` (default)
 * also of `x` on `y`; cointegrated when every p-value is below `significance` (default 0.05).
 *
 * @example `cointegrationGate(logLtc, logZec).cointegrated` -> true on the shared 20-day sample
 */
export function cointegrationGate(y: ArrayLike<number>, x: ArrayLike<number>, options: CointegrationGateOptions = {}): CointegrationGate {
  const significance = options.significance ?? 0.05;
  const lagOpt = options.lags === undefined ? {} : { lags: options.lags };
  const eg = engleGranger(y, x, lagOpt);
  let reverse = Number.NaN;
  let ok = eg.pValue < significance;
  if ((options.bothDirections ?? true) && ok) {
    reverse = engleGranger(x, y, lagOpt).pValue;
    ok = reverse < significance;
  }
  return { cointegrated: ok, pValue: eg.pValue, reversePValue: reverse, hedgeRatio: eg.hedgeRatio, intercept: eg.intercept };
}

type Params = { readonly [K in keyof typeof pairsTradingParams]: (typeof pairsTradingParams)[K]['default'] extends number ? number : boolean };

/**
 * A running pairs-trading instance (returned by `pairsTrading.create`); its read-only counters let tests and
 * dashboards see how often the pair was found cointegrated.
 */
export class PairsTradingStrategy implements Strategy {
  readonly id: string;
  /** Cointegration tests run so far and how many passed. */
  testsRun = 0;
  testsPassed = 0;
  /** Whether the latest test passed. */
  cointegrated = false;
  /** Latest gate result. */
  lastGate: CointegrationGate | undefined;
  /** Current spread position: 1 long spread (long y, short x), -1 short spread, 0 flat. */
  position = 0;
  /** Latest spread z-score. */
  z = Number.NaN;
  private readonly ys: Float64Array;
  private readonly xs: Float64Array;
  private pos = 0;
  private count = 0;
  private sinceTest = 0;
  private stopped = false;
  private lastY: { time: number; close: number } | undefined;
  private lastX: { time: number; close: number } | undefined;

  constructor(
    private readonly params: Params,
    readonly ySymbol: Symbol,
    readonly xSymbol: Symbol,
    id: string,
  ) {
    this.id = id;
    this.ys = new Float64Array(params.lookback);
    this.xs = new Float64Array(params.lookback);
  }

  onBar(bar: { symbol: Symbol }, ctx: StrategyContext): void {
    if (bar.symbol !== this.ySymbol && bar.symbol !== this.xSymbol) return;
    const h = ctx.bars(bar.symbol);
    const obs = { time: h.openTime(0), close: h.close(0) };
    if (bar.symbol === this.ySymbol) this.lastY = obs;
    else this.lastX = obs;
    // Align on timestamps: act only when both legs have a closed bar with the same open time.
    if (!this.lastY || !this.lastX || this.lastY.time !== this.lastX.time) return;
    const y = this.params.useLog ? Math.log(this.lastY.close) : this.lastY.close;
    const x = this.params.useLog ? Math.log(this.lastX.close) : this.lastX.close;
    this.lastY = this.lastX = undefined;
    this.append(y, x);
    if (this.count < this.params.lookback) return;
    if (this.lastGate === undefined || ++this.sinceTest >= this.params.retestEvery) this.retest();
    if (!this.cointegrated) {
      if (this.position !== 0) this.setPosition(0, ctx, 'pair no longer cointegrated');
      return;
    }
    this.trade(ctx);
  }

  private append(y: number, x: number): void {
    const n = this.params.lookback;
    this.ys[this.pos] = y;
    this.xs[this.pos] = x;
    this.pos = this.pos + 1 === n ? 0 : this.pos + 1;
    if (this.count < n) this.count++;
  }

  /** The last `k` aligned values, oldest first. */
  private window(src: Float64Array, k: number): Float64Array {
    const n = this.params.lookback;
    const out = new Float64Array(k);
    let i = this.pos - k;
    if (i < 0) i += n;
    for (let j = 0; j < k; j++) {
      out[j] = src[i]!;
      i = i + 1 === n ? 0 : i + 1;
    }
    return out;
  }

  private retest(): void {
    this.sinceTest = 0;
    const n = this.params.lookback;
    const gate = cointegrationGate(this.window(this.ys, n), this.window(this.xs, n), {
      significance: this.params.significance,
      bothDirections: this.params.bothDirections,
      ...(this.params.lags >= 0 ? { lags: this.params.lags } : {}),
    });
    this.lastGate = gate;
    this.cointegrated = gate.cointegrated;
    this.testsRun++;
    if (gate.cointegrated) this.testsPassed++;
  }

  private trade(ctx: StrategyContext): void {
    const gate = this.lastGate!;
    const k = Math.min(this.params.zWindow, this.count);
    const ys = this.window(this.ys, k);
    const xs = this.window(this.xs, k);
    let mean = 0;
    for (let i = 0; i < k; i++) mean += ys[i]! - gate.hedgeRatio * xs[i]!;
    mean /= k;
    let v = 0;
    for (let i = 0; i < k; i++) v += (ys[i]! - gate.hedgeRatio * xs[i]! - mean) ** 2;
    const sd = Math.sqrt(v / (k - 1));
    const spread = ys[k - 1]! - gate.hedgeRatio * xs[k - 1]!;
    const z = sd > 0 ? (spread - mean) / sd : 0;
    this.z = z;
    const { entryZ, exitZ, stopZ } = this.params;
    if (this.stopped) {
      if (Math.abs(z) < exitZ) this.stopped = false;
      return;
    }
    if (this.position === 0) {
      if (z > entryZ && z < stopZ) this.setPosition(-1, ctx, `spread z ${z.toFixed(2)} above entry`);
      else if (z < -entryZ && z > -stopZ) this.setPosition(1, ctx, `spread z ${z.toFixed(2)} below -entry`);
    } else if (Math.abs(z) >= stopZ) {
      this.stopped = true;
      this.setPosition(0, ctx, `stop: spread z ${z.toFixed(2)}`);
    } else if ((this.position === 1 && z > -exitZ) || (this.position === -1 && z < exitZ)) {
      this.setPosition(0, ctx, `exit: spread z ${z.toFixed(2)}`);
    }
  }

  private setPosition(side: number, ctx: StrategyContext, reason: string): void {
    this.position = side;
    const beta = this.lastGate?.hedgeRatio ?? 0;
    const wy = side / (1 + Math.abs(beta));
    const wx = (-side * beta) / (1 + Math.abs(beta));
    ctx.emitSignal({ symbol: this.ySymbol, strength: side, reason });
    ctx.setTargetWeight(this.ySymbol, wy);
    ctx.setTargetWeight(this.xSymbol, wx);
  }
}

/**
 * `pairs-trading`: statistical arbitrage on two cointegrated instruments `[y, x]`.
 *
 * Trades: the two symbols of the run (y first). When: bars are aligned on open time (a bar missing on either leg
 * skips that timestamp). Every `retestEvery` aligned bars it re-runs the Engle-Granger test on the last `lookback`
 * (log) prices; while the pair is **not** cointegrated at `significance` (both directions by default) it stays flat
 * and closes any open spread. While cointegrated, it computes the spread `y - β x` with the rolling hedge ratio β,
 * its z-score over `zWindow` bars, and goes short the spread (y weight -1/(1+|β|), x weight +β/(1+|β|)) when
 * `z > entryZ`, long when `z < -entryZ`, flat when |z| < exitZ, and stops out beyond `stopZ`.
 *
 * @throws BotError `INVALID_ARGUMENT` unless exactly two symbols are given.
 * @example `pairsTrading.create(resolveParams(pairsTrading.params, { lookback: 4032 }), { symbols: ['LTC/BTC', 'ZEC/BTC'] })`
 */
export const pairsTrading: StrategyDefinition<typeof pairsTradingParams> = {
  name: 'pairs-trading',
  description:
    'Pairs trading on a rolling Engle-Granger hedge ratio: trades spread z-score entries/exits/stops only while the pair is cointegrated.',
  params: pairsTradingParams,
  // The Engle-Granger window of aligned bars, then the z-score window of the spread.
  warmupBars: (params) => params.lookback + params.zWindow,
  create(params, options) {
    if (options.symbols.length !== 2) {
      throw new BotError('INVALID_ARGUMENT', `pairs-trading needs exactly two symbols [y, x], got ${options.symbols.length}`, {
        details: { symbols: [...options.symbols] },
      });
    }
    return new PairsTradingStrategy(params, options.symbols[0]!, options.symbols[1]!, options.id ?? 'pairs-trading');
  },
};
