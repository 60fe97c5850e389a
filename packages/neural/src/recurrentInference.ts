import type * as tf from '@tensorflow/tfjs';
import { ValidationError } from '@bot/core-types';
import { RecurrentKernel, packBlocks } from './kernels/recurrentKernel.js';

/**
 * One LSTM/GRU layer as f32 indices into the kernel memory. Units are padded to a multiple of 4 (`padded`) with
 * zero weights and biases, so padded units stay exactly 0 and feed nothing forward.
 */
interface RecurrentLayer {
  readonly kind: 'lstm' | 'gru';
  /** Input width (the previous layer's padded units, or the feature count). */
  readonly inputSize: number;
  readonly padded: number;
  /** `[x_t, h]`, `inputSize + padded` floats; `h` is updated in place. */
  readonly v: number;
  /** GRU: `[x_t, r * h]` for the candidate. */
  readonly vr: number;
  /** LSTM: the cell state. */
  readonly cell: number;
  /** Gate pre-activations (LSTM i, f, c, o; GRU z, r), `padded` each; GRU candidate pre-activations. */
  readonly z: number;
  readonly zCand: number;
  /** Packed weights and biases of the gates (and of the GRU candidate). */
  readonly w: number;
  readonly bias: number;
  readonly blocks: number;
  readonly wCand: number;
  readonly biasCand: number;
  readonly blocksCand: number;
  /** The layer's output sequence `[T, padded]`. */
  readonly out: number;
}

/** One LSTM/GRU layer's tfjs weights (`kernel [inputs, G]`, `recurrent [units, G]`, `bias [G]`, G = gates x units). */
export interface RecurrentLayerWeights {
  readonly kind: 'lstm' | 'gru';
  readonly units: number;
  readonly kernel: Float32Array;
  readonly recurrent: Float32Array;
  readonly bias: Float32Array;
}

/**
 * Everything {@link RecurrentInference} needs, as plain typed arrays (structured-cloneable, so it can be sent to
 * worker threads).
 */
export interface RecurrentWeights {
  readonly layers: readonly RecurrentLayerWeights[];
  /** The one-unit dense head over the last hidden state. */
  readonly head: { readonly kernel: Float64Array; readonly bias: number; readonly sigmoid: boolean };
}

/**
 * A forward pass of a stacked LSTM/GRU network built by `buildModel`, for single forecasts and per-window batches.
 * tfjs dispatches ~15 kernels per layer and time step, so one window through a 2 x 64 LSTM costs thousands of
 * kernel launches; here each layer and step is two or three calls of WebAssembly SIMD kernels
 * (`kernels/recurrent.wat`, f32 like tfjs): a matrix-vector product over `[x_t, h_{t-1}]` and the cell update,
 * with every buffer allocated once. Conventions are Keras/tfjs's: gate order i, f, c, o for LSTM and z, r, h for
 * GRU with the reset gate applied before the recurrent product (`resetAfter: false`), hard-sigmoid recurrent
 * activation (`clip(0.2x + 0.5, 0, 1)`), tanh activation (TensorFlow's float32 rational approximation, within
 * 3.3e-7 of exact); dropout is identity at inference. Results agree with tfjs `predict` to float32 rounding
 * (~1e-6 relative; summation order differs), not bitwise.
 */
export class RecurrentInference {
  private readonly head: RecurrentWeights['head'];

  private constructor(
    /** The weights this pass runs (for {@link RecurrentInference.fromWeights} elsewhere, e.g. on a worker). */
    readonly weights: RecurrentWeights,
    private readonly kernel: RecurrentKernel,
    private readonly layers: readonly RecurrentLayer[],
    /** Bars per window. */
    readonly window: number,
    /** Features per bar. */
    readonly features: number,
    private readonly input: number,
  ) {
    this.head = weights.head;
  }

  /**
   * Extracts the weights of a recurrent model, or `undefined` when the model is not a plain stack of
   * LSTM/GRU (+ dropout) layers with a one-unit dense head, uses options this pass does not implement, or
   * WebAssembly SIMD is unavailable.
   */
  static fromModel(model: tf.LayersModel, window: number, features: number): RecurrentInference | undefined {
    const raw: RecurrentLayerWeights[] = [];
    let head: { kernel: Float64Array; bias: number; sigmoid: boolean } | undefined;
    for (const layer of model.layers) {
      const cls = layer.getClassName();
      const config = layer.getConfig();
      if (cls === 'InputLayer' || cls === 'Dropout') continue;
      if ((cls === 'LSTM' || cls === 'GRU') && head === undefined) {
        if (config['activation'] !== 'tanh' || config['recurrentActivation'] !== 'hardSigmoid' || config['useBias'] !== true) return undefined;
        if (cls === 'GRU' && config['resetAfter'] === true) return undefined;
        if (config['goBackwards'] === true || config['stateful'] === true) return undefined;
        const [k, r, b] = layer.getWeights().map((w) => w.dataSync() as Float32Array);
        if (k === undefined || r === undefined || b === undefined) return undefined;
        raw.push({
          kind: cls === 'LSTM' ? 'lstm' : 'gru',
          units: config['units'] as number,
          kernel: k,
          recurrent: r,
          bias: b,
        });
        continue;
      }
      if (cls === 'Dense' && head === undefined && raw.length > 0 && config['units'] === 1) {
        const act = config['activation'];
        if (act !== 'linear' && act !== 'sigmoid') return undefined;
        const [k, b] = layer.getWeights().map((w) => Float64Array.from(w.dataSync()));
        if (k === undefined || b === undefined) return undefined;
        head = { kernel: k, bias: b[0]!, sigmoid: act === 'sigmoid' };
        continue;
      }
      return undefined;
    }
    return head === undefined || raw.length === 0 ? undefined : RecurrentInference.fromWeights({ layers: raw, head }, window, features);
  }

  /** A pass over weights taken from {@link RecurrentInference.weights}, or `undefined` without WebAssembly SIMD. */
  static fromWeights(weights: RecurrentWeights, window: number, features: number): RecurrentInference | undefined {
    const kernel = RecurrentKernel.create();
    if (kernel === undefined) return undefined;
    const input = kernel.alloc(window * features);
    const layers = allocateLayers(kernel, weights.layers, window, features);
    return new RecurrentInference(weights, kernel, layers, window, features, input);
  }

  /**
   * The raw network output for one window (row-major `[window, features]`, already normalised; extra values are
   * ignored).
   *
   * @throws ValidationError when `x` holds fewer than `window x features` values.
   */
  predict(x: Float32Array): number {
    const size = this.window * this.features;
    if (x.length < size) throw new ValidationError('x', `${x.length} values`, `one window of ${this.window} x ${this.features} = ${size} values`);
    const mem = this.kernel.f32;
    mem.set(x.length === size ? x : x.subarray(0, size), this.input);
    let seq = this.input;
    for (const layer of this.layers) {
      if (layer.kind === 'lstm') this.runLstm(mem, layer, seq);
      else this.runGru(mem, layer, seq);
      seq = layer.out;
    }
    // The last hidden state is the h part of the last layer's v.
    const last = this.layers[this.layers.length - 1]!;
    const h = last.v + last.inputSize;
    const w = this.head.kernel;
    let y = this.head.bias;
    for (let k = 0; k < w.length; k++) y += mem[h + k]! * w[k]!;
    return this.head.sigmoid ? 1 / (1 + Math.exp(-y)) : y;
  }

  private runLstm(mem: Float32Array, l: RecurrentLayer, seq: number): void {
    const { padded: u, inputSize: n, v, z, out, cell } = l;
    const k = this.kernel;
    mem.fill(0, v + n, v + n + u);
    mem.fill(0, cell, cell + u);
    for (let t = 0; t < this.window; t++) {
      mem.copyWithin(v, seq + t * n, seq + (t + 1) * n);
      k.gemv(v, l.w, l.bias, z, n + u, l.blocks);
      // v's h part held h_{t-1} for this step's product and is overwritten with h_t for the next.
      k.lstmCell(z, cell, v + n, out + t * u, u);
    }
  }

  private runGru(mem: Float32Array, l: RecurrentLayer, seq: number): void {
    const { padded: u, inputSize: n, v, vr, z, zCand, out } = l;
    const k = this.kernel;
    mem.fill(0, v + n, v + n + u);
    for (let t = 0; t < this.window; t++) {
      mem.copyWithin(v, seq + t * n, seq + (t + 1) * n);
      mem.copyWithin(vr, seq + t * n, seq + (t + 1) * n);
      k.gemv(v, l.w, l.bias, z, n + u, l.blocks);
      k.gruReset(z, v + n, vr + n, u);
      k.gemv(vr, l.wCand, l.biasCand, zCand, n + u, l.blocksCand);
      k.gruUpdate(z, zCand, v + n, out + t * u, u);
    }
  }
}

/** Allocates every layer's buffers in the kernel memory and packs the weights, padding units to multiples of 4. */
function allocateLayers(kernel: RecurrentKernel, raw: readonly RecurrentLayerWeights[], T: number, features: number): RecurrentLayer[] {
  const plans = [];
  let inputSize = features;
  let realInputs = features;
  for (const r of raw) {
    const u = r.units;
    const padded = Math.ceil(u / 4) * 4;
    const w = inputSize + padded;
    const gates = r.kind === 'lstm' ? 4 : 2;
    const blocks = Math.ceil((gates * padded) / 16);
    const blocksCand = r.kind === 'gru' ? Math.ceil(padded / 16) : 0;
    plans.push({
      r,
      inputSize,
      realInputs,
      padded,
      blocks,
      blocksCand,
      v: kernel.alloc(w),
      vr: kernel.alloc(r.kind === 'gru' ? w : 0),
      cell: kernel.alloc(r.kind === 'lstm' ? padded : 0),
      z: kernel.alloc(blocks * 16),
      zCand: kernel.alloc(blocksCand * 16),
      w: kernel.alloc(blocks * 16 * w),
      bias: kernel.alloc(blocks * 16),
      wCand: kernel.alloc(blocksCand * 16 * w),
      biasCand: kernel.alloc(blocksCand * 16),
      out: kernel.alloc(T * padded),
    });
    inputSize = padded;
    realInputs = u;
  }
  const mem = kernel.f32;
  return plans.map((p) => {
    const { r, inputSize: n, realInputs, padded } = p;
    const u = r.units;
    const G = (r.kind === 'lstm' ? 4 : 3) * u;
    // tfjs weight of input row k (< n: the input kernel, else the recurrent one) for tfjs gate column `col`,
    // mapped from the padded layout (padded rows/columns are zero).
    const weight = (k: number, gate: number, j: number): number => {
      if (j >= u) return 0;
      if (k < n) return k < realInputs ? r.kernel[k * G + gate * u + j]! : 0;
      const hk = k - n;
      return hk < u ? r.recurrent[hk * G + gate * u + j]! : 0;
    };
    const bias = (gate: number, j: number): number => (j < u ? r.bias[gate * u + j]! : 0);
    const rows = n + padded;
    const gates = r.kind === 'lstm' ? 4 : 2;
    const gateOf = (col: number): [number, number] => [Math.floor(col / padded), col % padded];
    packBlocks((k, col) => weight(k, ...gateOf(col)), rows, gates * padded, mem, p.w);
    packBlocks((_k, col) => bias(...gateOf(col)), 1, gates * padded, mem, p.bias);
    if (r.kind === 'gru') {
      packBlocks((k, col) => weight(k, 2, col), rows, padded, mem, p.wCand);
      packBlocks((_k, col) => bias(2, col), 1, padded, mem, p.biasCand);
    }
    const { v, vr, cell, z, zCand, w, bias: b, blocks, wCand, biasCand, blocksCand, out } = p;
    return {
      kind: r.kind,
      inputSize: n,
      padded,
      v,
      vr,
      cell,
      z,
      zCand,
      w,
      bias: b,
      blocks,
      wCand,
      biasCand,
      blocksCand,
      out,
    };
  });
}
