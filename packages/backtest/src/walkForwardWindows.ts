import { BotError } from '@bot/core-types';

/** One walk-forward split, as half-open bar index ranges `[start, end)`. */
export interface WalkForwardWindow {
  readonly index: number;
  readonly inSample: { readonly start: number; readonly end: number };
  readonly outOfSample: { readonly start: number; readonly end: number };
}

/** How to cut a series into walk-forward windows. */
export interface WalkForwardWindowOptions {
  /** Bars in the series. */
  readonly length: number;
  /** In-sample bars (the first window's, for anchored). */
  readonly inSampleBars: number;
  /** Out-of-sample bars per window (also the step between windows). */
  readonly outOfSampleBars: number;
  /** `rolling` (fixed-length in-sample that slides) or `anchored` (in-sample always starts at bar 0). */
  readonly mode: 'rolling' | 'anchored';
}

/**
 * Cuts `[0, length)` into consecutive walk-forward windows: out-of-sample ranges tile the data after the first
 * in-sample block without overlap or gap; each in-sample range ends where its out-of-sample range starts. The last
 * out-of-sample range may be shorter (it ends at `length`) when at least one bar remains.
 *
 * @throws BotError `INVALID_ARGUMENT` when sizes are not positive integers or no out-of-sample bar fits.
 * @example `walkForwardWindows({ length: 10, inSampleBars: 4, outOfSampleBars: 3, mode: 'rolling' })`
 *   -> IS [0,4) OOS [4,7); IS [3,7) OOS [7,10)
 */
export function walkForwardWindows(options: WalkForwardWindowOptions): WalkForwardWindow[] {
  const { length, inSampleBars, outOfSampleBars, mode } = options;
  for (const [k, v] of [['inSampleBars', inSampleBars], ['outOfSampleBars', outOfSampleBars]] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new BotError('INVALID_ARGUMENT', `${k} must be a positive integer, got ${v}`);
  }
  if (inSampleBars >= length) {
    throw new BotError('INVALID_ARGUMENT', `in-sample ${inSampleBars} bars leave no out-of-sample bar in ${length} bars`);
  }
  const out: WalkForwardWindow[] = [];
  for (let oosStart = inSampleBars, i = 0; oosStart < length; oosStart += outOfSampleBars, i++) {
    const oosEnd = Math.min(length, oosStart + outOfSampleBars);
    const isStart = mode === 'anchored' ? 0 : oosStart - inSampleBars;
    out.push({ index: i, inSample: { start: isStart, end: oosStart }, outOfSample: { start: oosStart, end: oosEnd } });
  }
  return out;
}
