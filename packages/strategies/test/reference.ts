/**
 * Direct textbook computations used as independent references in tests: plain loops over windows, written
 * without the package's streaming machinery (no ring buffers, no running sums, no shared code).
 */

export function refSma(x: ArrayLike<number>, p: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (i < p - 1) {
      out.push(Number.NaN);
      continue;
    }
    let s = 0;
    for (let j = i - p + 1; j <= i; j++) s += x[j]!;
    out.push(s / p);
  }
  return out;
}

/** EMA seeded with the SMA of the first p values of the defined part of `x` (leading NaNs skipped). */
export function refEma(x: ArrayLike<number>, p: number): number[] {
  const out: number[] = new Array<number>(x.length).fill(Number.NaN);
  let start = 0;
  while (start < x.length && Number.isNaN(x[start]!)) start++;
  if (start + p > x.length) return out;
  let s = 0;
  for (let j = start; j < start + p; j++) s += x[j]!;
  let e = s / p;
  out[start + p - 1] = e;
  const a = 2 / (p + 1);
  for (let i = start + p; i < x.length; i++) {
    e = a * x[i]! + (1 - a) * e;
    out[i] = e;
  }
  return out;
}

export function refWma(x: ArrayLike<number>, p: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (i < p - 1) {
      out.push(Number.NaN);
      continue;
    }
    let s = 0;
    for (let w = 1; w <= p; w++) s += w * x[i - p + w]!;
    out.push(s / ((p * (p + 1)) / 2));
  }
  return out;
}

export function refRsi(x: ArrayLike<number>, p: number): number[] {
  const out: number[] = new Array<number>(x.length).fill(Number.NaN);
  if (x.length <= p) return out;
  let up = 0;
  let down = 0;
  for (let i = 1; i <= p; i++) {
    const d = x[i]! - x[i - 1]!;
    if (d > 0) up += d;
    else down -= d;
  }
  up /= p;
  down /= p;
  out[p] = up + down === 0 ? 0 : (100 * up) / (up + down);
  for (let i = p + 1; i < x.length; i++) {
    const d = x[i]! - x[i - 1]!;
    up = (up * (p - 1) + Math.max(d, 0)) / p;
    down = (down * (p - 1) + Math.max(-d, 0)) / p;
    out[i] = up + down === 0 ? 0 : (100 * up) / (up + down);
  }
  return out;
}

export function refStd(x: ArrayLike<number>, p: number, sample = false): number[] {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (i < p - 1) {
      out.push(Number.NaN);
      continue;
    }
    let m = 0;
    for (let j = i - p + 1; j <= i; j++) m += x[j]!;
    m /= p;
    let v = 0;
    for (let j = i - p + 1; j <= i; j++) v += (x[j]! - m) ** 2;
    out.push(Math.sqrt(v / (sample ? p - 1 : p)));
  }
  return out;
}

export function refTr(h: ArrayLike<number>, l: ArrayLike<number>, c: ArrayLike<number>): number[] {
  const out: number[] = [Number.NaN];
  for (let i = 1; i < h.length; i++) {
    out.push(Math.max(h[i]! - l[i]!, Math.abs(h[i]! - c[i - 1]!), Math.abs(l[i]! - c[i - 1]!)));
  }
  return out;
}

export function refAtr(h: ArrayLike<number>, l: ArrayLike<number>, c: ArrayLike<number>, p: number): number[] {
  const tr = refTr(h, l, c);
  const out: number[] = new Array<number>(h.length).fill(Number.NaN);
  let a = 0;
  for (let i = 1; i <= p; i++) a += tr[i]!;
  a /= p;
  out[p] = a;
  for (let i = p + 1; i < h.length; i++) {
    a = (a * (p - 1) + tr[i]!) / p;
    out[i] = a;
  }
  return out;
}

export function refMaxMin(x: ArrayLike<number>, i: number, p: number): { max: number; min: number } {
  let max = -Infinity;
  let min = Infinity;
  for (let j = i - p + 1; j <= i; j++) {
    max = Math.max(max, x[j]!);
    min = Math.min(min, x[j]!);
  }
  return { max, min };
}

export function refStoch(h: ArrayLike<number>, l: ArrayLike<number>, c: ArrayLike<number>, kp: number, ks: number, dp: number) {
  const fast: number[] = [];
  for (let i = 0; i < c.length; i++) {
    if (i < kp - 1) {
      fast.push(Number.NaN);
      continue;
    }
    const hh = refMaxMin(h, i, kp).max;
    const ll = refMaxMin(l, i, kp).min;
    fast.push(hh === ll ? 0 : (100 * (c[i]! - ll)) / (hh - ll));
  }
  const k = refSma(fast, ks).map((v, i) => (i < kp + ks - 2 ? Number.NaN : v));
  const d: number[] = k.map((_, i) => {
    if (i < kp + ks + dp - 3) return Number.NaN;
    let s = 0;
    for (let j = i - dp + 1; j <= i; j++) s += k[j]!;
    return s / dp;
  });
  return { k, d };
}

/** Wilder's ADX with +DI/-DI written from the definitions (TA-Lib seeding). */
export function refAdx(h: ArrayLike<number>, l: ArrayLike<number>, c: ArrayLike<number>, p: number) {
  const n = h.length;
  const pdm: number[] = [0];
  const mdm: number[] = [0];
  const tr = refTr(h, l, c);
  for (let i = 1; i < n; i++) {
    const up = h[i]! - h[i - 1]!;
    const dn = l[i - 1]! - l[i]!;
    pdm.push(up > dn && up > 0 ? up : 0);
    mdm.push(dn > up && dn > 0 ? dn : 0);
  }
  const plus: number[] = new Array<number>(n).fill(Number.NaN);
  const minus: number[] = new Array<number>(n).fill(Number.NaN);
  const adxOut: number[] = new Array<number>(n).fill(Number.NaN);
  let sp = 0;
  let sm = 0;
  let st = 0;
  for (let i = 1; i < p; i++) {
    sp += pdm[i]!;
    sm += mdm[i]!;
    st += tr[i]!;
  }
  const dx: number[] = [];
  for (let i = p; i < n; i++) {
    sp = sp * (1 - 1 / p) + pdm[i]!;
    sm = sm * (1 - 1 / p) + mdm[i]!;
    st = st * (1 - 1 / p) + tr[i]!;
    plus[i] = (100 * sp) / st;
    minus[i] = (100 * sm) / st;
    dx.push((100 * Math.abs(plus[i]! - minus[i]!)) / (plus[i]! + minus[i]!));
  }
  let a = 0;
  for (let j = 0; j < p; j++) a += dx[j]!;
  a /= p;
  adxOut[2 * p - 1] = a;
  for (let i = 2 * p; i < n; i++) {
    a = (a * (p - 1) + dx[i - p]!) / p;
    adxOut[i] = a;
  }
  return { adx: adxOut, plusDi: plus, minusDi: minus };
}
