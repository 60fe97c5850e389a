import type { Normalisation } from './dataset.js';
import { buildWindows } from './dataset.js';
import type { RecurrentInference, RecurrentWeights } from './recurrentInference.js';

/** Windows built per chunk: all at once would take window x features x 4 bytes per window. */
export const WINDOW_CHUNK = 2048;

/**
 * A batch of windows to run through a recurrent network: the feature columns of a series, the normalisation,
 * and the bar indices the windows end at. Plain typed arrays, so it can be posted to a worker thread.
 */
export interface WindowForecastJob {
  readonly weights: RecurrentWeights;
  readonly window: number;
  readonly columns: readonly Float64Array[];
  readonly normalisation: Normalisation;
  readonly ends: Int32Array;
}

/** Raw network outputs of every window of `job`, through `pass` (built from `job.weights`), a chunk at a time. */
export function runWindowJob(pass: RecurrentInference, job: WindowForecastJob): Float32Array {
  const matrix = { names: [], columns: job.columns, length: job.columns[0]?.length ?? 0, firstValid: 0 };
  const size = job.window * job.columns.length;
  const out = new Float32Array(job.ends.length);
  for (let start = 0; start < job.ends.length; start += WINDOW_CHUNK) {
    const ends = job.ends.subarray(start, Math.min(job.ends.length, start + WINDOW_CHUNK));
    const x = buildWindows(matrix, job.normalisation, ends, job.window);
    for (let i = 0; i < ends.length; i++) out[start + i] = pass.predict(x.subarray(i * size, (i + 1) * size));
  }
  return out;
}
