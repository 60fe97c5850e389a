// @ts-check
import { readdirSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * `@bot/<dir>` -> `packages/<dir>/src/index.ts` (and `apps/<dir>/src/index.ts` for apps that offer a library
 * entry, such as the engine used by the CLI), so tests run against sources, not stale builds.
 */
function sourceAliases() {
  /** @type {Record<string, string>} */
  const aliases = {};
  for (const group of ['packages', 'apps']) {
    const groupDir = join(repoRoot, group);
    for (const dir of readdirSync(groupDir)) {
      const entry = join(groupDir, dir, 'src', 'index.ts');
      if (existsSync(entry)) aliases[`@bot/${dir}`] = entry;
    }
  }
  return aliases;
}

/**
 * The vitest project preset used by every package and app.
 *
 * @param {string} importMetaUrl `import.meta.url` of the package's vitest.config.ts
 * @param {{ testTimeout?: number, include?: string[] }} [options]
 */
export function defineProjectConfig(importMetaUrl, options = {}) {
  const dir = dirname(fileURLToPath(importMetaUrl));
  return defineProject({
    resolve: { alias: sourceAliases() },
    test: {
      name: basename(dir),
      root: dir,
      include: options.include ?? ['src/**/*.test.ts', 'test/**/*.test.ts'],
      environment: 'node',
      testTimeout: options.testTimeout ?? 30_000,
      hookTimeout: 60_000,
    },
  });
}

/** Absolute path of the monorepo root (for tests that read `../shared/data`). */
export const monorepoRoot = repoRoot;
