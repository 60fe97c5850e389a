import type * as tf from '@tensorflow/tfjs';
import { WasmGemv, packBlocks } from './kernels/wasmGemv.js';

/** One LSTM/GRU layer's buffers, as f32 indices into the kernel memory. */
interface RecurrentLayer {
  readonly kind: 'lstm' | 'gru';
  readonly inputSize: number;
  readonly units: number;
  /** `[x_t, h]` (LSTM, GRU gates) — `w = inputSize + units` floats. */
  readonly v: number;
  /** GRU only: `[x_t, r * h]` for the candidate. */
  readonly vr: number;
  /** Gate pre-activations (LSTM i, f, c, o; GRU z, r), then for GRU the candidate's, padded to 16. */
  readonly z: number;
  readonly zCand: number;
  /** Packed weights and biases of the gates (and GRU candidate). */
  readonly w: number;
  readonly bias: number;
  readonly blocks: number;
  readonly wCand: number;
  readonly biasCand: number;
  readonly blocksCand: number;
  /** The layer's output sequence `[T, units]`. */
  readonly out: number;
}

interface RawLayer {
  readonly kind: 'lstm' | 'gru';
  readonly units: number;
  readonly kernel: Float32Array;
  readonly recurrent: Float32Array;
  readonly bias: Float32Array;
}

function hardSigmoid(x: number): number {
  const y = 0.2 * x + 0.5;
  return y < 0 ? 0 : y > 1 ? 1 : y;
}

/**
 * A forward pass of a stacked LSTM/GRU network built by `buildModel`, for single forecasts and per-window batches.
 * tfjs dispatches ~15 kernels per layer and time step, so one window through a 2 x 64 LSTM costs thousands of
 * kernel launches; here each layer and step is one call of a WebAssembly SIMD matrix-vector kernel
 * (`kernels/gemv.wat`, f32 like tfjs) over `[x_t, h_{t-1}]`, then the gate nonlinearities in JavaScript, with every
 * buffer allocated once. Conventions are Keras/tfjs's: gate order i, f, c, o for LSTM and z, r, h for GRU with the
 * reset gate applied before the recurrent product (`resetAfter: false`), hard-sigmoid recurrent activation
 * (`clip(0.2x + 0.5, 0, 1)`), tanh activation; dropout is identity at inference. Results agree with tfjs
 * `predict` to float32 rounding (~1e-6 relative; summation order differs), not bitwise.
 */
export class RecurrentInference {
  private readonly cell: Float64Array;

  private constructor(
    private readonly kernel: WasmGemv,
    private readonly layers: readonly RecurrentLayer[],
    private readonly head: { readonly kernel: Float64Array; readonly bias: number; readonly sigmoid: boolean },
    private readonly window: number,
    private readonly features: number,
    private readonly input: number,
  ) {
    this.cell = new Float64Array(Math.max(...layers.map((l) => l.units)));
  }

  /**
   * Extracts the weights of a recurrent model, or `undefined` when the model is not a plain stack of
   * LSTM/GRU (+ dropout) layers with a one-unit dense head, uses options this pass does not implement, or
   * WebAssembly SIMD is unavailable.
   */
  static fromModel(model: tf.LayersModel, window: number, features: number): RecurrentInference | undefined {
    const raw: RawLayer[] = [];
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
        raw.push({ kind: cls === 'LSTM' ? 'lstm' : 'gru', units: config['units'] as number, kernel: k, recurrent: r, bias: b });
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
    if (head === undefined || raw.length === 0) return undefined;
    const kernel = WasmGemv.create();
    if (kernel === undefined) return undefined;
    const input = kernel.alloc(window * features);
    const layers = allocateLayers(kernel, raw, window, features);
    return new RecurrentInference(kernel, layers, head, window, features, input);
  }

  /** The raw network output for one window (row-major `[window, features]`, already normalised). */
  predict(x: Float32Array): number {
    const mem = this.kernel.f32;
    mem.set(x.length === this.window * this.features ? x : x.subarray(0, this.window * this.features), this.input);
    let seq = this.input;
    for (const layer of this.layers) {
      if (layer.kind === 'lstm') this.runLstm(mem, layer, seq);
      else this.runGru(mem, layer, seq);
      seq = layer.out;
    }
    const last = this.layers[this.layers.length - 1]!;
    const h = last.out + (this.window - 1) * last.units;
    let y = this.head.bias;
    for (let k = 0; k < last.units; k++) y += mem[h + k]! * this.head.kernel[k]!;
    return this.head.sigmoid ? 1 / (1 + Math.exp(-y)) : y;
  }

  private runLstm(mem: Float32Array, l: RecurrentLayer, seq: number): void {
    const { units: u, inputSize: n, v, z, out } = l;
    const c = this.cell;
    c.fill(0, 0, u);
    mem.fill(0, v + n, v + n + u);
    for (let t = 0; t < this.window; t++) {
      mem.copyWithin(v, seq + t * n, seq + (t + 1) * n);
      this.kernel.gemv(v, l.w, l.bias, z, n + u, l.blocks);
      const o = out + t * u;
      for (let j = 0; j < u; j++) {
        const i = hardSigmoid(mem[z + j]!);
        const f = hardSigmoid(mem[z + u + j]!);
        const g = Math.tanh(mem[z + 2 * u + j]!);
        const og = hardSigmoid(mem[z + 3 * u + j]!);
        const cc = f * c[j]! + i * g;
        c[j] = cc;
        // v holds h_{t-1} for this step's product, already consumed: overwrite it with h_t for the next step.
        mem[o + j] = mem[v + n + j] = og * Math.tanh(cc);
      }
    }
  }

  private runGru(mem: Float32Array, l: RecurrentLayer, seq: number): void {
    const { units: u, inputSize: n, v, vr, z, zCand, out } = l;
    mem.fill(0, v + n, v + n + u);
    for (let t = 0; t < this.window; t++) {
      mem.copyWithin(v, seq + t * n, seq + (t + 1) * n);
      mem.copyWithin(vr, seq + t * n, seq + (t + 1) * n);
      this.kernel.gemv(v, l.w, l.bias, z, n + u, l.blocks);
      for (let j = 0; j < u; j++) mem[vr + n + j] = hardSigmoid(mem[z + u + j]!) * mem[v + n + j]!;
      this.kernel.gemv(vr, l.wCand, l.biasCand, zCand, n + u, l.blocksCand);
      const o = out + t * u;
      for (let j = 0; j < u; j++) {
        const zz = hardSigmoid(mem[z + j]!);
        const hh = Math.tanh(mem[zCand + j]!);
        mem[o + j] = mem[v + n + j] = zz * mem[v + n + j]! + (1 - zz) * hh;
      }
    }
  }
}

/** Allocates every layer's buffers in the kernel memory and packs the weights. */
function allocateLayers(kernel: WasmGemv, raw: readonly RawLayer[], T: number, features: number): RecurrentLayer[] {
  const plans = [];
  let n = features;
  for (const r of raw) {
    const u = r.units;
    const w = n + u;
    const gateCols = r.kind === 'lstm' ? 4 * u : 2 * u;
    const blocks = Math.ceil(gateCols / 16);
    const blocksCand = r.kind === 'gru' ? Math.ceil(u / 16) : 0;
    plans.push({
      r,
      n,
      blocks,
      blocksCand,
      v: kernel.alloc(w),
      vr: kernel.alloc(r.kind === 'gru' ? w : 0),
      z: kernel.alloc(blocks * 16),
      zCand: kernel.alloc(blocksCand * 16),
      w: kernel.alloc(blocks * 16 * w),
      bias: kernel.alloc(blocks * 16),
      wCand: kernel.alloc(blocksCand * 16 * w),
      biasCand: kernel.alloc(blocksCand * 16),
      out: kernel.alloc(T * u),
    });
    n = u;
  }
  const mem = kernel.f32;
  return plans.map((p) => {
    const { r, n: inputSize } = p;
    const u = r.units;
    const G = (r.kind === 'lstm' ? 4 : 3) * u;
    const w = inputSize + u;
    // [kernel; recurrent] stacked: rows 0..inputSize-1 from the input kernel, the rest from the recurrent one.
    const stacked = new Float32Array(w * G);
    stacked.set(r.kernel, 0);
    stacked.set(r.recurrent, inputSize * G);
    const gateCols = r.kind === 'lstm' ? 4 * u : 2 * u;
    packBlocks(stacked, w, G, 0, gateCols, mem, p.w);
    packBlocks(r.bias, 1, G, 0, gateCols, mem, p.bias);
    if (r.kind === 'gru') {
      packBlocks(stacked, w, G, 2 * u, 3 * u, mem, p.wCand);
      packBlocks(r.bias, 1, G, 2 * u, 3 * u, mem, p.biasCand);
    }
    return {
      kind: r.kind,
      inputSize,
      units: u,
      v: p.v,
      vr: p.vr,
      z: p.z,
      zCand: p.zCand,
      w: p.w,
      bias: p.bias,
      blocks: p.blocks,
      wCand: p.wCand,
      biasCand: p.biasCand,
      blocksCand: p.blocksCand,
      out: p.out,
    };
  });
}
