/**
 * A tour of @bot/strategies on a deterministic synthetic series: batch and streaming indicators, a unit-root test,
 * a cointegration test, and the sma-cross signals. Run: `pnpm exec tsx examples/tour.ts`.
 */
import { RSI, adf, bollinger, engleGranger, macd, rsi, smaCrossSignals } from '../src/index.js';

/** Seeded uniform numbers (LCG) so the tour prints the same numbers every time. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 4294967296;
}

export function main(): {
  lastRsi: number;
  streamingEqualsBatch: boolean;
  macdFirstSignalIndex: number;
  bandWidth: number;
  randomWalkAdfP: number;
  cointegratedP: number;
  hedgeRatio: number;
  trades: number;
} {
  const u = lcg(7);
  const n = 1500;
  const walk = new Float64Array(n);
  const partner = new Float64Array(n);
  let x = 100;
  for (let i = 0; i < n; i++) {
    x += u() - 0.5;
    walk[i] = x;
    partner[i] = 2 * x + 5 + (u() - 0.5); // cointegrated with the walk: slope 2
  }

  const batch = rsi(walk, 14);
  const stream = new RSI(14);
  let same = true;
  for (let i = 0; i < n; i++) {
    const v = stream.update(walk[i]!);
    if ((v ?? Number.NaN) !== batch[i] && !(v === undefined && Number.isNaN(batch[i]!))) same = false;
  }
  const m = macd(walk, 12, 26, 9);
  const bb = bollinger(walk, 20, 2);
  const adfResult = adf(walk, { regression: 'c' });
  const eg = engleGranger(partner, walk);
  const signals = smaCrossSignals(walk, 10, 30);
  let trades = 0;
  for (let i = 1; i < n; i++) if (signals[i] !== signals[i - 1]) trades++;

  const result = {
    lastRsi: batch[n - 1]!,
    streamingEqualsBatch: same,
    macdFirstSignalIndex: m.signal.findIndex((v) => !Number.isNaN(v)),
    bandWidth: bb.upper[n - 1]! - bb.lower[n - 1]!,
    randomWalkAdfP: adfResult.pValue,
    cointegratedP: eg.pValue,
    hedgeRatio: eg.hedgeRatio,
    trades,
  };
  console.log(result);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) main();
