/**
 * Training throughput (windows per second, forward + backward + Adam step) per model type and backend, with the
 * default architectures (LSTM/GRU 2x64, Transformer 2 blocks x 64 wide, 4 heads), window 64, 12 features, batch 64.
 * Run: pnpm exec tsx bench/trainingThroughput.ts [--backends wasm,cpu]
 */
import { performance } from 'node:perf_hooks';
import type { ModelKind } from '../src/index.js';
import { buildModel, createPrng, defaultModelConfig, fitModel, initBackend } from '../src/index.js';
import { backendsFromArgv, machineLine } from './common.js';

const WINDOW = 64;
const FEATURES = 12;
console.log(machineLine());
const rows: string[] = [];
for (const backend of backendsFromArgv()) {
  await initBackend(backend);
  for (const kind of ['lstm', 'gru', 'transformer'] as ModelKind[]) {
    const n = backend === 'cpu' ? 128 : 512;
    const rng = createPrng(5);
    const x = new Float32Array(n * WINDOW * FEATURES).map(() => rng.normal());
    const y = new Float32Array(n).map(() => rng.normal());
    const model = buildModel(defaultModelConfig(kind), WINDOW, FEATURES, 'return', 1);
    const data = { window: WINDOW, features: FEATURES, xTrain: x, yTrain: y, xVal: x.subarray(0, 64 * WINDOW * FEATURES), yVal: y.subarray(0, 64) };
    // Warm-up epoch on a slice (kernel compilation, first-use allocations), then a timed epoch.
    await fitModel(model, { ...data, xTrain: x.subarray(0, 64 * WINDOW * FEATURES), yTrain: y.subarray(0, 64) }, 'return', { epochs: 1 });
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fitModel(model, { ...data, xVal: x.subarray(0, WINDOW * FEATURES), yVal: y.subarray(0, 1) }, 'return', { epochs: 1, batchSize: 64 });
    const rate = n / ((performance.now() - t0) / 1000);
    const c1 = process.cpuUsage(c0);
    const cpuRate = n / ((c1.user + c1.system) / 1e6);
    const line = `[${backend}] ${kind.padEnd(11)} ${defaultModelConfig(kind).layers}x${defaultModelConfig(kind).units}: ${rate.toFixed(1)} training windows/s wall, ${cpuRate.toFixed(1)} per CPU-second (${n} windows, batch 64)`;
    console.log(line);
    rows.push(line);
    model.dispose();
  }
}
