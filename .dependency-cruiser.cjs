// @ts-check
/**
 * Import-graph rules of the @bot monorepo (ARCHITECTURE rule 1), run by `pnpm check:imports`:
 *   depcruise packages apps --config .dependency-cruiser.cjs
 *
 * `@bot/<x>` is resolved to `packages/<x>/src/index.ts` (or `apps/<x>/`, `tooling/<x>/`; tsconfig.depcruise.json),
 * so a cycle between packages is seen as a cycle between files and caught by `no-circular`, and importing a
 * package or app through its public entry is an edge to its `src/index.ts`, the only file of it others may reach. Tests and examples are included: a test that
 * deep-imports another package is as wrong as library code doing it.
 *
 * Paths in the rules are relative to the directory depcruise runs in (the repo root, or a fixture root in the
 * tests of tooling/scripts), which must contain `packages/` (and optionally `apps/`).
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Circular dependency (between files, or between packages through their public entries). Break it by moving ' +
        'the shared piece down (into the lower package or a new file both import).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-deep-import',
      severity: 'error',
      comment:
        'Import another package only through its public entry (`@bot/x`), never `@bot/x/src/...`, ' +
        '`@bot/x/dist/...` or a path into its files.',
      from: { path: '^((?:packages|apps)/[^/]+)/' },
      to: {
        path: '^(?:packages|apps)/[^/]+/',
        pathNot: ['^$1/', '^(?:packages|apps)/[^/]+/src/index\\.ts$'],
      },
    },
    {
      name: 'no-relative-cross-package',
      severity: 'error',
      comment: 'A relative path reaches into another package; import it as `@bot/x` instead.',
      from: { path: '^((?:packages|apps)/[^/]+)/' },
      to: { dependencyTypes: ['local'], dependencyTypesNot: ['aliased'], path: '^(?:packages|apps)/', pathNot: '^$1/' },
    },
    {
      name: 'no-package-imports-app',
      severity: 'error',
      comment: 'Packages never import apps; apps import packages.',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'core-types-imports-nothing-of-ours',
      severity: 'error',
      comment: '@bot/core-types is the bottom of the graph: it depends on no other @bot package.',
      from: { path: '^packages/core-types/' },
      to: { path: '^(?:packages|apps)/', pathNot: '^packages/core-types/' },
    },
    {
      name: 'no-unresolvable-bot-import',
      severity: 'error',
      comment: 'An `@bot/...` import that resolves to nothing: a missing package or a deep path that does not exist.',
      from: {},
      to: { couldNotResolve: true, path: '^@bot/' },
    },
  ],
  options: {
    // dist/ is scanned (so a resolved `@bot/x/dist/...` import is still an edge the rules see) but never followed.
    doNotFollow: { path: ['node_modules', '(^|/)dist/'] },
    exclude: { path: ['(^|/)node_modules/', '(^|/)coverage/', '(^|/)\\.turbo/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      // Ignore `exports` maps so `@bot/x/src/foo` resolves to the file it names (and `no-deep-import` can say
      // so) instead of being merely unresolvable.
      exportsFields: [],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
