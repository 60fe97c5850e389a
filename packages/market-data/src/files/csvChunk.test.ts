import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRange } from './csvChunk.js';

const tmp = mkdtempSync(join(tmpdir(), 'md-chunk-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs parseRange over a file holding `text`, recording what each call was given. */
function pieces(text: string, start: number, end: number, pieceBytes: number): { ok: boolean; calls: string[] } {
  const path = join(tmp, 'f.csv');
  writeFileSync(path, text);
  const fd = openSync(path, 'r');
  const calls: string[] = [];
  try {
    const ok = parseRange(fd, start, end, (bytes, from, to) => calls.push(Buffer.from(bytes.subarray(from, to)).toString('latin1')), pieceBytes);
    return { ok, calls };
  } finally {
    closeSync(fd);
  }
}

describe('parseRange', () => {
  it('hands over the range as complete lines, whatever the piece size (property)', () => {
    const line = fc.string({ unit: fc.constantFrom('a', '1', ',', '.', '\r'), maxLength: 40 });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 30 }), fc.boolean(), fc.integer({ min: 1, max: 64 }), (lines, trailing, piece) => {
        const text = lines.join('\n') + (trailing ? '\n' : '');
        const { ok, calls } = pieces(text, 0, text.length, piece);
        expect(ok).toBe(true);
        expect(calls.join('')).toBe(text);
        // every call but the last ends at a line end
        for (const c of calls.slice(0, -1)) expect(c.endsWith('\n')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('reads only [start, end) and grows its buffer for a line longer than a piece', () => {
    const text = 'head\nshort\na-much-longer-line-than-the-piece\nx\ntail\n';
    const start = text.indexOf('short');
    const end = text.indexOf('tail');
    const { ok, calls } = pieces(text, start, end, 4);
    expect(ok).toBe(true);
    expect(calls.join('')).toBe('short\na-much-longer-line-than-the-piece\nx\n');
    expect(calls[0]).toBe('short\n');
    for (const c of calls) expect(c.endsWith('\n')).toBe(true);
  });

  it('reports a file shorter than the range (it changed while being read)', () => {
    const { ok, calls } = pieces('a\nb\n', 0, 10, 3);
    expect(ok).toBe(false);
    expect(calls.join('')).toBe('a\nb\n');
  });
});
