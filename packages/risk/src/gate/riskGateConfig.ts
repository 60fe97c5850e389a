import type { Symbol, TradingMode } from '@bot/core-types';

/** A mode a limit or breaker can switch to when it trips. */
export type EscalationMode = Exclude<TradingMode, 'normal'>;

/**
 * Limits checked before every order. Every field is optional: an absent limit is not checked. Money amounts are
 * in the account currency, which the gate assumes is the quote currency of every instrument (no FX conversion).
 * Exposure of a symbol = signed position quantity × last price.
 */
export interface RiskLimitsConfig {
  /** Largest notional of one order (quantity × worst of last and order price), account currency. */
  readonly maxOrderNotional?: number;
  /** Largest absolute position in base units, for every symbol or per symbol (`{ "BTC/USDT": 2 }`). */
  readonly maxPositionQuantity?: number | Readonly<Record<Symbol, number>>;
  /** Largest absolute position notional per symbol, account currency. */
  readonly maxPositionNotional?: number;
  /** Largest absolute exposure of one symbol as a fraction of equity (0.25 = 25%). */
  readonly maxConcentration?: number;
  /** Largest gross exposure Σ|e_i| / equity (1 = unlevered). */
  readonly maxGrossLeverage?: number;
  /** Largest net exposure |Σ e_i| / equity. */
  readonly maxNetLeverage?: number;
  /** Correlation-weighted exposure sqrt(eᵀ R e) / equity, R the risk model's correlation matrix. Needs `riskModel`. */
  readonly maxCorrelatedExposure?: number;
  /** Parametric portfolio VaR limit (zero-mean delta-normal on the risk model's covariance). Needs `riskModel`. */
  readonly valueAtRisk?: {
    /** e.g. 0.99. */
    readonly confidence: number;
    /** Horizon in days (the model's volatilities are daily), default 1. */
    readonly horizonDays: number;
    /** Largest VaR as a fraction of equity (0.02 = 2%). */
    readonly maxFraction: number;
  };
  /** Daily loss limit: when equity falls `maxFraction` below the start-of-day equity, only reducing orders pass. */
  readonly dailyLoss?: {
    /** Fraction of start-of-day equity (0.03 = 3%). */
    readonly maxFraction: number;
    /** Mode requested when the limit is hit (default `reduce`). */
    readonly mode: EscalationMode;
  };
  /**
   * Drawdown from peak equity: between `soft` and `hard` the exposure-increasing part of an order is scaled
   * linearly from 100% down to 0%; at `hard` the gate requests `hardMode` and only reducing orders pass.
   */
  readonly drawdown?: {
    /** Fraction (0.1 = 10% below peak). */
    readonly soft: number;
    /** Fraction, > soft. */
    readonly hard: number;
    readonly hardMode: 'reduce' | 'emergency';
  };
  /**
   * At most `maxOrders` approved (or resized) orders in any sliding window of `windowMs` milliseconds, measured on
   * the check time `context.now` (the kernel's clock: simulated time in backtests). Rejected orders do not count;
   * emergency flattening orders are not throttled.
   */
  readonly orderRate?: { readonly maxOrders: number; readonly windowMs: number };
  /** Limit price must be within `maxDeviation` (fraction, 0.05 = 5%) of the last price on either side. */
  readonly priceCollar?: { readonly maxDeviation: number };
  /** No new exposure when the symbol's last market update is older than `maxAgeMs`. */
  readonly staleData?: { readonly maxAgeMs: number };
}

/**
 * A risk model for the VaR and correlation limits: daily return volatilities and a correlation matrix over
 * `symbols`. Symbols outside the model get `defaultVolatility` and `defaultCorrelation` with everything.
 */
export interface RiskModelConfig {
  readonly symbols: readonly Symbol[];
  /** Daily volatilities (standard deviation of daily returns, fractions), one per symbol. */
  readonly volatilities: readonly number[];
  /** Correlation matrix, symmetric, unit diagonal, entries in [-1, 1]. */
  readonly correlations: readonly (readonly number[])[];
  /** Daily volatility for symbols outside the model (default: the largest model volatility). */
  readonly defaultVolatility: number;
  /** Correlation of a symbol outside the model with any other (default 0). */
  readonly defaultCorrelation: number;
}

/** Trading-mode policy. */
export interface ModePolicyConfig {
  /** Minimum time after the last escalation before a request to a less severe mode is accepted, ms. */
  readonly cooldownMs: number;
  /** Mode at first start when the mode store is empty (default `normal`). */
  readonly initial: TradingMode;
  /**
   * When true, a mode entered because of the daily loss or drawdown limit steps back to `normal` by itself once
   * the limit is no longer breached (a new day, a recovery) and the cooldown has passed. Default false: an
   * operator must step back up. Useful for backtests, where nobody is there to do it.
   */
  readonly autoRecover: boolean;
}

/** Circuit breaker thresholds; every breaker is optional and names the mode it requests (default `pause`). */
export interface BreakersConfig {
  /** Venue errors: trips on `maxConsecutive` errors in a row or `maxInWindow` errors within `windowMs`. */
  readonly venueErrors?: {
    readonly mode: EscalationMode;
    readonly maxConsecutive?: number;
    readonly maxInWindow?: number;
    readonly windowMs: number;
  };
  /** Quotes: trips when a watched symbol's last quote is older than `maxAgeMs`. */
  readonly quoteStaleness?: { readonly mode: EscalationMode; readonly maxAgeMs: number };
  /** Spread: trips after `consecutive` quotes with (ask - bid) / mid above `maxSpreadBps`. */
  readonly spread?: { readonly mode: EscalationMode; readonly maxSpreadBps: number; readonly consecutive: number };
  /** Slippage: trips when `count` fills within `windowMs` have adverse slippage above `maxSlippageBps`. */
  readonly slippage?: {
    readonly mode: EscalationMode;
    readonly maxSlippageBps: number;
    readonly count: number;
    readonly windowMs: number;
  };
  /** Cross-venue: trips when mids of fresh quotes (younger than `maxAgeMs`) across venues differ by > `maxDivergenceBps`. */
  readonly divergence?: { readonly mode: EscalationMode; readonly maxDivergenceBps: number; readonly maxAgeMs: number };
}

/** The whole gate configuration, as produced by `parseRiskGateConfig`. */
export interface RiskGateConfig {
  readonly limits: RiskLimitsConfig;
  readonly riskModel?: RiskModelConfig;
  readonly modes: ModePolicyConfig;
  readonly breakers: BreakersConfig;
}
