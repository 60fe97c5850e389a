import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateBars, loadBarsCsv, writeBarsCsv } from '@bot/market-data';
import { builtInStrategies } from '@bot/strategies';
import { type StrategyRegistryLike, findStrategy, runBacktest } from '../src/index.js';

const python = spawnSync('python3', ['--version']).status === 0;
const reference = resolve(import.meta.dirname, '..', 'bench', 'parity', 'reference.py');

describe.skipIf(!python)('parity with the independent backtrader-semantics reference (needs python3)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bt-parity-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('3000 generated bars: same fills (bar, side, size) and final equity within 1e-9', async () => {
    const file = join(dir, 'syn.csv');
    await writeBarsCsv(file, generateBars({ seed: 11, bars: 3000, timeframe: '1m', model: 'jump' }));
    const series = loadBarsCsv(file, { symbol: 'SYN/USD' }).series;
    const ref = spawnSync('python3', [reference, file, '--fast', '10', '--slow', '30', '--fee', '0.001', '--cash', '10000'], { encoding: 'utf8' });
    expect(ref.status, ref.stderr).toBe(0);
    const expected = JSON.parse(ref.stdout) as { fills: [number, 'buy' | 'sell', string, string][]; finalEquity: string };
    const r = runBacktest({
      data: series,
      strategies: [{ definition: findStrategy(builtInStrategies as unknown as StrategyRegistryLike, 'sma-cross'), params: { fast: 10, slow: 30 } }],
      fee: '0.001',
      initialCash: '10000',
      lotSize: '0.00000001',
    });
    const barOf = new Map<number, number>();
    series.openTime.forEach((t, i) => barOf.set(t, i));
    const ours = r.fills.map((f) => [barOf.get(f.time), f.side, f.qty, f.price] as const);
    expect(expected.fills.length).toBeGreaterThan(40);
    expect(ours.length).toBe(expected.fills.length);
    ours.forEach(([bar, side, qty, price], i) => {
      const [eb, es, eq, ep] = expected.fills[i]!;
      expect([bar, side]).toEqual([eb, es]);
      expect(Math.abs(qty / Number(eq) - 1)).toBeLessThan(1e-12);
      expect(price).toBe(Number(ep));
    });
    expect(Math.abs(r.metrics.finalEquity / Number(expected.finalEquity) - 1)).toBeLessThan(1e-9);
  });
});
