import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BarSeries } from '@bot/core-types';
import { barAt, resolveParams } from '@bot/core-types';
import type { FeatureSpec, ModelConfig, ModelKind } from '../src/index.js';
import {
  DEFAULT_FEATURE_SPEC,
  activeBackend,
  initBackend,
  loadForecaster,
  saveForecaster,
  neuralStrategy,
  syntheticSeries,
  trainForecaster,
  walkForward,
} from '../src/index.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'bot-neural-'));
const SMALL: Record<ModelKind, ModelConfig> = {
  lstm: { kind: 'lstm', layers: 2, units: 6, heads: 1, feedForward: 8, dropout: 0 },
  gru: { kind: 'gru', layers: 1, units: 6, heads: 1, feedForward: 8, dropout: 0.1 },
  transformer: { kind: 'transformer', layers: 1, units: 8, heads: 2, feedForward: 16, dropout: 0 },
};
const FEW: FeatureSpec = { ...DEFAULT_FEATURE_SPEC, features: ['logReturn', 'volatility', 'rsi', 'hourSin', 'hourCos'], volatilityPeriod: 10 };

beforeAll(async () => {
  await initBackend();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function withTailChanged(s: BarSeries, from: number): BarSeries {
  const close = s.close.slice();
  const open = s.open.slice();
  const high = s.high.slice();
  const low = s.low.slice();
  for (let t = from; t < s.length; t++) {
    close[t] = close[t]! * (1 + 0.5 * Math.sin(t));
    open[t] = open[t]! * 1.3;
    high[t] = Math.max(high[t]!, close[t]!, open[t]!) * 1.01;
    low[t] = Math.min(low[t]!, close[t]!, open[t]!) * 0.99;
  }
  return { ...s, close, open, high, low };
}

describe('backend', () => {
  it('reports the active backend: wasm here (tfjs-node is not installable), never undefined after init', () => {
    expect(['tensorflow', 'wasm', 'cpu']).toContain(activeBackend());
    expect(activeBackend()).toBe('wasm');
  });
});

describe('save / load', () => {
  const series = syntheticSeries({ length: 500, phi: [0.5], seed: 21 });
  for (const kind of ['lstm', 'gru', 'transformer'] as const) {
    it(`${kind}: a loaded model predicts bit-identically to the saved one`, async () => {
      const { forecaster } = await trainForecaster(series, { model: SMALL[kind], window: 12, features: FEW, training: { epochs: 2 }, seed: 4 });
      const dir = path.join(tmp, kind);
      await saveForecaster(forecaster, dir);
      const loaded = await loadForecaster(dir);
      const a = forecaster.forecastSeries(series);
      const b = loaded.forecastSeries(series);
      expect(loaded.spec).toEqual(forecaster.spec);
      expect(loaded.lookback).toBe(forecaster.lookback);
      // A live engine warms the neural strategy up on exactly the model's lookback.
      expect(neuralStrategy.warmupBars!({ ...resolveParams(neuralStrategy.params, {}), model: dir })).toBe(forecaster.lookback);
      let finite = 0;
      for (let i = 0; i < a.length; i++) {
        if (Number.isNaN(a[i]!)) expect(Number.isNaN(b[i]!)).toBe(true);
        else {
          finite++;
          expect(Object.is(a[i], b[i])).toBe(true);
        }
      }
      expect(finite).toBe(series.length - forecaster.lookback + 1);
      // The per-bar path agrees with the batched path (features recomputed on a trailing window).
      const i = series.length - 1;
      const window = [];
      for (let k = i - loaded.lookback + 1; k <= i; k++) window.push(barAt(series, k));
      const f = loaded.forecast(window);
      expect(f).toBeDefined();
      expect(Math.abs(f!.value - b[i]!)).toBeLessThan(1e-6 * Math.max(1e-3, Math.abs(b[i]!)));
      expect(loaded.forecast(window.slice(1))).toBeUndefined();
      forecaster.dispose();
      loaded.dispose();
    });
  }

  it('loading a directory that is not a model fails with a CONFIG error naming it', async () => {
    await expect(loadForecaster(path.join(tmp, 'nope'))).rejects.toThrow(/nope: not a @bot\/neural model directory/);
  });
});

describe('crash-safe saves', () => {
  const series = syntheticSeries({ length: 600, phi: [0.5], seed: 5 });
  const opts = { model: SMALL.gru, window: 8, features: FEW, training: { epochs: 1 } } as const;
  const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

  it('records the SHA-256 of model.json and weights.bin in forecaster.json and leaves no temp file', async () => {
    const { forecaster } = await trainForecaster(series, { ...opts, seed: 1 });
    const dir = path.join(tmp, 'digests');
    await saveForecaster(forecaster, dir);
    const spec = JSON.parse(readFileSync(path.join(dir, 'forecaster.json'), 'utf8')) as { files: Record<string, string> };
    expect(spec.files).toEqual({ 'model.json': sha(path.join(dir, 'model.json')), 'weights.bin': sha(path.join(dir, 'weights.bin')) });
    expect(readdirSync(dir).sort()).toEqual(['forecaster.json', 'model.json', 'weights.bin']);
    forecaster.dispose();
  });

  it('overwriting a model gives the new one; a changed weight file is refused with a CONFIG error naming it', async () => {
    const a = (await trainForecaster(series, { ...opts, seed: 1 })).forecaster;
    const b = (await trainForecaster(series, { ...opts, seed: 2 })).forecaster;
    const dir = path.join(tmp, 'overwrite');
    await saveForecaster(a, dir);
    await saveForecaster(b, dir);
    const loaded = await loadForecaster(dir);
    const got = Array.from(loaded.forecastSeries(series));
    expect(got.filter(Number.isFinite).length).toBe(series.length - b.lookback + 1);
    expect(got).toEqual(Array.from(b.forecastSeries(series)));
    expect(got).not.toEqual(Array.from(a.forecastSeries(series)));
    loaded.dispose();
    // one flipped byte in the weights: loads no more (it would forecast with weights the normalisation does not fit)
    const weights = path.join(dir, 'weights.bin');
    const bytes = readFileSync(weights);
    bytes[0] = bytes[0]! ^ 0xff;
    writeFileSync(weights, bytes);
    const err = await loadForecaster(dir).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFIG' });
    expect((err as Error).message).toMatch(/weights\.bin: does not match forecaster\.json .*save was interrupted/);
    for (const f of [a, b]) f.dispose();
  });

  it('a save that fails half-way over an older model leaves a directory that refuses to load, not a mix of the two', async () => {
    const a = (await trainForecaster(series, { ...opts, seed: 1 })).forecaster;
    const b = (await trainForecaster(series, { ...opts, seed: 2 })).forecaster;
    const dir = path.join(tmp, 'interrupted');
    await saveForecaster(a, dir);
    // make the second file of the next save unwritable: model.json replaced by a non-empty directory
    rmSync(path.join(dir, 'model.json'));
    mkdirSync(path.join(dir, 'model.json', 'x'), { recursive: true });
    await expect(saveForecaster(b, dir)).rejects.toThrow();
    // b's weights were written, a's forecaster.json (normalisation) was removed first: nothing loads
    await expect(loadForecaster(dir)).rejects.toThrow(/interrupted: not a @bot\/neural model directory \(missing forecaster\.json/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    for (const f of [a, b]) f.dispose();
  });

  it('a model saved before digests were recorded still loads', async () => {
    const { forecaster } = await trainForecaster(series, { ...opts, seed: 3 });
    const dir = path.join(tmp, 'legacy');
    await saveForecaster(forecaster, dir);
    const specFile = path.join(dir, 'forecaster.json');
    const { files: _files, ...legacy } = JSON.parse(readFileSync(specFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(specFile, JSON.stringify(legacy));
    const loaded = await loadForecaster(dir);
    expect(loaded.spec).toEqual(forecaster.spec);
    for (const f of [forecaster, loaded]) f.dispose();
  });
});

describe('reproducibility', () => {
  it('the same seed on the same backend gives bit-identical training and forecasts; another seed does not', async () => {
    const series = syntheticSeries({ length: 400, phi: [0.5], seed: 8 });
    const opts = { model: SMALL.gru, window: 10, features: FEW, training: { epochs: 2 }, seed: 9 } as const;
    const a = await trainForecaster(series, opts);
    const b = await trainForecaster(series, opts);
    const c = await trainForecaster(series, { ...opts, seed: 10 });
    expect(b.history.loss).toEqual(a.history.loss);
    expect(b.history.valLoss).toEqual(a.history.valLoss);
    expect(Array.from(b.forecaster.forecastSeries(series))).toEqual(Array.from(a.forecaster.forecastSeries(series)));
    expect(c.history.loss).not.toEqual(a.history.loss);
    for (const r of [a, b, c]) r.forecaster.dispose();
  });
});

describe('leakage', () => {
  it('changing data after the fit window changes neither the normalisation, the weights nor fit-period forecasts', async () => {
    const series = syntheticSeries({ length: 600, phi: [0.4], seed: 31 });
    const opts = { model: SMALL.lstm, window: 12, features: FEW, training: { epochs: 2 }, seed: 5, testFraction: 0.2 } as const;
    const a = await trainForecaster(series, opts);
    // Everything the fit (train + validation) may see ends at the last validation target: validation.end - 1 + h.
    const fitEnd = a.split.validation.end - 1 + 1;
    const changed = withTailChanged(series, fitEnd + 1);
    const b = await trainForecaster(changed, opts);
    expect(b.split).toEqual(a.split);
    expect(b.forecaster.spec.normalisation).toEqual(a.forecaster.spec.normalisation);
    expect(b.history.valLoss).toEqual(a.history.valLoss);
    const fa = a.forecaster.forecastSeries(series);
    const fb = b.forecaster.forecastSeries(changed);
    for (let t = 0; t <= fitEnd; t++) expect(Object.is(fa[t], fb[t])).toBe(true);
    // ... and the change is real: test-period forecasts and the test evaluation move.
    let moved = 0;
    for (let t = fitEnd + 2; t < series.length; t++) if (fa[t] !== fb[t]) moved++;
    expect(moved).toBeGreaterThan(10);
    expect(b.evaluation!.model.rmse).not.toBe(a.evaluation!.model.rmse);
    a.forecaster.dispose();
    b.forecaster.dispose();
  });

  it('normalisation is fitted on the training part only: changing validation-period data leaves it unchanged', async () => {
    const series = syntheticSeries({ length: 600, phi: [0.4], seed: 32 });
    const opts = { model: SMALL.gru, window: 12, features: FEW, training: { epochs: 1 }, seed: 6 } as const;
    const a = await trainForecaster(series, opts);
    const changed = withTailChanged(series, a.split.train.end + 1);
    const b = await trainForecaster(changed, opts);
    expect(b.forecaster.spec.normalisation).toEqual(a.forecaster.spec.normalisation);
    expect(b.history.valLoss).not.toEqual(a.history.valLoss);
    a.forecaster.dispose();
    b.forecaster.dispose();
  });
});

describe('honesty on noise', () => {
  it('on a pure random walk the report claims no significant improvement over any baseline', async () => {
    const series = syntheticSeries({ length: 1200, phi: [], sigma: 0.01, seed: 77 });
    const wf = await walkForward(series, {
      model: { kind: 'gru', layers: 1, units: 8, heads: 1, feedForward: 8, dropout: 0 },
      window: 8,
      features: { ...DEFAULT_FEATURE_SPEC, features: ['logReturn'] },
      folds: 2,
      testFraction: 0.3,
      training: { epochs: 8, learningRate: 0.01, patience: 3 },
      seed: 2,
    });
    expect(wf.folds).toHaveLength(2);
    expect(wf.folds[1]!.train.end).toBeGreaterThan(wf.folds[0]!.train.end);
    expect(wf.report.beatsBaselines).toBe(false);
    for (const b of wf.report.baselines) {
      expect(b.modelBetter).toBe(false);
      expect(b.test.pValueModelBetter).toBeGreaterThan(0.05);
    }
    expect(wf.report.summary.every((l) => l.includes('does NOT beat'))).toBe(true);
  });
});
