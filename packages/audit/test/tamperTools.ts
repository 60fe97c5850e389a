// Attacker tooling for tests: edits trail lines with plain node:crypto, independent of the code under test.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

export function readLinesOf(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
}

export function writeLinesTo(file: string, lines: readonly string[]): void {
  writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
}

interface Parsed {
  hash: string;
  mac?: string;
  rec: Record<string, unknown>;
}

/** Splits a line the way an attacker who read the README would. */
export function splitLine(line: string): { hash: string; mac: string | undefined; body: string } {
  const m = /^\{"hash":"([0-9a-f]{64})",(?:"mac":"([0-9a-f]{64})",)?"rec":(.*)\}$/.exec(line);
  if (!m) throw new Error(`not a trail line: ${line}`);
  return { hash: m[1]!, mac: m[2], body: m[3]! };
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}

/**
 * Rewrites records from `from` (0-based line index) on: applies `edit` to the record at `from`, then recomputes
 * every hash and prevHash after it (the best an attacker without the HMAC key can do). Macs are kept as they were.
 */
export function forgeChain(lines: string[], from: number, edit: (rec: Record<string, unknown>) => void): string[] {
  const out = lines.slice(0, from);
  let prev = from === 0 ? '0'.repeat(64) : splitLine(lines[from - 1]!).hash;
  for (let i = from; i < lines.length; i++) {
    const { mac, body } = splitLine(lines[i]!);
    const rec = JSON.parse(body) as Record<string, unknown>;
    if (i === from) edit(rec);
    rec['prevHash'] = prev;
    const newBody = JSON.stringify(sortKeys(rec));
    const hash = createHash('sha256').update(newBody).digest('hex');
    const p: Parsed = { hash, rec };
    out.push(mac === undefined ? `{"hash":"${p.hash}","rec":${newBody}}` : `{"hash":"${p.hash}","mac":"${mac}","rec":${newBody}}`);
    prev = hash;
  }
  return out;
}
