import * as tf from '@tensorflow/tfjs';
import { ValidationError } from '@bot/core-types';
import type { TargetKind } from './dataset.js';
import { LastTimestep, LayerNorm, MultiHeadSelfAttention, PositionalEncoding, registerNeuralLayers } from './layers.js';

/** Model families. */
export type ModelKind = 'lstm' | 'gru' | 'transformer';

/** Architecture of a forecaster network. Stored with the model. */
export interface ModelConfig {
  readonly kind: ModelKind;
  /** Recurrent layers (lstm/gru) or encoder blocks (transformer). */
  readonly layers: number;
  /** Units per recurrent layer, or the model width dModel of the transformer. */
  readonly units: number;
  /** Attention heads (transformer; must divide `units`). */
  readonly heads: number;
  /** Hidden width of the transformer feed-forward sub-layer. */
  readonly feedForward: number;
  /** Dropout rate in [0, 0.9) between layers (0 = none). */
  readonly dropout: number;
}

/** The default architecture per model kind: 2 x 64 (LSTM/GRU), 2 blocks of width 64 with 4 heads (transformer). */
export function defaultModelConfig(kind: ModelKind): ModelConfig {
  return { kind, layers: 2, units: 64, heads: 4, feedForward: 128, dropout: 0 };
}

/**
 * Validates an architecture. @throws ValidationError naming the field.
 */
export function validateModelConfig(c: ModelConfig): ModelConfig {
  if (!['lstm', 'gru', 'transformer'].includes(c.kind)) throw new ValidationError('model', c.kind, 'lstm, gru or transformer');
  if (!Number.isInteger(c.layers) || c.layers < 1 || c.layers > 16) throw new ValidationError('layers', c.layers, 'an integer in [1, 16]');
  if (!Number.isInteger(c.units) || c.units < 1 || c.units > 4096) throw new ValidationError('units', c.units, 'an integer in [1, 4096]');
  if (c.kind === 'transformer') {
    if (!Number.isInteger(c.heads) || c.heads < 1 || c.units % c.heads !== 0) {
      throw new ValidationError('heads', c.heads, `a positive integer dividing units ${c.units}`);
    }
    if (!Number.isInteger(c.feedForward) || c.feedForward < 1) throw new ValidationError('feedForward', c.feedForward, 'a positive integer');
  }
  if (!(c.dropout >= 0 && c.dropout < 0.9)) throw new ValidationError('dropout', c.dropout, 'a rate in [0, 0.9)');
  return c;
}

/**
 * Builds (uncompiled) a tfjs layers model mapping `[batch, window, features]` to `[batch, 1]`: a linear output
 * for `return` targets (standardised log return), a sigmoid probability of an up move for `direction`.
 * Every initialiser is seeded from `seed`, so the same seed on the same backend gives bit-identical weights.
 *
 * Recurrent kernels use the orthogonal initialiser when small (<= 2000 elements) and Glorot-uniform otherwise
 * (tfjs's orthogonal initialiser is a slow QR above that size).
 */
export function buildModel(config: ModelConfig, window: number, features: number, target: TargetKind, seed: number): tf.LayersModel {
  validateModelConfig(config);
  registerNeuralLayers();
  let nextSeed = seed * 1000 + 17;
  const glorot = (): ReturnType<typeof tf.initializers.zeros> => tf.initializers.glorotUniform({ seed: nextSeed++ });
  const input = tf.input({ shape: [window, features] });
  let x: tf.SymbolicTensor = input;
  const dropout = (t: tf.SymbolicTensor): tf.SymbolicTensor =>
    config.dropout > 0 ? (tf.layers.dropout({ rate: config.dropout, seed: nextSeed++ }).apply(t) as tf.SymbolicTensor) : t;
  if (config.kind === 'lstm' || config.kind === 'gru') {
    for (let l = 0; l < config.layers; l++) {
      const u = config.units;
      const recurrent = u * u * (config.kind === 'lstm' ? 4 : 3) <= 2000 ? tf.initializers.orthogonal({ seed: nextSeed++, gain: 1 }) : glorot();
      const args = {
        units: u,
        returnSequences: l < config.layers - 1,
        kernelInitializer: glorot(),
        recurrentInitializer: recurrent,
      };
      x = (config.kind === 'lstm' ? tf.layers.lstm(args) : tf.layers.gru(args)).apply(x) as tf.SymbolicTensor;
      x = dropout(x);
    }
  } else {
    const d = config.units;
    x = tf.layers.dense({ units: d, kernelInitializer: glorot() }).apply(x) as tf.SymbolicTensor;
    x = new PositionalEncoding().apply(x) as tf.SymbolicTensor;
    for (let l = 0; l < config.layers; l++) {
      const attn = new MultiHeadSelfAttention({ numHeads: config.heads, seed: nextSeed }).apply(x) as tf.SymbolicTensor;
      nextSeed += 10;
      x = tf.layers.add().apply([x, dropout(attn)]) as tf.SymbolicTensor;
      x = new LayerNorm().apply(x) as tf.SymbolicTensor;
      let ff = tf.layers.dense({ units: config.feedForward, activation: 'relu', kernelInitializer: glorot() }).apply(x) as tf.SymbolicTensor;
      ff = tf.layers.dense({ units: d, kernelInitializer: glorot() }).apply(ff) as tf.SymbolicTensor;
      x = tf.layers.add().apply([x, dropout(ff)]) as tf.SymbolicTensor;
      x = new LayerNorm().apply(x) as tf.SymbolicTensor;
    }
    x = new LastTimestep().apply(x) as tf.SymbolicTensor;
  }
  const output = tf.layers
    .dense({ units: 1, activation: target === 'direction' ? 'sigmoid' : 'linear', kernelInitializer: glorot() })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: `bot_${config.kind}` });
}
