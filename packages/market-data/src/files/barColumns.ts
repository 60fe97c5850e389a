/** Growable columnar storage for OHLCV rows (Float64Arrays, doubled on demand). Internal to the readers. */
export class BarColumns {
  length = 0;
  capacity: number;
  openTime: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /** Extra numeric columns by header name (kept only when asked). */
  readonly extras = new Map<string, Float64Array>();

  constructor(capacity = 1024, extraNames: readonly string[] = []) {
    this.capacity = Math.max(16, capacity);
    this.openTime = new Float64Array(this.capacity);
    this.open = new Float64Array(this.capacity);
    this.high = new Float64Array(this.capacity);
    this.low = new Float64Array(this.capacity);
    this.close = new Float64Array(this.capacity);
    this.volume = new Float64Array(this.capacity);
    for (const name of extraNames) this.extras.set(name, new Float64Array(this.capacity));
  }

  /** Makes room for at least one more row. */
  grow(): void {
    const cap = this.capacity * 2;
    const g = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a.subarray(0, this.length));
      return b;
    };
    this.openTime = g(this.openTime);
    this.open = g(this.open);
    this.high = g(this.high);
    this.low = g(this.low);
    this.close = g(this.close);
    this.volume = g(this.volume);
    for (const [k, v] of this.extras) this.extras.set(k, g(v));
    this.capacity = cap;
  }

  /** Appends rows `[0, length)` of another set of OHLCV columns (a worker's chunk; no extras), growing as needed. */
  append(rows: Pick<BarColumns, 'openTime' | 'open' | 'high' | 'low' | 'close' | 'volume'>, length: number): void {
    while (this.capacity < this.length + length) this.grow();
    const at = this.length;
    this.openTime.set(rows.openTime.subarray(0, length), at);
    this.open.set(rows.open.subarray(0, length), at);
    this.high.set(rows.high.subarray(0, length), at);
    this.low.set(rows.low.subarray(0, length), at);
    this.close.set(rows.close.subarray(0, length), at);
    this.volume.set(rows.volume.subarray(0, length), at);
    this.length = at + length;
  }

  /**
   * The filled part of each column. Views (no copy) when the rows fill at least a quarter of the capacity: the
   * unused tail was never written, so it takes address space but no memory. Copies otherwise.
   */
  trimmed(): { openTime: Float64Array; open: Float64Array; high: Float64Array; low: Float64Array; close: Float64Array; volume: Float64Array } {
    const view = this.length * 4 >= this.capacity;
    const t = (a: Float64Array) => (a.length === this.length ? a : view ? a.subarray(0, this.length) : a.slice(0, this.length));
    return { openTime: t(this.openTime), open: t(this.open), high: t(this.high), low: t(this.low), close: t(this.close), volume: t(this.volume) };
  }
}
