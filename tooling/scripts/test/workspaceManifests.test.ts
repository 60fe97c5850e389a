import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { monorepoRoot } from '@bot/vitest-config';
import projects from '../../../vitest.workspace.js';

/**
 * Repository-wide invariants that no single package test can see: every test project is listed in
 * vitest.workspace.ts (or its tests silently never run), and every publishable package.json has what npm users need.
 */

interface Manifest {
  name: string;
  private?: boolean;
  version?: string;
  description?: string;
  license?: string;
  type?: string;
  sideEffects?: boolean;
  keywords?: string[];
  files?: string[];
  engines?: { node?: string };
  repository?: { type?: string; url?: string; directory?: string };
  publishConfig?: { access?: string };
  exports?: Record<string, unknown>;
  main?: string;
  types?: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const workspaceDirs = ['packages', 'apps', 'tooling'].flatMap((group) =>
  readdirSync(join(monorepoRoot, group), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(monorepoRoot, group, d.name, 'package.json')))
    .map((d) => `${group}/${d.name}`),
);

function hasTestFiles(dir: string): boolean {
  const walk = (d: string): boolean =>
    readdirSync(d, { withFileTypes: true }).some((e) =>
      e.isDirectory() ? !['node_modules', 'dist', 'fixtures', 'coverage'].includes(e.name) && walk(join(d, e.name)) : /\.test\.[cm]?[jt]s$/.test(e.name),
    );
  return walk(join(monorepoRoot, dir));
}

const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(monorepoRoot, dir, 'package.json'), 'utf8')) as Manifest;
const publishable = workspaceDirs.filter((d) => d.startsWith('packages/') && !manifest(d).private);

describe('vitest.workspace.ts', () => {
  it('lists every workspace directory that has tests, and only existing projects with a vitest config', () => {
    const listed = new Set(projects);
    const withTests = workspaceDirs.filter(hasTestFiles);
    expect(withTests.filter((d) => !listed.has(d)), 'directories with *.test.* files missing from vitest.workspace.ts').toEqual([]);
    for (const p of projects) {
      expect(existsSync(join(monorepoRoot, p, 'vitest.config.ts')), `${p}/vitest.config.ts`).toBe(true);
    }
  });
});

describe('publishable package manifests', () => {
  it('there are publishable packages, and every packages/* is one of them', () => {
    expect(publishable.length).toBeGreaterThan(0);
    expect(workspaceDirs.filter((d) => d.startsWith('packages/')).filter((d) => manifest(d).private)).toEqual([]);
  });

  it.each(publishable)('%s has the fields npm users need', (dir) => {
    const m = manifest(dir);
    const problems: string[] = [];
    const need = (ok: boolean, what: string) => {
      if (!ok) problems.push(what);
    };
    const short = dir.split('/')[1]!;
    need(m.name === `@bot/${short}`, `name is @bot/${short}`);
    need(typeof m.version === 'string' && /^\d+\.\d+\.\d+/.test(m.version), 'a semver version');
    need(typeof m.description === 'string' && m.description.length > 10, 'a description');
    need(m.license === 'MIT', 'license MIT');
    need(m.type === 'module', 'type: module');
    need(m.sideEffects === false, 'sideEffects: false');
    need(Array.isArray(m.keywords) && m.keywords.length > 0, 'keywords');
    need(JSON.stringify(m.files) === JSON.stringify(['dist']), 'files: ["dist"]');
    need(typeof m.engines?.node === 'string' && /20\.19/.test(m.engines.node), 'engines.node >= 20.19');
    need(m.repository?.directory === dir && typeof m.repository.url === 'string', `repository.directory ${dir}`);
    need(m.publishConfig?.access === 'public', 'publishConfig.access: public');
    need(existsSync(join(monorepoRoot, dir, 'README.md')), 'a README.md');
    const root = m.exports?.['.'] as Record<string, Record<string, string>> | undefined;
    for (const condition of ['import', 'require'] as const) {
      const entry = root?.[condition];
      need(entry !== undefined && Object.keys(entry)[0] === 'types', `exports["."].${condition} with "types" first`);
      need(entry?.['default']?.startsWith('./dist/') === true, `exports["."].${condition}.default in dist`);
    }
    need(m.exports?.['./package.json'] === './package.json', 'exports "./package.json"');
    for (const [dep, range] of Object.entries({ ...m.dependencies, ...m.peerDependencies })) {
      if (dep.startsWith('@bot/')) need(range === 'workspace:^', `internal dependency ${dep} as workspace:^ (is ${range})`);
    }
    for (const dep of Object.keys(m.dependencies ?? {})) {
      if (dep.startsWith('@bot/')) need(publishable.includes(`packages/${dep.slice(5)}`), `runtime dependency ${dep} is a publishable package`);
    }
    expect(problems, `${dir}/package.json`).toEqual([]);
  });
});
