import { checkLimit } from './boundedLog.js';
import { numberArray, objectArray } from './elementsKind.js';

/**
 * @internal Retention shared by the kernel's column-wise logs ({@link DecisionLog}, {@link SignalLog}): entries
 * are stored one array per field (a subclass's columns plus `times`) and turned into record objects only when read
 * ({@link ColumnLog.view}, then cached), so a run that never reads its log pays for no object per entry. Keeps
 * only the newest `limit` entries with {@link BoundedLog}'s trimming rule: up to `limit + limit / 4` are held
 * before the stale ones are cut in one `splice` per column.
 */
export abstract class ColumnLog<R> {
  /** Entry times, epoch ms (the column every log has; its length is the entry count). */
  protected readonly times: number[] = numberArray();
  /** Records materialised so far: `records[i]` is entry `i` of the columns. */
  private readonly records: R[] = objectArray<R>();
  private droppedCount = 0;
  private readonly trimAt: number;

  /** @throws ValidationError when `limit` is not a positive integer or `Infinity`. */
  constructor(readonly limit: number) {
    checkLimit('limit', limit, 1);
    this.trimAt = limit + Math.max(16, Math.ceil(limit / 4));
  }

  /** The subclass's columns besides `times`, cut together with it. */
  protected abstract columns(): readonly unknown[][];

  /** The record of retained entry `i`. */
  protected abstract record(i: number): R;

  /** Call after appending one entry to every column. */
  protected pushed(): void {
    if (this.times.length >= this.trimAt) this.trim();
  }

  /** The retained entries, oldest first (a cached array: do not mutate). */
  view(): readonly R[] {
    if (this.times.length > this.limit) this.trim();
    const out = this.records;
    for (let i = out.length; i < this.times.length; i++) out.push(this.record(i));
    return out;
  }

  /** Entries ever pushed (retained + dropped). */
  get total(): number {
    return this.droppedCount + this.times.length;
  }

  private trim(): void {
    const extra = this.times.length - this.limit;
    if (extra <= 0) return;
    this.times.splice(0, extra);
    for (const column of this.columns()) column.splice(0, extra);
    this.records.splice(0, Math.min(extra, this.records.length));
    this.droppedCount += extra;
  }
}
