#!/usr/bin/env node
// @ts-check
/**
 * Checks one publishable package the way npm users will get it: run from the package directory (its
 * `check:package` script; turbo builds it first).
 *
 * 1. `pnpm pack` into a temporary directory (pnpm rewrites `workspace:^` ranges, applies `files`, `publishConfig`).
 * 2. `publint` on the tarball, strict (warnings fail too; suggestions are printed).
 * 3. `@arethetypeswrong/cli` on the tarball with the `strict` profile: node10, node16 (CJS and ESM) and bundler
 *    resolution must all find correct types; any problem fails.
 *
 * Exits non-zero on any problem. Private packages are skipped (they are never published).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkgDir = process.cwd();
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));

if (pkg.private) {
  console.log(`${pkg.name}: private, not published, skipped`);
  process.exit(0);
}
if (!existsSync(join(pkgDir, 'dist'))) {
  console.error(`${pkg.name}: no dist/ (run the build first: turbo runs it before check:package)`);
  process.exit(1);
}

/** @type {string[]} */
const failures = [];
const scratch = mkdtempSync(join(tmpdir(), 'bot-check-package-'));
try {
  const pack = spawnSync('pnpm', ['pack', '--pack-destination', scratch], { cwd: pkgDir, encoding: 'utf8' });
  if (pack.status !== 0) {
    console.error(pack.stdout, pack.stderr);
    throw new Error(`${pkg.name}: pnpm pack failed (exit ${pack.status})`);
  }
  const tarballName = readdirSync(scratch).find((f) => f.endsWith('.tgz'));
  if (tarballName === undefined) throw new Error(`${pkg.name}: pnpm pack produced no tarball`);
  const tarball = join(scratch, tarballName);
  console.log(`${pkg.name}: packed ${tarballName}`);

  // publint on the exact tarball contents.
  const bytes = readFileSync(tarball);
  const { messages, pkg: packedPkg } = await publint({
    pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
    level: 'suggestion',
    strict: true,
  });
  for (const message of messages) {
    const text = formatMessage(message, packedPkg, { color: false }) ?? message.code;
    console.log(`  publint ${message.type}: ${text}`);
    if (message.type !== 'suggestion') failures.push(`publint ${message.type}: ${message.code}`);
  }
  if (messages.length === 0) console.log('  publint: no issues');

  // Are the types wrong? (strict profile: node10, node16-cjs, node16-esm, bundler).
  const attwBin = join(repoRoot, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
  const attw = spawnSync(process.execPath, [attwBin, tarball, '--profile', 'strict', '--format', 'table', '--no-emoji', '--no-color'], {
    cwd: pkgDir,
    encoding: 'utf8',
  });
  const attwOut = `${attw.stdout}${attw.stderr}`.trim();
  console.log(attwOut.split('\n').map((l) => `  ${l}`).join('\n'));
  if (attw.status !== 0) failures.push(`attw exit ${attw.status}`);
} catch (error) {
  failures.push(error instanceof Error ? error.message : String(error));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`${pkg.name}: check:package FAILED: ${failures.join('; ')}`);
  process.exit(1);
}
console.log(`${pkg.name}: check:package ok (publint strict, attw strict)`);
