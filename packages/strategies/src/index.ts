/**
 * @packageDocumentation
 * Streaming indicators that match TA-Lib (one implementation, a streaming class and a batch function each),
 * time-series statistics following statsmodels (ADF, Engle-Granger, Jarque-Bera, Ljung-Box, OLS, half-life,
 * Hurst), and the built-in strategies with a registry for the CLI.
 */
// Indicators: batch functions.
export { sma, SMA } from './indicators/sma.js';
export { ema, EMA } from './indicators/ema.js';
export { wma, WMA } from './indicators/wma.js';
export { dema, DEMA } from './indicators/dema.js';
export { tema, TEMA } from './indicators/tema.js';
export { rsi, RSI } from './indicators/rsi.js';
export { macd, MACD } from './indicators/macd.js';
export type { MacdResult } from './indicators/macd.js';
export { bollinger, Bollinger } from './indicators/bollinger.js';
export type { BollingerResult } from './indicators/bollinger.js';
export { trueRange, TrueRange } from './indicators/trueRange.js';
export { atr, ATR } from './indicators/atr.js';
export { stochastic, Stochastic } from './indicators/stochastic.js';
export type { StochasticResult } from './indicators/stochastic.js';
export { roc, ROC, momentum, Momentum } from './indicators/roc.js';
export { williamsR, WilliamsR } from './indicators/williamsR.js';
export { cci, CCI } from './indicators/cci.js';
export { adx, ADX } from './indicators/adx.js';
export type { AdxResult } from './indicators/adx.js';
export { obv, OBV } from './indicators/obv.js';
export { vwap, rollingVwap, SessionVWAP, RollingVWAP } from './indicators/vwap.js';
export type { VwapSessionOptions } from './indicators/vwap.js';
export { donchian, Donchian } from './indicators/donchian.js';
export type { DonchianResult } from './indicators/donchian.js';
export { keltner, Keltner } from './indicators/keltner.js';
export type { KeltnerResult } from './indicators/keltner.js';
export { parabolicSar, ParabolicSAR } from './indicators/parabolicSar.js';
export { rollingStdDev, RollingStdDev, zScore, ZScore } from './indicators/rollingStdDev.js';
export type { StdDevOptions } from './indicators/rollingStdDev.js';
export { rollingCorrelation, RollingCorrelation } from './indicators/rollingCorrelation.js';
export { heikinAshi, HeikinAshi } from './indicators/heikinAshi.js';
export type { HeikinAshiResult } from './indicators/heikinAshi.js';
// Time-series statistics.
export { ols } from './stats/ols.js';
export type { OlsResult, OlsOptions } from './stats/ols.js';
export { adf } from './stats/adf.js';
export type { AdfOptions, AdfResult } from './stats/adf.js';
export { engleGranger } from './stats/engleGranger.js';
export type { EngleGrangerOptions, EngleGrangerResult } from './stats/engleGranger.js';
export { jarqueBera } from './stats/jarqueBera.js';
export { ljungBox } from './stats/ljungBox.js';
export type { TestResult } from './stats/testResult.js';
export { halfLife } from './stats/halfLife.js';
export { hurst } from './stats/hurst.js';
export type { HurstOptions } from './stats/hurst.js';
export { mackinnonP, mackinnonCrit } from './stats/mackinnon.js';
export type { AdfRegression, CriticalValues } from './stats/mackinnon.js';
export { normalCdf, chiSquareSf, regularizedGamma, lnGamma, erfc } from './stats/distributions.js';
// Strategies.
export { CrossoverDetector, crossovers } from './strategies/crossoverDetector.js';
export type { Cross } from './strategies/crossoverDetector.js';
export { smaCross, smaCrossParams, smaCrossSignals, SmaCrossRule } from './strategies/smaCross.js';
export type { SmaCrossOptions } from './strategies/smaCross.js';
export { momentum as momentumStrategy, momentumParams, MomentumScore } from './strategies/momentum.js';
export {
  bollingerReversion,
  bollingerReversionParams,
  rsiReversion,
  rsiReversionParams,
  BollingerReversionRule,
  RsiReversionRule,
} from './strategies/meanReversion.js';
export { donchianBreakout, donchianBreakoutParams, DonchianBreakoutRule } from './strategies/donchianBreakout.js';
export { pairsTrading, pairsTradingParams, cointegrationGate, PairsTradingStrategy } from './strategies/pairsTrading.js';
export type { CointegrationGate, CointegrationGateOptions } from './strategies/pairsTrading.js';
export { marketMaking, marketMakingParams, avellanedaStoikovQuotes, MarketMakingStrategy } from './strategies/avellanedaStoikov.js';
export type { AvellanedaStoikovInput, AvellanedaStoikovQuotes } from './strategies/avellanedaStoikov.js';
export { detectCrossVenueArbitrage } from './arbitrage/crossVenue.js';
export type { VenueBook, CrossVenueOptions, CrossVenueOpportunity } from './arbitrage/crossVenue.js';
export { detectTriangularArbitrage } from './arbitrage/triangular.js';
export type { TriangularMarket, TriangularLeg, TriangularOpportunity, TriangularOptions } from './arbitrage/triangular.js';
export { arbitrage, arbitrageParams, ArbitrageStrategy } from './strategies/arbitrage.js';
export { mirrorTrading, mirrorTradingParams, MirrorTradingStrategy } from './strategies/mirrorTrading.js';
export type { LeaderEvent } from './strategies/mirrorTrading.js';
export { newsSentiment, newsSentimentParams, keywordSentimentScorer, NewsSentimentStrategy } from './strategies/newsSentiment.js';
export type { Headline, SentimentScorer } from './strategies/newsSentiment.js';
export { EnsembleStrategy, ensembleParams } from './strategies/ensemble.js';
export type { EnsembleMember, EnsembleOptions } from './strategies/ensemble.js';
export { builtInStrategies } from './strategies/registry.js';
