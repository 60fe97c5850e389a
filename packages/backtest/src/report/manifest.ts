import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BacktestSettings } from '../backtestResult.js';

/** Everything needed to reproduce a run bit for bit. */
export interface ReproducibilityManifest {
  /** `@bot/backtest@<version>` (and the CLI version when run from the CLI). */
  readonly tool: string;
  readonly node: string;
  readonly data: readonly FileDigest[];
  readonly settings: BacktestSettings;
  /** The command line, when run from the CLI. */
  readonly command?: readonly string[];
}

/** SHA-256 (hex) and size of a file, read in 1 MiB chunks (no copy of a large file in memory). @throws the `fs` error. */
export function fileDigest(path: string): FileDigest {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, 'r');
  let total = 0;
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      hash.update(chunk.subarray(0, n));
      total += n;
    }
  } finally {
    closeSync(fd);
  }
  return { file: basename(path), sha256: hash.digest('hex'), bytes: total };
}

/** Digest of one data file, as in {@link ReproducibilityManifest.data}. */
export interface FileDigest {
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
}

// A self-contained worker script (eval), so hashing needs no built file and runs on another core.
const DIGEST_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const hash = createHash('sha256');
const chunk = Buffer.allocUnsafe(1 << 20);
const fd = openSync(workerData, 'r');
let total = 0;
try {
  for (;;) { const n = readSync(fd, chunk, 0, chunk.length, null); if (n === 0) break; hash.update(chunk.subarray(0, n)); total += n; }
} finally { closeSync(fd); }
parentPort.postMessage({ sha256: hash.digest('hex'), bytes: total });
`;

/**
 * {@link fileDigest} on a worker thread, so a large file is hashed on another core while the backtest runs.
 *
 * @example
 * ```ts
 * const digest = fileDigestInWorker('bars.csv'); // start early
 * const result = runBacktest(...);
 * const manifest = buildManifest({ tool, dataFiles: [], digests: [await digest], settings: result.settings });
 * ```
 */
export function fileDigestInWorker(path: string): Promise<FileDigest> {
  return new Promise((resolveDigest, rejectDigest) => {
    const w = new Worker(DIGEST_WORKER, { eval: true, workerData: path });
    w.once('message', (m: { sha256: string; bytes: number }) => resolveDigest({ file: basename(path), sha256: m.sha256, bytes: m.bytes }));
    w.once('error', rejectDigest);
    w.once('exit', (code) => {
      if (code !== 0) rejectDigest(new Error(`hashing ${path}: worker exited with code ${code}`));
    });
  });
}

/**
 * Builds the reproducibility manifest of a run: tool version, Node version, the SHA-256 of each data file and the
 * full settings (strategies and parameters, seed, fill mode, slippage, fees, sizing, risk gate).
 *
 * @example `buildManifest({ tool: 'bot 0.1.0', dataFiles: ['ORCL_1d.csv'], settings: result.settings })`
 */
export function buildManifest(input: {
  tool: string;
  dataFiles: readonly string[];
  settings: BacktestSettings;
  command?: readonly string[];
  /** Digests computed already (e.g. by {@link fileDigestInWorker}); listed before those of `dataFiles`. */
  digests?: readonly FileDigest[];
}): ReproducibilityManifest {
  return {
    tool: input.tool,
    node: process.version,
    data: [...(input.digests ?? []), ...input.dataFiles.map(fileDigest)],
    settings: input.settings,
    ...(input.command === undefined ? {} : { command: input.command }),
  };
}
