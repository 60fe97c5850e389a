import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Shape = (number | null)[];
type Initializer = ReturnType<typeof tf.initializers.zeros>;

function single(x: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(x) ? x[0]! : x;
}

function singleShape(s: tf.Shape | tf.Shape[]): Shape {
  return (Array.isArray(s[0]) ? s[0] : s) as Shape;
}

/**
 * Adds the sinusoidal positional encoding of Vaswani et al. (2017) to a `[batch, time, dModel]` input:
 * `PE[pos, 2i] = sin(pos / 10000^(2i/d))`, `PE[pos, 2i+1] = cos(pos / 10000^(2i/d))`. No weights.
 */
export class PositionalEncoding extends tf.layers.Layer {
  static readonly className = 'BotPositionalEncoding';
  private table: tf.Tensor | undefined;

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return singleShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      const [, time, d] = x.shape as [number, number, number];
      if (this.table === undefined || this.table.shape[0] !== time || this.table.shape[1] !== d) {
        this.table?.dispose();
        const values = new Float32Array(time * d);
        for (let pos = 0; pos < time; pos++) {
          for (let i = 0; i < d; i++) {
            const angle = pos / 10000 ** ((2 * Math.floor(i / 2)) / d);
            values[pos * d + i] = i % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
          }
        }
        this.table = tf.keep(tf.tensor2d(values, [time, d]));
      }
      return tf.add(x, this.table);
    });
  }

  override dispose(): ReturnType<tf.layers.Layer['dispose']> {
    this.table?.dispose();
    this.table = undefined;
    return super.dispose();
  }
}

/** Arguments of {@link MultiHeadSelfAttention}. */
export interface MultiHeadSelfAttentionArgs extends LayerArgs {
  /** Number of heads; must divide the model width. */
  readonly numHeads: number;
  /** Seed of the Glorot-uniform initialisers (reproducible weights). */
  readonly seed?: number;
}

/**
 * Multi-head scaled dot-product self-attention over a `[batch, time, dModel]` input (tfjs has no
 * MultiHeadAttention layer): `softmax(Q K^T / sqrt(dHead)) V` per head, heads concatenated and projected by `Wo`.
 * No causal mask is needed: every position of a window is already in the past of the forecast time.
 * Registered with `tf.serialization` so saved models load.
 */
export class MultiHeadSelfAttention extends tf.layers.Layer {
  static readonly className = 'BotMultiHeadSelfAttention';
  readonly numHeads: number;
  readonly seed: number | undefined;
  private wq!: tf.LayerVariable;
  private wk!: tf.LayerVariable;
  private wv!: tf.LayerVariable;
  private wo!: tf.LayerVariable;
  private bq!: tf.LayerVariable;
  private bk!: tf.LayerVariable;
  private bv!: tf.LayerVariable;
  private bo!: tf.LayerVariable;

  constructor(args: MultiHeadSelfAttentionArgs) {
    super(args);
    this.numHeads = args.numHeads;
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const d = singleShape(inputShape)[2];
    if (typeof d !== 'number' || d % this.numHeads !== 0) {
      throw new RangeError(`MultiHeadSelfAttention: width ${String(d)} is not divisible by ${this.numHeads} heads`);
    }
    const init = (k: number): Initializer =>
      tf.initializers.glorotUniform(this.seed === undefined ? {} : { seed: this.seed + k });
    const zeros = tf.initializers.zeros();
    this.wq = this.addWeight('wq', [d, d], 'float32', init(1));
    this.wk = this.addWeight('wk', [d, d], 'float32', init(2));
    this.wv = this.addWeight('wv', [d, d], 'float32', init(3));
    this.wo = this.addWeight('wo', [d, d], 'float32', init(4));
    this.bq = this.addWeight('bq', [d], 'float32', zeros);
    this.bk = this.addWeight('bk', [d], 'float32', zeros);
    this.bv = this.addWeight('bv', [d], 'float32', zeros);
    this.bo = this.addWeight('bo', [d], 'float32', zeros);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return singleShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs) as tf.Tensor3D;
      const [b, t, d] = x.shape;
      const h = this.numHeads;
      const dh = d / h;
      const project = (w: tf.LayerVariable, bias: tf.LayerVariable): tf.Tensor4D =>
        tf
          .add(tf.matMul(tf.reshape(x, [b * t, d]), w.read()), bias.read())
          .reshape([b, t, h, dh])
          .transpose([0, 2, 1, 3]) as tf.Tensor4D;
      const q = project(this.wq, this.bq);
      const k = project(this.wk, this.bk);
      const v = project(this.wv, this.bv);
      const scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(dh));
      const attn = tf.softmax(scores, -1);
      const ctx = tf.matMul(attn, v).transpose([0, 2, 1, 3]).reshape([b * t, d]);
      return tf.add(tf.matMul(ctx, this.wo.read()), this.bo.read()).reshape([b, t, d]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { ...super.getConfig(), numHeads: this.numHeads };
    if (this.seed !== undefined) config['seed'] = this.seed;
    return config;
  }
}

/** Takes the last time step of a `[batch, time, features]` input: `[batch, features]`. */
export class LastTimestep extends tf.layers.Layer {
  static readonly className = 'BotLastTimestep';

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = singleShape(inputShape);
    return [s[0] ?? null, s[2] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      const [b, t, d] = x.shape as [number, number, number];
      return tf.slice(x, [0, t - 1, 0], [b, 1, d]).reshape([b, d]);
    });
  }
}

let registered = false;

/**
 * Registers the custom layers with `tf.serialization` (idempotent). Called by model building and loading, so
 * users never need it unless they load a saved model with tfjs directly.
 */
export function registerNeuralLayers(): void {
  if (registered) return;
  tf.serialization.registerClass(PositionalEncoding);
  tf.serialization.registerClass(MultiHeadSelfAttention);
  tf.serialization.registerClass(LastTimestep);
  tf.serialization.registerClass(LayerNorm);
  registered = true;
}

/**
 * Layer normalisation over the last axis, `gamma * (x - mean) / sqrt(var + epsilon) + beta` (Ba et al., 2016),
 * written with elementary ops: tfjs's `layerNormalization` is ~3x slower than this on the wasm backend
 * (its batch-norm kernel gradient), which made Transformer training slower on wasm than on cpu.
 */
export class LayerNorm extends tf.layers.Layer {
  static readonly className = 'BotLayerNorm';
  readonly epsilon: number;
  private gamma!: tf.LayerVariable;
  private beta!: tf.LayerVariable;

  constructor(args: LayerArgs & { readonly epsilon?: number } = {}) {
    super(args);
    this.epsilon = args.epsilon ?? 1e-3;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const s = singleShape(inputShape);
    const d = s[s.length - 1];
    if (typeof d !== 'number') throw new RangeError('LayerNorm: the last axis must have a known size');
    this.gamma = this.addWeight('gamma', [d], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [d], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return singleShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      const centred = tf.sub(x, tf.mean(x, -1, true));
      const variance = tf.mean(tf.square(centred), -1, true);
      return tf.add(tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, this.epsilon))), this.gamma.read()), this.beta.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}
