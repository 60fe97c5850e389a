import config from '@bot/eslint-config';

const nodeGlobals = Object.fromEntries(
  ['process', 'console', 'URL', 'Buffer', 'setTimeout', 'clearTimeout'].map((name) => [name, 'readonly']),
);

export default [
  ...config,
  { ignores: ['test/fixtures/**'] },
  // The scripts are plain Node ESM/CJS run at the edge of the repo (not library code).
  { files: ['**/*.mjs', '**/*.cjs'], languageOptions: { globals: nodeGlobals } },
];
