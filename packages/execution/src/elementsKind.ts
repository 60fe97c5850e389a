/*
 * Empty arrays born in their final V8 "elements kind".
 *
 * A literal `[]` starts as an array of small integers (PACKED_SMI_ELEMENTS) and changes its hidden class at the
 * first push of an object or a double. The kernel's logs and tables are created fresh for every run, so every run
 * handed the optimised order path arrays of the old kind again and deoptimised it (`wrong map`, `not a Smi`) a
 * dozen times until it was recompiled, part-way through the run. Arrays made here already have the kind they will
 * end with, so one compiled version of the order path serves every run. (Pure engine hint: contents, length and
 * behaviour are those of `[]`.)
 */

/** @internal An empty array in the generic (object) elements kind: for arrays of objects or strings. */
export function objectArray<T>(): T[] {
  const a: (T | undefined)[] = [undefined];
  a.pop();
  return a as T[];
}

/** @internal An empty array in the holey generic elements kind: for arrays written at sparse indices. */
export function holeyObjectArray<T>(): (T | undefined)[] {
  const a = new Array<T | undefined>(1);
  a[0] = undefined;
  a.length = 0;
  return a;
}

/** @internal An empty array in the unboxed double elements kind: for arrays of (non-integer or large) numbers. */
export function numberArray(): number[] {
  const a = [0.5];
  a.pop();
  return a;
}

/**
 * @internal A copy of `items` in the generic packed elements kind, whatever the caller's array was (a literal, the
 * result of `map`, a holey or frozen array): hot code that indexes it then sees one array shape in every run.
 */
export function packedCopy<T>(items: readonly T[]): T[] {
  const a = objectArray<T>();
  for (let i = 0; i < items.length; i++) a.push(items[i]!);
  return a;
}
