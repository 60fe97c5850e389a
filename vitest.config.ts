import { defineConfig } from 'vitest/config';
import projects from './vitest.workspace.js';

export default defineConfig({
  test: {
    projects,
    // 2-core CI machine: keep heavy suites (tfjs training, PostgreSQL) from starving each other.
    maxWorkers: 2,
  },
});
