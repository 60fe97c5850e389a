/**
 * Rolling first and second moments over a fixed window, numerically stable over millions of updates.
 *
 * Values are stored relative to a shift (the window mean at the last resync), the running sums are Neumaier
 * compensated, and every `resyncEvery` updates the sums are recomputed exactly from the ring buffer (two-pass),
 * which costs O(period) once per `resyncEvery >= 8 * period` updates: amortised O(1) and no drift.
 */
export class RollingMoments {
  readonly period: number;
  private readonly buf: Float64Array;
  private pos = 0;
  count = 0;
  private shift = 0;
  private s1 = 0;
  private c1 = 0;
  private s2 = 0;
  private c2 = 0;
  private sinceSync = 0;
  private readonly resyncEvery: number;

  constructor(period: number) {
    this.period = period;
    this.buf = new Float64Array(period);
    this.resyncEvery = Math.max(1024, 8 * period);
  }

  reset(): void {
    this.pos = 0;
    this.count = 0;
    this.shift = 0;
    this.s1 = this.c1 = this.s2 = this.c2 = 0;
    this.sinceSync = 0;
  }

  /** Adds a value, evicting the oldest when full. */
  push(x: number): void {
    if (this.count === 0) this.shift = x;
    const d = x - this.shift;
    let v1: number;
    let v2: number;
    if (this.count < this.period) {
      this.count++;
      v1 = d;
      v2 = d * d;
    } else {
      const od = this.buf[this.pos]! - this.shift;
      v1 = d - od;
      v2 = (d - od) * (d + od);
    }
    this.buf[this.pos] = x;
    this.pos = this.pos + 1 === this.period ? 0 : this.pos + 1;
    // Neumaier compensated summation of both sums.
    let t = this.s1 + v1;
    if (Math.abs(this.s1) >= Math.abs(v1)) this.c1 += this.s1 - t + v1;
    else this.c1 += v1 - t + this.s1;
    this.s1 = t;
    t = this.s2 + v2;
    if (Math.abs(this.s2) >= Math.abs(v2)) this.c2 += this.s2 - t + v2;
    else this.c2 += v2 - t + this.s2;
    this.s2 = t;
    if (++this.sinceSync >= this.resyncEvery && this.count === this.period) this.resync();
  }

  /** Mean of the values in the window. */
  mean(): number {
    return this.shift + (this.s1 + this.c1) / this.count;
  }

  /** Population variance (divide by n) of the window, clamped at 0. */
  variance(): number {
    const n = this.count;
    const m1 = (this.s1 + this.c1) / n;
    const v = (this.s2 + this.c2) / n - m1 * m1;
    return v > 0 ? v : 0;
  }

  /** Value `ago` updates back (0 = latest); only valid for `ago < count`. */
  at(ago: number): number {
    let i = this.pos - 1 - ago;
    if (i < 0) i += this.period;
    return this.buf[i]!;
  }

  /** Recomputes the sums exactly from the window (two-pass, re-centred on the window mean). */
  resync(): void {
    const n = this.count;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.buf[i]!;
    const m = sum / n;
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      const d = this.buf[i]! - m;
      a += d;
      b += d * d;
    }
    this.shift = m;
    this.s1 = a;
    this.s2 = b;
    this.c1 = this.c2 = 0;
    this.sinceSync = 0;
  }
}
