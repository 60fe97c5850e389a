import { BotError } from '@bot/core-types';

/** Throws INVALID_ARGUMENT unless `value` is an integer >= `min`. */
export function checkPeriod(indicator: string, field: string, value: number, min = 1): void {
  if (!Number.isInteger(value) || value < min) {
    throw new BotError('INVALID_ARGUMENT', `${indicator}: ${field} must be an integer >= ${min}, got ${String(value)}`, {
      details: { indicator, field, value },
    });
  }
}

/** Throws INVALID_ARGUMENT unless `value` is a finite number (optionally > 0). */
export function checkNumber(indicator: string, field: string, value: number, positive = false): void {
  if (!Number.isFinite(value) || (positive && value <= 0)) {
    throw new BotError('INVALID_ARGUMENT', `${indicator}: ${field} must be a finite number${positive ? ' > 0' : ''}, got ${String(value)}`, {
      details: { indicator, field, value },
    });
  }
}

/** Throws INVALID_ARGUMENT unless all arrays have the same length. */
export function checkSameLength(indicator: string, ...arrays: ArrayLike<number>[]): number {
  const n = arrays[0]?.length ?? 0;
  for (const a of arrays) {
    if (a.length !== n) {
      throw new BotError('INVALID_ARGUMENT', `${indicator}: input arrays must have the same length (${n} vs ${a.length})`, {
        details: { indicator },
      });
    }
  }
  return n;
}

/** A Float64Array of length n filled with NaN. */
export function nanArray(n: number): Float64Array {
  return new Float64Array(n).fill(Number.NaN);
}
