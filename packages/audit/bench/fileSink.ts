// File sink throughput (batched fsync and fsync-always) and verification speed.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemClock } from '@bot/core-types';
import { FileAuditSink, verifyFileTrail } from '../src/index.js';
import { benchEvent, measure, report } from './common.js';

const N = Number(process.env['N'] ?? 300_000);
const dir = mkdtempSync(join(tmpdir(), 'bot-audit-bench-'));
try {
  const clock = new SystemClock();
  const path = join(dir, 'trail.jsonl');
  const sink = await FileAuditSink.open({ path, clock, fsync: { everyMs: 100, everyRecords: 5000 }, hmacKey: 'bench-key' });
  const w = await measure(async () => {
    for (let i = 0; i < N; i++) sink.record(benchEvent(i));
    await sink.close();
  });
  report(`file sink, batched fsync (5000 rec / 100 ms), HMAC on, ${(statSync(path).size / N).toFixed(0)} B/rec`, N, w, 50_000);

  let result: ReturnType<typeof verifyFileTrail> | undefined;
  const v = await measure(() => (result = verifyFileTrail(path, { hmacKey: 'bench-key' })));
  if (!result!.ok || result!.records !== N) throw new Error(`verification failed: ${JSON.stringify(result!.break)}`);
  report('verification of that trail (SHA-256 chain + HMAC)', N, v, 200_000);
  let plain: ReturnType<typeof verifyFileTrail> | undefined;
  const v2 = await measure(() => (plain = verifyFileTrail(path)));
  if (!plain!.ok) throw new Error('verification failed');
  report('verification without the HMAC key (SHA-256 chain only)', N, v2, 200_000);

  const M = 2000;
  const always = await FileAuditSink.open({ path: join(dir, 'always.jsonl'), clock, fsync: 'always' });
  const a = await measure(async () => {
    for (let i = 0; i < M; i++) always.record(benchEvent(i));
    await always.close();
  });
  report('file sink, fsync always (one fdatasync per record: disk-bound, for reference)', M, a);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
