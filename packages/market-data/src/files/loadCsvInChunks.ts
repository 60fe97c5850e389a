import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MessagePort, MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { BarColumns } from './barColumns.js';
import { type CsvLayout, type CsvReadOptions, CsvBarParser } from './csvBarParser.js';
import { CHUNK_PARSING, CHUNK_PENDING, CHUNK_TAKEN, type CsvChunkResult, type CsvChunkTask, lineStartAtOrAfter, parseRange, readRange } from './csvChunk.js';
import { readCsvHead, rowEstimate } from './csvHead.js';

/** Bytes read to find the header (a first line longer than this makes the load sequential). */
const HEAD_BYTES = 1 << 20;

/** The built worker script beside this module, or `undefined` when running from sources (then no threads). */
function chunkWorkerEntry(): string | undefined {
  const here = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return undefined;
  const candidate = join(dirname(here), 'csvChunkWorker.js');
  return existsSync(candidate) ? candidate : undefined;
}

interface Started {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly index: number;
}

/**
 * @internal The multi-threaded half of {@link loadBarsCsv}: splits the rows of an open file of `size` bytes into
 * `threads` chunks at line starts, parses chunk 0 here while worker threads parse the others with the same parser,
 * and joins the columns (the caller builds the series and report). When this thread reaches a chunk whose worker has
 * not started within `startWaitMs`, it takes the chunk over and parses it itself; `threads` in the answer counts the
 * threads that parsed. Strict mode only. Returns `undefined` whenever the plain one-thread load must decide (no
 * built worker script, a bad row outside chunk 0, timestamps not ascending across a chunk boundary, a worker that
 * fails or does not answer): that load then throws the exact `file:line` error, so the errors are the same with and
 * without threads. A bad row in chunk 0 throws here, with its line, as the one-thread load would.
 */
export function loadCsvInChunks(
  fd: number,
  size: number,
  path: string,
  options: CsvReadOptions,
  threads: number,
  startWaitMs: number,
): { cols: BarColumns; layout: CsvLayout; threads: number } | undefined {
  const entry = chunkWorkerEntry();
  if (entry === undefined) return undefined;
  const headBytes = readRange(fd, 0, Math.min(size, HEAD_BYTES));
  const head = readCsvHead(headBytes, path, options);
  // no complete first line in the head (or no rows at all): leave it to the plain load
  if (head === undefined || head.firstLineEnd >= headBytes.length) return undefined;
  const ascending = options.requireAscending ?? true;
  // chunk j is [bounds[j], bounds[j + 1]); a boundary is the first line start at or after an equal split
  const bounds = [head.dataStart];
  for (let j = 1; j < threads; j++) {
    bounds.push(Math.max(bounds[j - 1]!, lineStartAtOrAfter(fd, head.dataStart + Math.floor(((size - head.dataStart) * j) / threads), size)));
  }
  bounds.push(size);
  const signal = new Int32Array(new SharedArrayBuffer(4 * threads));
  const started: Started[] = [];
  try {
    for (let j = 1; j < threads; j++) {
      const { port1, port2 } = new MessageChannel();
      const task: CsvChunkTask = {
        path,
        start: bounds[j]!,
        end: bounds[j + 1]!,
        layout: head.layout,
        source: path,
        requireAscending: ascending,
        estimate: rowEstimate(bounds[j + 1]! - bounds[j]!, head.firstLineLength),
        signal,
        index: j,
        port: port2,
      };
      // no inherited flags: options such as --input-type or --eval make a worker fail before it runs
      const worker = new Worker(entry, { workerData: task, transferList: [port2], execArgv: [] });
      worker.on('error', () => undefined); // a failed worker shows as a missing answer below
      worker.unref();
      started.push({ worker, port: port1, index: j });
    }
    // chunk 0 here, with the line numbers a one-thread load would report
    const parser = new CsvBarParser(head.layout, path, { ...options, mode: 'strict' });
    // sized for the whole file, so the other chunks are appended in place (see BarColumns.trimmed)
    const cols = new BarColumns(rowEstimate(size - head.dataStart, head.firstLineLength));
    parser.line = head.linesBefore;
    if (!parseRange(fd, head.dataStart, bounds[1]!, (bytes, from, to) => parser.parse(bytes, from, to, cols))) return undefined;
    // a generous wait for a worker that runs: 30 s plus 100 ns a byte, ten times what a slow core needs
    const timeoutMs = 30_000 + (size / threads) * 1e-4;
    let parsedBy = 1;
    let lastTime = cols.length === 0 ? Number.NEGATIVE_INFINITY : cols.openTime[cols.length - 1]!;
    for (const s of started) {
      const before = cols.length;
      if (startWaitMs > 0) Atomics.wait(signal, s.index, CHUNK_PENDING, startWaitMs);
      if (Atomics.compareExchange(signal, s.index, CHUNK_PENDING, CHUNK_TAKEN) === CHUNK_PENDING) {
        // The worker has not started (slow to boot, or it cannot: its error event cannot reach this blocked thread).
        // Parsing its part here now is never slower than waiting for it to start and parse.
        const taken = new CsvBarParser(head.layout, path, { mode: 'strict', requireAscending: ascending });
        try {
          if (!parseRange(fd, bounds[s.index]!, bounds[s.index + 1]!, (bytes, from, to) => taken.parse(bytes, from, to, cols))) return undefined;
        } catch {
          return undefined; // the plain load names the line
        }
      } else {
        if (Atomics.wait(signal, s.index, CHUNK_PARSING, timeoutMs) === 'timed-out') return undefined;
        const message = receiveMessageOnPort(s.port)?.message as CsvChunkResult | undefined;
        if (message === undefined || !message.ok) return undefined;
        cols.append(message, message.length);
        parsedBy++;
      }
      if (cols.length > before) {
        if (ascending && !(cols.openTime[before]! > lastTime)) return undefined; // the plain load names the line
        lastTime = cols.openTime[cols.length - 1]!;
      }
    }
    return { cols, layout: head.layout, threads: parsedBy };
  } finally {
    for (const s of started) {
      s.port.close();
      void s.worker.terminate();
    }
  }
}
