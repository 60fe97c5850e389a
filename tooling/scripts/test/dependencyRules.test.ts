import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { monorepoRoot } from '@bot/vitest-config';

/**
 * Proves that `pnpm check:imports` bites: each fixture is a mini monorepo (packages/, apps/) checked with the
 * repository's own `.dependency-cruiser.cjs` and `tsconfig.depcruise.json`, exactly as the root script runs them.
 */

const depcruiseBin = join(monorepoRoot, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const created: string[] = [];

afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

type Files = Record<string, string>;

/** Writes a fixture tree; `link:<target>` values become symlinks (pnpm's node_modules/@bot/<x> links). */
function fixture(files: Files): string {
  const root = mkdtempSync(join(tmpdir(), 'bot-depcruise-'));
  created.push(root);
  copyFileSync(join(monorepoRoot, '.dependency-cruiser.cjs'), join(root, '.dependency-cruiser.cjs'));
  copyFileSync(join(monorepoRoot, 'tsconfig.depcruise.json'), join(root, 'tsconfig.depcruise.json'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    if (content.startsWith('link:')) symlinkSync(content.slice('link:'.length), full, 'dir');
    else writeFileSync(full, content);
  }
  return root;
}

/** A package `packages/<name>` with a package.json shaped like ours (exports map to dist). */
function pkg(name: string, files: Files): Files {
  const out: Files = {
    [`packages/${name}/package.json`]: JSON.stringify({
      name: `@bot/${name}`,
      type: 'module',
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
    }),
    [`packages/${name}/dist/index.js`]: 'export {};\n',
  };
  for (const [path, content] of Object.entries(files)) out[`packages/${name}/${path}`] = content;
  return out;
}

interface Violation {
  readonly rule: string;
  readonly from: string;
  /** The target, or for a cycle every module on it after `from`. */
  readonly to: readonly string[];
}

/**
 * Runs depcruise exactly like `pnpm check:imports` (default `err` reporter, whose exit code is the error count) and
 * parses its report. Each case runs in its own process, concurrently with the others: `  error <rule>: <from> → <to>` with cycles continuing on indented lines.
 */
async function cruise(root: string): Promise<{ exitCode: number; violations: Violation[]; output: string }> {
  const dirs = ['packages', 'apps'].filter((d) => existsSync(join(root, d)));
  const { exitCode, output } = await new Promise<{ exitCode: number; output: string }>((resolve, reject) => {
    execFile(process.execPath, [depcruiseBin, ...dirs, '--config', '.dependency-cruiser.cjs'], { cwd: root, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ exitCode: error ? (error.code as number) : 0, output: `${stdout}${stderr}` });
    });
  });
  const violations: Violation[] = [];
  for (const line of output.split('\n')) {
    const head = /^\s*error ([\w-]+): (\S+) →\s*(\S*)\s*$/.exec(line);
    if (head) {
      violations.push({ rule: head[1]!, from: head[2]!, to: head[3] ? [head[3]] : [] });
      continue;
    }
    const more = /^\s{4,}(\S+)(?: →)?\s*$/.exec(line);
    const last = violations[violations.length - 1];
    if (more && last) (last.to as string[]).push(more[1]!);
  }
  return { exitCode, violations, output };
}

function ruleNames(violations: readonly Violation[]): string[] {
  return [...new Set(violations.map((v) => v.rule))].sort();
}

describe('.dependency-cruiser.cjs (pnpm check:imports)', () => {
  it.concurrent('passes a clean tree: packages import each other through @bot/x, apps import packages, tests included', async () => {
    const root = fixture({
      ...pkg('core-types', {
        'src/index.ts': "export { price } from './price.js';\nexport type { Price } from './price.js';\n",
        'src/price.ts': 'export type Price = number;\nexport const price = (n: number): Price => n;\n',
      }),
      ...pkg('risk', {
        'src/index.ts': "import { price } from '@bot/core-types';\nexport const limit = price(1);\n",
        'src/limit.test.ts': "import { limit } from './index.js';\nimport { price } from '@bot/core-types';\nexport const ok = limit === price(1);\n",
        'node_modules/@bot/core-types': 'link:../../../core-types',
      }),
      'apps/cli/package.json': JSON.stringify({ name: '@bot/cli', private: true }),
      'apps/cli/src/main.ts':
        "import { limit } from '@bot/risk';\nimport { price } from '@bot/core-types';\nimport { run } from '@bot/engine';\nexport const x = limit + price(2) + run();\n",
      // an app may use another app through its public entry (the CLI starts the engine)
      'apps/engine/package.json': JSON.stringify({ name: '@bot/engine', private: true, exports: { '.': './dist/index.js' } }),
      'apps/engine/src/index.ts': "import { limit } from '@bot/risk';\nexport const run = () => limit;\n",
      // private test helpers under tooling/ resolve too (a fake exchange for tests)
      'tooling/fake/package.json': JSON.stringify({ name: '@bot/fake', private: true, exports: { '.': './src/index.ts' } }),
      'tooling/fake/src/index.ts': 'export const fakeServer = () => 1;\n',
      'packages/risk/src/server.test.ts': "import { fakeServer } from '@bot/fake';\nexport const s = fakeServer();\n",
    });
    const { exitCode, violations, output } = await cruise(root);
    expect(violations).toEqual([]);
    expect(output).toMatch(/no dependency violations found/);
    expect(exitCode).toBe(0);
  });

  it.concurrent('fails on a cycle between two files of one package (no-circular)', async () => {
    const root = fixture(
      pkg('risk', {
        'src/index.ts': "export { a } from './a.js';\n",
        'src/a.ts': "import { b } from './b.js';\nexport const a = () => b();\n",
        'src/b.ts': "import { a } from './a.js';\nexport const b = (): number => (a ? 1 : 0);\n",
      }),
    );
    const { exitCode, violations } = await cruise(root);
    expect(exitCode).not.toBe(0);
    expect(ruleNames(violations)).toEqual(['no-circular']);
    expect([violations[0]!.from, ...violations[0]!.to]).toEqual(expect.arrayContaining(['packages/risk/src/a.ts', 'packages/risk/src/b.ts']));
  });

  it.concurrent('fails on a type-only cycle too (it still ties the two modules together)', async () => {
    const root = fixture(
      pkg('risk', {
        'src/index.ts': "export type { A } from './a.js';\n",
        'src/a.ts': "import type { B } from './b.js';\nexport interface A { b?: B }\n",
        'src/b.ts': "import type { A } from './a.js';\nexport interface B { a?: A }\n",
      }),
    );
    const { exitCode, violations } = await cruise(root);
    expect(exitCode).not.toBe(0);
    expect(ruleNames(violations)).toEqual(['no-circular']);
  });

  it.concurrent('fails on a cycle between two packages through their public entries (no-circular)', async () => {
    const root = fixture({
      ...pkg('risk', { 'src/index.ts': "import { fill } from '@bot/execution';\nexport const risk = () => fill;\n" }),
      ...pkg('execution', { 'src/index.ts': "import { risk } from '@bot/risk';\nexport const fill = () => risk;\n" }),
    });
    const { exitCode, violations } = await cruise(root);
    expect(exitCode).not.toBe(0);
    expect(ruleNames(violations)).toEqual(['no-circular']);
    const cycle = [violations[0]!.from, ...violations[0]!.to];
    expect(cycle).toEqual(expect.arrayContaining(['packages/risk/src/index.ts', 'packages/execution/src/index.ts']));
  });

  it.concurrent('fails on a deep import @bot/x/src/... (no-deep-import)', async () => {
    const root = fixture({
      ...pkg('core-types', {
        'src/index.ts': "export { price } from './price.js';\n",
        'src/price.ts': 'export const price = (n: number) => n;\n',
      }),
      ...pkg('risk', {
        'src/index.ts': "import { price } from '@bot/core-types/src/price';\nexport const limit = price(1);\n",
        'node_modules/@bot/core-types': 'link:../../../core-types',
      }),
    });
    const { exitCode, violations } = await cruise(root);
    expect(exitCode).not.toBe(0);
    expect(ruleNames(violations)).toEqual(['no-deep-import']);
    expect(violations[0]).toEqual({ rule: 'no-deep-import', from: 'packages/risk/src/index.ts', to: ['packages/core-types/src/price.ts'] });
  });

  it.concurrent('fails on a deep import @bot/x/dist/... (no-deep-import)', async () => {
    const root = fixture({
      ...pkg('core-types', { 'src/index.ts': 'export const price = (n: number) => n;\n' }),
      ...pkg('risk', {
        'src/index.ts': "import { price } from '@bot/core-types/dist/index.js';\nexport const limit = price;\n",
        'node_modules/@bot/core-types': 'link:../../../core-types',
      }),
    });
    const { exitCode, violations } = await cruise(root);
    expect(exitCode).not.toBe(0);
    expect(ruleNames(violations)).toEqual(['no-deep-import']);
    expect(violations[0]!.to).toEqual(['packages/core-types/dist/index.js']);
  });

  it.concurrent('fails when an app imports another app\'s dist instead of its entry (no-deep-import)', async () => {
    const root = fixture({
      'apps/engine/package.json': JSON.stringify({ name: '@bot/engine', private: true, exports: { '.': './dist/index.js' } }),
      'apps/engine/src/index.ts': 'export const run = () => 1;\n',
      'apps/engine/dist/index.js': 'export const run = () => 1;\n',
      'apps/cli/src/main.ts': "import { run } from '../../engine/dist/index.js';\nexport const x = run();\n",
    });
    const { exitCode, violations } = await cruise(root);
    expect(exitCode).not.toBe(0);
    expect(ruleNames(violations)).toEqual(['no-deep-import', 'no-relative-cross-package']);
    expect(violations[0]!.to).toEqual(['apps/engine/dist/index.js']);
  });

  it.concurrent('fails on a relative path into another package, even to its index (no-relative-cross-package)', async () => {
    const root = fixture({
      ...pkg('core-types', { 'src/index.ts': 'export const price = (n: number) => n;\n' }),
      ...pkg('risk', { 'src/index.ts': "import { price } from '../../core-types/src/index.js';\nexport const limit = price;\n" }),
    });
    const { exitCode, violations } = await cruise(root);
    expect(exitCode).not.toBe(0);
    expect(ruleNames(violations)).toEqual(['no-relative-cross-package']);
  });

  it.concurrent('fails when a package imports an app (no-package-imports-app)', async () => {
    const root = fixture({
      ...pkg('risk', { 'src/index.ts': "import { x } from '../../../apps/cli/src/main.js';\nexport const y = x;\n" }),
      'apps/cli/src/main.ts': 'export const x = 1;\n',
    });
    const { exitCode, violations } = await cruise(root);
    expect(exitCode).not.toBe(0);
    expect(ruleNames(violations)).toEqual(['no-deep-import', 'no-package-imports-app', 'no-relative-cross-package']);
  });

  it.concurrent('fails when core-types imports another @bot package (core-types-imports-nothing-of-ours)', async () => {
    const root = fixture({
      ...pkg('core-types', { 'src/index.ts': "import { limit } from '@bot/risk';\nexport const x = limit;\n" }),
      ...pkg('risk', { 'src/index.ts': 'export const limit = 1;\n' }),
    });
    const { exitCode, violations } = await cruise(root);
    expect(exitCode).not.toBe(0);
    expect(ruleNames(violations)).toEqual(['core-types-imports-nothing-of-ours']);
  });

  it.concurrent('fails on an @bot import that resolves to nothing (no-unresolvable-bot-import)', async () => {
    const root = fixture(pkg('risk', { 'src/index.ts': "import { x } from '@bot/nope';\nexport const y = x;\n" }));
    const { exitCode, violations } = await cruise(root);
    expect(exitCode).not.toBe(0);
    expect(ruleNames(violations)).toEqual(['no-unresolvable-bot-import']);
  });
});
