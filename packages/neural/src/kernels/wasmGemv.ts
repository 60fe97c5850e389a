import { gemvWasmBase64 } from './gemvWasm.js';

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
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
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
      const bytes = decodeBase64(gemvWasmBase64);
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

/**
 * One instance of the WebAssembly SIMD matrix-vector kernel (`gemv.wat`) with its own linear memory and a bump
 * allocator over it. Allocate every buffer first, then take {@link WasmGemv.f32}: growing the memory detaches
 * earlier views.
 */
export class WasmGemv {
  private readonly memory: WasmMemory;
  private readonly kernel: (v: number, w: number, bias: number, z: number, n: number, blocks: number) => void;
  private used = 0;

  private constructor(instance: { readonly exports: Record<string, unknown> }) {
    this.memory = instance.exports['memory'] as WasmMemory;
    this.kernel = instance.exports['gemv'] as WasmGemv['kernel'];
  }

  /** A fresh kernel instance, or `undefined` where WebAssembly SIMD is unavailable. */
  static create(): WasmGemv | undefined {
    const module = kernelModule();
    return module === null || wasm === undefined ? undefined : new WasmGemv(new wasm.Instance(module, {}));
  }

  /** Reserves `floats` zeroed f32 slots (16-byte aligned) and returns their index into {@link WasmGemv.f32}. */
  alloc(floats: number): number {
    const start = this.used;
    this.used += Math.ceil(floats / 4) * 4;
    const needed = this.used * 4 - this.memory.buffer.byteLength;
    if (needed > 0) this.memory.grow(Math.ceil(needed / 65536));
    return start;
  }

  /** A view of the whole memory as f32 (valid until the next {@link WasmGemv.alloc} that grows it). */
  get f32(): Float32Array {
    return new Float32Array(this.memory.buffer);
  }

  /**
   * `z[c] = bias[c] + sum_{k<n} v[k] * w[block(c)][k][c % 16]` for `blocks * 16` columns; arguments are f32 indices
   * from {@link WasmGemv.alloc}; weights packed by {@link packBlocks}.
   */
  gemv(v: number, w: number, bias: number, z: number, n: number, blocks: number): void {
    this.kernel(v * 4, w * 4, bias * 4, z * 4, n, blocks);
  }
}

/**
 * Packs the columns `[from, to)` of a row-major `rows x cols` matrix block-major for {@link WasmGemv.gemv}
 * (`out[b][k][c] = m[k][from + 16b + c]`, zero past `to`), writing at `out[at..]`; returns the number of blocks.
 */
export function packBlocks(m: ArrayLike<number>, rows: number, cols: number, from: number, to: number, out: Float32Array, at: number): number {
  const blocks = Math.ceil((to - from) / GEMV_BLOCK);
  for (let b = 0; b < blocks; b++) {
    for (let k = 0; k < rows; k++) {
      for (let c = 0; c < GEMV_BLOCK; c++) {
        const col = from + b * GEMV_BLOCK + c;
        out[at + (b * rows + k) * GEMV_BLOCK + c] = col < to ? m[k * cols + col]! : 0;
      }
    }
  }
  return blocks;
}
