import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Test database (trust auth). Falls back to the `root` role when `postgres` does not exist. */
export async function testConnection(): Promise<string> {
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
  throw new Error('no PostgreSQL test database at 127.0.0.1:5432/test (tried roles postgres, root)');
}

/** A schema name unique to this test run. */
export function uniqueSchema(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export async function dropSchemas(url: string, schemas: readonly string[]): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(s)} CASCADE`);
  } finally {
    await c.end();
  }
}

/** Runs SQL as an attacker with superuser rights who switches triggers off for the session. */
export async function asTamperer(url: string, fn: (c: pg.Client) => Promise<void>): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`SET session_replication_role = replica`);
    await fn(c);
  } finally {
    await c.end();
  }
}
