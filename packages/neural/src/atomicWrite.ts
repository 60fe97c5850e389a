import { rename, rm, writeFile } from 'node:fs/promises';

let tmpCounter = 0;

/**
 * Writes `data` to `file` atomically: into `file.<pid>.<n>.tmp` beside it first, then `rename` over the target, so
 * a reader (or a crash in the middle) never sees a half-written file; the old file stays intact until the rename,
 * and the temp file is removed when the write fails.
 *
 * @example `await writeFileAtomic('models/btc/weights.bin', bytes)`
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.${++tmpCounter}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
