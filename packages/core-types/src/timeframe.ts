import { ValidationError } from './errors.js';

/**
 * A bar duration such as `1m`, `5m`, `1h`, `4h`, `1d`, `1w` (units: `s`, `m`, `h`, `d`, `w`).
 * Months are not fixed-length and are not supported as a timeframe.
 */
export type Timeframe = `${number}${'s' | 'm' | 'h' | 'd' | 'w'}`;

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/**
 * Parses and validates a timeframe string. @throws ValidationError (field `timeframe`).
 *
 * @example `parseTimeframe('15m')` -> `'15m'`
 */
export function parseTimeframe(value: unknown): Timeframe {
  if (typeof value !== 'string' || !/^[1-9]\d*[smhdw]$/.test(value)) {
    throw new ValidationError('timeframe', value, 'a timeframe such as 1m, 5m, 1h, 1d or 1w');
  }
  return value as Timeframe;
}

/** Duration of a timeframe in milliseconds: `timeframeToMs('5m') === 300_000`. */
export function timeframeToMs(timeframe: Timeframe): number {
  const unit = timeframe[timeframe.length - 1] as keyof typeof UNIT_MS;
  const n = Number(timeframe.slice(0, -1));
  const ms = UNIT_MS[unit];
  if (ms === undefined || !Number.isInteger(n) || n <= 0) {
    throw new ValidationError('timeframe', timeframe, 'a timeframe such as 1m, 5m, 1h, 1d or 1w');
  }
  return n * ms;
}

/**
 * The timeframe whose duration is exactly `ms`, choosing the largest unit that divides it
 * (`msToTimeframe(3_600_000) === '1h'`). @throws ValidationError when `ms` is not a positive whole second count.
 */
export function msToTimeframe(ms: number): Timeframe {
  if (!Number.isInteger(ms) || ms <= 0 || ms % 1000 !== 0) {
    throw new ValidationError('timeframe', ms, 'a positive number of whole seconds in ms');
  }
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}` as Timeframe;
  }
  return `${ms / 1000}s` as Timeframe;
}
