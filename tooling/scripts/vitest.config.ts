import { defineProjectConfig } from '@bot/vitest-config';

// Runs dependency-cruiser over fixture trees: each run spawns a process, so allow a little time.
export default defineProjectConfig(import.meta.url, { testTimeout: 60_000 });
