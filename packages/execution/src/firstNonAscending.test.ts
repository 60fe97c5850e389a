import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstNonAscending, firstNonAscendingEngine } from './firstNonAscending.js';

/** The reference: the plain loop the kernel used before. */
function reference(times: ArrayLike<number>, n: number): number {
  for (let i = 1; i < n; i++) if (!(times[i]! > times[i - 1]!)) return i;
  return -1;
}

function ascending(n: number, start = 1_600_000_000_000, step = 60_000): Float64Array {
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = start + i * step;
  return t;
}

describe('firstNonAscending', () => {
  it('runs in WebAssembly on Node', () => {
    expect(firstNonAscendingEngine()).toBe('wasm');
  });

  it('finds the first repeated, earlier or NaN time, or -1', () => {
    expect(firstNonAscending(new Float64Array([1, 2, 2, 3]))).toBe(2);
    expect(firstNonAscending(new Float64Array([1, 2, 3]))).toBe(-1);
    expect(firstNonAscending(new Float64Array([3, 2, 1]))).toBe(1);
    expect(firstNonAscending(new Float64Array([1, Number.NaN, 3]))).toBe(1);
    expect(firstNonAscending(new Float64Array([Number.NaN, 1]))).toBe(1);
    expect(firstNonAscending(new Float64Array([]))).toBe(-1);
    expect(firstNonAscending(new Float64Array([5]))).toBe(-1);
    expect(firstNonAscending(new Float64Array([-Infinity, -1, 0, Infinity]))).toBe(-1);
  });

  it('checks only the first n times', () => {
    const t = new Float64Array([1, 2, 3, 0]);
    expect(firstNonAscending(t, 3)).toBe(-1);
    expect(firstNonAscending(t, 4)).toBe(3);
  });

  it('compares the pairs that straddle the 64 KiB chunks (8,192 times each, one shared)', () => {
    const n = 3 * 8192 + 17;
    expect(firstNonAscending(ascending(n))).toBe(-1);
    for (const at of [1, 8190, 8191, 8192, 8193, 16382, 16383, 16384, n - 1]) {
      const t = ascending(n);
      t[at] = t[at - 1]!;
      expect(firstNonAscending(t), `repeat at ${at}`).toBe(at);
      t[at] = t[at - 1]! - 1;
      expect(firstNonAscending(t), `step back at ${at}`).toBe(at);
    }
  });

  it('agrees with the plain loop on any series (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double(), fc.integer({ min: -5, max: 5 })), { maxLength: 40 }),
        fc.integer({ min: 1, max: 20_000 }),
        fc.nat(),
        (noise, length, seed) => {
          // a long ascending series with the generated values written over random places
          const t = ascending(length, 0, 1);
          noise.forEach((v, k) => {
            t[(seed + k * 7919) % length] = v;
          });
          expect(firstNonAscending(t)).toBe(reference(t, length));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('takes plain arrays too (the loop, not WebAssembly)', () => {
    expect(firstNonAscending([1, 2, 5, 4])).toBe(3);
    expect(firstNonAscending([1, 2, 5])).toBe(-1);
  });
});
