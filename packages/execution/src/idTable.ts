import { objectArray } from './elementsKind.js';

/**
 * @internal The `n` of an id ending in `-<n>` (decimal digits, 1 <= n <= max), else 0. Only a hint: callers
 * check that what they find under `n` has this very id.
 */
export function seqOf(id: string, max: number): number {
  let n = 0;
  let mul = 1;
  let i = id.length - 1;
  for (; i >= 0; i--) {
    const c = id.charCodeAt(i);
    if (c < 48 || c > 57) break;
    n += (c - 48) * mul;
    mul *= 10;
    if (mul > 1e15) return 0;
  }
  if (i < 0 || i === id.length - 1 || id.charCodeAt(i) !== 45) return 0;
  return n >= 1 && n <= max ? n : 0;
}

/**
 * @internal A string-keyed table for client order ids. Ids ending in `-<n>` (what the kernel's order manager
 * makes: `<strategy>-<sequence>`) are kept in arrays indexed by `n`, so adding and finding them costs no hashing
 * and no hash-table growth; any other id (or one whose number is taken or far beyond the table) goes to a `Map`.
 * With `slots: false` everything goes to the `Map` (exact insertion order, for tables that drop old entries).
 *
 * Iteration ({@link IdTable.entries}) yields the indexed ids by number, then the others in insertion order.
 *
 * @example
 * ```ts
 * const t = new IdTable<number>();
 * t.set('sma-cross-1', 5);
 * t.get('sma-cross-1'); // 5
 * ```
 */
export class IdTable<V> {
  private readonly ids: (string | undefined)[] = objectArray<string | undefined>();
  private readonly vals: (V | undefined)[] = objectArray<V | undefined>();
  private readonly map = new Map<string, V>();
  private indexed = 0;
  private slots: boolean;
  /** The id parsed last and its number: the venue asks about one order several times in a row (parse once). */
  private lastId: string | undefined;
  private lastSeq = 0;

  constructor(slots = true) {
    this.slots = slots;
  }

  /** Entries held. */
  get size(): number {
    return this.indexed + this.map.size;
  }

  /** {@link seqOf} with the bound `max`, from a one-entry cache. */
  private seqOf(id: string, max: number): number {
    if (id !== this.lastId) {
      this.lastId = id;
      this.lastSeq = seqOf(id, Number.MAX_SAFE_INTEGER);
    }
    return this.lastSeq <= max ? this.lastSeq : 0;
  }

  private slotOf(id: string): number {
    const n = this.seqOf(id, this.ids.length - 1);
    return n > 0 && this.ids[n] === id ? n : -1;
  }

  has(id: string): boolean {
    return this.slotOf(id) > 0 || (this.map.size !== 0 && this.map.has(id));
  }

  get(id: string): V | undefined {
    const n = this.slotOf(id);
    return n > 0 ? this.vals[n] : this.map.size === 0 ? undefined : this.map.get(id);
  }

  /** Adds or replaces. */
  set(id: string, value: V): void {
    const k = this.slotOf(id);
    if (k > 0) {
      this.vals[k] = value;
      return;
    }
    if (this.slots && (this.map.size === 0 || !this.map.has(id))) {
      // the number must be near the table's size (ids from a sequence), never a huge sparse index
      const n = this.seqOf(id, 2 * this.indexed + 1024);
      if (n > 0 && this.ids[n] === undefined) {
        while (this.ids.length < n) {
          this.ids.push(undefined);
          this.vals.push(undefined);
        }
        this.ids[n] = id;
        this.vals[n] = value;
        this.indexed++;
        return;
      }
    }
    this.map.set(id, value);
  }

  delete(id: string): boolean {
    const n = this.slotOf(id);
    if (n > 0) {
      this.ids[n] = undefined;
      this.vals[n] = undefined;
      this.indexed--;
      return true;
    }
    return this.map.delete(id);
  }

  /** Moves every entry to the `Map` (indexed ones by number first) and stops indexing new ones. */
  disableSlots(): void {
    if (!this.slots) return;
    this.slots = false;
    if (this.indexed === 0) return;
    const rest = Array.from(this.map);
    this.map.clear();
    for (let n = 1; n < this.ids.length; n++) {
      const id = this.ids[n];
      if (id !== undefined) this.map.set(id, this.vals[n] as V);
    }
    for (const [id, v] of rest) this.map.set(id, v);
    this.ids.length = 0;
    this.vals.length = 0;
    this.indexed = 0;
  }

  /** Indexed entries by number, then the others in insertion order. */
  *entries(): IterableIterator<[string, V]> {
    for (let n = 1; n < this.ids.length; n++) {
      const id = this.ids[n];
      if (id !== undefined) yield [id, this.vals[n] as V];
    }
    yield* this.map;
  }
}
