import type { Symbol } from '@bot/core-types';
import type { RiskModelConfig } from './riskGateConfig.js';

/** Per-symbol state kept between checks. */
export interface SymbolSlot {
  readonly symbol: Symbol;
  readonly index: number;
  /** Exposure (signed quantity × last price) as of the last refresh. */
  exposure: number;
  /** Last known price (used when the market view has none). */
  price: number;
  /** Refresh epoch in which the symbol was seen in the portfolio. */
  stamp: number;
  active: boolean;
}

const RECOMPUTE_EVERY = 4096;

/**
 * Exposure vector e with incrementally maintained quadratic forms for the risk model: Σe and eᵀΣe (covariance,
 * for VaR) and Re and eᵀRe (correlation). Changing one exposure by d costs O(n):
 * eᵀΣe += 2d(Σe)_i + d²Σ_ii, Σe += dΣ_{·i}. Full recomputation every few thousand updates bounds float drift.
 * Internal to the gate.
 */
export class ExposureBook {
  readonly slots: SymbolSlot[] = [];
  private readonly bySymbol = new Map<Symbol, SymbolSlot>();
  private cap = 16;
  private cov = new Float64Array(this.cap * this.cap);
  private corr = new Float64Array(this.cap * this.cap);
  private vol = new Float64Array(this.cap);
  private covE = new Float64Array(this.cap);
  private corrE = new Float64Array(this.cap);
  /** eᵀΣe, money² per day. */
  eCovE = 0;
  /** eᵀRe, money². */
  eCorrE = 0;
  private updates = 0;
  private readonly modelIndex = new Map<Symbol, number>();

  constructor(
    private readonly model: RiskModelConfig | undefined,
    private readonly trackQuadratic: boolean,
  ) {
    model?.symbols.forEach((s, i) => this.modelIndex.set(s, i));
    if (model) for (const s of model.symbols) this.slot(s);
  }

  slot(symbol: Symbol): SymbolSlot {
    const existing = this.bySymbol.get(symbol);
    if (existing !== undefined) return existing;
    const index = this.slots.length;
    const slot: SymbolSlot = { symbol, index, exposure: 0, price: Number.NaN, stamp: -1, active: false };
    this.slots.push(slot);
    this.bySymbol.set(symbol, slot);
    if (this.trackQuadratic) this.addToModel(index, symbol);
    return slot;
  }

  private addToModel(i: number, symbol: Symbol): void {
    if (i >= this.cap) this.grow();
    const m = this.model!;
    const mi = this.modelIndex.get(symbol);
    const vi = mi === undefined ? m.defaultVolatility : m.volatilities[mi]!;
    this.vol[i] = vi;
    const cap = this.cap;
    for (let j = 0; j <= i; j++) {
      const sj = this.slots[j]!.symbol;
      const mj = this.modelIndex.get(sj);
      const rho = i === j ? 1 : mi !== undefined && mj !== undefined ? m.correlations[mi]![mj]! : m.defaultCorrelation;
      const c = rho * vi * this.vol[j]!;
      this.corr[i * cap + j] = rho;
      this.corr[j * cap + i] = rho;
      this.cov[i * cap + j] = c;
      this.cov[j * cap + i] = c;
    }
    let se = 0;
    let re = 0;
    for (let j = 0; j < i; j++) {
      const e = this.slots[j]!.exposure;
      se += this.cov[i * cap + j]! * e;
      re += this.corr[i * cap + j]! * e;
    }
    this.covE[i] = se;
    this.corrE[i] = re;
  }

  private grow(): void {
    const old = this.cap;
    const cap = old * 2;
    const cov = new Float64Array(cap * cap);
    const corr = new Float64Array(cap * cap);
    for (let i = 0; i < old; i++) {
      cov.set(this.cov.subarray(i * old, i * old + old), i * cap);
      corr.set(this.corr.subarray(i * old, i * old + old), i * cap);
    }
    const vol = new Float64Array(cap);
    vol.set(this.vol);
    const covE = new Float64Array(cap);
    covE.set(this.covE);
    const corrE = new Float64Array(cap);
    corrE.set(this.corrE);
    Object.assign(this, { cap, cov, corr, vol, covE, corrE });
  }

  /** Sets one exposure, updating the quadratic forms in O(n). */
  setExposure(slot: SymbolSlot, exposure: number): void {
    const d = exposure - slot.exposure;
    if (d === 0) return;
    slot.exposure = exposure;
    if (!this.trackQuadratic) return;
    const i = slot.index;
    const n = this.slots.length;
    const cap = this.cap;
    const cov = this.cov;
    const corr = this.corr;
    const covE = this.covE;
    const corrE = this.corrE;
    this.eCovE += d * (2 * covE[i]! + d * cov[i * cap + i]!);
    this.eCorrE += d * (2 * corrE[i]! + d * corr[i * cap + i]!);
    const row = i * cap;
    for (let j = 0; j < n; j++) {
      covE[j] = covE[j]! + d * cov[row + j]!;
      corrE[j] = corrE[j]! + d * corr[row + j]!;
    }
    if (++this.updates >= RECOMPUTE_EVERY) this.recompute();
  }

  /** Recomputes Σe, Re and the quadratic forms from scratch (O(n²)). */
  recompute(): void {
    this.updates = 0;
    if (!this.trackQuadratic) return;
    const n = this.slots.length;
    const cap = this.cap;
    let q1 = 0;
    let q2 = 0;
    for (let i = 0; i < n; i++) {
      let se = 0;
      let re = 0;
      for (let j = 0; j < n; j++) {
        const e = this.slots[j]!.exposure;
        se += this.cov[i * cap + j]! * e;
        re += this.corr[i * cap + j]! * e;
      }
      this.covE[i] = se;
      this.corrE[i] = re;
      const ei = this.slots[i]!.exposure;
      q1 += ei * se;
      q2 += ei * re;
    }
    this.eCovE = q1;
    this.eCorrE = q2;
  }

  /** (Σe)_i. */
  covRow(slot: SymbolSlot): number {
    return this.covE[slot.index]!;
  }
  /** (Re)_i. */
  corrRow(slot: SymbolSlot): number {
    return this.corrE[slot.index]!;
  }
  /** Σ_ii (daily variance of returns). */
  variance(slot: SymbolSlot): number {
    return this.cov[slot.index * this.cap + slot.index]!;
  }
}
