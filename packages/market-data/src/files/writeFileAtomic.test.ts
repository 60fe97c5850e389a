import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './writeBars.js';

const dir = mkdtempSync(join(tmpdir(), 'md-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('writes the pieces and leaves no temp file', async () => {
    const file = join(dir, 'ok.txt');
    await writeFileAtomic(file, async (write) => {
      await write('a,');
      await write('b');
    });
    expect(readFileSync(file, 'utf8')).toBe('a,b');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a missing directory is reported about the target path, not the temp file', async () => {
    const file = join(dir, 'missing', 'out.csv');
    const error = (await writeFileAtomic(file, (write) => write('x')).catch((e: unknown) => e)) as NodeJS.ErrnoException;
    expect(error.message).toBe(`ENOENT: no such file or directory, write '${file}'`);
    expect(error).toMatchObject({ code: 'ENOENT', syscall: 'write', path: file });
    expect((error.cause as NodeJS.ErrnoException).path).toMatch(/\.tmp$/);
  });

  it('a directory in the way (the rename fails) is reported about the target; the old content and no temp file remain', async () => {
    const taken = join(dir, 'taken');
    mkdirSync(taken);
    writeFileSync(join(taken, 'keep'), 'kept');
    await expect(writeFileAtomic(taken, (write) => write('x'))).rejects.toThrow(`, write '${taken}'`);
    expect(readFileSync(join(taken, 'keep'), 'utf8')).toBe('kept');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('an error of the producer propagates unchanged and the old file stays intact', async () => {
    const file = join(dir, 'old.txt');
    writeFileSync(file, 'old');
    const boom = new Error('producer failed');
    await expect(writeFileAtomic(file, async (write) => {
      await write('half');
      throw boom;
    })).rejects.toBe(boom);
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
