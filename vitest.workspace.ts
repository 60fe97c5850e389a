/**
 * The one list of test projects. The root `vitest.config.ts` reads it (current vitest takes projects from the
 * config's `test.projects`), so adding a package here is the only step to put its tests in `pnpm test`.
 */
export default [
  'tooling/scripts',
  'packages/core-types',
  'packages/market-data',
  'packages/strategies',
  'packages/risk',
  'packages/neural',
  'packages/execution',
  'packages/backtest',
  'packages/killswitch-gpio',
  'packages/audit',
  'apps/engine',
  'apps/cli',
];
