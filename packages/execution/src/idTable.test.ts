import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdTable, seqOf } from './idTable.js';

describe('seqOf', () => {
  it('reads the number after the last dash, within bounds', () => {
    expect(seqOf('sma-cross-12', 100)).toBe(12);
    expect(seqOf('sma-cross-12', 11)).toBe(0);
    expect(seqOf('a-0', 10)).toBe(0);
    expect(seqOf('12', 100)).toBe(0);
    expect(seqOf('a-', 100)).toBe(0);
    expect(seqOf('a_5', 100)).toBe(0);
    expect(seqOf('-5', 100)).toBe(5);
    expect(seqOf(`a-${'9'.repeat(20)}`, Number.MAX_SAFE_INTEGER)).toBe(0);
  });
});

describe('IdTable', () => {
  it('behaves like a Map for any sequence of set/delete/get (model check against Map)', () => {
    const id = fc.oneof(
      fc.integer({ min: 0, max: 3000 }).map((n) => `s-${n}`),
      fc.integer({ min: 0, max: 50 }).map((n) => `t-${n}`),
      fc.integer({ min: 0, max: 50 }).map((n) => `x-00${n}`),
      fc.string({ maxLength: 4 }),
    );
    const op = fc.tuple(fc.constantFrom('set', 'delete', 'disable'), id, fc.integer());
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const t = new IdTable<number>();
        const m = new Map<string, number>();
        for (const [kind, k, v] of ops) {
          if (kind === 'set') {
            t.set(k, v);
            m.set(k, v);
          } else if (kind === 'delete') expect(t.delete(k)).toBe(m.delete(k));
          else if (v % 17 === 0) t.disableSlots();
          expect(t.size).toBe(m.size);
          expect(t.get(k)).toBe(m.get(k));
          expect(t.has(k)).toBe(m.has(k));
        }
        expect(new Map(t.entries())).toEqual(m);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps exact insertion order once slots are disabled', () => {
    const t = new IdTable<number>();
    t.set('a-2', 1);
    t.set('zz', 2);
    t.set('a-1', 3);
    t.disableSlots();
    t.set('a-3', 4);
    expect(Array.from(t.entries(), ([k]) => k)).toEqual(['a-1', 'a-2', 'zz', 'a-3']);
  });
});
