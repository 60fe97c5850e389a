/**
 * An independent reference for exact decimal arithmetic in tests: a decimal is `mantissa / 10^scale` with a BigInt
 * mantissa, so sums, products and rounding are computed with integer arithmetic only, never with decimal.js.
 */
import fc from '../test/fc.js';

/** `mantissa / 10^scale`. */
export interface Scaled {
  readonly mantissa: bigint;
  readonly scale: number;
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** Canonical plain-notation string: no exponent, no trailing fraction zeros, `0` for zero. */
export function scaledToString(x: Scaled): string {
  const negative = x.mantissa < 0n;
  const digits = (negative ? -x.mantissa : x.mantissa).toString().padStart(x.scale + 1, '0');
  const intPart = digits.slice(0, digits.length - x.scale);
  const frac = digits.slice(digits.length - x.scale).replace(/0+$/, '');
  const body = frac === '' ? intPart : `${intPart}.${frac}`;
  return negative && body !== '0' ? `-${body}` : body;
}

/** Brings two values to a common scale. */
export function align(a: Scaled, b: Scaled): [bigint, bigint, number] {
  const s = Math.max(a.scale, b.scale);
  return [a.mantissa * pow10(s - a.scale), b.mantissa * pow10(s - b.scale), s];
}

export function add(a: Scaled, b: Scaled): Scaled {
  const [x, y, s] = align(a, b);
  return { mantissa: x + y, scale: s };
}
export function sub(a: Scaled, b: Scaled): Scaled {
  const [x, y, s] = align(a, b);
  return { mantissa: x - y, scale: s };
}
export function mul(a: Scaled, b: Scaled): Scaled {
  return { mantissa: a.mantissa * b.mantissa, scale: a.scale + b.scale };
}

/** Floor division of integers (BigInt `/` truncates toward zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

export type Mode = 'down' | 'up' | 'toward-zero' | 'away-from-zero' | 'half-even' | 'half-up';

/** `value` rounded to a multiple of `increment` (> 0) with `mode`, by integer arithmetic. */
export function roundScaled(value: Scaled, increment: Scaled, mode: Mode): Scaled {
  const [v, inc, s] = align(value, increment);
  const floor = floorDiv(v, inc);
  const rem = v - floor * inc; // 0 <= rem < inc
  const ceil = rem === 0n ? floor : floor + 1n;
  let q: bigint;
  switch (mode) {
    case 'down':
      q = floor;
      break;
    case 'up':
      q = ceil;
      break;
    case 'toward-zero':
      q = v >= 0n ? floor : ceil;
      break;
    case 'away-from-zero':
      q = v >= 0n ? ceil : floor;
      break;
    case 'half-up':
    case 'half-even': {
      const twice = 2n * rem;
      if (twice < inc) q = floor;
      else if (twice > inc) q = ceil;
      else if (mode === 'half-even') q = floor % 2n === 0n ? floor : ceil;
      else q = v >= 0n ? ceil : floor; // ties away from zero
      break;
    }
  }
  return { mantissa: q * inc, scale: s };
}

/** Arbitrary decimal with at most `maxDigits` significant digits and scale `0..maxScale`. */
export function scaledArb(options: { maxDigits?: number; maxScale?: number; min?: bigint } = {}): fc.Arbitrary<Scaled> {
  const maxDigits = options.maxDigits ?? 15;
  const limit = pow10(maxDigits) - 1n;
  return fc.record({
    mantissa: fc.bigInt({ min: options.min ?? -limit, max: limit }),
    scale: fc.integer({ min: 0, max: options.maxScale ?? 12 }),
  });
}

/** Arbitrary positive increment such as a tick or lot size: `k / 10^t`, k in 1..max. */
export function incrementArb(): fc.Arbitrary<Scaled> {
  return fc.oneof(
    // the usual powers of ten: 1, 0.1, ..., 1e-8
    fc.integer({ min: 0, max: 8 }).map((t) => ({ mantissa: 1n, scale: t })),
    // and odd ones: 0.05, 0.25, 2.5, 5 ...
    fc.record({ mantissa: fc.bigInt({ min: 1n, max: 1000n }), scale: fc.integer({ min: 0, max: 6 }) }),
  );
}

export const ROUNDING_MODES: readonly Mode[] = ['down', 'up', 'toward-zero', 'away-from-zero', 'half-even', 'half-up'];
