import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { LastTimestep, LayerNorm, MultiHeadSelfAttention, PositionalEncoding } from './layers.js';

describe('custom layers', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('LayerNorm equals the textbook formula (gamma * (x - mean) / sqrt(var + eps) + beta, population variance)', () => {
    const layer = new LayerNorm({ epsilon: 1e-3 });
    const x = tf.tensor3d([[[1, 2, 4, 8], [-3, 0, 3, 30]]]);
    layer.build(x.shape);
    layer.setWeights([tf.tensor1d([1, 2, 0.5, -1]), tf.tensor1d([0, 0.1, -0.2, 0.3])]);
    const out = (layer.apply(x) as tf.Tensor).arraySync() as number[][][];
    const gamma = [1, 2, 0.5, -1];
    const beta = [0, 0.1, -0.2, 0.3];
    for (const [r, row] of [[1, 2, 4, 8], [-3, 0, 3, 30]].entries()) {
      const m = row.reduce((a, b) => a + b, 0) / 4;
      const v = row.reduce((a, b) => a + (b - m) ** 2, 0) / 4;
      row.forEach((value, i) => expect(out[0]![r]![i]).toBeCloseTo((gamma[i]! * (value - m)) / Math.sqrt(v + 1e-3) + beta[i]!, 5));
    }
  });

  it('PositionalEncoding adds sin/cos of pos / 10000^(2i/d)', () => {
    const out = (new PositionalEncoding().apply(tf.zeros([1, 3, 4])) as tf.Tensor).arraySync() as number[][][];
    for (let pos = 0; pos < 3; pos++) {
      expect(out[0]![pos]![0]).toBeCloseTo(Math.sin(pos), 6);
      expect(out[0]![pos]![1]).toBeCloseTo(Math.cos(pos), 6);
      expect(out[0]![pos]![2]).toBeCloseTo(Math.sin(pos / 100), 6);
      expect(out[0]![pos]![3]).toBeCloseTo(Math.cos(pos / 100), 6);
    }
  });

  it('MultiHeadSelfAttention with identity projections and one head is softmax(X X^T / sqrt(d)) X', () => {
    const d = 2;
    const layer = new MultiHeadSelfAttention({ numHeads: 1 });
    const xs = [[1, 0], [0, 2], [1, 1]];
    const x = tf.tensor3d([xs]);
    layer.build(x.shape);
    const eye = tf.eye(d);
    const zero = tf.zeros([d]);
    layer.setWeights([eye, eye, eye, eye, zero, zero, zero, zero]);
    const out = (layer.apply(x) as tf.Tensor).arraySync() as number[][][];
    for (let i = 0; i < 3; i++) {
      const s = xs.map((xj) => (xs[i]![0]! * xj[0]! + xs[i]![1]! * xj[1]!) / Math.sqrt(d));
      const e = s.map((v) => Math.exp(v - Math.max(...s)));
      const z = e.reduce((a, b) => a + b, 0);
      for (let c = 0; c < d; c++) expect(out[0]![i]![c]).toBeCloseTo(xs.reduce((acc, xj, j) => acc + (e[j]! / z) * xj[c]!, 0), 5);
    }
  });

  it('LastTimestep takes the last step', () => {
    const out = (new LastTimestep().apply(tf.tensor3d([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])) as tf.Tensor).arraySync();
    expect(out).toEqual([[3, 4], [7, 8]]);
  });
});
