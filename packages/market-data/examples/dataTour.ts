/**
 * A tour of @bot/market-data on the shared real files: load, audit, resample, align a pair, and generate synthetic
 * data. Run: pnpm exec tsx examples/dataTour.ts [dataDir]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { alignSeries, formatIsoUtc, generateBars, loadBarsCsv, qualityReport, resampleBars, writeBarsCsv } from '../src/index.js';

export interface TourResult {
  readonly zecBars: number;
  readonly zecMissing: string[];
  readonly btcZeroVolume: number;
  readonly orclClosures: string[];
  readonly ethHourlyBars: number;
  readonly ethHourlyPartialLast: boolean;
  readonly pairRows: number;
  readonly syntheticRows: number;
}

export async function main(dataDir = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data')): Promise<TourResult> {
  // 1. Load (strict: the first bad row would throw "file:line: reason").
  const zec = loadBarsCsv(join(dataDir, 'ZECBTC_5m.csv'), { symbol: 'ZEC/BTC' }).series;
  const ltc = loadBarsCsv(join(dataDir, 'LTCBTC_5m.csv'), { symbol: 'LTC/BTC' }).series;
  const eth = loadBarsCsv(join(dataDir, 'ETHBTC_5m.csv'), { symbol: 'ETH/BTC' }).series;
  const btc = loadBarsCsv(join(dataDir, 'BTCUSD_1h.csv'), { symbol: 'BTC/USD' }).series;
  const orcl = loadBarsCsv(join(dataDir, 'ORCL_1d.csv'), { symbol: 'ORCL/USD' }).series;

  // 2. Audit. The last ZEC bar is missing too: only a sibling series (or an expected end) can show it.
  const zecQuality = qualityReport(zec, { reference: ltc.openTime });
  const btcQuality = qualityReport(btc);
  const orclQuality = qualityReport(orcl); // daily equity: weekends expected, closures are calendar gaps
  console.log(`ZEC/BTC: ${zec.length} bars, ${zecQuality.missingBars} missing`);
  console.log(`BTC/USD: ${btcQuality.zeroVolumeCount} zero-volume bars`);

  // 3. Resample 5m -> 1h on UTC boundaries; the last hour is incomplete and flagged.
  const hourly = resampleBars(eth, '1h');

  // 4. Align the pair on a common clock (inner join).
  const pair = alignSeries([ltc, zec], { join: 'inner' });

  // 5. Seeded synthetic data, written as CSV.
  const dir = mkdtempSync(join(tmpdir(), 'md-tour-'));
  try {
    const synthetic = generateBars({ seed: 42, bars: 10_000, timeframe: '1m', model: 'jump' });
    const rows = await writeBarsCsv(join(dir, 'synthetic.csv'), synthetic);
    return {
      zecBars: zec.length,
      zecMissing: zecQuality.gaps.map((g) => formatIsoUtc(g.from)),
      btcZeroVolume: btcQuality.zeroVolumeCount,
      orclClosures: orclQuality.calendarGaps.filter((g) => g.kind === 'closure').map((g) => formatIsoUtc(g.from).slice(0, 10)),
      ethHourlyBars: hourly.series.length,
      ethHourlyPartialLast: hourly.partialLast,
      pairRows: pair.openTime.length,
      syntheticRows: rows,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await main(process.argv[2]));
}
