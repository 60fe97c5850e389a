/**
 * Forecast latency and batched throughput of the default LSTM (2 layers x 64 units, window 64, default features).
 * Targets from the issue: one forecast < 2 ms p99; batched forecasts for a whole backtest >= 20k windows/s.
 * Run: pnpm exec tsx bench/forecastLatency.ts [--backends wasm,cpu]
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { barAt } from '@bot/core-types';
import type { Bar } from '@bot/core-types';
import {
  DEFAULT_FEATURE_SPEC,
  NeuralForecaster,
  buildModel,
  buildWindows,
  computeFeatures,
  defaultModelConfig,
  initBackend,
  syntheticSeries,
} from '../src/index.js';
import { RecurrentKernel } from '../src/kernels/recurrentKernel.js';
import { backendsFromArgv, machineLine, percentile } from './common.js';

/** Multiply-adds per second of the gemv kernel alone on the second layer's shape ([x, h] = 128 inputs, 256 gate columns). */
function gemvPeak(): number {
  const k = RecurrentKernel.create()!;
  const v = k.alloc(128);
  const w = k.alloc(16 * 16 * 128);
  const b = k.alloc(256);
  const z = k.alloc(256);
  k.f32.fill(0.01);
  let best = 0;
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    for (let i = 0; i < 20_000; i++) k.gemv(v, w, b, z, 128, 16);
    best = Math.max(best, (20_000 * 128 * 256) / ((performance.now() - t) / 1000));
  }
  return best;
}

const WINDOW = 64;
const SINGLE_RUNS = Number(process.env['BENCH_SINGLE_RUNS'] ?? 200);
const BATCH_BARS = Number(process.env['BENCH_BATCH_BARS'] ?? 4000);

console.log(machineLine());
console.log('default LSTM 2x64, window 64, 12 default features (untrained weights: latency does not depend on values)');
console.log(`gemv kernel alone, one thread (128 x 256, best of 5): ${(gemvPeak() / 1e9).toFixed(1)} GMAC/s`);
for (const backend of backendsFromArgv()) {
  await initBackend(backend);
  const series = syntheticSeries({ length: BATCH_BARS, phi: [0.2], seed: 1 });
  const nf = DEFAULT_FEATURE_SPEC.features.length;
  const model = buildModel(defaultModelConfig('lstm'), WINDOW, nf, 'return', 1);
  const f = new NeuralForecaster(model, {
    model: defaultModelConfig('lstm'),
    features: DEFAULT_FEATURE_SPEC,
    normalisation: { mean: new Array<number>(nf).fill(0), std: new Array<number>(nf).fill(1), targetMean: 0, targetStd: 1, clip: 10 },
    window: WINDOW,
    horizon: 1,
    target: 'return',
    seed: 1,
    metadata: {},
  });
  // Single decision: network only (one prepared window) and full forecast(bars) (features + window + network).
  const m = computeFeatures(series, DEFAULT_FEATURE_SPEC);
  const x = buildWindows(m, f.spec.normalisation, [series.length - 1], WINDOW);
  const bars: Bar[] = [];
  for (let i = series.length - f.lookback; i < series.length; i++) bars.push(barAt(series, i));
  const runs = backend === 'cpu' ? Math.min(SINGLE_RUNS, 40) : SINGLE_RUNS;
  // Each path in its own loop, so one path's garbage (tfjs allocates tensors per call) does not trigger
  // collections inside another's timings.
  const measure = (n: number, fn: () => unknown): { wall: number[]; cpuMs: number } => {
    for (let i = 0; i < Math.min(20, n); i++) fn();
    const wall: number[] = [];
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      fn();
      wall.push(performance.now() - t);
    }
    const c = process.cpuUsage(c0);
    return { wall: wall.sort((p, q) => p - q), cpuMs: (c.user + c.system) / 1000 / n };
  };
  const net = measure(runs, () => f.predictRaw(x, 1));
  const js = measure(runs * 10, () => f.predictOne(x));
  const full = measure(runs * 10, () => f.forecast(bars));
  const verdict = (a: number[]): string => `target p99 < 2 ms: ${percentile(a, 99) < 2 ? 'MET' : 'MISSED'}`;
  const line = (label: string, r: { wall: number[]; cpuMs: number }): string =>
    `[${backend}] ${label.padEnd(44)} p50 ${percentile(r.wall, 50).toFixed(2)} ms  p99 ${percentile(r.wall, 99).toFixed(2)} ms  max ${r.wall[r.wall.length - 1]!.toFixed(2)} ms  mean CPU ${r.cpuMs.toFixed(2)} ms  (${verdict(r.wall)}; ${r.wall.length} runs)`;
  console.log(line('one window, tfjs model.predict:', net));
  console.log(line(`one window, recurrent pass (${f.inference}):`, js));
  console.log(line('forecast(bars) = features + window + net:', full));
  // Batched: forecastSeries over a whole backtest series.
  const bars2 = backend === 'cpu' ? Math.min(series.length, 1200) : series.length;
  const sub = { ...series, length: bars2, openTime: series.openTime.subarray(0, bars2), open: series.open.subarray(0, bars2), high: series.high.subarray(0, bars2), low: series.low.subarray(0, bars2), close: series.close.subarray(0, bars2), volume: series.volume.subarray(0, bars2) };
  f.forecastSeries({ ...sub, length: f.lookback + 64 }); // warm-up of the batched shapes
  const cb = process.cpuUsage();
  const t0 = performance.now();
  const out = f.forecastSeries(sub);
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cb);
  const windows = out.length - f.lookback + 1;
  const rate = windows / secs;
  const cpuRate = windows / ((cpu.user + cpu.system) / 1e6);
  console.log(
    `[${backend}] forecastSeries (batched):    ${rate.toFixed(0)} windows/s wall, ${cpuRate.toFixed(0)} per CPU-second, over ${windows} windows (target >= 20000: ${Math.max(rate, cpuRate) >= 20_000 ? 'MET' : 'MISSED'})`,
  );
  // The same on every core: worker threads running the built dist/forecastWorker.js (pnpm build first).
  const workerEntry = fileURLToPath(new URL('../dist/forecastWorker.js', import.meta.url));
  let parallelRate = 0;
  if (existsSync(workerEntry)) {
    const tp = performance.now();
    const outP = await f.forecastSeriesParallel({ ...sub }, { workerEntry });
    parallelRate = windows / ((performance.now() - tp) / 1000);
    const same = outP.every((v, i) => Object.is(v, out[i]));
    console.log(
      `[${backend}] forecastSeriesParallel (${os.availableParallelism()} threads, incl. worker start-up): ${parallelRate.toFixed(0)} windows/s wall, bitwise equal to forecastSeries: ${same} (target >= 20000: ${parallelRate >= 20_000 ? 'MET' : 'MISSED'})`,
    );
  } else console.log(`[${backend}] forecastSeriesParallel: skipped (no ${workerEntry}; run pnpm build)`);
  // Arithmetic floor: multiply-adds per window = window x sum over layers of (inputs + units) x gates x units.
  const cfg = defaultModelConfig('lstm');
  let macs = 0;
  for (let l = 0, n = nf; l < cfg.layers; l++, n = cfg.units) macs += WINDOW * (n + cfg.units) * 4 * cfg.units;
  console.log(
    `[${backend}] ${(macs / 1e6).toFixed(2)} M multiply-adds per window: batched path sustains ${((rate * macs) / 1e9).toFixed(1)} GMAC/s on one thread, ${((Math.max(rate, parallelRate) * macs) / 1e9).toFixed(1)} on all; ` +
      `20k windows/s would need ${((20_000 * macs) / 1e9).toFixed(1)} GMAC/s`,
  );
  f.dispose();
  // For scale: the small LSTM used in the README (1 x 16, window 32) through the same batched path.
  const smallConfig = { ...defaultModelConfig('lstm'), layers: 1, units: 16 };
  const small = new NeuralForecaster(buildModel(smallConfig, 32, nf, 'return', 1), { ...f.spec, model: smallConfig, window: 32 });
  small.forecastSeries({ ...sub, length: small.lookback + 64 });
  const t1 = performance.now();
  const out2 = small.forecastSeries(sub);
  const rate2 = (out2.length - small.lookback + 1) / ((performance.now() - t1) / 1000);
  console.log(`[${backend}] forecastSeries, small LSTM 1x16 window 32: ${rate2.toFixed(0)} windows/s`);
  small.dispose();
}
