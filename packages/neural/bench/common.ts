import os from 'node:os';
import type { NeuralBackendName } from '../src/index.js';

/** Percentile of sorted numbers (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Backends to measure: from argv (`--backends wasm,cpu`) or both portable ones. */
export function backendsFromArgv(): NeuralBackendName[] {
  const i = process.argv.indexOf('--backends');
  const raw = i >= 0 ? process.argv[i + 1] : undefined;
  return (raw ?? 'wasm,cpu').split(',') as NeuralBackendName[];
}

/** One line describing the machine and its load (the CI box is 2 shared cores). */
export function machineLine(): string {
  const cpus = os.cpus();
  return `machine: ${cpus.length} x ${cpus[0]?.model ?? 'unknown cpu'}, node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}`;
}
