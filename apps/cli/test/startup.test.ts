/**
 * What `bot` loads before it does anything: the built CLI (`pnpm test` builds first; without a build the test is
 * skipped, visibly) run in a fresh process with a preload that lists, at exit, the CommonJS modules loaded.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bot = resolve(__dirname, '..', 'dist', 'bot.js');
const built = existsSync(bot);
if (!built) console.warn('startup.test.ts: apps/cli/dist is not built; the start-up test is skipped');

const dir = mkdtempSync(join(tmpdir(), 'bot-cli-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MARK = 'LOADED-MODULES ';

/** Runs `node --require <lister> dist/bot.js <args>` and returns the files of the CommonJS modules it loaded. */
function modulesLoaded(args: readonly string[]): string[] {
  const lister = join(dir, 'listModules.cjs');
  writeFileSync(lister, `process.on('exit', () => process.stderr.write('\\n${MARK}' + JSON.stringify(Object.keys(require.cache)) + '\\n'));\n`);
  const r = spawnSync(process.execPath, ['--require', lister, bot, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bot ${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
  const line = r.stderr.split('\n').find((l) => l.startsWith(MARK));
  if (line === undefined) throw new Error(`no module list on stderr: ${r.stderr}`);
  return JSON.parse(line.slice(MARK.length)) as string[];
}

describe.skipIf(!built)('bot start-up', () => {
  it('loads the rxjs modules it uses, never rxjs as a whole (its CommonJS index takes 65-85 ms to load)', () => {
    const loaded = modulesLoaded(['--version']);
    // the lister sees CommonJS modules loaded through ESM imports: the packages' rxjs modules are among them
    expect(loaded.some((f) => /rxjs[\\/]dist[\\/]cjs[\\/]internal[\\/]Subject\.js$/.test(f))).toBe(true);
    expect(loaded.filter((f) => /rxjs[\\/]dist[\\/]cjs[\\/]index\.js$/.test(f))).toEqual([]);
  });
});
