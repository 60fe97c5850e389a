import * as tf from '@tensorflow/tfjs';
import type { Bar, BarSeries, Forecast, Forecaster } from '@bot/core-types';
import { barSeriesFromBars } from '@bot/core-types';
import type { Normalisation, TargetKind } from './dataset.js';
import { buildWindows } from './dataset.js';
import type { FeatureSpec } from './features.js';
import { computeFeatures, featureWarmup } from './features.js';
import type { ModelConfig } from './models.js';
import { type ParallelWindowsOptions, runWindowJobParallel } from './parallelWindows.js';
import { RecurrentInference } from './recurrentInference.js';
import { type WindowForecastJob, runWindowJob } from './windowForecastJob.js';

/** Everything besides the weights that defines a trained forecaster; stored as `forecaster.json`. */
export interface ForecasterSpec {
  readonly model: ModelConfig;
  readonly features: FeatureSpec;
  readonly normalisation: Normalisation;
  /** Bars per input window. */
  readonly window: number;
  /** Bars ahead. */
  readonly horizon: number;
  readonly target: TargetKind;
  /** Seed used for initialisation and shuffling. */
  readonly seed: number;
  /** Free-form facts about the training run (data range, backend, metrics), JSON-serialisable. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** Rows per `predict` call in batched inference. */
const PREDICT_BATCH = 2048;

/**
 * A trained network as a core-types {@link Forecaster}: `forecast(window)` for one decision and the batched
 * `forecastSeries` fast path for backtests.
 *
 * Conventions: for `return` models `Forecast.value` is the predicted log return over `horizon` bars
 * (fraction, e.g. 0.002 = +0.2 %), `direction` its sign, no `confidence`. For `direction` models `value = 2p - 1`
 * where `p` is the predicted probability of an up move, and `confidence = |2p - 1|`.
 *
 * `lookback = window + featureWarmup(features) - 1`. Features with exponential memory (RSI, ATR, EMA, MACD) are
 * truncated at weight 1e-9, so `forecast(lastBars)` equals `forecastSeries(series)[i]` to ~1e-6 but not bitwise
 * (float summation order differs).
 *
 * @example
 * ```ts
 * const f = await loadForecaster('models/btc-lstm');
 * const values = f.forecastSeries(series); // NaN before f.lookback - 1
 * ```
 */
export class NeuralForecaster implements Forecaster {
  readonly name: string;
  readonly lookback: number;
  readonly horizon: number;
  readonly window: number;
  /**
   * How `forecast(window)`, `forecastAt` and `forecastSeries` run the network: `wasm` (the WebAssembly SIMD LSTM/GRU
   * pass of `RecurrentInference`, ~1e-6 relative to tfjs, far lower latency) or `tfjs` (`model.predict` in
   * batches; always for transformers, and where WebAssembly SIMD is unavailable).
   */
  readonly inference: 'wasm' | 'tfjs';
  private readonly fast: RecurrentInference | undefined;

  /**
   * @param options.inference `wasm` (default where supported) or `tfjs`: how the network runs (see {@link NeuralForecaster.inference}).
   */
  constructor(
    readonly model: tf.LayersModel,
    readonly spec: ForecasterSpec,
    options: { readonly inference?: 'wasm' | 'tfjs' } = {},
  ) {
    this.window = spec.window;
    this.horizon = spec.horizon;
    this.lookback = spec.window + featureWarmup(spec.features) - 1;
    this.name = `neural-${spec.model.kind}`;
    this.fast =
      options.inference === 'tfjs' ? undefined : RecurrentInference.fromModel(model, spec.window, spec.features.features.length);
    this.inference = this.fast === undefined ? 'tfjs' : 'wasm';
  }

  /** Raw network output for one prepared window, on the {@link NeuralForecaster.inference} path. */
  predictOne(x: Float32Array): number {
    return this.fast === undefined ? this.predictRaw(x, 1)[0]! : this.fast.predict(x);
  }

  /**
   * Raw network outputs for `count` prepared windows on the {@link NeuralForecaster.inference} path (one
   * window at a time through the recurrent pass, or tfjs batches).
   */
  predictWindows(x: Float32Array, count: number): Float32Array {
    const fast = this.fast;
    if (fast === undefined) return this.predictRaw(x, count);
    const size = this.window * this.spec.features.features.length;
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = fast.predict(x.subarray(i * size, (i + 1) * size));
    return out;
  }

  /** Raw network outputs (standardised return or up-probability) for `count` windows, always through tfjs. */
  predictRaw(x: Float32Array, count: number): Float32Array {
    const nf = this.spec.features.features.length;
    const out = new Float32Array(count);
    for (let start = 0; start < count; start += PREDICT_BATCH) {
      const size = Math.min(PREDICT_BATCH, count - start);
      const values = tf.tidy(() => {
        const input = tf.tensor3d(x.subarray(start * this.window * nf, (start + size) * this.window * nf), [size, this.window, nf]);
        return (this.model.predict(input) as tf.Tensor).dataSync();
      });
      out.set(values, start);
    }
    return out;
  }

  /** Converts a raw network output into `Forecast.value` (see class docs). */
  toValue(raw: number): number {
    const n = this.spec.normalisation;
    return this.spec.target === 'direction' ? 2 * raw - 1 : raw * n.targetStd + n.targetMean;
  }

  /** Forecast values for the windows ending at bar indices `ends` of `series` (all must be `>= lookback - 1`). */
  forecastAt(series: BarSeries, ends: ArrayLike<number>): Float64Array {
    const m = computeFeatures(series, this.spec.features);
    const fast = this.fast;
    if (fast !== undefined) return this.toValues(runWindowJob(fast, this.job(m.columns, Int32Array.from(ends))));
    const out = new Float64Array(ends.length);
    // Windows are built a chunk at a time: all at once would take window x features x 4 bytes per bar.
    for (let start = 0; start < ends.length; start += PREDICT_BATCH) {
      const chunk = Array.prototype.slice.call(ends, start, Math.min(ends.length, start + PREDICT_BATCH)) as number[];
      const raw = this.predictRaw(buildWindows(m, this.spec.normalisation, chunk, this.window), chunk.length);
      for (let i = 0; i < raw.length; i++) out[start + i] = this.toValue(raw[i]!);
    }
    return out;
  }

  forecast(window: readonly Bar[]): Forecast | undefined {
    if (window.length < this.lookback) return undefined;
    const bars = window.length === this.lookback ? window : window.slice(window.length - this.lookback);
    const series = barSeriesFromBars(bars);
    const m = computeFeatures(series, this.spec.features);
    const x = buildWindows(m, this.spec.normalisation, [series.length - 1], this.window);
    return this.makeForecast(this.toValue(this.predictOne(x)));
  }

  /** Wraps a forecast value as a {@link Forecast}. */
  makeForecast(value: number): Forecast {
    const direction = value > 0 ? 1 : value < 0 ? -1 : 0;
    return this.spec.target === 'direction'
      ? { value, horizon: this.horizon, direction, confidence: Math.abs(value) }
      : { value, horizon: this.horizon, direction };
  }

  /**
   * Forecast values for every bar of `series` (`NaN` before `lookback - 1`). Returns a copy of what
   * {@link NeuralForecaster.forecastSeriesParallel} computed for this very series object, if it did.
   */
  forecastSeries(series: BarSeries): Float64Array {
    const cached = this.precomputed.get(series);
    if (cached !== undefined) return cached.slice();
    const out = new Float64Array(series.length).fill(Number.NaN);
    const ends = this.seriesEnds(series);
    if (ends.length > 0) out.set(this.forecastAt(series, ends), this.lookback - 1);
    return out;
  }

  /**
   * {@link NeuralForecaster.forecastSeries} on all cores: the windows are split over worker threads (each with its
   * own WebAssembly pass) and this thread. Bitwise the same values as the single-threaded path; the result is kept
   * (weakly, per series object) so a later `forecastSeries(series)` — e.g. the neural strategy's first bar —
   * returns it without recomputing. Runs in this thread alone for transformers, small series, or when the package
   * runs from sources (no built worker script).
   *
   * @throws ValidationError when `options.threads` is not a positive integer; BotError `INTERNAL` when a worker fails.
   * @example
   * ```ts
   * await forecaster.forecastSeriesParallel(series); // before runBacktest: the strategy then reuses it
   * ```
   */
  async forecastSeriesParallel(series: BarSeries, options: ParallelWindowsOptions = {}): Promise<Float64Array> {
    const fast = this.fast;
    if (fast === undefined) return this.forecastSeries(series);
    const out = new Float64Array(series.length).fill(Number.NaN);
    const ends = this.seriesEnds(series);
    if (ends.length > 0) {
      const m = computeFeatures(series, this.spec.features);
      out.set(this.toValues((await runWindowJobParallel(fast, this.job(m.columns, ends), options)).raw), this.lookback - 1);
    }
    this.precomputed.set(series, out);
    return out.slice();
  }

  private readonly precomputed = new WeakMap<BarSeries, Float64Array>();

  private seriesEnds(series: BarSeries): Int32Array {
    const first = this.lookback - 1;
    const ends = new Int32Array(Math.max(0, series.length - first));
    for (let i = 0; i < ends.length; i++) ends[i] = first + i;
    return ends;
  }

  private job(columns: readonly Float64Array[], ends: Int32Array): WindowForecastJob {
    return { weights: this.fast!.weights, window: this.window, columns, normalisation: this.spec.normalisation, ends };
  }

  private toValues(raw: Float32Array): Float64Array {
    const out = new Float64Array(raw.length);
    for (let i = 0; i < raw.length; i++) out[i] = this.toValue(raw[i]!);
    return out;
  }

  /** Releases the model's tensors. */
  dispose(): void {
    this.model.dispose();
  }
}
