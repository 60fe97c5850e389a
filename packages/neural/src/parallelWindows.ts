import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BotError, ValidationError } from '@bot/core-types';
import type { RecurrentInference } from './recurrentInference.js';
import { type WindowForecastJob, runWindowJob } from './windowForecastJob.js';

/** Below this many windows per thread, starting a worker (~50 ms) costs more than it saves. */
export const MIN_WINDOWS_PER_THREAD = 1500;

/** The built worker script next to this module (`dist/forecastWorker.js`), or `undefined` when running from sources. */
export function defaultForecastWorkerEntry(): string | undefined {
  const here = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return undefined;
  const candidate = join(dirname(here), 'forecastWorker.js');
  return existsSync(candidate) ? candidate : undefined;
}

/** Options of {@link runWindowJobParallel}. */
export interface ParallelWindowsOptions {
  /** Threads including this one (default: all cores, `os.availableParallelism()`). */
  readonly threads?: number;
  /** Built worker script (default: {@link defaultForecastWorkerEntry}). */
  readonly workerEntry?: string;
}

/**
 * Runs `job` split into contiguous parts over worker threads plus this thread; returns the raw outputs and the
 * number of threads used. Every window goes through the
 * same arithmetic whichever thread runs it, so the result is bitwise what {@link runWindowJob} gives in one
 * thread. Uses this thread alone when there is no built worker script, one thread is asked for, or the job is
 * small (fewer than {@link MIN_WINDOWS_PER_THREAD} windows per extra thread).
 *
 * @throws ValidationError when `threads` is not a positive integer; BotError `INTERNAL` when a worker fails.
 */
export async function runWindowJobParallel(
  pass: RecurrentInference,
  job: WindowForecastJob,
  options: ParallelWindowsOptions = {},
): Promise<{ readonly raw: Float32Array; readonly threads: number }> {
  if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads >= 1)) {
    throw new ValidationError('threads', options.threads, 'a positive integer');
  }
  const entry = options.workerEntry ?? defaultForecastWorkerEntry();
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), Math.floor(job.ends.length / MIN_WINDOWS_PER_THREAD)));
  if (threads <= 1 || entry === undefined) return { raw: runWindowJob(pass, job), threads: 1 };
  const per = Math.ceil(job.ends.length / threads);
  const parts: Promise<Float32Array>[] = [];
  for (let t = 1; t < threads; t++) {
    const ends = job.ends.slice(t * per, Math.min(job.ends.length, (t + 1) * per));
    parts.push(onWorker(entry, { ...job, ends }));
  }
  // This thread takes the first part while the workers start and run theirs.
  const first = runWindowJob(pass, { ...job, ends: job.ends.subarray(0, per) });
  const out = new Float32Array(job.ends.length);
  out.set(first, 0);
  const rest = await Promise.all(parts);
  rest.forEach((raw, i) => out.set(raw, (i + 1) * per));
  return { raw: out, threads };
}

function onWorker(entry: string, job: WindowForecastJob): Promise<Float32Array> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry, { workerData: job });
    let settled = false;
    const fail = (message: string): void => {
      if (settled) return;
      settled = true;
      reject(new BotError('INTERNAL', `forecast worker failed: ${message}`));
    };
    worker.once('message', (msg: { raw?: Float32Array; error?: string }) => {
      if (msg.raw !== undefined) {
        settled = true;
        resolve(msg.raw);
      } else fail(msg.error ?? 'no result');
      void worker.terminate();
    });
    worker.once('error', (e) => fail(e.message));
    worker.once('exit', (code) => fail(`exited with code ${code} before answering`));
  });
}
