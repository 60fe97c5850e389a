/**
 * Reduces a series to at most `maxPoints` points for plotting by keeping, per bucket of consecutive points, the
 * minimum and the maximum (in time order), so spikes and drawdown troughs survive. Returns the input when short.
 */
export function downsampleMinMax(time: ArrayLike<number>, values: ArrayLike<number>, maxPoints: number): { time: number[]; values: number[] } {
  const n = Math.min(time.length, values.length);
  if (n <= maxPoints) return { time: Array.from({ length: n }, (_, i) => time[i]!), values: Array.from({ length: n }, (_, i) => values[i]!) };
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const size = n / buckets;
  const t: number[] = [];
  const v: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = Math.min(n, Math.floor((b + 1) * size));
    if (end <= start) continue;
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      if (values[i]! < values[lo]!) lo = i;
      if (values[i]! > values[hi]!) hi = i;
    }
    const first = Math.min(lo, hi);
    const second = Math.max(lo, hi);
    t.push(time[first]!);
    v.push(values[first]!);
    if (second !== first) {
      t.push(time[second]!);
      v.push(values[second]!);
    }
  }
  // Always keep the very last point (the final equity).
  if (t[t.length - 1] !== time[n - 1]) {
    t.push(time[n - 1]!);
    v.push(values[n - 1]!);
  }
  return { time: t, values: v };
}
