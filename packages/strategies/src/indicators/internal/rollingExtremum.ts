/**
 * Rolling maximum or minimum over the last `period` values by a monotonic deque held in fixed ring buffers:
 * amortised O(1) per update, no allocation, no array growth.
 */
export class RollingExtremum {
  readonly period: number;
  private readonly isMax: boolean;
  private readonly vals: Float64Array;
  private readonly idxs: Float64Array;
  private head = 0;
  private size = 0;
  private index = -1;

  constructor(period: number, isMax: boolean) {
    this.period = period;
    this.isMax = isMax;
    this.vals = new Float64Array(period);
    this.idxs = new Float64Array(period);
  }

  reset(): void {
    this.head = 0;
    this.size = 0;
    this.index = -1;
  }

  /** Number of values seen since reset. */
  get seen(): number {
    return this.index + 1;
  }

  /** Adds a value and returns the extremum of the last `period` values (fewer while warming up). */
  push(x: number): number {
    const p = this.period;
    const i = ++this.index;
    // Drop the front when it left the window.
    if (this.size > 0 && this.idxs[this.head]! <= i - p) {
      this.head = this.head + 1 === p ? 0 : this.head + 1;
      this.size--;
    }
    // Drop dominated values from the back (keep ties older-first: ">=" removes equal older ones for max).
    while (this.size > 0) {
      let back = this.head + this.size - 1;
      if (back >= p) back -= p;
      const v = this.vals[back]!;
      if (this.isMax ? v <= x : v >= x) this.size--;
      else break;
    }
    let slot = this.head + this.size;
    if (slot >= p) slot -= p;
    this.vals[slot] = x;
    this.idxs[slot] = i;
    this.size++;
    return this.vals[this.head]!;
  }

  /** Current extremum (NaN before the first value). */
  get value(): number {
    return this.size === 0 ? Number.NaN : this.vals[this.head]!;
  }
}
