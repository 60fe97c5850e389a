import { describe, expect, it } from 'vitest';
import type { ParamSpecs } from '@bot/core-types';
import { gridParams, parseParamRange, randomParams } from './paramSpace.js';
import { walkForwardWindows } from './walkForwardWindows.js';

const specs = {
  fast: { type: 'int', default: 10, min: 2, max: 50, description: 'fast' },
  slow: { type: 'int', default: 30, min: 5, max: 200, step: 5, description: 'slow' },
  k: { type: 'float', default: 0.5, min: 0, max: 1, step: 0.1, description: 'k' },
  mode: { type: 'enum', default: 'a', values: ['a', 'b'], description: 'mode' },
} as const satisfies ParamSpecs;

describe('gridParams', () => {
  it('builds the cartesian product in a stable order', () => {
    const g = gridParams(specs, { fast: { min: 5, max: 15, step: 5 }, mode: { values: ['a', 'b'] } });
    expect(g).toEqual([
      { fast: 5, mode: 'a' }, { fast: 5, mode: 'b' }, { fast: 10, mode: 'a' },
      { fast: 10, mode: 'b' }, { fast: 15, mode: 'a' }, { fast: 15, mode: 'b' },
    ]);
  });
  it('uses the spec step and rounds float steps', () => {
    expect(gridParams(specs, { slow: { min: 10, max: 22 } }).map((s) => s.slow)).toEqual([10, 15, 20]);
    expect(gridParams(specs, { k: { min: 0, max: 0.3 } }).map((s) => s.k)).toEqual([0, 0.1, 0.2, 0.3]);
  });
  it('searchAll takes every spec range; too large grids are refused', () => {
    expect(gridParams(specs, {}, { searchAll: true })).toHaveLength(49 * 40 * 11 * 2);
    expect(() => gridParams(specs, {}, { searchAll: true, maxCombinations: 1000 })).toThrow(/43120 combinations/);
    expect(() => gridParams(specs, { nope: { values: [1] } })).toThrow(/unknown parameter nope/);
  });
});

describe('randomParams', () => {
  it('is seeded, unique and within the grid', () => {
    const a = randomParams(specs, 50, 9, { fast: { min: 2, max: 50 }, slow: { min: 5, max: 200 } });
    const b = randomParams(specs, 50, 9, { fast: { min: 2, max: 50 }, slow: { min: 5, max: 200 } });
    expect(a).toEqual(b);
    expect(new Set(a.map((s) => JSON.stringify(s))).size).toBe(a.length);
    for (const s of a) {
      expect(Number.isInteger(s.fast) && (s.fast as number) >= 2 && (s.fast as number) <= 50).toBe(true);
      expect((s.slow as number) % 5).toBe(0);
    }
  });
});

describe('parseParamRange', () => {
  it('parses min:max:step, min:max and value lists', () => {
    expect(parseParamRange('fast=5:20:5', specs)).toEqual(['fast', { min: 5, max: 20, step: 5 }]);
    expect(parseParamRange('slow=10:50', specs)).toEqual(['slow', { min: 10, max: 50 }]);
    expect(parseParamRange('mode=a,b', specs)).toEqual(['mode', { values: ['a', 'b'] }]);
    expect(parseParamRange('fast=3,7', specs)).toEqual(['fast', { values: [3, 7] }]);
    expect(() => parseParamRange('fast', specs)).toThrow(/expected name=/);
    expect(() => parseParamRange('x=1:2', specs)).toThrow(/unknown parameter x/);
  });
});

describe('walkForwardWindows', () => {
  it('rolling windows slide; out-of-sample ranges tile the rest', () => {
    expect(walkForwardWindows({ length: 10, inSampleBars: 4, outOfSampleBars: 3, mode: 'rolling' })).toEqual([
      { index: 0, inSample: { start: 0, end: 4 }, outOfSample: { start: 4, end: 7 } },
      { index: 1, inSample: { start: 3, end: 7 }, outOfSample: { start: 7, end: 10 } },
    ]);
  });
  it('anchored windows keep the start; the last OOS may be short', () => {
    expect(walkForwardWindows({ length: 11, inSampleBars: 4, outOfSampleBars: 3, mode: 'anchored' }).map((w) => [w.inSample.start, w.inSample.end, w.outOfSample.end])).toEqual([
      [0, 4, 7], [0, 7, 10], [0, 10, 11],
    ]);
  });
  it('rejects windows that leave nothing out of sample', () => {
    expect(() => walkForwardWindows({ length: 5, inSampleBars: 5, outOfSampleBars: 1, mode: 'rolling' })).toThrow(/no out-of-sample/);
  });
});
