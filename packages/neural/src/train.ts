import * as tf from '@tensorflow/tfjs';
import type { TargetKind } from './dataset.js';
import { createPrng, seededPermutation } from './prng.js';

/** Progress of a training run, reported after every batch and every epoch. */
export interface TrainingProgress {
  readonly phase: 'batch' | 'epoch';
  /** 1-based epoch. */
  readonly epoch: number;
  readonly epochs: number;
  /** 1-based batch within the epoch. */
  readonly batch: number;
  readonly batches: number;
  /** Mean training loss so far in this epoch (MSE of the standardised target, or binary cross-entropy). */
  readonly loss: number;
  /** Validation loss after the epoch (`NaN` during an epoch). */
  readonly valLoss: number;
  readonly learningRate: number;
}

/** Training hyper-parameters. */
export interface TrainOptions {
  /** Maximum epochs (default 30). */
  readonly epochs?: number;
  /** Mini-batch size (default 64). */
  readonly batchSize?: number;
  /** Initial Adam learning rate (default 1e-3). */
  readonly learningRate?: number;
  /** Early stopping: epochs without a validation improvement before stopping (default 5). Best weights are restored. */
  readonly patience?: number;
  /** Reduce-on-plateau: epochs without improvement before the learning rate is multiplied by `lrFactor` (default 2). */
  readonly lrPatience?: number;
  /** Learning-rate decay factor on plateau (default 0.5). */
  readonly lrFactor?: number;
  /** Floor of the learning rate (default 1e-5). */
  readonly minLearningRate?: number;
  /** Minimum validation-loss decrease that counts as an improvement (default 1e-4, relative). */
  readonly minDelta?: number;
  /** Seed of the epoch shuffles (default 1). */
  readonly seed?: number;
  readonly onProgress?: (p: TrainingProgress) => void;
}

/** Tensors-ready training data: row-major inputs `[n, window, features]` and targets `[n]`. */
export interface TrainingData {
  readonly window: number;
  readonly features: number;
  readonly xTrain: Float32Array;
  readonly yTrain: Float32Array;
  readonly xVal: Float32Array;
  readonly yVal: Float32Array;
}

/** What happened during training. */
export interface TrainingHistory {
  readonly loss: number[];
  readonly valLoss: number[];
  readonly learningRate: number[];
  /** 1-based epoch whose weights were kept (lowest validation loss). */
  readonly bestEpoch: number;
  readonly bestValLoss: number;
  readonly stoppedEarly: boolean;
  /** Training windows processed per second of wall time (includes validation). Measured, for reporting only. */
  readonly windowsPerSecond: number;
}

/**
 * Trains a model with Adam, seeded epoch shuffles, reduce-on-plateau learning-rate decay and early stopping with
 * best-weight restore. Deterministic: the same model seed, data and options on the same backend give bit-identical
 * weights.
 *
 * @param now a monotonic ms source for the throughput figure only (e.g. `performance.now`); defaults to none (NaN).
 * @example
 * ```ts
 * const history = await fitModel(model, data, 'return', { epochs: 20, onProgress: (p) => bar.update(p.batch) });
 * ```
 */
export async function fitModel(
  model: tf.LayersModel,
  data: TrainingData,
  target: TargetKind,
  options: TrainOptions = {},
  now?: () => number,
): Promise<TrainingHistory> {
  const epochs = options.epochs ?? 30;
  const batchSize = options.batchSize ?? 64;
  let lr = options.learningRate ?? 1e-3;
  const patience = options.patience ?? 5;
  const lrPatience = options.lrPatience ?? 2;
  const lrFactor = options.lrFactor ?? 0.5;
  const minLr = options.minLearningRate ?? 1e-5;
  const minDelta = options.minDelta ?? 1e-4;
  const rng = createPrng(options.seed ?? 1);
  const optimizer = tf.train.adam(lr);
  model.compile({ optimizer, loss: target === 'direction' ? 'binaryCrossentropy' : 'meanSquaredError' });

  const per = data.window * data.features;
  const nTrain = data.yTrain.length;
  const nVal = data.yVal.length;
  const batches = Math.ceil(nTrain / batchSize);
  const xVal = tf.tensor3d(data.xVal, [nVal, data.window, data.features]);
  const yVal = tf.tensor2d(data.yVal, [nVal, 1]);
  const history = { loss: [] as number[], valLoss: [] as number[], learningRate: [] as number[] };
  let best = Number.POSITIVE_INFINITY;
  let bestEpoch = 0;
  let bestWeights: tf.Tensor[] | undefined;
  let sinceBest = 0;
  let sinceLr = 0;
  let stoppedEarly = false;
  const t0 = now?.() ?? Number.NaN;
  let seen = 0;
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const perm = seededPermutation(nTrain, rng);
      const xs = new Float32Array(nTrain * per);
      const ys = new Float32Array(nTrain);
      for (let i = 0; i < nTrain; i++) {
        const j = perm[i]!;
        xs.set(data.xTrain.subarray(j * per, (j + 1) * per), i * per);
        ys[i] = data.yTrain[j]!;
      }
      const x = tf.tensor3d(xs, [nTrain, data.window, data.features]);
      const y = tf.tensor2d(ys, [nTrain, 1]);
      let sum = 0;
      let count = 0;
      try {
        await model.fit(x, y, {
          epochs: 1,
          batchSize,
          shuffle: false,
          verbose: 0,
          yieldEvery: 'never',
          callbacks: {
            onBatchEnd: (batch, logs) => {
              const size = Math.min(batchSize, nTrain - batch * batchSize);
              sum += (logs?.['loss'] ?? Number.NaN) * size;
              count += size;
              options.onProgress?.({ phase: 'batch', epoch, epochs, batch: batch + 1, batches, loss: sum / count, valLoss: Number.NaN, learningRate: lr });
            },
          },
        });
      } finally {
        x.dispose();
        y.dispose();
      }
      seen += nTrain + nVal;
      const evaluated = model.evaluate(xVal, yVal, { batchSize: 1024 }) as tf.Scalar;
      const valLoss = (await evaluated.data())[0]!;
      evaluated.dispose();
      const loss = sum / count;
      history.loss.push(loss);
      history.valLoss.push(valLoss);
      history.learningRate.push(lr);
      options.onProgress?.({ phase: 'epoch', epoch, epochs, batch: batches, batches, loss, valLoss, learningRate: lr });
      if (valLoss < best - minDelta * Math.abs(best) || !Number.isFinite(best)) {
        best = valLoss;
        bestEpoch = epoch;
        bestWeights?.forEach((w) => w.dispose());
        bestWeights = model.getWeights().map((w) => w.clone());
        sinceBest = 0;
        sinceLr = 0;
      } else {
        sinceBest++;
        sinceLr++;
        if (sinceBest >= patience) {
          stoppedEarly = epoch < epochs;
          break;
        }
        if (sinceLr >= lrPatience && lr > minLr) {
          lr = Math.max(minLr, lr * lrFactor);
          // Adam reads its learning rate on every step; tfjs exposes no setter, so set the field it reads.
          (optimizer as unknown as { learningRate: number }).learningRate = lr;
          sinceLr = 0;
        }
      }
    }
    if (bestWeights !== undefined) model.setWeights(bestWeights);
  } finally {
    bestWeights?.forEach((w) => w.dispose());
    xVal.dispose();
    yVal.dispose();
  }
  const elapsed = (now?.() ?? Number.NaN) - t0;
  return {
    ...history,
    bestEpoch,
    bestValLoss: best,
    stoppedEarly,
    windowsPerSecond: (seen / elapsed) * 1000,
  };
}
