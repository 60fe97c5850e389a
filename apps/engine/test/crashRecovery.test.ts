import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileTrail, verifyFileTrail } from '@bot/audit';
import { beforeAll, describe, expect, it } from 'vitest';
import { backtestFills, engineFixture } from './engineFixtures.js';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const engineBin = join(appDir, 'dist', 'engine.js');

function startEngine(configPath: string): { child: ChildProcess; exited: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, [engineBin, '--config', configPath, '--exit-when-done'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => err };
}

function lineCount(path: string): number {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').length - 1 : 0;
}

describe('engine crash recovery (real child process, SIGKILL)', () => {
  beforeAll(() => {
    // `pnpm test` builds first; a bare `vitest run` in this folder may not have.
    if (!existsSync(engineBin)) execFileSync('npx', ['tsup'], { cwd: appDir, stdio: 'ignore' });
  }, 120_000);

  it('after SIGKILL mid-run, a restart rebuilds the state, sends no order twice, and the trail verifies', async () => {
    const fx = await engineFixture({ speed: 3_600_000 / 2 }); // 2000 hourly bars, 2 ms each
    const first = startEngine(fx.configPath);
    // Kill once the run is well under way (some fills recorded) but not finished.
    for (let waited = 0; lineCount(fx.auditPath) < 60 && waited < 60_000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    const recordsBefore = [...readFileTrail(fx.auditPath)].length;
    expect(recordsBefore).toBeGreaterThanOrEqual(60);

    const second = startEngine(fx.configPath);
    expect(await second.exited, second.stderr()).toBe(0);
    expect(second.stderr()).toContain('caught up after restart');

    const records = [...readFileTrail(fx.auditPath)];
    const fills = records
      .filter((r) => r.type === 'fill')
      .map((r) => {
        const p = r.payload as { time: number; side: 'buy' | 'sell'; quantity: string; price: string; fee: string };
        return { time: p.time, side: p.side, qty: Number(p.quantity), price: Number(p.price), fee: Number(p.fee) };
      });
    const reference = backtestFills(fx.csv);
    expect(reference.length).toBeGreaterThan(10);
    // Every fill exactly once, in order, equal to an uninterrupted backtest of the same data.
    expect(fills).toEqual(reference);
    const intents = records.filter((r) => r.type === 'order-intent').map((r) => r.clientOrderId);
    expect(new Set(intents).size).toBe(intents.length);
    const resumed = records.filter((r) => r.type === 'recovery' && r.actor === 'engine');
    expect(resumed).toHaveLength(1);
    const report = verifyFileTrail(fx.auditPath);
    expect(report.ok).toBe(true);
  }, 120_000);
});
