import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { BotError } from '@bot/core-types';

/**
 * Writes JSON so that a crash at any moment leaves either the old or the new content, never a torn file:
 * write to `<path>.tmp`, fsync it, rename over `path`, fsync the directory.
 */
export function writeJsonAtomic(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  const dirFd = openSync(dirname(path), 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

/**
 * Reads a JSON file written by {@link writeJsonAtomic}; `undefined` when it does not exist.
 * @throws BotError `DATA` naming the file when it exists but is not valid JSON.
 */
export function readJsonFile(path: string): unknown {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new BotError('DATA', `${path}: engine state is not valid JSON; move it aside to start fresh`, { cause });
  }
}
