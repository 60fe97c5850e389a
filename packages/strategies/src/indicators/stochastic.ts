import { RollingExtremum } from './internal/rollingExtremum.js';
import { SMA } from './sma.js';
import { checkPeriod, checkSameLength, nanArray } from './internal/validate.js';

/** Slow stochastic arrays. */
export interface StochasticResult {
  /** Slow %K: SMA(kSlowing) of the fast %K. */
  readonly k: Float64Array;
  /** Slow %D: SMA(dPeriod) of the slow %K. */
  readonly d: Float64Array;
}

/**
 * Slow stochastic oscillator, streaming, in [0, 100].
 *
 * Convention (TA-Lib `STOCH` with SMA slowing, TTR `stoch` slow %K/%D): fast %K =
 * `100 * (close - LL) / (HH - LL)` over the last `kPeriod` bars (0 when `HH = LL`, as TA-Lib); slow %K =
 * SMA(`kSlowing`) of fast %K, first at index `kPeriod + kSlowing - 2`; slow %D = SMA(`dPeriod`) of slow %K, first
 * at index `kPeriod + kSlowing + dPeriod - 3` (TA-Lib emits both from this last index). `update()` returns `this`
 * once %D is ready (fields `k`, `d`), else `undefined`. Amortised O(1) per update (monotonic deques).
 *
 * @example `new Stochastic(14, 3, 3)`
 * @throws BotError `INVALID_ARGUMENT` when a period is not an integer >= 1.
 */
export class Stochastic {
  readonly kPeriod: number;
  private readonly hh: RollingExtremum;
  private readonly ll: RollingExtremum;
  private readonly slowK: SMA;
  private readonly slowD: SMA;
  /** Slow %K (NaN while warming up). */
  k = Number.NaN;
  /** Slow %D (NaN while warming up). */
  d = Number.NaN;

  constructor(kPeriod = 14, kSlowing = 3, dPeriod = 3) {
    checkPeriod('Stochastic', 'kPeriod', kPeriod);
    checkPeriod('Stochastic', 'kSlowing', kSlowing);
    checkPeriod('Stochastic', 'dPeriod', dPeriod);
    this.kPeriod = kPeriod;
    this.hh = new RollingExtremum(kPeriod, true);
    this.ll = new RollingExtremum(kPeriod, false);
    this.slowK = new SMA(kSlowing);
    this.slowD = new SMA(dPeriod);
  }

  update(high: number, low: number, close: number): this | undefined {
    const hh = this.hh.push(high);
    const ll = this.ll.push(low);
    if (this.hh.seen < this.kPeriod) return undefined;
    const range = hh - ll;
    const fastK = range > 0 ? (100 * (close - ll)) / range : 0;
    const k = this.slowK.update(fastK);
    if (k === undefined) return undefined;
    this.k = k;
    const d = this.slowD.update(k);
    if (d === undefined) return undefined;
    this.d = d;
    return this;
  }

  get value(): { k: number; d: number } | undefined {
    return this.isReady ? { k: this.k, d: this.d } : undefined;
  }

  get isReady(): boolean {
    return this.slowD.isReady;
  }

  reset(): void {
    this.hh.reset();
    this.ll.reset();
    this.slowK.reset();
    this.slowD.reset();
    this.k = this.d = Number.NaN;
  }
}

/**
 * Slow stochastic over arrays (TA-Lib `STOCH`, SMA slowing); see {@link Stochastic} for warm-up indices.
 *
 * @example `const { k, d } = stochastic(high, low, close, 14, 3, 3)`
 * @throws BotError `INVALID_ARGUMENT` on bad periods or arrays of different lengths.
 */
export function stochastic(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  kPeriod: number,
  kSlowing: number,
  dPeriod: number,
): StochasticResult {
  const n = checkSameLength('stochastic', high, low, close);
  const ind = new Stochastic(kPeriod, kSlowing, dPeriod);
  const k = nanArray(n);
  const d = nanArray(n);
  for (let i = 0; i < n; i++) {
    ind.update(high[i]!, low[i]!, close[i]!);
    k[i] = ind.k;
    d[i] = ind.d;
  }
  return { k, d };
}
