/** Tiny CSV reader for ../shared/data (kept local on purpose: tests must not depend on @bot/market-data). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { monorepoRoot } from '@bot/vitest-config';

export const dataDir = path.resolve(monorepoRoot, '..', 'shared', 'data');
export const hasData = existsSync(dataDir);

/** Close prices of a `timestamp,open,high,low,close,volume` file. */
export function readCloses(file: string): number[] {
  return readColumns(file).close;
}

export function readColumns(file: string): { high: number[]; low: number[]; close: number[] } {
  const lines = readFileSync(path.join(dataDir, file), 'utf8').trim().split(/\r?\n/);
  const high: number[] = [];
  const low: number[] = [];
  const close: number[] = [];
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    high.push(Number(f[2]));
    low.push(Number(f[3]));
    close.push(Number(f[4]));
  }
  return { high, low, close };
}

export function logReturns(closes: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < closes.length; i++) out.push(Math.log(closes[i]! / closes[i - 1]!));
  return out;
}

/** Seeded uniform(0,1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws by Box-Muller from a seeded uniform. */
export function seededNormal(seed: number): () => number {
  const u = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}
