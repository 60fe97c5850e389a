import { defineProjectConfig } from '@bot/vitest-config';

// Training tests do real work (small models, few epochs); the timeout is generous because CI shares 2 cores with
// other jobs. No test asserts on timing.
export default defineProjectConfig(import.meta.url, { testTimeout: 240_000 });
