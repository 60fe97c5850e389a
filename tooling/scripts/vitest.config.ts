import { defineProjectConfig } from '@bot/vitest-config';

// Each case spawns dependency-cruiser, pnpm pack or attw; on a loaded 2-core CI box that takes tens of seconds.
export default defineProjectConfig(import.meta.url, { testTimeout: 120_000 });
