import { BotError, type ParamSpec, type ParamSpecs } from '@bot/core-types';
import { createRng } from './rng.js';

/** A plain parameter assignment (what strategy factories take after `resolveParams`). */
export type ParamSet = Readonly<Record<string, number | boolean | string>>;

/**
 * The values to search for one parameter: a numeric range (inclusive, on a `step` grid) or an explicit list.
 * A parameter without a range is held at its default.
 */
export type ParamRange =
  | { readonly min: number; readonly max: number; readonly step?: number }
  | { readonly values: readonly (number | boolean | string)[] };

/** Ranges by parameter name. */
export type ParamRanges = Readonly<Record<string, ParamRange>>;

function decimals(x: number): number {
  const s = String(x);
  const i = s.indexOf('.');
  return i < 0 ? 0 : s.length - i - 1;
}

/** The grid values of a numeric range, rounded to the step's decimals so 0.1 + 0.2 prints as 0.3. */
function rangeValues(name: string, r: { min: number; max: number; step?: number }, integer: boolean): number[] {
  const step = r.step ?? (integer ? 1 : (r.max - r.min) / 10);
  if (!(step > 0) || !(r.max >= r.min)) {
    throw new BotError('INVALID_ARGUMENT', `range of ${name}: need min <= max and step > 0, got ${r.min}:${r.max}:${step}`);
  }
  const digits = Math.max(decimals(step), decimals(r.min));
  const out: number[] = [];
  const count = Math.floor((r.max - r.min) / step + 1e-9);
  for (let i = 0; i <= count; i++) out.push(Number((r.min + i * step).toFixed(digits)));
  return integer ? out.filter((v) => Number.isInteger(v)) : out;
}

/**
 * The values an optimiser tries for one parameter: the explicit range when given, else the spec's own range
 * (int: every integer from min to max, or on its `step`; float: its `step` or 11 points; boolean: both;
 * enum: every value; string: the default only).
 */
export function parameterValues(name: string, spec: ParamSpec, range?: ParamRange): (number | boolean | string)[] {
  if (range !== undefined && 'values' in range) return [...range.values];
  switch (spec.type) {
    case 'int':
    case 'float':
    {
      const r = range ?? { min: spec.min, max: spec.max };
      const step = r.step ?? spec.step;
      return rangeValues(name, step === undefined ? { min: r.min, max: r.max } : { min: r.min, max: r.max, step }, spec.type === 'int');
    }
    case 'boolean':
      return [false, true];
    case 'enum':
      return [...spec.values];
    case 'string':
      return [spec.default];
  }
}

/**
 * Every combination of the searched parameters (cartesian product, in a stable order: the first parameter varies
 * slowest). Parameters not in `ranges` keep their defaults unless `searchAll` is true, in which case every spec
 * contributes its full range.
 *
 * @throws BotError `INVALID_ARGUMENT` for a range on an unknown parameter or a grid larger than `maxCombinations`
 *   (default 1,000,000).
 * @example `gridParams(smaCross.params, { fast: { min: 5, max: 20, step: 5 }, slow: { values: [30, 50] } })` -> 8 sets
 */
export function gridParams(specs: ParamSpecs, ranges: ParamRanges = {}, options: { searchAll?: boolean; maxCombinations?: number } = {}): ParamSet[] {
  const axes = axesOf(specs, ranges, options.searchAll ?? false);
  let total = 1;
  for (const [, values] of axes) total *= values.length;
  const max = options.maxCombinations ?? 1_000_000;
  if (total > max) throw new BotError('INVALID_ARGUMENT', `parameter grid has ${total} combinations, more than ${max}: narrow the ranges or use random search`);
  let sets: Record<string, number | boolean | string>[] = [{}];
  for (const [name, values] of axes) {
    const next: Record<string, number | boolean | string>[] = [];
    for (const s of sets) for (const v of values) next.push({ ...s, [name]: v });
    sets = next;
  }
  return sets;
}

/**
 * `count` random draws from the searched parameters (uniform over each axis's grid values), seeded. Draws may repeat
 * when the grid is small; duplicates are removed, so fewer sets can come back.
 */
export function randomParams(specs: ParamSpecs, count: number, seed: number, ranges: ParamRanges = {}, options: { searchAll?: boolean } = {}): ParamSet[] {
  const axes = axesOf(specs, ranges, options.searchAll ?? false);
  const rng = createRng(seed);
  const seen = new Set<string>();
  const out: ParamSet[] = [];
  for (let i = 0; i < count; i++) {
    const s: Record<string, number | boolean | string> = {};
    for (const [name, values] of axes) s[name] = values[rng.int(values.length)]!;
    const key = JSON.stringify(s);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
  }
  return out;
}

function axesOf(specs: ParamSpecs, ranges: ParamRanges, searchAll: boolean): [string, (number | boolean | string)[]][] {
  for (const name of Object.keys(ranges)) {
    if (!(name in specs)) throw new BotError('INVALID_ARGUMENT', `range for unknown parameter ${name}; known: ${Object.keys(specs).join(', ')}`);
  }
  const axes: [string, (number | boolean | string)[]][] = [];
  for (const [name, spec] of Object.entries(specs)) {
    const range = ranges[name];
    if (range === undefined && !searchAll) continue;
    axes.push([name, parameterValues(name, spec, range)]);
  }
  return axes;
}

/**
 * Parses a command-line range: `fast=5:20:5` (min:max:step), `fast=5:20` (spec step), or `mode=a,b,c` (values,
 * typed by the spec).
 *
 * @throws BotError `INVALID_ARGUMENT` naming the text and the expected form.
 */
export function parseParamRange(text: string, specs: ParamSpecs): [string, ParamRange] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new BotError('INVALID_ARGUMENT', `range "${text}": expected name=min:max[:step] or name=v1,v2,...`);
  const name = text.slice(0, eq);
  const body = text.slice(eq + 1);
  const spec = specs[name];
  if (spec === undefined) throw new BotError('INVALID_ARGUMENT', `range "${text}": unknown parameter ${name}; known: ${Object.keys(specs).join(', ')}`);
  const typed = (raw: string): number | boolean | string => {
    if (spec.type === 'int' || spec.type === 'float') {
      const v = Number(raw);
      if (!Number.isFinite(v)) throw new BotError('INVALID_ARGUMENT', `range "${text}": ${raw} is not a number`);
      return v;
    }
    if (spec.type === 'boolean') return raw === 'true';
    return raw;
  };
  if (body.includes(':')) {
    const parts = body.split(':').map(Number);
    if (parts.length < 2 || parts.length > 3 || parts.some((p) => !Number.isFinite(p))) {
      throw new BotError('INVALID_ARGUMENT', `range "${text}": expected min:max[:step] with numbers`);
    }
    const [min, max, step] = parts as [number, number, number | undefined];
    return [name, step === undefined ? { min, max } : { min, max, step }];
  }
  return [name, { values: body.split(',').map(typed) }];
}
