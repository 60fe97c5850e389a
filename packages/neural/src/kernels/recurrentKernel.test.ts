import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GEMV_BLOCK, RecurrentKernel, packBlocks } from './recurrentKernel.js';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A deterministic uniform(-1, 1) stream. */
function uniform(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return (s / 2 ** 31) * 2 - 1;
  };
}

const hardSigmoid = (x: number): number => Math.min(1, Math.max(0, 0.2 * x + 0.5));

describe('RecurrentKernel', () => {
  it('the committed kernel bytes are what recurrent.wat assembles to', () => {
    // Throws (non-zero exit) when src/kernels/recurrentWasm.ts is stale.
    expect(() =>
      execFileSync(process.execPath, ['scripts/buildWasm.mjs', '--check'], {
        cwd: packageDir,
        stdio: 'pipe',
      })
    ).not.toThrow();
  });

  it('gemv computes bias + v . W for any shape, including column counts that are not a multiple of 16', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 70 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (rows, cols, seed) => {
        const rand = uniform(seed);
        const m = Float32Array.from({ length: rows * cols }, rand);
        const bias = Float32Array.from({ length: cols }, rand);
        const v = Float32Array.from({ length: rows }, rand);
        const k = RecurrentKernel.create()!;
        const blocks = Math.ceil(cols / GEMV_BLOCK);
        const vAt = k.alloc(rows);
        const wAt = k.alloc(blocks * GEMV_BLOCK * rows);
        const bAt = k.alloc(blocks * GEMV_BLOCK);
        const zAt = k.alloc(blocks * GEMV_BLOCK);
        const mem = k.f32;
        expect(packBlocks((r, c) => m[r * cols + c]!, rows, cols, mem, wAt)).toBe(blocks);
        packBlocks((_r, c) => bias[c]!, 1, cols, mem, bAt);
        mem.set(v, vAt);
        k.gemv(vAt, wAt, bAt, zAt, rows, blocks);
        for (let c = 0; c < cols; c++) {
          let expected = bias[c]!;
          for (let r = 0; r < rows; r++) expected += v[r]! * m[r * cols + c]!;
          expect(Math.abs(mem[zAt + c]! - expected)).toBeLessThan(1e-5 * (1 + rows));
        }
        // Padding columns stay exactly zero.
        for (let c = cols; c < blocks * GEMV_BLOCK; c++) expect(mem[zAt + c]).toBe(0);
      }),
      { numRuns: 60 }
    );
  });

  it('tanh is within 3.3e-7 of Math.tanh on a dense grid and saturates to +-1 far out', () => {
    const k = RecurrentKernel.create()!;
    const n = 200_000;
    const x = k.alloc(n);
    const y = k.alloc(n);
    const mem = k.f32;
    for (let i = 0; i < n; i++) mem[x + i] = -10 + (20 * i) / n;
    mem[x] = -1e30;
    mem[x + 1] = 1e30;
    mem[x + 2] = 0;
    k.tanh(x, y, n);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(mem[y + i]! - Math.tanh(mem[x + i]!)));
    expect(worst).toBeLessThan(3.3e-7);
    expect(mem[y + 2]).toBe(0);
    expect(Math.abs(mem[y]! + 1)).toBeLessThan(1e-6);
    expect(Math.abs(mem[y + 1]! - 1)).toBeLessThan(1e-6);
  });

  it('lstmCell and the GRU steps follow the Keras equations', () => {
    const u = 8;
    const rand = uniform(7);
    const k = RecurrentKernel.create()!;
    const z = k.alloc(4 * u);
    const zc = k.alloc(u);
    const c = k.alloc(u);
    const h = k.alloc(u);
    const out = k.alloc(u);
    const rh = k.alloc(u);
    const mem = k.f32;
    for (let i = 0; i < 4 * u; i++) mem[z + i] = 4 * rand();
    for (let i = 0; i < u; i++) {
      mem[c + i] = rand();
      mem[h + i] = rand();
      mem[zc + i] = 3 * rand();
    }
    const z0 = Array.from(mem.subarray(z, z + 4 * u));
    const c0 = Array.from(mem.subarray(c, c + u));
    const h0 = Array.from(mem.subarray(h, h + u));
    k.gruReset(z, h, rh, u);
    for (let j = 0; j < u; j++) expect(mem[rh + j]).toBeCloseTo(hardSigmoid(z0[u + j]!) * h0[j]!, 6);
    k.lstmCell(z, c, h, out, u);
    for (let j = 0; j < u; j++) {
      const cc = hardSigmoid(z0[u + j]!) * c0[j]! + hardSigmoid(z0[j]!) * Math.tanh(z0[2 * u + j]!);
      expect(mem[c + j]).toBeCloseTo(cc, 6);
      expect(mem[h + j]).toBeCloseTo(hardSigmoid(z0[3 * u + j]!) * Math.tanh(cc), 6);
      expect(mem[out + j]).toBe(mem[h + j]);
    }
    const h1 = Array.from(mem.subarray(h, h + u));
    k.gruUpdate(z, zc, h, out, u);
    for (let j = 0; j < u; j++) {
      const zz = hardSigmoid(z0[j]!);
      expect(mem[h + j]).toBeCloseTo(zz * h1[j]! + (1 - zz) * Math.tanh(mem[zc + j]!), 6);
      expect(mem[out + j]).toBe(mem[h + j]);
    }
  });

  it('keeps earlier buffers when the memory grows', () => {
    const k = RecurrentKernel.create()!;
    const a = k.alloc(8);
    k.f32.set([1, 2, 3, 4, 5, 6, 7, 8], a);
    k.alloc(100_000); // grows past the first 64 KiB page
    expect(Array.from(k.f32.subarray(a, a + 8))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
