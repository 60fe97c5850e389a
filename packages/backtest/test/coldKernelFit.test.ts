import { describe, expect, it } from 'vitest';
import { fitLaterBlocks } from '../bench/coldKernel.js';

/** Progress reports of a run whose later blocks cost `barMs` each plus `usPerFill` per fill inside the block. */
function reportsOf(fillsPerBlock: readonly number[], barMs: number, usPerFill: number): { done: number; at: number }[] {
  const reports = [{ done: 3 * 65_536, at: 100 }];
  for (const fills of fillsPerBlock) {
    const last = reports[reports.length - 1]!;
    reports.push({ done: last.done + 65_536, at: last.at + barMs + (usPerFill * fills) / 1000 });
  }
  return reports;
}

describe('fitLaterBlocks (bench/coldKernel.ts)', () => {
  // one bar a minute from 0; the fills of block k sit at its first bars
  const bars = 3 * 65_536 + 4 * 65_536;
  const openTime = Float64Array.from({ length: bars }, (_, i) => i * 60_000);
  const fillTimes = (fillsPerBlock: readonly number[]): number[] =>
    fillsPerBlock.flatMap((n, k) => Array.from({ length: n }, (_, j) => (3 * 65_536 + k * 65_536 + j) * 60_000));

  it('recovers the cost per block of bars and per fill when blocks hold different numbers of fills', () => {
    const fills = [2500, 2400, 300, 0];
    const fit = fitLaterBlocks(reportsOf(fills, 5, 4), 3 * 65_536, openTime, fillTimes(fills));
    expect(fit!.blocks).toBe(4);
    expect(fit!.msPer65kBars).toBeCloseTo(5, 9);
    expect(fit!.usPerFill).toBeCloseTo(4, 9);
  });

  it('has no per-fill cost when every block has the same fills, and no fit with fewer than two later blocks', () => {
    const fit = fitLaterBlocks(reportsOf([0, 0, 0], 5, 4), 3 * 65_536, openTime, []);
    expect(fit).toEqual({ blocks: 3, msPer65kBars: 5, usPerFill: null });
    expect(fitLaterBlocks(reportsOf([10], 5, 4), 3 * 65_536, openTime, fillTimes([10]))).toBeNull();
  });
});
