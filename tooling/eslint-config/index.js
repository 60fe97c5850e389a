// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Shared lint rules. Architecture rules that need the whole graph (cycles, deep imports,
 * dependency direction) are checked by dependency-cruiser (`pnpm check:imports`).
 */
export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@bot/*/src/*', '@bot/*/src', '@bot/*/dist/*', '@bot/*/dist'], message: 'Import packages through their public entry (@bot/x).' },
          ],
        },
      ],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Shipped code imports rxjs values from their own modules: in Node, `from 'rxjs'` loads rxjs 7's whole CommonJS
    // build (every operator, 65-85 ms) into every program that imports the package, even one that never streams.
    // The module paths are the ones `rxjs` re-exports (`rxjs/internal/*` is in its exports map): same classes.
    files: ['src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'rxjs',
              allowTypeImports: true,
              message: "Import rxjs values from their module (e.g. 'rxjs/internal/Subject'): 'rxjs' loads all of rxjs at start-up.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'bench/**', 'test/**', 'examples/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
