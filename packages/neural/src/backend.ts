import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BotError } from '@bot/core-types';

/**
 * A TensorFlow.js backend name: `tensorflow` (native, from the optional peer `@tensorflow/tfjs-node`), `wasm`
 * (`@tensorflow/tfjs-backend-wasm`, XNNPACK + SIMD, shipped inside the npm package) or `cpu` (pure JavaScript).
 */
export type NeuralBackendName = 'tensorflow' | 'wasm' | 'cpu';

/** Which backend {@link initBackend} should use; `auto` picks the fastest one that loads. */
export type NeuralBackendPreference = NeuralBackendName | 'auto';

/**
 * Preference order of `auto`, fastest first. Measured on the 2-core CI machine (`bench/trainingThroughput.ts`,
 * `bench/forecastLatency.ts`, default 2 x 64 models, window 64): wasm trains LSTM, GRU and Transformer 5-8x and
 * predicts batches ~17x faster than pure-JS cpu.
 * tfjs-node (native libtensorflow) is faster still where it can be installed.
 */
export const BACKEND_PREFERENCE: readonly NeuralBackendName[] = ['tensorflow', 'wasm', 'cpu'];

let initialised: NeuralBackendName | undefined;

function localRequire(): NodeRequire {
  // CJS build: `__filename` exists; ESM build (and vitest): derive a require from this module's URL. Never touch
  // the bare `require` identifier: bundlers replace it with a shim that throws in ESM.
  return createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
}

async function tryTensorflow(): Promise<boolean> {
  // Optional peer dependency: loaded lazily so that its absence (it cannot install without downloading
  // libtensorflow) costs nothing. The name is a variable so bundlers and tsc do not try to resolve it.
  const name = '@tensorflow/tfjs-node';
  try {
    await import(name);
  } catch {
    return false;
  }
  return tf.findBackend('tensorflow') !== null && (await tf.setBackend('tensorflow'));
}

async function tryWasm(): Promise<boolean> {
  try {
    const pkg = localRequire().resolve('@tensorflow/tfjs-backend-wasm/package.json');
    setWasmPaths(`${path.join(path.dirname(pkg), 'dist')}${path.sep}`);
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}

/**
 * Selects and initialises the TensorFlow.js backend (idempotent: the first successful call wins unless a different
 * explicit backend is requested). `auto` tries `tensorflow` (if `@tensorflow/tfjs-node` is installed), then
 * `wasm`, then `cpu`.
 *
 * @returns the active backend name.
 * @throws BotError `CONFIG` when an explicitly requested backend cannot be loaded.
 * @example
 * ```ts
 * const backend = await initBackend(); // 'wasm' on a machine without tfjs-node
 * ```
 */
export async function initBackend(preference: NeuralBackendPreference = 'auto'): Promise<NeuralBackendName> {
  if (initialised !== undefined && (preference === 'auto' || preference === initialised)) return initialised;
  const order = preference === 'auto' ? BACKEND_PREFERENCE : [preference];
  for (const name of order) {
    const ok = name === 'tensorflow' ? await tryTensorflow() : name === 'wasm' ? await tryWasm() : await tf.setBackend('cpu');
    if (ok) {
      await tf.ready();
      initialised = name;
      return name;
    }
  }
  throw new BotError('CONFIG', `TensorFlow.js backend ${preference} could not be initialised (tried ${order.join(', ')})`);
}

/**
 * The TensorFlow.js backend in use (`tensorflow`, `wasm` or `cpu`), or `undefined` before {@link initBackend}.
 *
 * @example `activeBackend() // 'wasm'`
 */
export function activeBackend(): NeuralBackendName | undefined {
  if (initialised === undefined) return undefined;
  const name = tf.getBackend();
  return name === 'tensorflow' || name === 'wasm' || name === 'cpu' ? name : initialised;
}
