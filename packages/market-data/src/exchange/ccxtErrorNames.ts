/**
 * The class names along a ccxt error's prototype chain (`RequestTimeout`, `NetworkError`, `OperationFailed`,
 * `BaseError`, `Error`). Classifying ccxt errors by name instead of `instanceof` keeps ccxt out of this package's
 * import graph until an exchange is actually used (loading ccxt costs ~0.5 s of CPU), and works whichever copy of
 * ccxt (ESM or CommonJS build) threw the error.
 */
export function ccxtErrorNames(error: unknown): ReadonlySet<string> {
  const names = new Set<string>();
  if (typeof error !== 'object' || error === null) return names;
  for (let p: unknown = Object.getPrototypeOf(error); p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const ctor = (p as { constructor?: { name?: unknown } }).constructor;
    if (typeof ctor?.name === 'string') names.add(ctor.name);
  }
  return names;
}
