/**
 * @internal Worker-thread entry of the parallel CSV loader ({@link loadBarsCsv} on a large file): parses one chunk
 * of lines with the same {@link CsvBarParser} and posts the columns back (their memory is transferred, not copied).
 */
import { closeSync, openSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { BarColumns } from './barColumns.js';
import { CsvBarParser } from './csvBarParser.js';
import { CHUNK_DONE, CHUNK_PARSING, CHUNK_PENDING, type CsvChunkResult, type CsvChunkTask, parseRange } from './csvChunk.js';

function parseChunk(task: CsvChunkTask): { result: CsvChunkResult; transfer: ArrayBuffer[] } {
  const parser = new CsvBarParser(task.layout, task.source, { mode: 'strict', requireAscending: task.requireAscending });
  const cols = new BarColumns(task.estimate);
  const fd = openSync(task.path, 'r');
  let complete: boolean;
  try {
    complete = parseRange(fd, task.start, task.end, (bytes, from, to) => parser.parse(bytes, from, to, cols));
  } finally {
    closeSync(fd);
  }
  if (!complete) return { result: { ok: false, reason: 'the file changed while it was read' }, transfer: [] };
  // the columns as they are (rows [0, length) of each are the chunk's): the caller copies them once into the result
  const { length, openTime, open, high, low, close, volume } = cols;
  const result: CsvChunkResult = { ok: true, length, openTime, open, high, low, close, volume };
  return { result, transfer: [openTime.buffer, open.buffer, high.buffer, low.buffer, close.buffer, volume.buffer] as ArrayBuffer[] };
}

const task = workerData as CsvChunkTask;
// the calling thread may have taken the chunk over already: then there is nothing to do
if (Atomics.compareExchange(task.signal, task.index, CHUNK_PENDING, CHUNK_PARSING) === CHUNK_PENDING) {
  Atomics.notify(task.signal, task.index);
  try {
    const { result, transfer } = parseChunk(task);
    task.port.postMessage(result, transfer);
  } catch (cause) {
    task.port.postMessage({ ok: false, reason: (cause as Error).message } satisfies CsvChunkResult);
  } finally {
    Atomics.store(task.signal, task.index, CHUNK_DONE);
    Atomics.notify(task.signal, task.index);
  }
}
