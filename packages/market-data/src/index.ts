/**
 * @packageDocumentation
 * Market data for @bot: OHLCV files (CSV / JSON Lines, streaming and columnar), data-quality reports, exchange
 * history and live streams through ccxt, resampling and alignment, and a seeded synthetic generator.
 */
export { loadBarsCsv, parseBarsCsv, symbolFromFileName } from './files/loadBarsCsv.js';
export type { LoadBarsOptions, LoadReport, LoadedBars } from './files/loadBarsCsv.js';
export type { CsvReadOptions, ParseMode, ExtraColumns, SkippedLine, OhlcvField } from './files/csvBarParser.js';
export { readBarsCsv } from './files/readBarsCsv.js';
export type { ReadBarsCsvOptions, StreamReport, FileBar } from './files/readBarsCsv.js';
export { loadBarsJsonl, readBarsJsonl } from './files/loadBarsJsonl.js';
export { writeBarsCsv, writeBarsJsonl, writeFileAtomic } from './files/writeBars.js';
export type { WriteBarsOptions, BarsInput } from './files/writeBars.js';
export { inferTimeframe } from './files/inferTimeframe.js';
export { formatIsoUtc } from './files/isoTime.js';
export { SeededRandom } from './synthetic/seededRandom.js';
export { generateBars } from './synthetic/generateBars.js';
export type { GenerateBarsOptions, Regime } from './synthetic/generateBars.js';
export { generateCorrelatedBars, generateCointegratedPair, choleskyLower } from './synthetic/generateCorrelated.js';
export type { AssetSpec, GenerateCorrelatedOptions, GenerateCointegratedOptions } from './synthetic/generateCorrelated.js';
export { qualityReport } from './quality/qualityReport.js';
export type { QualityOptions, QualityReport, GapRange, CalendarGap, BarIssue, ReturnOutlier } from './quality/qualityReport.js';
export { TradeBarBuilder } from './transform/tradeBarBuilder.js';
export type { TradeBarBuilderOptions } from './transform/tradeBarBuilder.js';
export { resampleBars, resampleTrades, bucketStart } from './transform/resample.js';
export type { ResampledBars, ResampleTradesOptions } from './transform/resample.js';
export { alignSeries } from './transform/alignSeries.js';
export type { AlignOptions, AlignedSeries } from './transform/alignSeries.js';
export { redirectExchangeUrls } from './exchange/redirectExchangeUrls.js';
export { mapCcxtError } from '@bot/core-types';
export { ExchangeCaller } from './exchange/exchangeCaller.js';
export type { ExchangeCallOptions } from './exchange/exchangeCaller.js';
export { RateLimiter } from './exchange/rateLimiter.js';
export { backoffDelay, sleep } from './exchange/retry.js';
export type { RetryPolicy, RetryEvent } from './exchange/retry.js';
export { HistoryCache } from './exchange/historyCache.js';
export type { CacheChunk } from './exchange/historyCache.js';
export { fetchOhlcvHistory, fetchTradesHistory } from './exchange/fetchHistory.js';
export type { HistoryOptions, OhlcvHistoryOptions, TradesHistoryOptions, HistoryProgress, HistoryResult } from './exchange/fetchHistory.js';
export { watchBars } from './live/watchBars.js';
export type { WatchBarsOptions } from './live/watchBars.js';
export { watchTrades, fromCcxtTrade } from './live/watchTrades.js';
export { watchOrderBook } from './live/watchOrderBook.js';
export type { WatchOrderBookOptions } from './live/watchOrderBook.js';
export { isSequenceGap } from './live/liveLoop.js';
export type { LiveOptions, LiveStatus } from './live/liveLoop.js';
export { monitorStaleness } from './live/staleness.js';
export type { MonitoredFeed } from './live/staleness.js';
export { tradesToBars } from './live/tradesToBars.js';
export { createExchange } from './exchange/createExchange.js';
export type { CreateExchangeOptions } from './exchange/createExchange.js';
export { barSeriesSource, barFileSource } from './source/barSeriesSource.js';
export type { BarSeriesSource } from './source/barSeriesSource.js';
