import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBars, writeBarsCsv } from '@bot/market-data';
import type { EngineConfig } from '../src/config/engineConfigSchema.js';
import { loadEngineConfig } from '../src/config/loadEngineConfig.js';

/** A logger that drops everything (benchmarks measure the engine, not logging). */
export const silentLogger = { info() {}, warn() {}, error() {} };

/**
 * A scratch directory with `bars` generated one-minute bars and a paper config replaying them as fast as possible
 * through an SMA crossover, with a batched-fsync audit trail. Returns the directory (to delete) and the config.
 */
export async function benchReplay(options: { bars: number; seed: number; fast: number; slow: number; volatility?: number; prefix: string }): Promise<{ dir: string; config: EngineConfig }> {
  const dir = mkdtempSync(join(tmpdir(), options.prefix));
  const volatility = options.volatility === undefined ? {} : { volatility: options.volatility };
  await writeBarsCsv(join(dir, 'bars.csv'), generateBars({ seed: options.seed, bars: options.bars, timeframe: '1m', symbol: 'SYN/USD', ...volatility }));
  writeFileSync(
    join(dir, 'engine.yaml'),
    `mode: paper
account: { currency: USD, initialCash: "100000" }
instruments: [{ symbol: SYN/USD, tickSize: "0.00000001", lotSize: "0.00000001", takerFee: "0.001", makerFee: "0.001" }]
feed: { type: replay, file: bars.csv, symbol: SYN/USD, speed: 0 }
strategies: [{ name: sma-cross, symbols: [SYN/USD], params: { fast: ${options.fast}, slow: ${options.slow} } }]
audit: { fsync: batched }
stateDir: state
`,
  );
  return { dir, config: loadEngineConfig(join(dir, 'engine.yaml')) };
}
