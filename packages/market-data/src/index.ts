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
