#!/usr/bin/env node
// @ts-check
/**
 * Installs every publishable package the way a user would and imports it both ways (`pnpm check:packages`, after
 * turbo built and `check:package`d each one):
 *
 * 1. `pnpm pack` every non-private `packages/*` (pnpm rewrites `workspace:^` to real ranges).
 * 2. Creates a scratch project in the OS temp directory, OUTSIDE the repository (so nothing resolves through the
 *    workspace), and `npm install`s all tarballs together. `overrides` pin every `@bot/*` to its tarball, so internal
 *    dependencies resolve to what we just packed, never to the registry.
 * 3. For each package: `import('@bot/x')` in an ES module and `require('@bot/x')` in CommonJS; both must load, expose
 *    the same export names, and include every name the package README documents
 *    (`import { A, B } from '@bot/x'` in README.md; type-only imports are ignored).
 * 4. If `packages/<x>/examples/standalone.mjs` exists, copies it into the scratch project and runs it with node:
 *    the proof that the package is usable alone from npm.
 *
 * Prints a per-package table and exits non-zero on any failure. The scratch directory is removed unless
 * `--keep` is given.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const keep = process.argv.includes('--keep');
const COMMAND_TIMEOUT_MS = 180_000;

/** npm must not inherit pnpm's npm_config_* (workspace settings, user agent) from `pnpm check:packages`. */
function cleanEnv() {
  /** @type {Record<string, string>} */
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    const k = key.toLowerCase();
    if (k.startsWith('npm_') && !['npm_config_registry', 'npm_config_cache', 'npm_config_userconfig'].includes(k)) continue;
    if (k === 'node_options' || k === 'node_path') continue;
    env[key] = value;
  }
  env['npm_config_fund'] = 'false';
  env['npm_config_audit'] = 'false';
  env['npm_config_update_notifier'] = 'false';
  return env;
}

/**
 * @param {string} cmd @param {string[]} args @param {string} cwd
 * @returns {{ ok: boolean, status: number | null, stdout: string, stderr: string }}
 */
function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: cleanEnv(), timeout: COMMAND_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  const stderr = r.error ? `${r.stderr ?? ''}${r.error.message}` : (r.stderr ?? '');
  return { ok: r.status === 0 && !r.error, status: r.status, stdout: r.stdout ?? '', stderr };
}

/**
 * Names a README documents as value imports from `name`: `import { A, type B, C as D } from 'name'` or
 * `const { A } = require('name')`.
 *
 * @param {string} readme @param {string} name @returns {string[]}
 */
export function documentedExports(readme, name) {
  const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  /** @type {Set<string>} */
  const names = new Set();
  const importRe = new RegExp(`import\\s+(type\\s+)?\\{([^}]*)\\}\\s*from\\s*['"]${escaped}['"]`, 'g');
  const requireRe = new RegExp(`(?:const|let|var)\\s*\\{([^}]*)\\}\\s*=\\s*require\\(\\s*['"]${escaped}['"]\\s*\\)`, 'g');
  for (const m of readme.matchAll(importRe)) {
    if (m[1]) continue;
    for (const spec of (m[2] ?? '').split(',')) {
      const s = spec.trim();
      if (s === '' || s.startsWith('type ')) continue;
      const imported = (s.split(/\s+as\s+/)[0] ?? '').trim();
      if (/^[A-Za-z_$][\w$]*$/.test(imported)) names.add(imported);
    }
  }
  for (const m of readme.matchAll(requireRe)) {
    for (const spec of (m[1] ?? '').split(',')) {
      const imported = (spec.trim().split(':')[0] ?? '').trim();
      if (/^[A-Za-z_$][\w$]*$/.test(imported)) names.add(imported);
    }
  }
  return [...names].sort();
}

/** The publishable packages: `packages/*` with a package.json that is not private. */
function publishablePackages() {
  const dir = join(repoRoot, 'packages');
  return readdirSync(dir)
    .filter((d) => existsSync(join(dir, d, 'package.json')))
    .map((d) => ({ dir: join(dir, d), pkg: JSON.parse(readFileSync(join(dir, d, 'package.json'), 'utf8')) }))
    .filter((p) => !p.pkg.private)
    .sort((a, b) => a.pkg.name.localeCompare(b.pkg.name));
}

/** @param {'esm' | 'cjs'} mode @param {string} name */
const PROBE = (mode, name) =>
  mode === 'esm'
    ? `const m = await import(${JSON.stringify(name)}); console.log(JSON.stringify(Object.keys(m).filter((k) => m[k] !== undefined)));`
    : `const m = require(${JSON.stringify(name)}); console.log(JSON.stringify(Object.keys(m).filter((k) => m[k] !== undefined)));`;

function main() {
  const packages = publishablePackages();
  const scratch = mkdtempSync(join(tmpdir(), 'bot-packed-install-'));
  if (!relative(repoRoot, scratch).startsWith('..')) throw new Error(`scratch dir ${scratch} is inside the repository`);
  const tarballs = join(scratch, 'tarballs');
  const project = join(scratch, 'project');
  mkdirSync(tarballs);
  mkdirSync(project);
  /** @type {{ name: string, version: string, pack: string, esm: string, cjs: string, exports: string, documented: string, standalone: string, errors: string[] }[]} */
  const rows = [];
  let failed = false;
  try {
    // 1. pack
    /** @type {Record<string, string>} */
    const specs = {};
    for (const { dir, pkg } of packages) {
      const row = { name: pkg.name, version: pkg.version, pack: '-', esm: '-', cjs: '-', exports: '-', documented: '-', standalone: '-', errors: /** @type {string[]} */ ([]) };
      rows.push(row);
      if (!existsSync(join(dir, 'dist'))) {
        row.pack = 'FAIL';
        row.errors.push('no dist/: build first (pnpm build)');
        continue;
      }
      const before = new Set(readdirSync(tarballs));
      const packed = spawnSync('pnpm', ['pack', '--pack-destination', tarballs], { cwd: dir, encoding: 'utf8' });
      const tgz = readdirSync(tarballs).find((f) => !before.has(f) && f.endsWith('.tgz'));
      if (packed.status !== 0 || tgz === undefined) {
        row.pack = 'FAIL';
        row.errors.push(`pnpm pack failed: ${packed.stderr.trim() || packed.stdout.trim()}`);
        continue;
      }
      row.pack = 'ok';
      specs[pkg.name] = `file:${join(tarballs, tgz)}`;
    }

    // 2. install all tarballs together, outside the repo
    writeFileSync(
      join(project, 'package.json'),
      `${JSON.stringify({ name: 'bot-packed-install-check', version: '0.0.0', private: true, dependencies: specs, overrides: specs }, null, 2)}\n`,
    );
    console.log(`installing ${Object.keys(specs).length} tarballs into ${project} (npm install)...`);
    const install = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], project);
    if (!install.ok) {
      console.error(install.stdout, install.stderr);
      throw new Error(`npm install of the tarballs failed (exit ${install.status})`);
    }

    // 3. import each package both ways; 4. run its standalone example
    for (const { dir, pkg } of packages) {
      const row = rows.find((r) => r.name === pkg.name);
      if (!row || row.pack !== 'ok') continue;
      /** @type {Record<'esm' | 'cjs', string[] | undefined>} */
      const keys = { esm: undefined, cjs: undefined };
      for (const mode of /** @type {const} */ (['esm', 'cjs'])) {
        const args = mode === 'esm' ? ['--input-type=module', '-e', PROBE('esm', pkg.name)] : ['--input-type=commonjs', '-e', PROBE('cjs', pkg.name)];
        const r = run(process.execPath, args, project);
        if (!r.ok) {
          row[mode] = 'FAIL';
          row.errors.push(`${mode === 'esm' ? 'import' : 'require'}('${pkg.name}') failed: ${lastLines(r.stderr)}`);
          continue;
        }
        keys[mode] = JSON.parse(r.stdout.trim().split('\n').pop() ?? '[]');
        row[mode] = 'ok';
      }
      const esm = (keys.esm ?? []).filter((k) => k !== 'default' && k !== 'module.exports');
      const cjs = (keys.cjs ?? []).filter((k) => k !== 'default' && k !== '__esModule');
      if (keys.esm && keys.cjs) {
        const onlyEsm = esm.filter((k) => !cjs.includes(k));
        const onlyCjs = cjs.filter((k) => !esm.includes(k));
        row.exports = String(esm.length);
        if (esm.length === 0) row.errors.push('the package exports nothing');
        if (onlyEsm.length + onlyCjs.length > 0) {
          row.exports = 'MISMATCH';
          row.errors.push(`ESM and CJS exports differ: only ESM [${onlyEsm.join(', ')}], only CJS [${onlyCjs.join(', ')}]`);
        }
      }
      const readmePath = join(dir, 'README.md');
      const documented = existsSync(readmePath) ? documentedExports(readFileSync(readmePath, 'utf8'), pkg.name) : [];
      if (documented.length === 0) {
        row.documented = 'NONE';
        row.errors.push(`README.md documents no import from '${pkg.name}' (expected e.g. import { X } from '${pkg.name}')`);
      } else {
        const missing = documented.filter((n) => !esm.includes(n) || !cjs.includes(n));
        row.documented = missing.length === 0 ? `${documented.length} ok` : 'MISSING';
        if (missing.length > 0) row.errors.push(`documented in README but not exported under ESM and CJS: ${missing.join(', ')}`);
      }
      const standalone = join(dir, 'examples', 'standalone.mjs');
      if (existsSync(standalone)) {
        const target = `standalone-${pkg.name.replace(/^@bot\//, '')}.mjs`;
        copyFileSync(standalone, join(project, target));
        const r = run(process.execPath, [target], project);
        row.standalone = r.ok ? 'ok' : 'FAIL';
        if (!r.ok) row.errors.push(`examples/standalone.mjs exited ${r.status}: ${lastLines(r.stderr || r.stdout)}`);
        else if (r.stdout.trim()) console.log(`${pkg.name} examples/standalone.mjs:\n${indent(lastLines(r.stdout, 15))}`);
      }
    }
  } catch (error) {
    failed = true;
    console.error(`check:packages: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    if (keep) console.log(`scratch project kept at ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
  }

  printTable(rows);
  for (const row of rows) {
    for (const e of row.errors) console.error(`  ${row.name}: ${e}`);
    if (row.errors.length > 0) failed = true;
  }
  if (failed || rows.length === 0) {
    console.error('check:packages FAILED');
    process.exit(1);
  }
  console.log(`check:packages ok: ${rows.length} packages install from their tarballs and load under ESM and CJS`);
}

/** @param {string} text */
function lastLines(text, n = 6) {
  return text.trim().split('\n').slice(-n).join('\n');
}
/** @param {string} text */
function indent(text) {
  return text.split('\n').map((l) => `  ${l}`).join('\n');
}

/** @param {Record<string, unknown>[]} rows */
function printTable(rows) {
  const header = { name: 'package', version: 'version', pack: 'pack', esm: 'import', cjs: 'require', exports: 'exports', documented: 'documented', standalone: 'standalone' };
  const cols = /** @type {(keyof typeof header)[]} */ (Object.keys(header));
  const all = [header, ...rows];
  /** @type {Record<string, number>} */
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(...all.map((r) => String(r[c]).length))]));
  /** @param {Record<string, unknown>} r */
  const line = (r) => cols.map((c) => String(r[c]).padEnd(width[c] ?? 0)).join('  ');
  console.log('');
  console.log(line(header));
  console.log(cols.map((c) => '-'.repeat(width[c] ?? 0)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log('');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
