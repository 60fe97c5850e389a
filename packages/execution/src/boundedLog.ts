import { ValidationError } from '@bot/core-types';
import { objectArray } from './elementsKind.js';

/**
 * @internal An append-only log that keeps only its newest `limit` entries (all of them when `limit` is
 * `Infinity`). Entries live in a plain array that may hold up to `limit + limit / 4` before the stale entries are
 * cut in one `splice`, so `push` is O(1) amortised (one move of `limit` entries per `limit / 4` pushes); {@link BoundedLog.view} trims to exactly `limit` first, so readers always
 * see at most `limit` entries, oldest first.
 *
 * @example
 * ```ts
 * const log = new BoundedLog<number>(2);
 * log.push(1); log.push(2); log.push(3);
 * log.view(); // [2, 3]
 * ```
 */
export class BoundedLog<T> {
  private readonly items: T[] = objectArray<T>();
  private droppedCount = 0;
  /** Length at which `push` trims. */
  private readonly trimAt: number;

  /** @throws ValidationError when `limit` is not a positive integer or `Infinity`. */
  constructor(readonly limit: number = Number.POSITIVE_INFINITY) {
    checkLimit('limit', limit, 1);
    this.trimAt = limit + Math.max(16, Math.ceil(limit / 4));
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    if (items.length >= this.trimAt) this.trim();
  }

  /** The retained entries, oldest first (the live array: do not mutate). */
  view(): readonly T[] {
    if (this.items.length > this.limit) this.trim();
    return this.items;
  }

  /** Entries ever pushed (retained + dropped). */
  get total(): number {
    return this.droppedCount + this.items.length;
  }

  /** Entries dropped so far (oldest first). */
  get dropped(): number {
    return this.droppedCount;
  }

  private trim(): void {
    const extra = this.items.length - this.limit;
    if (extra <= 0) return;
    this.items.splice(0, extra);
    this.droppedCount += extra;
  }
}

/**
 * @internal Validates one retention limit: `undefined` (unbounded), `Infinity`, or an integer >= `min`.
 * Returns the limit as a number (`Infinity` for unbounded). @throws ValidationError otherwise.
 */
export function checkLimit(field: string, value: number | undefined, min: number): number {
  if (value === undefined || value === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(value) || value < min) {
    throw new ValidationError(field, value, `an integer >= ${min} (or omitted for no limit)`);
  }
  return value;
}
