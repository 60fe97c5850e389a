import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { BotError } from '@bot/core-types';
import { writeFileAtomic } from './atomicWrite.js';
import { registerNeuralLayers } from './layers.js';
import type { ForecasterSpec } from './neuralForecaster.js';
import { NeuralForecaster } from './neuralForecaster.js';

/** File names inside a model directory. */
export const MODEL_FILES = { model: 'model.json', weights: 'weights.bin', spec: 'forecaster.json' } as const;

/** Format tag written to `forecaster.json`. */
export const FORECASTER_FORMAT = 'bot-neural/1';

function joinWeights(data: tf.io.WeightData): Uint8Array {
  if (!Array.isArray(data)) return new Uint8Array(data);
  return new Uint8Array(tf.io.concatenateArrayBuffers(data));
}

/** The files of a model directory whose SHA-256 `forecaster.json` records (`files`), checked on load. */
const CHECKED_FILES = [MODEL_FILES.model, MODEL_FILES.weights] as const;

function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * A tfjs `IOHandler` that saves to / loads from a directory with `node:fs` (`model.json` + `weights.bin`), since
 * `file://` handlers exist only in tfjs-node. Each file is written atomically (temp file + rename).
 *
 * @example `await model.save(directoryHandler('out/model'))`
 */
export function directoryHandler(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) throw new BotError('INTERNAL', 'binary model topology is not supported');
      await mkdir(dir, { recursive: true });
      const weights = artifacts.weightData === undefined ? new Uint8Array(0) : joinWeights(artifacts.weightData);
      const modelJson = {
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [`./${MODEL_FILES.weights}`], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeFileAtomic(path.join(dir, MODEL_FILES.weights), weights);
      await writeFileAtomic(path.join(dir, MODEL_FILES.model), JSON.stringify(modelJson));
      return {
        modelArtifactsInfo: {
          // Packages never read the wall clock (ARCHITECTURE rule 4): the save time is not recorded.
          dateSaved: new Date(0),
          modelTopologyType: 'JSON',
          weightDataBytes: weights.byteLength,
        },
      };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const json = JSON.parse(await readFile(path.join(dir, MODEL_FILES.model), 'utf8')) as {
        modelTopology: object;
        format?: string;
        generatedBy?: string;
        convertedBy?: string | null;
        weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
      };
      const specs: tf.io.WeightsManifestEntry[] = [];
      const buffers: Uint8Array[] = [];
      for (const group of json.weightsManifest) {
        specs.push(...group.weights);
        for (const p of group.paths) buffers.push(await readFile(path.join(dir, p)));
      }
      const total = buffers.reduce((s, b) => s + b.byteLength, 0);
      const weightData = new Uint8Array(total);
      let o = 0;
      for (const b of buffers) {
        weightData.set(b, o);
        o += b.byteLength;
      }
      const artifacts: tf.io.ModelArtifacts = { modelTopology: json.modelTopology, weightSpecs: specs, weightData: weightData.buffer };
      if (json.format !== undefined) artifacts.format = json.format;
      if (json.generatedBy !== undefined) artifacts.generatedBy = json.generatedBy;
      if (json.convertedBy !== undefined && json.convertedBy !== null) artifacts.convertedBy = json.convertedBy;
      return artifacts;
    },
  };
}

/**
 * Saves a forecaster to a directory: `model.json` (architecture), `weights.bin` (float32 weights) and
 * `forecaster.json` (normalisation, feature spec, window/horizon/target, seed, metadata, and the SHA-256 of the
 * other two files).
 *
 * Crash-safe, also when it overwrites an older model: `forecaster.json` is removed first and written last, every
 * file is written atomically (temp file + rename), and {@link loadForecaster} checks the recorded digests. A save
 * that is interrupted therefore leaves a directory that fails to load with a clear error, never new weights with an
 * old normalisation (which would load and forecast garbage).
 *
 * @throws BotError `INTERNAL` when tfjs produces binary topology; fs errors propagate.
 * @example `await saveForecaster(forecaster, 'models/btc-lstm')`
 */
export async function saveForecaster(forecaster: NeuralForecaster, dir: string): Promise<void> {
  const specFile = path.join(dir, MODEL_FILES.spec);
  await rm(specFile, { force: true });
  await forecaster.model.save(directoryHandler(dir));
  const files: Record<string, string> = {};
  for (const name of CHECKED_FILES) files[name] = sha256(await readFile(path.join(dir, name)));
  await writeFileAtomic(specFile, `${JSON.stringify({ format: FORECASTER_FORMAT, ...forecaster.spec, files }, null, 2)}\n`);
}

/**
 * Loads a forecaster saved by {@link saveForecaster}. On the same backend it predicts bit-identically to the saved
 * one. Call `initBackend()` first to choose the backend.
 *
 * @throws BotError `CONFIG` when the directory is not a @bot/neural model (with the path and what is missing), or
 * when `model.json` / `weights.bin` differ from what `forecaster.json` recorded at save time (a changed directory or
 * an interrupted save; models saved before digests were recorded load without the check).
 * @example `const f = await loadForecaster('models/btc-lstm'); f.forecast(lastBars)`
 */
export async function loadForecaster(dir: string): Promise<NeuralForecaster> {
  registerNeuralLayers();
  let raw: string;
  try {
    raw = await readFile(path.join(dir, MODEL_FILES.spec), 'utf8');
  } catch (cause) {
    throw new BotError('CONFIG', `${dir}: not a @bot/neural model directory (missing ${MODEL_FILES.spec}; train one with \`bot train\`)`, { cause });
  }
  const parsed = JSON.parse(raw) as ForecasterSpec & { format?: string; files?: Record<string, string> };
  if (parsed.format !== FORECASTER_FORMAT) {
    throw new BotError('CONFIG', `${path.join(dir, MODEL_FILES.spec)}: format ${String(parsed.format)} is not ${FORECASTER_FORMAT}`);
  }
  const { format: _format, files, ...spec } = parsed;
  if (files !== undefined) await checkFiles(dir, files);
  const model = await tf.loadLayersModel(directoryHandler(dir));
  return new NeuralForecaster(model, spec);
}

/** Compares the model files with the SHA-256 digests `forecaster.json` recorded when the model was saved. */
async function checkFiles(dir: string, files: Readonly<Record<string, string>>): Promise<void> {
  for (const name of CHECKED_FILES) {
    const file = path.join(dir, name);
    const expected = files[name];
    let actual: string;
    try {
      actual = sha256(await readFile(file));
    } catch (cause) {
      throw new BotError('CONFIG', `${file}: cannot read the model file (${(cause as Error).message}); retrain or restore the model directory`, { cause });
    }
    if (actual !== expected) {
      throw new BotError(
        'CONFIG',
        `${file}: does not match ${MODEL_FILES.spec} (sha256 ${actual.slice(0, 12)}..., recorded ${String(expected).slice(0, 12)}...); the directory was changed or a save was interrupted: retrain or restore it`,
        { details: { file, expected: expected ?? null, actual } },
      );
    }
  }
}
