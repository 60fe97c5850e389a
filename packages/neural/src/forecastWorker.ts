/**
 * Worker-thread entry of `NeuralForecaster.forecastSeriesParallel` (built to dist/forecastWorker.js): runs the
 * {@link WindowForecastJob} in `workerData` through its own WebAssembly recurrent pass and posts back the raw
 * outputs (transferred, not copied), or `{ error }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RecurrentInference } from './recurrentInference.js';
import { type WindowForecastJob, runWindowJob } from './windowForecastJob.js';

const job = workerData as WindowForecastJob;
try {
  const pass = RecurrentInference.fromWeights(job.weights, job.window, job.columns.length);
  if (pass === undefined) throw new Error('WebAssembly SIMD is unavailable in this worker');
  const raw = runWindowJob(pass, job);
  parentPort?.postMessage({ raw }, [raw.buffer as ArrayBuffer]);
} catch (error) {
  parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
