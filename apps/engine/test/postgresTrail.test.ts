import { randomBytes } from 'node:crypto';
import { queryPostgresTrail, verifyPostgresTrail } from '@bot/audit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEngineConfig } from '../src/config/loadEngineConfig.js';
import { TradingEngine } from '../src/tradingEngine.js';
import { backtestFills, engineFixture, memoryLogger } from './engineFixtures.js';

/** The test database (trust auth), as the audit package's tests reach it: role postgres, else root. */
async function testDatabase(): Promise<string | undefined> {
  for (const user of ['postgres', 'root']) {
    const url = `postgres://${user}@127.0.0.1:5432/test`;
    const c = new pg.Client({ connectionString: url });
    try {
      await c.connect();
      await c.end();
      return url;
    } catch {
      await c.end().catch(() => undefined);
    }
  }
  return undefined;
}

const db = await testDatabase();

describe.skipIf(db === undefined)('engine audit trail in PostgreSQL (needs PostgreSQL on 127.0.0.1:5432)', () => {
  const schema = `bot_engine_${process.pid}_${randomBytes(4).toString('hex')}`;
  let url = '';
  beforeAll(() => {
    url = `${db!}?schema=${schema}`;
  });
  afterAll(async () => {
    const c = new pg.Client({ connectionString: db! });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
    await c.end();
  });

  it('records the run in PostgreSQL; a restart on the same trail catches up without recording anything twice', async () => {
    const fx = await engineFixture({ bars: 600, extra: 'audit: { postgresUrlEnv: BOT_TEST_AUDIT_URL }\n' });
    const env = { ...process.env, BOT_TEST_AUDIT_URL: url };
    const config = loadEngineConfig(fx.configPath);
    const first = await TradingEngine.start({ config, logger: memoryLogger(), http: false, env });
    await first.done;
    await first.stop('done');
    const location = { connection: db!, schema };
    const fillsOf = async () => {
      const out: unknown[] = [];
      for await (const r of queryPostgresTrail(location, { types: ['fill'] })) {
        const p = r.payload as { time: number; side: string; quantity: string; price: string; fee: string };
        out.push({ time: p.time, side: p.side, qty: Number(p.quantity), price: Number(p.price), fee: Number(p.fee) });
      }
      return out;
    };
    const reference = backtestFills(fx.csv);
    expect(reference.length).toBeGreaterThan(3);
    expect(await fillsOf()).toEqual(reference);

    const second = await TradingEngine.start({ config, logger: memoryLogger(), http: false, env });
    await second.done;
    await second.stop('done');
    expect(await fillsOf()).toEqual(reference); // re-running the same tape added no fill record
    const report = await verifyPostgresTrail(location);
    expect(report.ok).toBe(true);
  });

  it('names the missing environment variable', async () => {
    const fx = await engineFixture({ bars: 100, extra: 'audit: { postgresUrlEnv: BOT_TEST_NOT_SET }\n' });
    await expect(
      TradingEngine.start({ config: loadEngineConfig(fx.configPath), logger: memoryLogger(), http: false, env: {} }),
    ).rejects.toThrow(/audit\.postgresUrlEnv names BOT_TEST_NOT_SET, which is not set/);
  });
});
