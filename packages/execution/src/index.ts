/**
 * @packageDocumentation
 * Order lifecycle, portfolio accounting, the trading kernel and the simulated venue of @bot: one event loop for
 * backtest, paper and live trading.
 */
export { TradingKernel, MIN_RETAINED_BARS } from './tradingKernel.js';
export type { KernelOptions, KernelRetention, RunBarSeriesOptions, RiskDecisionRecord } from './tradingKernel.js';
export type { KernelStrategyContext, BracketExits, BracketIds } from './kernelStrategyContext.js';
export { SimulatedVenue } from './simulatedVenue.js';
export type { SimulatedVenueOptions, SimulatedAccount } from './simulatedVenue.js';
export { slippage } from './slippage.js';
export type { SlippageModel, SlippageRequest } from './slippage.js';
export { fillAmounts, scaledToNumber } from './fillAmounts.js';
export type { FillAmounts } from './fillAmounts.js';
export { Portfolio } from './portfolio.js';
export type { PortfolioOptions } from './portfolio.js';
export { OrderManager } from './orderManager.js';
export type { OrderFollowUps, OrderUpdate, OrderManagerOptions } from './orderManager.js';
export { PermissiveRiskGate, enforceMode, reducingPart } from './permissiveRiskGate.js';
export { AllInSizer } from './allInSizer.js';
export { FixedQuantitySizer } from './fixedQuantitySizer.js';
export { FixedNotionalSizer } from './fixedNotionalSizer.js';
export { FractionOfEquitySizer } from './fractionOfEquitySizer.js';
export { roundToLotTowardZero, respectMinimums } from './sizing.js';
export { BarHistoryBuffer } from './barHistoryBuffer.js';
export { CcxtVenue } from './live/ccxtVenue.js';
export type {
  CcxtVenueOptions,
  CcxtVenueStats,
  UnknownOrderPolicy,
  ReconcileDifference,
  ReconcileDifferenceKind,
  ReconcileOptions,
  ReconcileReport,
  RestoreInput,
} from './live/ccxtVenueOptions.js';
export { mapVenueError, exchangeMessageOf, isAmbiguousFailure } from './live/mapVenueError.js';
export { retryPolicy, backoffDelay, seededRandom } from './live/retryPolicy.js';
export type { RetryPolicy } from './live/retryPolicy.js';
export { AlgoHost } from './algos/algoHost.js';
export type { AlgoHostOptions } from './algos/algoHost.js';
export { twap, vwap, percentageOfVolume, iceberg, trailingStop, oco, bracket } from './algos/parentOrders.js';
export type {
  ParentOrder,
  ParentOrderBase,
  ParentOrderInput,
  ChildRejectionPolicy,
  TwapParent,
  TwapInput,
  VwapParent,
  VwapInput,
  PovParent,
  PovInput,
  IcebergParent,
  IcebergInput,
  TrailingStopParent,
  TrailingStopInput,
  OcoParent,
  OcoInput,
  OcoLeg,
  OcoLegInput,
  BracketParent,
  BracketInput,
} from './algos/parentOrders.js';
export type { ParentOrderId, ParentStatus, ParentProgress, ChildView } from './algos/parentRuntime.js';
export { volumeProfileFromBars, profileWeights } from './algos/volumeProfile.js';
export type { VolumeProfile } from './algos/volumeProfile.js';
export { sliceQuantities, sliceSchedule } from './algos/sliceSchedule.js';
export type { SliceSchedule } from './algos/sliceSchedule.js';
export { venueCapabilities, NO_NATIVE_ORDERS, SIMULATED_VENUE_CAPABILITIES } from './algos/venueCapabilities.js';
export type { VenueCapabilities } from './algos/venueCapabilities.js';
