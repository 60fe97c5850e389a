import { BotError, Decimal } from '@bot/core-types';

/**
 * @internal An exact decimal `m * 10^e` on a `bigint` mantissa: the hot-path twin of decimal.js inside the
 * kernel. Addition, subtraction, multiplication and comparison are exact (no precision limit) and about 10x
 * cheaper than decimal.js, which is what lets the kernel book every fill exactly at millions of bars per second.
 * Values cross the public API as decimal.js `Decimal`s, converted lazily (only when somebody reads them).
 */
export interface Fx {
  readonly m: bigint;
  readonly e: number;
}

const POW10: bigint[] = [1n];
function pow10(k: number): bigint {
  let p = POW10[k];
  if (p === undefined) {
    for (let i = POW10.length; i <= k; i++) POW10[i] = POW10[i - 1]! * 10n;
    p = POW10[k]!;
  }
  return p;
}

/**
 * The one shape every {@link Fx} value has. A class, not object literals: V8 tracks an allocation site per object
 * literal and, once it sees that a site's objects outlive the young generation (cash, positions and fills keep
 * theirs for the whole run), deoptimises every function that inlined the literal so it can allocate in the old
 * space. On the order path that threw the optimised code away two or three times early in every backtest.
 * Instances of a class carry no allocation site, so that never happens.
 */
class ExactDecimal implements Fx {
  // `declare`d and assigned in the constructor: a field declaration would compile to a separate initializer
  // function, one more call for every value built (about a dozen values per fill on a backtest's order path)
  declare readonly m: bigint;
  declare readonly e: number;
  constructor(m: bigint, e: number) {
    this.m = m;
    this.e = e;
  }
}

/**
 * Exact zero. Deliberately not frozen: a frozen object has its own hidden class, and every account and order starts
 * at zero, so each run would hand the optimised fill path a second shape of `Fx` (and deoptimise it) until its
 * first fill. `Fx` values are never mutated (the fields are `readonly`).
 */
export const FX_ZERO: Fx = new ExactDecimal(0n, 0);

/** `m * 10^e`. */
export function fx(m: bigint, e: number): Fx {
  return new ExactDecimal(m, e);
}

const DEC_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Parses a decimal string (`-12.5`, `1e-7`, `3.2E+5`). @throws BotError `INVALID_ARGUMENT` on anything else. */
export function fxFromString(s: string): Fx {
  // fast path: plain '-ddd.ddd' / 'ddd'
  if (s.length > 0 && s.length < 300 && s.indexOf('e') < 0 && s.indexOf('E') < 0 && s.indexOf('+') < 0) {
    const dot = s.indexOf('.');
    if (dot < 0) {
      if (/^-?\d+$/.test(s)) return new ExactDecimal(BigInt(s), 0);
    } else if (dot > 0 && s.indexOf('.', dot + 1) < 0 && dot < s.length - 1 && s[dot - 1] !== '-') {
      const digits = s.slice(0, dot) + s.slice(dot + 1);
      if (/^-?\d+$/.test(digits)) return new ExactDecimal(BigInt(digits), dot + 1 - s.length);
    }
  }
  const m = DEC_RE.exec(s);
  if (m === null || (m[2] === '' && (m[3] === undefined || m[3] === ''))) {
    throw new BotError('INVALID_ARGUMENT', `not a finite decimal: ${s}`);
  }
  const frac = m[3] ?? '';
  const digits = (m[2] ?? '') + frac;
  const exp = (m[4] === undefined ? 0 : Number(m[4])) - frac.length;
  const mant = BigInt(digits === '' ? '0' : digits);
  return new ExactDecimal(m[1] === '-' ? -mant : mant, exp);
}

/** The exact decimal of a finite double's shortest round-trip representation (what `String(x)` prints). */
export function fxFromNumber(x: number): Fx {
  if (!Number.isFinite(x)) throw new BotError('INVALID_ARGUMENT', `not a finite number: ${x}`);
  if (Number.isInteger(x) && Math.abs(x) <= Number.MAX_SAFE_INTEGER) return new ExactDecimal(BigInt(x), 0);
  // few decimals (prices on a tick grid): the k-digit decimal n / 10^k whose nearest double is x. With at most
  // 15 significant digits the decimal -> double map is one-to-one, so the smallest such k gives exactly the
  // digits String(x) prints, without building the string.
  for (let k = 1; k <= 8; k++) {
    const n = Math.round(x * POW10_NUM[k]!);
    if (Math.abs(n) >= 1e15) break;
    if (n / POW10_NUM[k]! === x) return new ExactDecimal(BigInt(n), -k);
  }
  const s = String(x);
  // plain 'ddd.ddd' (the common case for prices) without the regex
  const dot = s.indexOf('.');
  if (dot > 0 && s.indexOf('e') < 0) {
    return new ExactDecimal(BigInt(s.slice(0, dot) + s.slice(dot + 1)), dot + 1 - s.length);
  }
  return fxFromString(s);
}

/** From a decimal.js value (exact). */
export function fxFromDecimal(d: Decimal): Fx {
  return fxFromString(d.toString());
}

/** To a decimal.js value (exact). */
export function fxToDecimal(a: Fx): Decimal {
  return a.e === 0 ? new Decimal(a.m.toString()) : new Decimal(`${a.m.toString()}e${a.e}`);
}

/**
 * The decimal string `fxToDecimal(a).toString()` prints (plain notation, no trailing fractional zeros, `-0` as
 * `0`), without building a decimal.js value; far exponents (where that would print exponential notation) go
 * through decimal.js.
 */
export function fxToString(a: Fx): string {
  let m = a.m;
  let e = a.e;
  if (m === 0n) return '0';
  const neg = m < 0n;
  if (neg) m = -m;
  let digits = m.toString();
  if (e < 0) {
    // drop trailing zeros of the fraction
    let z = 0;
    while (z < -e && digits.charCodeAt(digits.length - 1 - z) === 48) z++;
    if (z > 0) {
      digits = digits.slice(0, digits.length - z);
      e += z;
    }
  }
  // exponent of the leading digit: decimal.js prints exponential notation at <= -30 and >= 40
  const lead = digits.length - 1 + e;
  if (lead <= -30 || lead >= 40) return fxToDecimal(a).toString();
  let out: string;
  if (e >= 0) out = e === 0 ? digits : digits + '0'.repeat(e);
  else if (digits.length > -e) out = `${digits.slice(0, digits.length + e)}.${digits.slice(digits.length + e)}`;
  else out = `0.${'0'.repeat(-e - digits.length)}${digits}`;
  return neg ? `-${out}` : out;
}

/** Nearest double (correctly rounded). */
export function fxToNumber(a: Fx): number {
  const m = a.m;
  if (m === 0n) return 0;
  const e = a.e;
  // Clinger's fast path: an exact integer mantissa below 2^53 and an exact power of ten (|e| <= 22) give a
  // correctly rounded result with one IEEE operation
  if (e >= -22 && e <= 22 && m <= 9007199254740991n && m >= -9007199254740991n) {
    const n = Number(m);
    return e < 0 ? n / POW10_NUM[-e]! : n * POW10_NUM[e]!;
  }
  return Number.parseFloat(`${m.toString()}e${e}`);
}

/**
 * A double within one ulp or so of the value, without string conversion (for `number` mirrors such as marked
 * cash, which are approximations by definition): `Number(m)` then one division by an exact power of ten.
 */
export function fxToNumberApprox(a: Fx): number {
  const e = a.e;
  if (e >= -22 && e <= 22) {
    const n = Number(a.m);
    return e < 0 ? n / POW10_NUM[-e]! : n * POW10_NUM[e]!;
  }
  return fxToNumber(a);
}

const POW10_NUM: number[] = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

export function fxAdd(a: Fx, b: Fx): Fx {
  if (b.m === 0n) return a;
  if (a.m === 0n) return b;
  if (a.e === b.e) return new ExactDecimal(a.m + b.m, a.e);
  return a.e < b.e ? new ExactDecimal(a.m + b.m * pow10(b.e - a.e), a.e) : new ExactDecimal(a.m * pow10(a.e - b.e) + b.m, b.e);
}

export function fxSub(a: Fx, b: Fx): Fx {
  if (b.m === 0n) return a;
  if (a.m === 0n) return new ExactDecimal(-b.m, b.e);
  if (a.e === b.e) return new ExactDecimal(a.m - b.m, a.e);
  return a.e < b.e ? new ExactDecimal(a.m - b.m * pow10(b.e - a.e), a.e) : new ExactDecimal(a.m * pow10(a.e - b.e) - b.m, b.e);
}

export function fxMul(a: Fx, b: Fx): Fx {
  if (a.m === 0n || b.m === 0n) return FX_ZERO;
  return new ExactDecimal(a.m * b.m, a.e + b.e);
}

export function fxNeg(a: Fx): Fx {
  return a.m === 0n ? a : new ExactDecimal(-a.m, a.e);
}

export function fxAbs(a: Fx): Fx {
  return a.m < 0n ? new ExactDecimal(-a.m, a.e) : a;
}

/** -1, 0 or 1. */
export function fxCmp(a: Fx, b: Fx): number {
  if (a.e === b.e) return a.m < b.m ? -1 : a.m > b.m ? 1 : 0;
  // different exponents: decide from doubles when they are clearly apart (each is within ~1e-15 relative of
  // its value, so a gap above 1e-9 relative cannot be rounding), else exactly (aligning allocates bigints)
  const ea = a.e;
  const eb = b.e;
  if (ea >= -280 && ea <= 280 && eb >= -280 && eb <= 280) {
    const x = Number(a.m) * 10 ** ea;
    const y = Number(b.m) * 10 ** eb;
    const ax = Math.abs(x);
    const ay = Math.abs(y);
    if (ax > 1e-280 && ay > 1e-280 && ax < 1e280 && ay < 1e280) {
      const tol = 1e-9 * (ax > ay ? ax : ay);
      if (x - y > tol) return 1;
      if (y - x > tol) return -1;
    }
  }
  const d = fxSub(a, b).m;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export function fxSign(a: Fx): number {
  return a.m < 0n ? -1 : a.m > 0n ? 1 : 0;
}

export function fxIsZero(a: Fx): boolean {
  return a.m === 0n;
}

export function fxMin(a: Fx, b: Fx): Fx {
  return fxCmp(a, b) <= 0 ? a : b;
}

/** Largest multiple of `step` (> 0) that is <= `a` (floor). Exact. */
export function fxFloorTo(a: Fx, step: Fx): Fx {
  // a / step as a fraction of two integers at a common exponent
  const e = Math.min(a.e, step.e);
  const am = a.m * pow10(a.e - e);
  const sm = step.m * pow10(step.e - e);
  let k = am / sm;
  if (am < 0n && k * sm !== am) k -= 1n;
  return new ExactDecimal(k * step.m, step.e);
}

