import { ValidationError } from '@bot/core-types';
import type { Bar, BarSeries } from '@bot/core-types';

const DAY_MS = 86_400_000;

/**
 * A historical intraday volume profile: the average share of a UTC day's volume traded in each time-of-day bucket.
 * `shares[b]` covers `[b * bucketMs, (b + 1) * bucketMs)` ms after UTC midnight; the shares sum to 1.
 */
export interface VolumeProfile {
  /** Bucket width in ms; divides one day (86 400 000 ms). */
  readonly bucketMs: number;
  /** Fraction (not percent) of daily volume per bucket, `86_400_000 / bucketMs` entries summing to 1. */
  readonly shares: Float64Array;
  /** UTC days with volume that the profile averages. */
  readonly days: number;
}

/**
 * Builds a {@link VolumeProfile} from historical bars: for every UTC day with volume, each bucket's share of that
 * day's volume (a bar counts in the bucket of its `openTime`), then the mean share per bucket over those days. Each
 * day weighs the same, so one very active day does not dominate (the "average percentage of daily volume" curve
 * used by VWAP schedulers). Days with zero total volume are skipped.
 *
 * @param bars A core-types `BarSeries` or an array of bars of one symbol.
 * @param bucketMs Bucket width in ms (e.g. `30 * 60_000`); must divide one day.
 * @throws ValidationError when `bucketMs` does not divide a day or when the bars hold no volume at all.
 * @example
 * ```ts
 * const profile = volumeProfileFromBars(history, 3_600_000); // 24 hourly shares
 * host.start(vwap({ symbol, side: 'buy', quantity: 5, startTime, endTime, slices: 12, volumeProfile: profile }));
 * ```
 */
export function volumeProfileFromBars(bars: BarSeries | readonly Bar[], bucketMs: number): VolumeProfile {
  if (!Number.isInteger(bucketMs) || bucketMs <= 0 || DAY_MS % bucketMs !== 0) {
    throw new ValidationError('bucketMs', bucketMs, 'a positive whole number of ms that divides 86 400 000 (one day)');
  }
  const buckets = DAY_MS / bucketMs;
  const n = isSeries(bars) ? bars.length : bars.length;
  const timeAt = isSeries(bars) ? (i: number) => bars.openTime[i]! : (i: number) => bars[i]!.openTime;
  const volAt = isSeries(bars) ? (i: number) => bars.volume[i]! : (i: number) => bars[i]!.volume;
  const perDay = new Map<number, Float64Array>();
  for (let i = 0; i < n; i++) {
    const t = timeAt(i);
    const v = volAt(i);
    if (!(v > 0)) continue;
    const day = Math.floor(t / DAY_MS);
    let row = perDay.get(day);
    if (row === undefined) {
      row = new Float64Array(buckets);
      perDay.set(day, row);
    }
    const b = Math.floor((t - day * DAY_MS) / bucketMs);
    row[b] = row[b]! + v;
  }
  const shares = new Float64Array(buckets);
  let days = 0;
  for (const row of perDay.values()) {
    let total = 0;
    for (let b = 0; b < buckets; b++) total += row[b]!;
    if (!(total > 0)) continue;
    days++;
    for (let b = 0; b < buckets; b++) shares[b] = shares[b]! + row[b]! / total;
  }
  if (days === 0) throw new ValidationError('bars', `${n} bars`, 'bars with some volume');
  for (let b = 0; b < buckets; b++) shares[b] = shares[b]! / days;
  return { bucketMs, shares, days };
}

function isSeries(x: BarSeries | readonly Bar[]): x is BarSeries {
  return !Array.isArray(x);
}

/**
 * The expected share of volume in each of `slices` equal intervals of `[startTime, endTime)` under a profile, as
 * fractions summing to 1 over the window. Within a bucket volume is taken as uniform in time, so a slice covering
 * half a bucket gets half its share. Slice `i` covers `[startTime + floor(i * span / slices), startTime +
 * floor((i + 1) * span / slices))`. The window may span several days (the profile repeats daily).
 *
 * @throws ValidationError when the profile expects no volume at all inside the window.
 */
export function profileWeights(profile: VolumeProfile, startTime: number, endTime: number, slices: number): Float64Array {
  const span = endTime - startTime;
  const out = new Float64Array(slices);
  const bms = profile.bucketMs;
  const nb = profile.shares.length;
  let total = 0;
  for (let i = 0; i < slices; i++) {
    const a = startTime + Math.floor((i * span) / slices);
    const b = startTime + Math.floor(((i + 1) * span) / slices);
    let w = 0;
    let t = a;
    while (t < b) {
      const bucketStart = Math.floor(t / bms) * bms;
      const next = Math.min(b, bucketStart + bms);
      const idx = (((Math.floor(t / bms) % nb) + nb) % nb);
      w += (profile.shares[idx]! * (next - t)) / bms;
      t = next;
    }
    out[i] = w;
    total += w;
  }
  if (!(total > 0)) {
    throw new ValidationError('volumeProfile', 'no historical volume in the window', 'a profile with volume between startTime and endTime');
  }
  for (let i = 0; i < slices; i++) out[i] = out[i]! / total;
  return out;
}
