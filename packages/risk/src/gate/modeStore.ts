import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { BotError, TRADING_MODES, type TradingMode, ValidationError } from '@bot/core-types';

/** What survives a restart: the current mode and when/why it was entered. */
export interface PersistedModeState {
  readonly mode: TradingMode;
  /** Who set it (`breaker:venue-errors`, `operator:alice`, ...). */
  readonly source: string;
  readonly reason: string;
  /** When the mode was entered, epoch ms. */
  readonly since: number;
  /** Time of the last escalation (start of the step-down cooldown), epoch ms. */
  readonly lastEscalationAt: number;
}

/**
 * Port: persists the trading mode so a restart resumes in the same mode (a crash during Emergency must not come
 * back in Normal). Synchronous on purpose: mode changes are rare and must be durable before they take effect.
 */
export interface ModeStore {
  /** The saved state, or undefined when nothing was ever saved. @throws ValidationError when the store is corrupt. */
  load(): PersistedModeState | undefined;
  /** Saves durably (returns after the state is on stable storage). */
  save(state: PersistedModeState): void;
}

/**
 * In-memory {@link ModeStore} (tests, backtests): survives re-creating the gate within one process.
 *
 * @example
 * ```ts
 * const store = new InMemoryModeStore(); createRiskGate(config, { clock, modeStore: store });
 * ```
 */
export class InMemoryModeStore implements ModeStore {
  private state: PersistedModeState | undefined;
  /** Number of saves (for tests and diagnostics). */
  saves = 0;
  constructor(initial?: PersistedModeState) {
    this.state = initial;
  }
  load(): PersistedModeState | undefined {
    return this.state;
  }
  save(state: PersistedModeState): void {
    this.state = state;
    this.saves++;
  }
}

/**
 * File {@link ModeStore}: one JSON document, replaced atomically (write a temp file, fsync it, rename over the
 * target, fsync the directory), so a crash leaves either the old or the new state, never a torn file.
 *
 * @example
 * ```ts
 * const store = new FileModeStore('./state/risk-mode.json');
 * ```
 */
export class FileModeStore implements ModeStore {
  constructor(readonly path: string) {}

  /** @throws ValidationError naming the file when it exists but is not a valid saved state. */
  load(): PersistedModeState | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new BotError('CONFIG', `cannot read the mode store ${this.path}`, { cause });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (cause) {
      throw new ValidationError('modeState', text, 'a JSON object written by FileModeStore', { cause, location: { source: this.path } });
    }
    return parsePersistedModeState(raw, this.path);
  }

  /** @throws BotError `CONFIG` when the directory is not writable. */
  save(state: PersistedModeState): void {
    const dir = dirname(this.path);
    const tmp = `${this.path}.tmp`;
    try {
      mkdirSync(dir, { recursive: true });
      const fd = openSync(tmp, 'w');
      try {
        writeSync(fd, `${JSON.stringify(state)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, this.path);
      try {
        const dfd = openSync(dir, 'r');
        try {
          fsyncSync(dfd);
        } finally {
          closeSync(dfd);
        }
      } catch {
        // Directory fsync is not supported on every platform (Windows); the rename is still atomic.
      }
    } catch (cause) {
      throw new BotError('CONFIG', `cannot write the mode store ${this.path}`, { cause });
    }
  }
}

function parsePersistedModeState(raw: unknown, source: string): PersistedModeState {
  const where = { location: { source } };
  if (raw === null || typeof raw !== 'object') throw new ValidationError('modeState', raw, 'an object', where);
  const o = raw as Record<string, unknown>;
  if (!TRADING_MODES.includes(o['mode'] as TradingMode)) throw new ValidationError('mode', o['mode'], TRADING_MODES.join(', '), where);
  for (const key of ['since', 'lastEscalationAt'] as const) {
    if (typeof o[key] !== 'number' || !Number.isFinite(o[key])) throw new ValidationError(key, o[key], 'an epoch-ms time', where);
  }
  for (const key of ['source', 'reason'] as const) {
    if (typeof o[key] !== 'string') throw new ValidationError(key, o[key], 'a string', where);
  }
  return {
    mode: o['mode'] as TradingMode,
    source: o['source'] as string,
    reason: o['reason'] as string,
    since: o['since'] as number,
    lastEscalationAt: o['lastEscalationAt'] as number,
  };
}
