/** One capital tier: applies from `minEquity` (account currency) upward, with its own sizing/limit settings. */
export interface CapitalTier<T> {
  readonly minEquity: number;
  readonly settings: T;
}

/**
 * Chooses a capital tier from equity with hysteresis, so equity hovering at a boundary does not flap between
 * tiers: move up to tier k only when equity >= minEquity_k · (1 + hysteresis); move down from tier k only when
 * equity < minEquity_k · (1 - hysteresis). Tiers are sorted by `minEquity`; the first tier applies below all.
 *
 * @example
 * ```ts
 * const tiers = new CapitalTiers([
 *   { minEquity: 0, settings: { riskFraction: 0.02 } },
 *   { minEquity: 100_000, settings: { riskFraction: 0.01 } },
 * ], 0.05);
 * tiers.update(104_000).settings.riskFraction; // 0.02: not yet 5% above the boundary
 * ```
 */
export class CapitalTiers<T> {
  private readonly tiers: readonly CapitalTier<T>[];
  private index = -1;

  /**
   * @param hysteresis fraction of the boundary (0.05 = 5%), in [0, 1)
   * @throws RangeError on an empty tier list, duplicate boundaries or a bad hysteresis
   */
  constructor(tiers: readonly CapitalTier<T>[], readonly hysteresis = 0.05) {
    if (tiers.length === 0) throw new RangeError('CapitalTiers: at least one tier is needed');
    if (!(hysteresis >= 0 && hysteresis < 1)) throw new RangeError(`CapitalTiers: hysteresis must be in [0, 1), got ${hysteresis}`);
    this.tiers = [...tiers].sort((a, b) => a.minEquity - b.minEquity);
    for (let i = 1; i < this.tiers.length; i++) {
      if (this.tiers[i]!.minEquity === this.tiers[i - 1]!.minEquity) {
        throw new RangeError(`CapitalTiers: duplicate minEquity ${this.tiers[i]!.minEquity}`);
      }
    }
  }

  /** Index of the current tier (-1 before the first update). */
  get tierIndex(): number {
    return this.index;
  }

  /** Feeds the current equity and returns the tier that applies. */
  update(equity: number): CapitalTier<T> {
    const tiers = this.tiers;
    if (this.index < 0) {
      // First observation: plain boundaries, no hysteresis to apply against.
      let k = 0;
      for (let i = 0; i < tiers.length; i++) if (equity >= tiers[i]!.minEquity) k = i;
      this.index = k;
      return tiers[k]!;
    }
    while (this.index + 1 < tiers.length && equity >= tiers[this.index + 1]!.minEquity * (1 + this.hysteresis)) this.index++;
    while (this.index > 0 && equity < tiers[this.index]!.minEquity * (1 - this.hysteresis)) this.index--;
    return tiers[this.index]!;
  }
}
