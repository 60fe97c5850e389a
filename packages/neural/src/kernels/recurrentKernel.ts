import { recurrentWasmBase64 } from './recurrentWasm.js';

/** Output columns per block of the `gemv` kernel (four f32x4 accumulators). */
export const GEMV_BLOCK = 16;

/**
 * The slice of the WebAssembly JS API used here. The package compiles against ES2023 without DOM types, and
 * @types/node declares the `WebAssembly` namespace without its classes; Node >= 20 and every current browser
 * provide them (SIMD included).
 */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => {
    readonly exports: Record<string, unknown>;
  };
}

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object | null | undefined;

/** The compiled kernel module, or `null` where WebAssembly SIMD is unavailable (compiled once per process). */
function kernelModule(): object | null {
  if (compiled === undefined) {
    try {
      const bytes = decodeBase64(recurrentWasmBase64);
      compiled = wasm !== undefined && wasm.validate(bytes) ? new wasm.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

type Fn5 = (a: number, b: number, c: number, d: number, e: number) => void;

/**
 * One instance of the WebAssembly SIMD kernels of `recurrent.wat` (matrix-vector product, LSTM and GRU cell
 * updates, tanh) with its own linear memory and a bump allocator over it. Arguments are f32 indices from
 * {@link RecurrentKernel.alloc}; unit counts must be multiples of 4. Allocate every buffer first, then take
 * {@link RecurrentKernel.f32}: growing the memory detaches earlier views.
 */
export class RecurrentKernel {
  private readonly memory: WasmMemory;
  private readonly gemvFn: (v: number, w: number, bias: number, z: number, n: number, blocks: number) => void;
  private readonly lstmCellFn: Fn5;
  private readonly gruResetFn: (z: number, h: number, rh: number, units: number) => void;
  private readonly gruUpdateFn: Fn5;
  private readonly tanhFn: (x: number, y: number, count: number) => void;
  private used = 0;

  private constructor(instance: { readonly exports: Record<string, unknown> }) {
    const e = instance.exports;
    this.memory = e['memory'] as WasmMemory;
    this.gemvFn = e['gemv'] as RecurrentKernel['gemvFn'];
    this.lstmCellFn = e['lstm_cell'] as Fn5;
    this.gruResetFn = e['gru_reset'] as RecurrentKernel['gruResetFn'];
    this.gruUpdateFn = e['gru_update'] as Fn5;
    this.tanhFn = e['tanh_array'] as RecurrentKernel['tanhFn'];
  }

  /** A fresh kernel instance, or `undefined` where WebAssembly SIMD is unavailable. */
  static create(): RecurrentKernel | undefined {
    const module = kernelModule();
    return module === null || wasm === undefined ? undefined : new RecurrentKernel(new wasm.Instance(module, {}));
  }

  /** Reserves `floats` zeroed f32 slots (16-byte aligned) and returns their index into {@link RecurrentKernel.f32}. */
  alloc(floats: number): number {
    const start = this.used;
    this.used += Math.ceil(floats / 4) * 4;
    const needed = this.used * 4 - this.memory.buffer.byteLength;
    if (needed > 0) this.memory.grow(Math.ceil(needed / 65536));
    return start;
  }

  /** A view of the whole memory as f32 (valid until the next {@link RecurrentKernel.alloc} that grows it). */
  get f32(): Float32Array {
    return new Float32Array(this.memory.buffer);
  }

  /** `z[c] = bias[c] + sum_{k<n} v[k] * w[block(c)][k][c % 16]` for `blocks * 16` columns (weights from {@link packBlocks}). */
  gemv(v: number, w: number, bias: number, z: number, n: number, blocks: number): void {
    this.gemvFn(v * 4, w * 4, bias * 4, z * 4, n, blocks);
  }

  /** LSTM cell: `z` = pre-activations of gates i, f, c, o (`units` each); updates `c` and `h`, copies `h` to `out`. */
  lstmCell(z: number, c: number, h: number, out: number, units: number): void {
    this.lstmCellFn(z * 4, c * 4, h * 4, out * 4, units);
  }

  /** GRU reset: `rh = hardSigmoid(r) * h` where `z` = pre-activations of gates z then r (`units` each). */
  gruReset(z: number, h: number, rh: number, units: number): void {
    this.gruResetFn(z * 4, h * 4, rh * 4, units);
  }

  /** GRU update: `h = zz * h + (1 - zz) * tanh(zc)` with `zz = hardSigmoid(z)`; copies `h` to `out`. */
  gruUpdate(z: number, zc: number, h: number, out: number, units: number): void {
    this.gruUpdateFn(z * 4, zc * 4, h * 4, out * 4, units);
  }

  /** `y[i] = tanh(x[i])` with the kernels' float32 approximation, for `count` (a multiple of 4) values. */
  tanh(x: number, y: number, count: number): void {
    this.tanhFn(x * 4, y * 4, count);
  }
}

/**
 * Packs a `rows x cols` matrix, given by `at(k, col)`, block-major for {@link RecurrentKernel.gemv}
 * (`out[to + (b * rows + k) * 16 + c] = at(k, 16b + c)`, zero past `cols`); returns the number of blocks.
 */
export function packBlocks(at: (k: number, col: number) => number, rows: number, cols: number, out: Float32Array, to: number): number {
  const blocks = Math.ceil(cols / GEMV_BLOCK);
  for (let b = 0; b < blocks; b++) {
    for (let k = 0; k < rows; k++) {
      for (let c = 0; c < GEMV_BLOCK; c++) {
        const col = b * GEMV_BLOCK + c;
        out[to + (b * rows + k) * GEMV_BLOCK + c] = col < cols ? at(k, col) : 0;
      }
    }
  }
  return blocks;
}
