import { timeframeToMs, type Timeframe } from '@bot/core-types';

const WEEK = 604_800_000;
/** 1970-01-05T00:00Z, the first Monday after the epoch. */
const MONDAY = 4 * 86_400_000;

/**
 * Start of the UTC-aligned interval of `timeframe` that contains `timeMs`: multiples of the duration since the
 * epoch (so `4h` bars start at 00:00, 04:00, ... UTC and `1d` bars at 00:00 UTC); `w` timeframes start on
 * Monday 00:00 UTC (ISO weeks).
 */
export function bucketStart(timeMs: number, timeframe: Timeframe): number {
  const ms = timeframeToMs(timeframe);
  if (ms % WEEK === 0) return Math.floor((timeMs - MONDAY) / ms) * ms + MONDAY;
  return Math.floor(timeMs / ms) * ms;
}
