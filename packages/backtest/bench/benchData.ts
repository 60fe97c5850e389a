import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateBars, writeBarsCsv } from '@bot/market-data';

/** The 1M-bar generated CSV of the parity scenario (seeded; created once under bench/.data). */
export async function parityCsv(bars = 1_000_000): Promise<string> {
  const dir = resolve(import.meta.dirname, '.data');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `SYN_1m_${bars}_seed7.csv`);
  if (!existsSync(file)) {
    await writeBarsCsv(file, generateBars({ seed: 7, bars, timeframe: '1m', model: 'jump' }));
  }
  return file;
}
