import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { monorepoRoot } from '@bot/vitest-config';

/** Proves `check:package` bites: a correct dual package passes; wrong condition order fails publint; wrong CJS types fail attw. */

const script = join(monorepoRoot, 'tooling', 'scripts', 'checkPackage.mjs');
const created: string[] = [];
afterAll(() => {
  for (const d of created) rmSync(d, { recursive: true, force: true });
});

function writePackage(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bot-check-package-test-'));
  created.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

function runCheck(dir: string): Promise<{ exitCode: number; output: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script], { cwd: dir, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ exitCode: error ? (error.code as number) : 0, output: `${stdout}${stderr}` });
    });
  });
}

const base = {
  version: '1.0.0',
  description: 'fixture package for check:package',
  license: 'MIT',
  type: 'module',
  sideEffects: false,
  files: ['dist'],
  repository: { type: 'git', url: 'git+https://github.com/bot-trading/bot.git', directory: 'packages/fixture' },
};
const dist = {
  'dist/index.js': 'export const answer = 42;\n',
  'dist/index.cjs': '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.answer = 42;\n',
  'dist/index.d.ts': 'export declare const answer: number;\n',
  'dist/index.d.cts': 'export declare const answer: number;\n',
};

describe('checkPackage.mjs (check:package)', () => {
  it.concurrent('passes a correct dual ESM + CJS package with types first', async () => {
    const dir = writePackage({
      'package.json': JSON.stringify({
        name: '@bot/fixture-good',
        ...base,
        main: './dist/index.cjs',
        types: './dist/index.d.cts',
        exports: {
          '.': { import: { types: './dist/index.d.ts', default: './dist/index.js' }, require: { types: './dist/index.d.cts', default: './dist/index.cjs' } },
          './package.json': './package.json',
        },
      }),
      ...dist,
    });
    const { exitCode, output } = await runCheck(dir);
    expect(output).toMatch(/check:package ok/);
    expect(exitCode).toBe(0);
  });

  it.concurrent('fails publint when "types" is not the first condition', async () => {
    const dir = writePackage({
      'package.json': JSON.stringify({
        name: '@bot/fixture-types-last',
        ...base,
        main: './dist/index.cjs',
        exports: { '.': { import: './dist/index.js', require: './dist/index.cjs', types: './dist/index.d.ts' } },
      }),
      ...dist,
    });
    const { exitCode, output } = await runCheck(dir);
    expect(exitCode).not.toBe(0);
    expect(output).toMatch(/publint error: .*types should be the first/);
    expect(output).toMatch(/check:package FAILED: publint error: EXPORTS_TYPES_SHOULD_BE_FIRST/);
  });

  it.concurrent('fails attw when require() gets ESM declarations (types masquerading as ESM)', async () => {
    const dir = writePackage({
      'package.json': JSON.stringify({
        name: '@bot/fixture-false-esm',
        ...base,
        main: './dist/index.cjs',
        exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js', require: './dist/index.cjs' } },
      }),
      ...dist,
    });
    const { exitCode, output } = await runCheck(dir);
    expect(exitCode).not.toBe(0);
    expect(output).toMatch(/Masquerading as ESM/i);
    expect(output).toMatch(/check:package FAILED: .*attw exit 1/);
  });

  it.concurrent('fails when dist is missing', async () => {
    const dir = writePackage({ 'package.json': JSON.stringify({ name: '@bot/fixture-empty', ...base, exports: { '.': './dist/index.js' } }) });
    const { exitCode, output } = await runCheck(dir);
    expect(exitCode).not.toBe(0);
    expect(output).toMatch(/no dist\//);
  });
});
