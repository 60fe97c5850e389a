import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { BotError } from '@bot/core-types';

/** Who holds a trail's writer lock (the content of `<trail>.lock`). */
export interface WriterLockOwner {
  readonly pid: number;
  readonly host: string;
}

/**
 * Single-writer lock of a file trail: `<trail path>.lock`, created exclusively (`O_EXCL`) and holding the owner's
 * pid and host. A lock left by a process that no longer runs on this host (killed, crashed) is taken over; a lock
 * of a live process, or of another host (which cannot be checked), is refused.
 */
export class WriterLock {
  private released = false;

  private constructor(readonly path: string) {}

  /**
   * Takes the lock.
   * @throws BotError `CONFIG` when another live writer (or a writer on another host) holds the trail.
   */
  static acquire(trailPath: string): WriterLock {
    const path = `${trailPath}.lock`;
    const me: WriterLockOwner = { pid: process.pid, host: hostname() };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(path, 'wx');
        try {
          writeSync(fd, `${JSON.stringify(me)}\n`);
        } finally {
          closeSync(fd);
        }
        return new WriterLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = readOwner(path);
      if (owner !== undefined && owner.host !== me.host) {
        throw new BotError('CONFIG', `audit trail ${trailPath} is locked by pid ${owner.pid} on host ${owner.host} (${path}); one writer per trail. Delete the lock file only if that writer is gone.`);
      }
      if (owner !== undefined && isAlive(owner.pid)) {
        throw new BotError('CONFIG', `audit trail ${trailPath} is already being written by pid ${owner.pid}${owner.pid === process.pid ? ' (this process)' : ''}; one writer per trail`);
      }
      // Stale (its process is gone) or unreadable: take it over. A concurrent taker loses the O_EXCL race above.
      try {
        unlinkSync(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    throw new BotError('CONFIG', `audit trail ${trailPath}: could not take the writer lock ${path}`);
  }

  /** Releases the lock (idempotent). */
  release(): void {
    if (this.released) return;
    this.released = true;
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone: nothing to release.
    }
  }
}

function readOwner(path: string): WriterLockOwner | undefined {
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<WriterLockOwner>;
    return typeof raw.pid === 'number' && typeof raw.host === 'string' ? { pid: raw.pid, host: raw.host } : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
