// PostgreSQL sink throughput with batched transactional inserts, and verification over the wire.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { SystemClock } from '@bot/core-types';
import { PostgresAuditSink, verifyPostgresTrail } from '../src/index.js';
import { benchEvent, measure, report } from './common.js';

const N = Number(process.env['N'] ?? 200_000);
const url = process.env['AUDIT_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bot_audit_bench_${randomBytes(4).toString('hex')}`;
try {
  const sink = await PostgresAuditSink.open({ connection: url, schema, clock: new SystemClock(), batch: { everyMs: 100, maxRecords: 5000 } });
  const w = await measure(async () => {
    for (let i = 0; i < N; i++) {
      sink.record(benchEvent(i));
      // Let the batch inserts run while recording, as in a live process.
      if (i % 5000 === 4999) await new Promise((r) => setImmediate(r));
    }
    await sink.close();
  });
  report('postgres sink, batches of 5000 rows per transaction, all committed (CPU = this process only)', N, w, 20_000);
  let result: Awaited<ReturnType<typeof verifyPostgresTrail>> | undefined;
  const v = await measure(async () => (result = await verifyPostgresTrail({ connection: url, schema })));
  if (!result!.ok || result!.records !== N) throw new Error(`verification failed: ${JSON.stringify(result!.break)}`);
  report('postgres verification (rows read over the wire in pages of 20000)', N, v);
} finally {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
  await c.end();
}
