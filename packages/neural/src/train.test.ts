import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { buildModel } from './models.js';
import { createPrng } from './prng.js';
import type { TrainingProgress } from './train.js';
import { fitModel } from './train.js';

describe('fitModel', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('stops early on a validation plateau, halves the learning rate on the way and restores the best weights', async () => {
    // Targets are pure noise, unrelated to the inputs: validation loss cannot keep improving.
    const window = 4;
    const features = 2;
    const rng = createPrng(3);
    const n = 96;
    const x = new Float32Array(n * window * features).map(() => rng.normal());
    const y = new Float32Array(n).map(() => rng.normal());
    const nv = 48;
    const xv = new Float32Array(nv * window * features).map(() => rng.normal());
    const yv = new Float32Array(nv).map(() => rng.normal());
    const model = buildModel({ kind: 'gru', layers: 1, units: 16, heads: 1, feedForward: 8, dropout: 0 }, window, features, 'return', 2);
    const events: TrainingProgress[] = [];
    const h = await fitModel(
      model,
      { window, features, xTrain: x, yTrain: y, xVal: xv, yVal: yv },
      'return',
      { epochs: 60, batchSize: 32, learningRate: 0.05, patience: 4, lrPatience: 2, lrFactor: 0.5, seed: 1, onProgress: (p) => events.push(p) },
    );
    expect(h.stoppedEarly).toBe(true);
    expect(h.loss.length).toBe(h.bestEpoch + 4);
    expect(h.bestValLoss).toBe(Math.min(...h.valLoss));
    expect(h.valLoss[h.bestEpoch - 1]).toBe(h.bestValLoss);
    // Reduce-on-plateau, replayed from the validation losses: after 2 epochs without a (1e-4 relative) improvement
    // the rate halves; an improvement resets the count.
    const expectedLr: number[] = [];
    let best = Number.POSITIVE_INFINITY;
    let since = 0;
    let lr = 0.05;
    for (const v of h.valLoss) {
      expectedLr.push(lr);
      if (best === Number.POSITIVE_INFINITY || v < best - 1e-4 * best) {
        best = v;
        since = 0;
      } else if (++since >= 2) {
        lr /= 2;
        since = 0;
      }
    }
    expect(h.learningRate).toEqual(expectedLr);
    expect(h.learningRate.at(-1)).toBeLessThan(0.05);
    // The model holds the best epoch's weights again.
    const restored = tf.tidy(() => (model.evaluate(tf.tensor3d(xv, [nv, window, features]), tf.tensor2d(yv, [nv, 1])) as tf.Scalar).dataSync()[0]!);
    expect(restored).toBeCloseTo(h.bestValLoss, 6);
    // Progress: one event per batch (3 per epoch) plus one per epoch, epochs numbered from 1.
    expect(events.filter((e) => e.phase === 'batch')).toHaveLength(3 * h.loss.length);
    expect(events.filter((e) => e.phase === 'epoch').map((e) => e.valLoss)).toEqual(h.valLoss);
    expect(events[0]).toMatchObject({ phase: 'batch', epoch: 1, batch: 1, batches: 3 });
    model.dispose();
  });
});
