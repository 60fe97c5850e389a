import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { monorepoRoot } from '@bot/vitest-config';

/** The shared real-data folder (`../shared/data` next to the monorepo). */
export const dataDir = path.resolve(monorepoRoot, '..', 'shared', 'data');
export const hasData = existsSync(dataDir);

/** Columns of one OHLCV CSV file. */
export interface Ohlcv {
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly length: number;
}

/** A tiny reader for `timestamp,open,high,low,close,volume` files (tests only; no dependency on market-data). */
export function readOhlcv(file: string): Ohlcv {
  const lines = readFileSync(path.join(dataDir, file), 'utf8').trim().split('\n');
  const rows = lines.slice(1);
  const n = rows.length;
  const out = {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
    length: n,
  };
  rows.forEach((line, i) => {
    const [t, o, h, l, c, v] = line.split(',');
    out.time[i] = Date.parse(t!);
    out.open[i] = Number(o);
    out.high[i] = Number(h);
    out.low[i] = Number(l);
    out.close[i] = Number(c);
    out.volume[i] = Number(v);
  });
  return out;
}
