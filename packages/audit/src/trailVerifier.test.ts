import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLine, encodeLine, sealRecord } from './auditRecord.js';
import { TrailVerifier } from './trailVerifier.js';
import type { VerifyReport } from './trailVerifier.js';

const KEY = Buffer.from('property-key');

/** A genuine trail of n records, as lines without newlines. */
function trail(n: number, keyed: boolean): string[] {
  const lines: string[] = [];
  let prev = '0'.repeat(64);
  for (let seq = 1; seq <= n; seq++) {
    const s = sealRecord(seq, 1000 + seq, { type: seq % 2 ? 'fill' : 'signal', actor: 'kernel', payload: { seq, note: `r${seq}` } }, prev, keyed ? KEY : undefined);
    lines.push(encodeLine(s).slice(0, -1));
    prev = s.hash;
  }
  return lines;
}

function verify(lines: readonly string[], keyed: boolean): VerifyReport {
  const v = new TrailVerifier(keyed ? { hmacKey: KEY } : {});
  for (const [i, l] of lines.entries()) if (!v.push(decodeLine(l), `line ${i + 1}`)) break;
  return v.finish();
}

/** Attacker without the key: edit record k's body, recompute every hash after it with plain node:crypto. */
function rewriteFrom(lines: string[], k: number): string[] {
  const out = lines.slice(0, k);
  let prev = k === 0 ? '0'.repeat(64) : /"hash":"([0-9a-f]{64})"/.exec(lines[k - 1]!)![1]!;
  for (let i = k; i < lines.length; i++) {
    const m = /^\{"hash":"[0-9a-f]{64}",(?:"mac":"([0-9a-f]{64})",)?"rec":(.*)\}$/.exec(lines[i]!)!;
    let body = m[2]!.replace(/"prevHash":"[0-9a-f]{64}"/, `"prevHash":"${prev}"`);
    if (i === k) body = body.replace('"actor":"kernel"', '"actor":"mallory"');
    const hash = createHash('sha256').update(body).digest('hex');
    out.push(m[1] === undefined ? `{"hash":"${hash}","rec":${body}}` : `{"hash":"${hash}","mac":"${m[1]}","rec":${body}}`);
    prev = hash;
  }
  return out;
}

describe('TrailVerifier: every single tampering is found at the right sequence number (property)', () => {
  const arbCase = fc.integer({ min: 2, max: 25 }).chain((n) => fc.record({ n: fc.constant(n), k: fc.integer({ min: 0, max: n - 1 }), keyed: fc.boolean() }));

  it('a genuine trail verifies', () => {
    fc.assert(
      fc.property(arbCase, ({ n, keyed }) => {
        expect(verify(trail(n, keyed), keyed)).toMatchObject({ ok: true, records: n, lastSeq: n });
      }),
      { seed: 1, numRuns: 50 },
    );
  });

  it('one changed byte anywhere in a record', () => {
    fc.assert(
      fc.property(arbCase, fc.nat(), fc.integer({ min: 1, max: 94 }), ({ n, k, keyed }, pos, delta) => {
        const lines = trail(n, keyed);
        const line = lines[k]!;
        const p = pos % line.length;
        const c = String.fromCharCode(32 + ((line.charCodeAt(p) - 32 + delta) % 95));
        lines[k] = line.slice(0, p) + c + line.slice(p + 1);
        const r = verify(lines, keyed);
        expect(r.ok).toBe(false);
        expect(r.break!.seq).toBe(k + 1);
        expect(['changed', 'malformed', 'bad-hmac']).toContain(r.break!.kind);
      }),
      { seed: 2, numRuns: 300 },
    );
  });

  it('one deleted record (except the last: only checkpoints see a clean tail cut)', () => {
    fc.assert(
      fc.property(arbCase, ({ n, k, keyed }) => {
        fc.pre(k < n - 1);
        const lines = trail(n, keyed);
        lines.splice(k, 1);
        expect(verify(lines, keyed).break).toMatchObject({ kind: 'missing', seq: k + 1 });
      }),
      { seed: 3, numRuns: 100 },
    );
  });

  it('two neighbours swapped, or a record duplicated', () => {
    fc.assert(
      fc.property(arbCase, fc.boolean(), ({ n, k, keyed }, swap) => {
        const lines = trail(n, keyed);
        if (swap) {
          fc.pre(k < n - 1);
          [lines[k], lines[k + 1]] = [lines[k + 1]!, lines[k]!];
          expect(verify(lines, keyed).break).toMatchObject({ kind: 'reordered', seq: k + 1 });
        } else {
          lines.splice(k + 1, 0, lines[k]!);
          expect(verify(lines, keyed).break).toMatchObject({ kind: 'reordered', seq: k + 2 });
        }
      }),
      { seed: 4, numRuns: 100 },
    );
  });

  it('a consistent rewrite without the key: invisible to the bare chain, caught by the HMAC at the edited record', () => {
    fc.assert(
      fc.property(arbCase, ({ n, k }) => {
        const forged = rewriteFrom(trail(n, true), k);
        expect(verify(forged, false).ok).toBe(true);
        expect(verify(forged, true).break).toMatchObject({ kind: 'bad-hmac', seq: k + 1 });
      }),
      { seed: 5, numRuns: 100 },
    );
  });
});
