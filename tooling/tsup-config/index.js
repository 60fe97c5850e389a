// @ts-check
import { defineConfig } from 'tsup';

/**
 * The one build preset of the monorepo: dual ESM (`.js`) + CJS (`.cjs`) with `.d.ts`/`.d.cts`,
 * source maps, no bundling of dependencies. A package's tsup.config.ts is one call to this.
 *
 * @param {{ entry?: Record<string, string> | string[], banner?: string, platform?: 'node' | 'neutral' }} [options]
 */
export function definePackageConfig(options = {}) {
  return defineConfig({
    entry: options.entry ?? { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    treeshake: true,
    splitting: false,
    target: 'node20',
    platform: options.platform ?? 'node',
    ...(options.banner ? { banner: { js: options.banner } } : {}),
  });
}

/**
 * Preset for the private apps: ESM only, no declarations, an executable banner.
 *
 * @param {{ entry: Record<string, string> }} options
 */
export function defineAppConfig(options) {
  return defineConfig({
    entry: options.entry,
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: true,
    splitting: false,
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
  });
}
