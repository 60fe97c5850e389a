import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type { BacktestSettings } from '../backtestResult.js';

/** Everything needed to reproduce a run bit for bit. */
export interface ReproducibilityManifest {
  /** `@bot/backtest@<version>` (and the CLI version when run from the CLI). */
  readonly tool: string;
  readonly node: string;
  readonly data: readonly { readonly file: string; readonly sha256: string; readonly bytes: number }[];
  readonly settings: BacktestSettings;
  /** The command line, when run from the CLI. */
  readonly command?: readonly string[];
}

/** SHA-256 (hex) and size of a file, read in 1 MiB chunks (no copy of a large file in memory). @throws the `fs` error. */
export function fileDigest(path: string): { file: string; sha256: string; bytes: number } {
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

/**
 * Builds the reproducibility manifest of a run: tool version, Node version, the SHA-256 of each data file and the
 * full settings (strategies and parameters, seed, fill mode, slippage, fees, sizing, risk gate).
 *
 * @example `buildManifest({ tool: 'bot 0.1.0', dataFiles: ['ORCL_1d.csv'], settings: result.settings })`
 */
export function buildManifest(input: { tool: string; dataFiles: readonly string[]; settings: BacktestSettings; command?: readonly string[] }): ReproducibilityManifest {
  return {
    tool: input.tool,
    node: process.version,
    data: input.dataFiles.map(fileDigest),
    settings: input.settings,
    ...(input.command === undefined ? {} : { command: input.command }),
  };
}
