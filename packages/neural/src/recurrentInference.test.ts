import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { buildModel } from './models.js';
import { createPrng } from './prng.js';
import { RecurrentInference } from './recurrentInference.js';

describe('RecurrentInference', () => {
  beforeAll(async () => {
    await initBackend();
  });
  // 2 x 7 units: padded to 8 (zero units must stay inert); 3 x 16: no padding, three stacked layers.
  for (const [kind, target, layers, units] of [
    ['lstm', 'return', 2, 7],
    ['lstm', 'direction', 2, 7],
    ['gru', 'return', 2, 7],
    ['gru', 'direction', 2, 7],
    ['lstm', 'return', 3, 16],
    ['gru', 'return', 3, 16],
  ] as const) {
    it(`${kind} ${layers} x ${units} (${target}): the WebAssembly forward pass matches tfjs predict to float32 rounding`, () => {
      const window = 12;
      const features = 5;
      const model = buildModel({ kind, layers, units, heads: 1, feedForward: 8, dropout: 0.2 }, window, features, target, 3);
      // Non-trivial biases so every gate is exercised away from its initial value.
      model.setWeights(model.getWeights().map((w, i) => tf.tidy(() => w.add(tf.randomUniform(w.shape, -0.3, 0.3, 'float32', 50 + i)))));
      const fast = RecurrentInference.fromModel(model, window, features);
      expect(fast).toBeDefined();
      const rng = createPrng(9);
      for (let r = 0; r < 5; r++) {
        const x = new Float32Array(window * features).map(() => 2 * rng.normal());
        const expected = tf.tidy(() => (model.predict(tf.tensor3d(x, [1, window, features])) as tf.Tensor).dataSync()[0]!);
        expect(Math.abs(fast!.predict(x) - expected)).toBeLessThan(2e-6 * Math.max(1, Math.abs(expected)));
      }
      model.dispose();
    });
  }

  it('rejects a window with too few values, naming the shape it needs', () => {
    const model = buildModel({ kind: 'lstm', layers: 1, units: 4, heads: 1, feedForward: 4, dropout: 0 }, 6, 3, 'return', 1);
    const fast = RecurrentInference.fromModel(model, 6, 3)!;
    expect(() => fast.predict(new Float32Array(17))).toThrow(/6 x 3 = 18/);
    model.dispose();
  });

  it('declines models it does not implement (transformer)', () => {
    const model = buildModel(
      {
        kind: 'transformer',
        layers: 1,
        units: 8,
        heads: 2,
        feedForward: 8,
        dropout: 0,
      },
      6,
      3,
      'return',
      1
    );
    expect(RecurrentInference.fromModel(model, 6, 3)).toBeUndefined();
    model.dispose();
  });
});
