/**
 * @packageDocumentation
 * Position sizing (fixed fraction, fixed risk, fractional Kelly, volatility target, ATR, capital tiers),
 * volatility and tail risk (EWMA, GARCH(1,1) by maximum likelihood, historical / parametric / Cornish-Fisher /
 * GARCH / portfolio VaR and CVaR, rolling and EWMA correlation), and the pre-trade risk gate with circuit breakers
 * and persistent trading modes (implements the core-types `RiskGate` port).
 */
export { createRiskGate } from './gate/riskGate.js';
export type { PreTradeRiskGate, CreateRiskGateOptions } from './gate/riskGate.js';
export { parseRiskGateConfig } from './gate/parseRiskGateConfig.js';
export type {
  RiskGateConfig,
  RiskLimitsConfig,
  RiskModelConfig,
  ModePolicyConfig,
  BreakersConfig,
  EscalationMode,
} from './gate/riskGateConfig.js';
export { RISK_REASON_CODES } from './gate/riskReasons.js';
export type { RiskReasonCode } from './gate/riskReasons.js';
export { TradingModeMachine } from './gate/tradingModeMachine.js';
export type { ModeTransition, ModeRefusal, ModeRequestOutcome, ModeHold } from './gate/tradingModeMachine.js';
export { FileModeStore, InMemoryModeStore } from './gate/modeStore.js';
export type { ModeStore, PersistedModeState } from './gate/modeStore.js';
export { CircuitBreakers } from './breakers/circuitBreakers.js';
export type { BreakerName, BreakerTrip } from './breakers/circuitBreakers.js';

export { kellyFraction, fractionalKelly } from './sizing/kelly.js';
export type { FractionalKellyOptions } from './sizing/kelly.js';
export {
  roundOrderQuantity,
  sizeRules,
  fixedFractionQuantity,
  fixedRiskQuantity,
  atrQuantity,
  volatilityTargetLeverage,
  averageTrueRange,
} from './sizing/quantitySizing.js';
export type { SizeRules } from './sizing/quantitySizing.js';
export { CapitalTiers } from './sizing/capitalTiers.js';
export type { CapitalTier } from './sizing/capitalTiers.js';
export {
  createFixedFractionSizer,
  createKellySizer,
  createVolatilityTargetSizer,
  parsePositionSizerSpec,
} from './sizing/positionSizers.js';

export { RISKMETRICS_LAMBDA, ewmaVarianceSeries, ewmaVolatility, EwmaVolatility } from './volatility/ewma.js';
export { fitGarch11, garch11LogLikelihood } from './volatility/garch11.js';
export type { Garch11Fit, Garch11Params, GarchDistribution, FitGarch11Options } from './volatility/garch11.js';
export {
  historicalVaR,
  historicalCVaR,
  parametricVaR,
  cornishFisherVaR,
  garchVaR,
} from './tail/valueAtRisk.js';
export type { ParametricVaROptions } from './tail/valueAtRisk.js';
export { portfolioVaR, componentVaR } from './tail/portfolioVaR.js';
export type { CovarianceInput, PortfolioVaROptions } from './tail/portfolioVaR.js';
export { rollingCorrelation, ewmaCorrelation } from './tail/correlation.js';
export { quantileType7, sampleMoments } from './stats/quantile.js';
export type { SampleMoments } from './stats/quantile.js';
export { normalQuantile, studentTQuantile, studentTCdf } from './stats/normal.js';
