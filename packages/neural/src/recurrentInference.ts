import type * as tf from '@tensorflow/tfjs';

interface RecurrentLayer {
  readonly kind: 'lstm' | 'gru';
  readonly inputSize: number;
  readonly units: number;
  /** Combined input + recurrent weights over `[x_t, h]`, laid out by `interleaveLstm` / `interleaveGru`. */
  readonly rows: Float32Array;
  readonly bias: Float64Array;
}

/**
 * LSTM layout over `[x_t, h]`: units in pairs (j, j+1); for each input k the gate weights i, f, c, o of j then of
 * j+1 are adjacent (a trailing odd unit has its four alone).
 */
function interleaveLstm(kernel: Float64Array, recurrent: Float64Array, n: number, u: number): Float32Array {
  const w = n + u;
  const G = 4 * u;
  const rows = new Float32Array(G * w);
  const weight = (k: number, col: number): number => (k < n ? kernel[k * G + col]! : recurrent[(k - n) * G + col]!);
  for (let j = 0; j < u; j += 2) {
    const width = j + 1 < u ? 2 : 1;
    let r = j * w * 4;
    for (let k = 0; k < w; k++) {
      for (let m = 0; m < width; m++) for (let gate = 0; gate < 4; gate++) rows[r++] = weight(k, gate * u + j + m);
    }
  }
  return rows;
}

/**
 * GRU layout over `[x_t, h]`: first, for each unit pair (j, j+1) and input k, the z and r weights of j then of j+1
 * (`2 * u * w` values); then the candidate rows, gate-major (row j = input column then recurrent column of h_j).
 */
function interleaveGru(kernel: Float64Array, recurrent: Float64Array, n: number, u: number): Float32Array {
  const w = n + u;
  const G = 3 * u;
  const rows = new Float32Array(G * w);
  const weight = (k: number, col: number): number => (k < n ? kernel[k * G + col]! : recurrent[(k - n) * G + col]!);
  for (let j = 0; j < u; j += 2) {
    const width = j + 1 < u ? 2 : 1;
    let r = j * w * 2;
    for (let k = 0; k < w; k++) {
      for (let m = 0; m < width; m++) for (let gate = 0; gate < 2; gate++) rows[r++] = weight(k, gate * u + j + m);
    }
  }
  for (let j = 0; j < u; j++) for (let k = 0; k < w; k++) rows[2 * u * w + j * w + k] = weight(k, 2 * u + j);
  return rows;
}

function lstmUnit(j: number, zi: number, zf: number, zg: number, zo: number, bias: Float64Array, c: Float64Array, h: Float64Array, u: number): void {
  const i = hardSigmoid(bias[j]! + zi);
  const f = hardSigmoid(bias[u + j]! + zf);
  const g = Math.tanh(bias[2 * u + j]! + zg);
  const o = hardSigmoid(bias[3 * u + j]! + zo);
  const cc = f * c[j]! + i * g;
  c[j] = cc;
  h[j] = o * Math.tanh(cc);
}

/** `sum_k v[k] * rows[off + k]` for `k < len`, four accumulators (keeps the reduction in registers). */
function dot(v: Float64Array, rows: Float32Array, off: number, len: number): number {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let k = 0;
  for (; k + 3 < len; k += 4) {
    a0 += v[k]! * rows[off + k]!;
    a1 += v[k + 1]! * rows[off + k + 1]!;
    a2 += v[k + 2]! * rows[off + k + 2]!;
    a3 += v[k + 3]! * rows[off + k + 3]!;
  }
  for (; k < len; k++) a0 += v[k]! * rows[off + k]!;
  return a0 + a1 + (a2 + a3);
}

function hardSigmoid(x: number): number {
  const y = 0.2 * x + 0.5;
  return y < 0 ? 0 : y > 1 ? 1 : y;
}

/**
 * A plain-JavaScript forward pass of a stacked LSTM/GRU network built by `buildModel`, for single forecasts.
 * tfjs dispatches ~15 kernels per layer and time step, so one window through a 2 x 64 LSTM costs thousands of
 * kernel launches; these loops do the same arithmetic (Keras/tfjs conventions: gate order i, f, c, o for LSTM and
 * z, r, h for GRU with the reset gate applied before the recurrent product, hard-sigmoid recurrent activation,
 * tanh activation) in float64 on float32 weights, so results agree with tfjs to float32 rounding (~1e-6
 * relative), not bitwise. Dropout layers are identity at inference.
 */
export class RecurrentInference {
  private constructor(
    private readonly layers: readonly RecurrentLayer[],
    private readonly head: { readonly kernel: Float64Array; readonly bias: number; readonly sigmoid: boolean },
    private readonly window: number,
    private readonly features: number,
  ) {}

  /**
   * Extracts the weights of a recurrent model, or `undefined` when the model is not a plain stack of
   * LSTM/GRU (+ dropout) layers with a one-unit dense head, or uses options these loops do not implement.
   */
  static fromModel(model: tf.LayersModel, window: number, features: number): RecurrentInference | undefined {
    const layers: RecurrentLayer[] = [];
    let head: { kernel: Float64Array; bias: number; sigmoid: boolean } | undefined;
    let inputSize = features;
    for (const layer of model.layers) {
      const cls = layer.getClassName();
      const config = layer.getConfig();
      if (cls === 'InputLayer' || cls === 'Dropout') continue;
      if ((cls === 'LSTM' || cls === 'GRU') && head === undefined) {
        if (config['activation'] !== 'tanh' || config['recurrentActivation'] !== 'hardSigmoid' || config['useBias'] !== true) return undefined;
        if (cls === 'GRU' && config['resetAfter'] === true) return undefined;
        if (config['goBackwards'] === true || config['stateful'] === true) return undefined;
        const [k, r, b] = layer.getWeights().map((w) => Float64Array.from(w.dataSync()));
        if (k === undefined || r === undefined || b === undefined) return undefined;
        const units = config['units'] as number;
        const rows = cls === 'LSTM' ? interleaveLstm(k, r, inputSize, units) : interleaveGru(k, r, inputSize, units);
        layers.push({ kind: cls === 'LSTM' ? 'lstm' : 'gru', inputSize, units, rows, bias: b });
        inputSize = units;
        continue;
      }
      if (cls === 'Dense' && head === undefined && layers.length > 0 && config['units'] === 1) {
        const act = config['activation'];
        if (act !== 'linear' && act !== 'sigmoid') return undefined;
        const [k, b] = layer.getWeights().map((w) => Float64Array.from(w.dataSync()));
        if (k === undefined || b === undefined) return undefined;
        head = { kernel: k, bias: b[0]!, sigmoid: act === 'sigmoid' };
        continue;
      }
      return undefined;
    }
    return head === undefined || layers.length === 0 ? undefined : new RecurrentInference(layers, head, window, features);
  }

  /** The raw network output for one window (row-major `[window, features]`, already normalised). */
  predict(x: Float32Array): number {
    const T = this.window;
    let seq = new Float64Array(T * this.features);
    for (let i = 0; i < seq.length; i++) seq[i] = x[i]!;
    let h: Float64Array = new Float64Array(0);
    for (const layer of this.layers) {
      const out = new Float64Array(T * layer.units);
      h = layer.kind === 'lstm' ? runLstm(layer, seq, T, out) : runGru(layer, seq, T, out);
      seq = out;
    }
    let y = this.head.bias;
    for (let k = 0; k < h.length; k++) y += h[k]! * this.head.kernel[k]!;
    return this.head.sigmoid ? 1 / (1 + Math.exp(-y)) : y;
  }
}

/** Writes the hidden state after step t to `out[t*u..]`; returns the last hidden state. */
function runLstm(l: RecurrentLayer, seq: Float64Array, T: number, out: Float64Array): Float64Array {
  const u = l.units;
  const n = l.inputSize;
  const w = n + u;
  const v = new Float64Array(w);
  const c = new Float64Array(u);
  const h = new Float64Array(u);
  const { rows, bias } = l;
  for (let t = 0; t < T; t++) {
    for (let k = 0; k < n; k++) v[k] = seq[t * n + k]!;
    v.set(h, n);
    // The four gates of units j and j+1 in one sequential pass over v (rows interleaved per input: i, f, c, o of
    // j, then of j+1), so each v[k] load feeds eight multiply-adds; v holds the previous h, so h is updated in place.
    for (let j = 0; j < u; j += 2) {
      const pair = j + 1 < u;
      let r = j * w * 4;
      let ai = 0;
      let af = 0;
      let ag = 0;
      let ao = 0;
      let bi = 0;
      let bf = 0;
      let bg = 0;
      let bo = 0;
      if (pair) {
        for (let k = 0; k < w; k++, r += 8) {
          const vk = v[k]!;
          ai += vk * rows[r]!;
          af += vk * rows[r + 1]!;
          ag += vk * rows[r + 2]!;
          ao += vk * rows[r + 3]!;
          bi += vk * rows[r + 4]!;
          bf += vk * rows[r + 5]!;
          bg += vk * rows[r + 6]!;
          bo += vk * rows[r + 7]!;
        }
      } else {
        for (let k = 0; k < w; k++, r += 4) {
          const vk = v[k]!;
          ai += vk * rows[r]!;
          af += vk * rows[r + 1]!;
          ag += vk * rows[r + 2]!;
          ao += vk * rows[r + 3]!;
        }
      }
      lstmUnit(j, ai, af, ag, ao, bias, c, h, u);
      if (pair) lstmUnit(j + 1, bi, bf, bg, bo, bias, c, h, u);
    }
    out.set(h, t * u);
  }
  return h;
}

function runGru(l: RecurrentLayer, seq: Float64Array, T: number, out: Float64Array): Float64Array {
  const u = l.units;
  const n = l.inputSize;
  const w = n + u;
  const v = new Float64Array(w);
  const vr = new Float64Array(w);
  const z = new Float64Array(u);
  const h = new Float64Array(u);
  const { rows, bias } = l;
  const cand = 2 * u * w;
  for (let t = 0; t < T; t++) {
    for (let k = 0; k < n; k++) {
      v[k] = seq[t * n + k]!;
      vr[k] = v[k]!;
    }
    v.set(h, n);
    // z and r of units j, j+1 in one pass over [x_t, h].
    for (let j = 0; j < u; j += 2) {
      const pair = j + 1 < u;
      let r = j * w * 2;
      let az = 0;
      let ar = 0;
      let bz = 0;
      let br = 0;
      if (pair) {
        for (let k = 0; k < w; k++, r += 4) {
          const vk = v[k]!;
          az += vk * rows[r]!;
          ar += vk * rows[r + 1]!;
          bz += vk * rows[r + 2]!;
          br += vk * rows[r + 3]!;
        }
      } else {
        for (let k = 0; k < w; k++, r += 2) {
          const vk = v[k]!;
          az += vk * rows[r]!;
          ar += vk * rows[r + 1]!;
        }
      }
      z[j] = hardSigmoid(bias[j]! + az);
      vr[n + j] = hardSigmoid(bias[u + j]! + ar) * h[j]!;
      if (pair) {
        z[j + 1] = hardSigmoid(bias[j + 1]! + bz);
        vr[n + j + 1] = hardSigmoid(bias[u + j + 1]! + br) * h[j + 1]!;
      }
    }
    // Candidate over [x_t, r * h]; v keeps the previous h for the blend.
    for (let j = 0; j < u; j++) {
      const hh = Math.tanh(bias[2 * u + j]! + dot(vr, rows, cand + j * w, w));
      h[j] = z[j]! * v[n + j]! + (1 - z[j]!) * hh;
    }
    out.set(h, t * u);
  }
  return h;
}
