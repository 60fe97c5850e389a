import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { monorepoRoot } from '@bot/vitest-config';
import { generateBars } from '@bot/market-data';
import { builtInStrategies } from '@bot/strategies';
import { type StrategyRegistryLike, findStrategy, optimize, runBacktest, walkForward } from '../src/index.js';

const data = generateBars({ seed: 5, bars: 1500, timeframe: '1h', model: 'regime', symbol: 'SYN/USD' });
const ranges = { fast: { min: 5, max: 15, step: 5 }, slow: { min: 20, max: 40, step: 20 } };
const smaCross = findStrategy(builtInStrategies as unknown as StrategyRegistryLike, 'sma-cross');

describe('optimize (in-process, running from sources)', () => {
  it('evaluates the grid, ranks by the objective and scores like a direct backtest', async () => {
    const r = await optimize({ data, strategy: 'sma-cross', ranges, objective: 'sharpe', run: { fee: '0.001' } });
    expect(r.parallel).toEqual({ mode: 'in-process', workers: 1, reason: 'no built worker script (running from sources)' });
    expect(r.evaluations).toHaveLength(6);
    for (let i = 1; i < r.evaluations.length; i++) expect(r.evaluations[i - 1]!.score).toBeGreaterThanOrEqual(r.evaluations[i]!.score);
    const best = r.best!;
    const direct = runBacktest({ data, strategies: [{ definition: smaCross, params: best.params }], fee: '0.001' });
    expect(best.score).toBe(direct.metrics.sharpe);
    expect(best.params).toEqual({ fast: expect.any(Number), slow: expect.any(Number), maType: 'sma', allowShort: false });
  });

  it('random search is seeded and maxDrawdown is minimised', async () => {
    const a = await optimize({ data, strategy: 'sma-cross', ranges: { fast: { min: 2, max: 20 }, slow: { min: 21, max: 60 } }, method: 'random', samples: 5, seed: 9, objective: 'maxDrawdown', workers: 1 });
    const b = await optimize({ data, strategy: 'sma-cross', ranges: { fast: { min: 2, max: 20 }, slow: { min: 21, max: 60 } }, method: 'random', samples: 5, seed: 9, objective: 'maxDrawdown', workers: 1 });
    expect(a.evaluations.map((e) => e.params)).toEqual(b.evaluations.map((e) => e.params));
    expect(a.best!.score).toBe(-Math.min(...a.evaluations.map((e) => e.metrics.maxDrawdown)));
  });

  it('skips invalid combinations with the strategy\'s reason', async () => {
    const r = await optimize({ data, strategy: 'sma-cross', ranges: { fast: { values: [10, 30] }, slow: { values: [20] } }, workers: 1 });
    expect(r.evaluations).toHaveLength(1);
    expect(r.skipped[0]!.reason).toMatch(/fast \(30\) must be < slow \(20\)/);
  });
});

const depsBuilt = ['core-types', 'execution', 'strategies', 'market-data'].every((p) => existsSync(resolve(monorepoRoot, 'packages', p, 'dist', 'index.js')));

describe.skipIf(!depsBuilt)('optimize on worker threads (needs the dependencies built: turbo build)', () => {
  const out = mkdtempSync(join(resolve(import.meta.dirname, '..', 'node_modules'), '.worker-test-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('gives exactly the in-process ranking', async () => {
    // Build the worker entry the way the package build does (tsup, dependencies external).
    execFileSync(process.execPath, [resolve(monorepoRoot, 'node_modules', 'tsup', 'dist', 'cli-default.js'), 'src/optimizeWorker.ts', '--no-config', '--format', 'esm', '--target', 'node20', '--out-dir', out], {
      cwd: resolve(import.meta.dirname, '..'),
      stdio: 'pipe',
    });
    const workerEntry = join(out, 'optimizeWorker.js');
    const parallel = await optimize({ data, strategy: 'sma-cross', ranges, run: { fee: '0.001' }, workers: 2, workerEntry });
    const serial = await optimize({ data, strategy: 'sma-cross', ranges, run: { fee: '0.001' }, workers: 1 });
    expect(parallel.parallel).toEqual({ mode: 'workers', workers: 2 });
    expect(parallel.evaluations.map((e) => [e.index, e.params, e.score])).toEqual(serial.evaluations.map((e) => [e.index, e.params, e.score]));
  });
});

describe('walkForward', () => {
  it('optimises each in-sample window, trades only out of sample and stitches the equity', async () => {
    const wf = await walkForward({ data, strategy: 'sma-cross', ranges, inSampleBars: 600, outOfSampleBars: 300, mode: 'rolling', run: { fee: '0.001', initialCash: 5000 } });
    expect(wf.steps.map((s) => [s.window.inSample.start, s.window.outOfSample.start, s.window.outOfSample.end])).toEqual([
      [0, 600, 900],
      [300, 900, 1200],
      [600, 1200, 1500],
    ]);
    // the chosen parameters are the in-sample optimum
    const first = await optimize({ data: { ...data, length: 600, openTime: data.openTime.subarray(0, 600), open: data.open.subarray(0, 600), high: data.high.subarray(0, 600), low: data.low.subarray(0, 600), close: data.close.subarray(0, 600), volume: data.volume.subarray(0, 600) }, strategy: 'sma-cross', ranges, run: { fee: '0.001', initialCash: 5000 } });
    expect(wf.steps[0]!.params).toEqual(first.best!.params);
    // stitched: starts at the initial cash, one point per out-of-sample bar plus the start
    expect(wf.equity.equity[0]).toBe(5000);
    expect(wf.equity.equity.length).toBe(900 + 1);
    expect(wf.equity.time[0]).toBe(data.openTime[600]);
    // the stitched return is the product of the window returns
    const product = wf.steps.reduce((p, s) => p * (1 + s.outOfSample.totalReturn), 1) - 1;
    expect(wf.metrics.totalReturn).toBeCloseTo(product, 10);
  });
});

describe('walkForward (anchored)', () => {
  it('grows the in-sample window from the first bar', async () => {
    const wf = await walkForward({ data, strategy: 'sma-cross', ranges: { fast: { values: [5, 10] }, slow: { values: [30] } }, inSampleBars: 900, outOfSampleBars: 300, mode: 'anchored', workers: 1 });
    expect(wf.steps.map((s) => [s.window.inSample.start, s.window.inSample.end])).toEqual([
      [0, 900],
      [0, 1200],
    ]);
    for (const s of wf.steps) expect(s.outOfSampleTrades).toBe(s.outOfSample.trades);
  });
});
