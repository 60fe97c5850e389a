import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonFile, writeJsonAtomic } from './atomicJsonFile.js';

describe('atomic JSON state file', () => {
  it('round-trips, replaces the old content whole and leaves no temp file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'bot-state-')), 'nested', 'state.json');
    expect(readJsonFile(path)).toBeUndefined();
    writeJsonAtomic(path, { a: 1 });
    writeJsonAtomic(path, { a: 2, b: [1, 2] });
    expect(readJsonFile(path)).toEqual({ a: 2, b: [1, 2] });
    expect(existsSync(`${path}.tmp`)).toBe(false);
  });

  it('ignores a torn temp file left by a crash and keeps the last complete state', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'bot-state-')), 'state.json');
    writeJsonAtomic(path, { version: 1 });
    writeFileSync(`${path}.tmp`, '{"version": 2, "trunc');
    expect(readJsonFile(path)).toEqual({ version: 1 });
    writeJsonAtomic(path, { version: 3 });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ version: 3 });
  });

  it('names the file when its content is corrupt', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'bot-state-')), 'state.json');
    writeFileSync(path, 'not json');
    expect(() => readJsonFile(path)).toThrow(/state\.json: engine state is not valid JSON/);
  });
});
