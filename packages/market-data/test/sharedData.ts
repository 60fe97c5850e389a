import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { monorepoRoot } from '@bot/vitest-config';

/** `../shared/data` next to the monorepo (real OHLCV files); tests skip visibly when it is absent. */
export const dataDir = resolve(monorepoRoot, '..', 'shared', 'data');
export const hasData = existsSync(dataDir);
export const dataFile = (name: string) => resolve(dataDir, name);
