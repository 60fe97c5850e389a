import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GEMV_BLOCK, WasmGemv, packBlocks } from './wasmGemv.js';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('WasmGemv', () => {
  it('the committed kernel bytes are what gemv.wat assembles to', () => {
    // Throws (non-zero exit) when src/kernels/gemvWasm.ts is stale.
    expect(() => execFileSync(process.execPath, ['scripts/buildWasm.mjs', '--check'], { cwd: packageDir, stdio: 'pipe' })).not.toThrow();
  });

  it('computes bias + v . W for any shape, including column counts that are not a multiple of 16', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (rows, cols, seed) => {
          let s = seed;
          const rand = (): number => {
            s = (s * 1103515245 + 12345) % 2 ** 31;
            return (s / 2 ** 31) * 2 - 1;
          };
          const m = Float32Array.from({ length: rows * cols }, rand);
          const bias = Float32Array.from({ length: cols }, rand);
          const v = Float32Array.from({ length: rows }, rand);
          const k = WasmGemv.create()!;
          const blocks = Math.ceil(cols / GEMV_BLOCK);
          const vAt = k.alloc(rows);
          const wAt = k.alloc(blocks * GEMV_BLOCK * rows);
          const bAt = k.alloc(blocks * GEMV_BLOCK);
          const zAt = k.alloc(blocks * GEMV_BLOCK);
          const mem = k.f32;
          expect(packBlocks(m, rows, cols, 0, cols, mem, wAt)).toBe(blocks);
          packBlocks(bias, 1, cols, 0, cols, mem, bAt);
          mem.set(v, vAt);
          k.gemv(vAt, wAt, bAt, zAt, rows, blocks);
          for (let c = 0; c < cols; c++) {
            let expected = bias[c]!;
            for (let r = 0; r < rows; r++) expected += v[r]! * m[r * cols + c]!;
            expect(Math.abs(mem[zAt + c]! - expected)).toBeLessThan(1e-5 * (1 + rows));
          }
          // Padding columns stay exactly zero.
          for (let c = cols; c < blocks * GEMV_BLOCK; c++) expect(mem[zAt + c]).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps earlier buffers when the memory grows', () => {
    const k = WasmGemv.create()!;
    const a = k.alloc(8);
    k.f32.set([1, 2, 3, 4, 5, 6, 7, 8], a);
    k.alloc(100_000); // grows past the first 64 KiB page
    expect(Array.from(k.f32.subarray(a, a + 8))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
