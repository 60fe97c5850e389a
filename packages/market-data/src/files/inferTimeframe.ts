import { msToTimeframe, type Timeframe } from '@bot/core-types';

/**
 * The bar spacing of a series: the most frequent positive difference between consecutive `openTime`s (looking at
 * up to `sample` differences), as a {@link Timeframe}. Gaps and closures do not fool it as long as regular bars
 * are the majority. Returns `undefined` for fewer than two bars or a spacing that is not whole seconds.
 *
 * @example `inferTimeframe(series.openTime) // '5m'`
 */
export function inferTimeframe(openTime: ArrayLike<number>, sample = 10_000): Timeframe | undefined {
  const counts = new Map<number, number>();
  const n = Math.min(openTime.length, sample + 1);
  for (let i = 1; i < n; i++) {
    const d = openTime[i]! - openTime[i - 1]!;
    if (d > 0) counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = 0;
  for (const [d, c] of counts) if (c > bestCount || (c === bestCount && d < best)) [best, bestCount] = [d, c];
  if (bestCount === 0 || best % 1000 !== 0) return undefined;
  return msToTimeframe(best);
}
