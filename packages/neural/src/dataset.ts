import { ValidationError } from '@bot/core-types';
import type { FeatureMatrix } from './features.js';

/** What a model predicts: the log return over the next `horizon` bars, or whether it is positive. */
export type TargetKind = 'return' | 'direction';

/**
 * Forward log returns: `y[t] = ln(close[t + h] / close[t])`, uses bars `t+1..t+h` only; `NaN` for the last `h` bars.
 *
 * @example `forwardLogReturns(close, 1)[0] === Math.log(close[1] / close[0])`
 */
export function forwardLogReturns(close: Float64Array, horizon: number): Float64Array {
  const n = close.length;
  const y = new Float64Array(n).fill(Number.NaN);
  for (let t = 0; t + horizon < n; t++) y[t] = Math.log(close[t + horizon]! / close[t]!);
  return y;
}

/** A half-open range of sample indices `[start, end)`; a sample index is the bar `t` a window ends at. */
export interface SampleRange {
  readonly start: number;
  readonly end: number;
}

/** Chronological train / validation / test ranges separated by purge + embargo gaps. */
export interface TimeSplit {
  readonly train: SampleRange;
  readonly validation: SampleRange;
  readonly test: SampleRange;
  /** Samples skipped between consecutive ranges: `horizon + window - 1 + embargo`. */
  readonly gap: number;
}

/** Options of {@link splitByTime}. */
export interface SplitOptions {
  /** First usable sample index (the first `t` with a full window of finite features). */
  readonly first: number;
  /** One past the last usable sample index (`t + horizon <= n - 1`). */
  readonly end: number;
  readonly window: number;
  readonly horizon: number;
  /** Extra bars dropped after each purge gap (default 0). */
  readonly embargo?: number;
  /** Fraction of usable samples for validation (default 0.15). */
  readonly validationFraction?: number;
  /** Fraction of usable samples for test (default 0.15; may be 0). */
  readonly testFraction?: number;
}

/**
 * Splits samples strictly in time order: train, then validation, then test, each separated by a gap of
 * `horizon + window - 1 + embargo` samples. With that gap the last training target (bars up to `t + h`) ends
 * before the first bar any validation window sees, so no window or target straddles a boundary.
 *
 * @throws ValidationError when the ranges would be empty.
 * @example
 * ```ts
 * splitByTime({ first: 100, end: 5000, window: 32, horizon: 1 }) // train [100, ~3496), gap 32, ...
 * ```
 */
export function splitByTime(options: SplitOptions): TimeSplit {
  const { first, end, window, horizon } = options;
  const embargo = options.embargo ?? 0;
  const vf = options.validationFraction ?? 0.15;
  const tf = options.testFraction ?? 0.15;
  const gap = horizon + window - 1 + embargo;
  const usable = end - first - gap * (tf > 0 ? 2 : 1);
  const nTest = tf > 0 ? Math.floor(usable * tf) : 0;
  const nVal = Math.floor(usable * vf);
  const nTrain = usable - nTest - nVal;
  if (nTrain < 1 || nVal < 1 || (tf > 0 && nTest < 1)) {
    throw new ValidationError('samples', end - first, `more usable samples than the gaps (${gap} each) plus one per split`);
  }
  const train = { start: first, end: first + nTrain };
  const validation = { start: train.end + gap, end: train.end + gap + nVal };
  const test = tf > 0 ? { start: validation.end + gap, end: validation.end + gap + nTest } : { start: validation.end, end: validation.end };
  return { train, validation, test, gap };
}

/**
 * Z-score normalisation of features (and of the regression target), fitted on the training part only and stored
 * with the model. Normalised values are clipped to `[-clip, clip]` and non-finite ones become 0 (the training mean).
 */
export interface Normalisation {
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly targetMean: number;
  readonly targetStd: number;
  readonly clip: number;
}

/**
 * Fits {@link Normalisation} on feature rows `[rows.start, rows.end)` and on the targets of `samples`. Only those
 * rows are read, so data after the training range cannot influence it.
 *
 * @example `fitNormalisation(m, { start: 0, end: 1000 }, y, { start: 31, end: 1000 }, 'return')`
 */
export function fitNormalisation(
  features: FeatureMatrix,
  rows: SampleRange,
  targets: Float64Array,
  samples: SampleRange,
  kind: TargetKind,
  clip = 10,
): Normalisation {
  const mean: number[] = [];
  const std: number[] = [];
  for (const col of features.columns) {
    const { m, s } = meanStd(col, rows);
    mean.push(m);
    std.push(s > 0 ? s : 1);
  }
  let targetMean = 0;
  let targetStd = 1;
  if (kind === 'return') {
    const { m, s } = meanStd(targets, samples);
    targetMean = m;
    targetStd = s > 0 ? s : 1;
  }
  return { mean, std, targetMean, targetStd, clip };
}

function meanStd(x: Float64Array, range: SampleRange): { m: number; s: number } {
  let n = 0;
  let sum = 0;
  for (let t = range.start; t < range.end; t++) {
    const v = x[t]!;
    if (Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  const m = n > 0 ? sum / n : 0;
  let ss = 0;
  for (let t = range.start; t < range.end; t++) {
    const v = x[t]!;
    if (Number.isFinite(v)) ss += (v - m) ** 2;
  }
  return { m, s: n > 1 ? Math.sqrt(ss / (n - 1)) : 0 };
}

/**
 * Builds model inputs for the windows ending at each of `ends` (bar indices): a row-major Float32Array of shape
 * `[ends.length, window, features]`, normalised with `norm`.
 */
export function buildWindows(features: FeatureMatrix, norm: Normalisation, ends: ArrayLike<number>, window: number): Float32Array {
  const nf = features.columns.length;
  const out = new Float32Array(ends.length * window * nf);
  const { clip } = norm;
  for (let f = 0; f < nf; f++) {
    const col = features.columns[f]!;
    const m = norm.mean[f]!;
    const s = norm.std[f]!;
    for (let i = 0; i < ends.length; i++) {
      const start = ends[i]! - window + 1;
      let o = i * window * nf + f;
      for (let k = 0; k < window; k++, o += nf) {
        const z = (col[start + k]! - m) / s;
        out[o] = Number.isFinite(z) ? (z > clip ? clip : z < -clip ? -clip : z) : 0;
      }
    }
  }
  return out;
}

/** Model targets for samples `ends`: standardised returns, or 1/0 for up/not-up. */
export function buildTargets(targets: Float64Array, norm: Normalisation, ends: ArrayLike<number>, kind: TargetKind): Float32Array {
  const out = new Float32Array(ends.length);
  for (let i = 0; i < ends.length; i++) {
    const y = targets[ends[i]!]!;
    out[i] = kind === 'direction' ? (y > 0 ? 1 : 0) : (y - norm.targetMean) / norm.targetStd;
  }
  return out;
}

/** The integers `[range.start, range.end)`. */
export function rangeIndices(range: SampleRange): Int32Array {
  const out = new Int32Array(Math.max(0, range.end - range.start));
  for (let i = 0; i < out.length; i++) out[i] = range.start + i;
  return out;
}
