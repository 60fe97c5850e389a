import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../files/writeBars.js';

/** One cached chunk: rows covering `[start, end)` completely, as fetched from the exchange. */
export interface CacheChunk<Row> {
  readonly version: 1;
  readonly exchange: string;
  readonly symbol: string;
  /** Timeframe, or `trades`. */
  readonly kind: string;
  readonly start: number;
  readonly end: number;
  readonly rows: readonly Row[];
}

/**
 * On-disk cache of exchange history: `<dir>/<exchange>/<symbol>/<timeframe|trades>/<chunkStart>.json`, one file per
 * complete, aligned time chunk, written atomically (temp file + rename) so an interrupted download leaves only
 * whole chunks behind and the next run resumes after them without refetching.
 */
export class HistoryCache {
  constructor(readonly dir: string) {}

  private path(exchange: string, symbol: string, kind: string, start: number): string {
    return join(this.dir, safe(exchange), safe(symbol), safe(kind), `${start}.json`);
  }

  /** The cached chunk, or undefined when absent or unreadable (a damaged chunk is simply refetched). */
  async get<Row>(exchange: string, symbol: string, kind: string, start: number, end: number): Promise<CacheChunk<Row> | undefined> {
    try {
      const chunk = JSON.parse(await readFile(this.path(exchange, symbol, kind, start), 'utf8')) as CacheChunk<Row>;
      if (chunk.version !== 1 || chunk.start !== start || chunk.end !== end || !Array.isArray(chunk.rows)) return undefined;
      return chunk;
    } catch {
      return undefined;
    }
  }

  async put<Row>(chunk: CacheChunk<Row>): Promise<void> {
    const file = this.path(chunk.exchange, chunk.symbol, chunk.kind, chunk.start);
    await mkdir(join(file, '..'), { recursive: true });
    await writeFileAtomic(file, (write) => write(JSON.stringify(chunk)));
  }
}

function safe(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]/g, '-');
}
