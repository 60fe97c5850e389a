import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@bot/core-types';
import type { AuditEvent } from '@bot/core-types';
import { PostgresAuditSink, queryPostgresTrail, verifyPostgresTrail } from '../src/index.js';
import type { Checkpoint } from '../src/index.js';
import { asTamperer, dropSchemas, testConnection, uniqueSchema } from './pgHelpers.js';
import { forgeChain } from './tamperTools.js';

let url: string;
const schemas: string[] = [];
beforeAll(async () => {
  url = await testConnection();
});
afterAll(async () => {
  if (url !== undefined) await dropSchemas(url, schemas);
});

function newSchema(): string {
  const s = uniqueSchema('bot_audit_t');
  schemas.push(s);
  return s;
}

function event(i: number): AuditEvent {
  return {
    type: i % 2 === 0 ? 'fill' : 'risk-decision',
    actor: i % 2 === 0 ? 'kernel' : 'risk-gate',
    payload: { i, qty: '0.5', reasons: ['max-position'] },
    clientOrderId: `o-${Math.ceil(i / 2)}`,
    strategyId: i % 3 === 0 ? 'sma' : 'rsi',
    symbol: 'ETH/USDT',
  };
}

async function writeTrail(schema: string, n: number, extra: { hmacKey?: string; checkpoints?: { privateKey: KeyObject } } = {}) {
  const clock = new ManualClock(1_000_000);
  const sink = await PostgresAuditSink.open({ connection: url, schema, clock, batch: { maxRecords: 7, everyMs: 50 }, ...extra });
  for (let i = 1; i <= n; i++) {
    clock.advanceBy(10);
    sink.record(event(i));
  }
  let cp: Checkpoint | undefined;
  if (extra.checkpoints !== undefined) cp = await sink.checkpoint();
  await sink.close();
  return { clock, cp };
}

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

describe('PostgresAuditSink (real PostgreSQL on 127.0.0.1)', () => {
  it('creates the schema once, writes batched inserts, and the chain verifies', async () => {
    const schema = newSchema();
    await writeTrail(schema, 30);
    await writeTrail(schema, 5); // reopen: continues the chain, no second migration
    expect(await query(`SELECT version FROM "${schema}".schema_version`)).toEqual([{ version: 1 }]);
    const rows = await query<{ seq: string; hash: string; body: string; prev_hash: string }>(`SELECT seq, hash, body, prev_hash FROM "${schema}".audit_record ORDER BY seq`);
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
    for (let i = 0; i < rows.length; i++) {
      expect(createHash('sha256').update(rows[i]!.body).digest('hex')).toBe(rows[i]!.hash);
      expect(rows[i]!.prev_hash).toBe(i === 0 ? '0'.repeat(64) : rows[i - 1]!.hash);
    }
    expect(await verifyPostgresTrail({ connection: url, schema })).toMatchObject({ ok: true, records: 35, lastSeq: 35 });
  });

  it('flushes a partial batch when the Clock timer fires', async () => {
    const schema = newSchema();
    const clock = new ManualClock(0);
    const sink = await PostgresAuditSink.open({ connection: url, schema, clock, batch: { maxRecords: 100, everyMs: 50 } });
    sink.record(event(1));
    sink.record(event(2));
    expect(clock.pendingTimers).toBe(1);
    clock.advanceBy(50);
    expect(clock.pendingTimers).toBe(0);
    await sink.flush();
    expect(sink.durableSeq).toBe(2);
    expect(await query(`SELECT count(*)::int AS n FROM "${schema}".audit_record`)).toEqual([{ n: 2 }]);
    await sink.close();
  });

  it('the server rejects UPDATE, DELETE and TRUNCATE on the trail table', async () => {
    const schema = newSchema();
    await writeTrail(schema, 3);
    const t = `"${schema}".audit_record`;
    await expect(query(`UPDATE ${t} SET actor = 'x' WHERE seq = 2`)).rejects.toThrow(/append-only: UPDATE rejected/);
    await expect(query(`DELETE FROM ${t} WHERE seq = 3`)).rejects.toThrow(/append-only: DELETE rejected/);
    await expect(query(`TRUNCATE ${t}`)).rejects.toThrow(/append-only: TRUNCATE rejected/);
    expect(await query(`SELECT count(*)::int AS n FROM ${t}`)).toEqual([{ n: 3 }]);
  });

  it('allows only one writer per trail', async () => {
    const schema = newSchema();
    const a = await PostgresAuditSink.open({ connection: url, schema, clock: new ManualClock(0) });
    await expect(PostgresAuditSink.open({ connection: url, schema, clock: new ManualClock(0) })).rejects.toThrow(/another audit writer/);
    await a.close();
    const b = await PostgresAuditSink.open({ connection: url, schema, clock: new ManualClock(0) });
    await b.close();
  });

  it('queries by time range, type, client order id and strategy using the indexes', async () => {
    const schema = newSchema();
    await writeTrail(schema, 20); // times 1_000_010 .. 1_000_200
    const loc = { connection: url, schema };
    const all = async (q: Parameters<typeof queryPostgresTrail>[1]) => {
      const out = [];
      for await (const r of queryPostgresTrail(loc, q)) out.push(r.seq);
      return out;
    };
    expect(await all({ from: 1_000_050, to: 1_000_100 })).toEqual([5, 6, 7, 8, 9]);
    expect(await all({ types: ['fill'], limit: 3 })).toEqual([2, 4, 6]);
    expect(await all({ clientOrderId: 'o-4' })).toEqual([7, 8]);
    expect(await all({ strategyId: 'sma', types: ['risk-decision'] })).toEqual([3, 9, 15]);
  });

  describe('tampering by someone who can switch the triggers off is detected', () => {
    it('a changed byte in a body', async () => {
      const schema = newSchema();
      await writeTrail(schema, 12);
      await asTamperer(url, (c) => c.query(`UPDATE "${schema}".audit_record SET body = replace(body, '"0.5"', '"5.0"') WHERE seq = 6`).then(() => undefined));
      expect((await verifyPostgresTrail({ connection: url, schema })).break).toMatchObject({ kind: 'changed', seq: 6 });
    });

    it('an edited index column (queries would lie)', async () => {
      const schema = newSchema();
      await writeTrail(schema, 12);
      await asTamperer(url, (c) => c.query(`UPDATE "${schema}".audit_record SET client_order_id = 'o-99' WHERE seq = 9`).then(() => undefined));
      const report = await verifyPostgresTrail({ connection: url, schema });
      expect(report.break).toMatchObject({ kind: 'changed', seq: 9 });
      expect(report.break?.message).toMatch(/client_order_id/);
    });

    it('a deleted row', async () => {
      const schema = newSchema();
      await writeTrail(schema, 12);
      await asTamperer(url, (c) => c.query(`DELETE FROM "${schema}".audit_record WHERE seq = 4`).then(() => undefined));
      expect((await verifyPostgresTrail({ connection: url, schema })).break).toMatchObject({ kind: 'missing', seq: 4 });
    });

    it('reordered rows', async () => {
      const schema = newSchema();
      await writeTrail(schema, 12);
      await asTamperer(url, async (c) => {
        const t = `"${schema}".audit_record`;
        await c.query(`UPDATE ${t} SET seq = 1007 WHERE seq = 7`);
        await c.query(`UPDATE ${t} SET seq = 7 WHERE seq = 8`);
        await c.query(`UPDATE ${t} SET seq = 8 WHERE seq = 1007`);
      });
      expect((await verifyPostgresTrail({ connection: url, schema })).break).toMatchObject({ kind: 'reordered', seq: 7 });
    });

    it('a rewrite with recomputed hashes is caught by the HMAC', async () => {
      const schema = newSchema();
      await writeTrail(schema, 12, { hmacKey: 'db-secret' });
      await asTamperer(url, async (c) => {
        const t = `"${schema}".audit_record`;
        const rows = (await c.query<{ hash: string; mac: string; body: string }>(`SELECT hash, mac, body FROM ${t} ORDER BY seq`)).rows;
        const lines = rows.map((r) => `{"hash":"${r.hash}","mac":"${r.mac}","rec":${r.body}}`);
        const forged = forgeChain(lines, 5, (rec) => void (rec['actor'] = 'nobody'));
        for (let i = 5; i < forged.length; i++) {
          const m = /^\{"hash":"([0-9a-f]{64})","mac":"[0-9a-f]{64}","rec":(.*)\}$/.exec(forged[i]!)!;
          const body = JSON.parse(m[2]!) as { prevHash: string; actor: string };
          await c.query(`UPDATE ${t} SET hash = $1, body = $2, prev_hash = $3, actor = $4 WHERE seq = $5`, [m[1], m[2], body.prevHash, body.actor, i + 1]);
        }
      });
      expect((await verifyPostgresTrail({ connection: url, schema })).ok).toBe(true);
      expect((await verifyPostgresTrail({ connection: url, schema }, { hmacKey: 'db-secret' })).break).toMatchObject({ kind: 'bad-hmac', seq: 6 });
    });

    it('the tail cut off after a signed checkpoint', async () => {
      const schema = newSchema();
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const { cp } = await writeTrail(schema, 12, { checkpoints: { privateKey } });
      expect(cp).toMatchObject({ seq: 12 });
      await asTamperer(url, (c) => c.query(`DELETE FROM "${schema}".audit_record WHERE seq > 9`).then(() => undefined));
      expect((await verifyPostgresTrail({ connection: url, schema })).ok).toBe(true);
      expect((await verifyPostgresTrail({ connection: url, schema }, { checkpoints: [cp!], publicKey })).break).toMatchObject({ kind: 'truncated', seq: 10 });
    });
  });
});

describe('PostgresAuditSink: connection loss', () => {
  it('reports the failed batch, reconnects, keeps the order and loses nothing', async () => {
    const schema = newSchema();
    const clock = new ManualClock(0);
    const errors: string[] = [];
    const sink = await PostgresAuditSink.open({ connection: url, schema, clock, batch: { maxRecords: 1000 }, onError: (e) => errors.push(e.message) });
    for (let i = 1; i <= 5; i++) sink.record(event(i));
    await sink.flush();
    // The server drops the writer's session (restart, failover, idle kill).
    const killed = await query<{ ok: boolean }>(`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1`, [
      `bot-audit:"${schema}".audit_record`.slice(0, 63),
    ]);
    expect(killed).toEqual([{ ok: true }]);
    for (let i = 6; i <= 9; i++) sink.record(event(i));
    // Depending on when the client notices, this flush fails (batch kept) or already runs on a new session.
    const first = await sink.flush().then(
      () => 'ok',
      (e: { code: string }) => e.code,
    );
    expect(['ok', 'NETWORK']).toContain(first);
    await new Promise((r) => setTimeout(r, 50));
    expect(errors.some((m) => /connection|terminat/i.test(m))).toBe(true);
    for (let i = 10; i <= 12; i++) sink.record(event(i));
    await sink.flush(); // fresh session: writer lock again, then the queued rows in order
    expect(sink.durableSeq).toBe(12);
    await sink.close();
    const report = await verifyPostgresTrail({ connection: url, schema });
    expect(report).toMatchObject({ ok: true, records: 12, lastSeq: 12 });
  });
});
