import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monorepoRoot } from '@bot/vitest-config';
import { DEFAULT_FEATURE_SPEC, NeuralForecaster, buildModel, computeFeatures, initBackend, syntheticSeries } from '../src/index.js';
import { runWindowJobParallel } from '../src/parallelWindows.js';
import { RecurrentInference } from '../src/recurrentInference.js';

const nf = DEFAULT_FEATURE_SPEC.features.length;
const WINDOW = 16;
const series = syntheticSeries({ length: 3600, phi: [0.4], seed: 3 });

function forecaster(kind: 'lstm' | 'gru'): NeuralForecaster {
  const config = { kind, layers: 2, units: 8, heads: 1, feedForward: 8, dropout: 0 } as const;
  return new NeuralForecaster(buildModel(config, WINDOW, nf, 'return', 4), {
    model: config,
    features: DEFAULT_FEATURE_SPEC,
    normalisation: { mean: new Array<number>(nf).fill(0), std: new Array<number>(nf).fill(0.01), targetMean: 0.001, targetStd: 0.02, clip: 10 },
    window: WINDOW,
    horizon: 1,
    target: 'return',
    seed: 4,
    metadata: {},
  });
}

describe('forecastSeriesParallel from sources (no built worker script)', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('falls back to this thread and caches the values for forecastSeries', async () => {
    const f = forecaster('lstm');
    const serial = f.forecastSeries(series);
    const parallel = await f.forecastSeriesParallel(series, { threads: 4 });
    expect(parallel).toEqual(serial);
    // The cached copy is returned, not the stored array: mutating it changes nothing.
    parallel[parallel.length - 1] = 42;
    expect(f.forecastSeries(series)).toEqual(serial);
    f.dispose();
  });

  it('rejects a thread count that is not a positive integer, naming it', async () => {
    const f = forecaster('gru');
    for (const threads of [0, 1.5, Number.NaN]) {
      await expect(f.forecastSeriesParallel({ ...series }, { threads })).rejects.toThrow(/threads/);
    }
    f.dispose();
  });
});

const depsBuilt = existsSync(resolve(monorepoRoot, 'packages', 'core-types', 'dist', 'index.js'));

describe.skipIf(!depsBuilt)('forecastSeriesParallel on worker threads (needs core-types built: turbo build)', () => {
  const out = mkdtempSync(join(resolve(import.meta.dirname, '..', 'node_modules'), '.worker-test-'));
  let workerEntry = '';
  beforeAll(async () => {
    await initBackend();
    // Build the worker entry the way the package build does (tsup, dependencies external).
    execFileSync(
      process.execPath,
      [resolve(monorepoRoot, 'node_modules', 'tsup', 'dist', 'cli-default.js'), 'src/forecastWorker.ts', '--no-config', '--format', 'esm', '--target', 'node20', '--out-dir', out],
      { cwd: resolve(import.meta.dirname, '..'), stdio: 'pipe' },
    );
    workerEntry = join(out, 'forecastWorker.js');
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  for (const kind of ['lstm', 'gru'] as const) {
    it(`${kind}: three threads give bitwise the single-thread forecasts`, async () => {
      const f = forecaster(kind);
      const serial = f.forecastSeries(series);
      const fresh = { ...series }; // another series object: not served from the cache
      const parallel = await f.forecastSeriesParallel(fresh, { threads: 3, workerEntry });
      expect(Array.from(parallel)).toEqual(Array.from(serial));
      expect(Number.isNaN(parallel[f.lookback - 2]!)).toBe(true);
      expect(Number.isFinite(parallel[f.lookback - 1]!)).toBe(true);
      f.dispose();
    });
  }

  it('uses the worker threads it was given, and none for a small job', async () => {
    const f = forecaster('lstm');
    const pass = RecurrentInference.fromModel(f.model, WINDOW, nf)!;
    const columns = computeFeatures(series, DEFAULT_FEATURE_SPEC).columns;
    const job = (n: number) => ({
      weights: pass.weights,
      window: WINDOW,
      columns,
      normalisation: f.spec.normalisation,
      ends: Int32Array.from({ length: n }, (_, i) => series.length - n + i),
    });
    expect((await runWindowJobParallel(pass, job(3200), { threads: 2, workerEntry })).threads).toBe(2);
    expect((await runWindowJobParallel(pass, job(1000), { threads: 2, workerEntry })).threads).toBe(1);
    f.dispose();
  });

  it('rejects with a clear error when a worker fails', async () => {
    const broken = join(out, 'broken.mjs');
    writeFileSync(broken, "throw new Error('boom');\n");
    const f = forecaster('lstm');
    await expect(f.forecastSeriesParallel({ ...series }, { threads: 2, workerEntry: broken })).rejects.toThrow(/forecast worker failed: boom/);
    f.dispose();
  });
});
