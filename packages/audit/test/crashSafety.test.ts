import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@bot/core-types';
import { FileAuditSink, readFileTrail, verifyFileTrail } from '../src/index.js';

const fixture = resolve(import.meta.dirname, 'fixtures', 'crashWriter.ts');
const dir = mkdtempSync(join(tmpdir(), 'bot-audit-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the writer until it has acknowledged `killAfter` records, then SIGKILLs it; returns the acked seqs. */
function runAndKill(path: string, killAfter: number): Promise<{ acked: number[]; recovered: boolean; signal: string | null }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, path], {
      cwd: resolve(import.meta.dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TSX_TSCONFIG_PATH: resolve(import.meta.dirname, 'fixtures', 'tsconfig.json') },
    });
    const acked: number[] = [];
    let recovered = false;
    let buffer = '';
    let stderr = '';
    let count = 0;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!; // an incomplete last line is not an acknowledgement
      for (const line of lines) {
        if (line.startsWith('recovered ')) recovered = true;
        if (line.startsWith('ack ')) {
          acked.push(Number(line.slice(4)));
          if (++count === killAfter) child.kill('SIGKILL');
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited with ${code}/${signal}: ${stderr}`));
      else resolvePromise({ acked, recovered, signal });
    });
  });
}

describe('crash safety under fsync always (real child process, SIGKILL)', () => {
  it('loses no acknowledged record across two kills, and the trail verifies after restart', async () => {
    const path = join(dir, 'trail.jsonl');
    const first = await runAndKill(path, 260);
    const second = await runAndKill(path, 190);
    expect(first.acked.length).toBeGreaterThanOrEqual(260);
    expect(second.acked[0]).toBeGreaterThan(first.acked.at(-1)!);

    // Restart: the killed writer's lock is stale and taken over; a torn tail, if the kill left one, is repaired and
    // documented.
    const sink = await FileAuditSink.open({ path, clock: new ManualClock(0), exclusive: true });
    await sink.close();
    const report = verifyFileTrail(path);
    expect(report.ok, JSON.stringify(report.break)).toBe(true);

    const records = [...readFileTrail(path)];
    const bySeq = new Map(records.map((r) => [r.seq, r]));
    for (const seq of [...first.acked, ...second.acked]) {
      const rec = bySeq.get(seq);
      expect(rec, `acknowledged seq ${seq} missing`).toBeDefined();
      if (rec!.type !== 'recovery') expect((rec!.payload as { expectSeq: number }).expectSeq).toBe(seq);
    }
    // Every record is either a writer record with its own seq or a documented recovery.
    for (const rec of records) {
      if (rec.type === 'recovery') expect((rec.payload as { reason: string }).reason).toBe('torn-tail');
      else expect((rec.payload as { expectSeq: number }).expectSeq).toBe(rec.seq);
    }
    expect(report.lastSeq).toBeGreaterThanOrEqual(second.acked.at(-1)!);
  });
});
