import { defineProjectConfig } from '@bot/vitest-config';

// Engine tests run whole engines (replays, child processes, a browser): allow for a loaded 2-core machine.
export default defineProjectConfig(import.meta.url, { testTimeout: 60_000 });
