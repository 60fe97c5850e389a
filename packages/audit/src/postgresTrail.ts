import pg from 'pg';
import type { ClientConfig } from 'pg';
import { BotError } from '@bot/core-types';
import { parseBody } from './auditRecord.js';
import type { AuditRecord, StoredRecord } from './auditRecord.js';
import type { AuditQuery } from './auditQuery.js';
import { pgTrailNames, redactUrl } from './postgresSchema.js';
import type { PgTrailNames } from './postgresSchema.js';
import { TrailVerifier } from './trailVerifier.js';
import type { VerifyOptions, VerifyReport } from './trailVerifier.js';

/** Where a PostgreSQL trail lives. */
export interface PgTrailLocation {
  /** `postgres://user@host:port/db` or a pg `ClientConfig`. */
  readonly connection: string | ClientConfig;
  /** Default `bot_audit`. */
  readonly schema?: string;
}

interface DbRow {
  seq_text: string;
  time_ms: number;
  type: string;
  actor: string;
  client_order_id: string | null;
  strategy_id: string | null;
  symbol: string | null;
  prev_hash: string;
  hash: string;
  mac: string | null;
  body: string;
}

const PAGE = 20_000;

async function connect(location: PgTrailLocation): Promise<{ client: pg.Client; names: PgTrailNames }> {
  const names = pgTrailNames(location.schema);
  const config = typeof location.connection === 'string' ? { connectionString: location.connection } : location.connection;
  const client = new pg.Client(config);
  try {
    await client.connect();
  } catch (error) {
    const where = typeof location.connection === 'string' ? redactUrl(location.connection) : String(config.host ?? 'localhost');
    throw new BotError('NETWORK', `cannot connect to PostgreSQL at ${where}: ${(error as Error).message}`, { cause: error });
  }
  const exists = await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [`${names.table}`]);
  if (exists.rows[0]?.t == null) {
    await client.end();
    throw new BotError('VALIDATION', `no audit trail table ${names.table} in that database (wrong schema? use ?schema=name)`);
  }
  return { client, names };
}

async function* rowsInSeqOrder(client: pg.Client, names: PgTrailNames, where = '', params: unknown[] = []): AsyncGenerator<DbRow> {
  let after = '0';
  for (;;) {
    const res = await client.query<DbRow>(
      `SELECT seq::text AS seq_text, time_ms, type, actor, client_order_id, strategy_id, symbol, prev_hash, hash, mac, body
       FROM ${names.table} WHERE seq > $1 ${where} ORDER BY audit_record.seq LIMIT ${PAGE}`,
      [after, ...params],
    );
    for (const row of res.rows) yield row;
    if (res.rows.length < PAGE) return;
    after = res.rows.at(-1)!.seq_text;
  }
}

/** Compares the indexed columns of a row with its hashed body; returns a description of the first difference. */
function columnMismatch(row: DbRow, rec: AuditRecord): string | undefined {
  const checks: [string, unknown, unknown][] = [
    ['time_ms', row.time_ms, rec.time],
    ['type', row.type, rec.type],
    ['actor', row.actor, rec.actor],
    ['client_order_id', row.client_order_id, rec.clientOrderId ?? null],
    ['strategy_id', row.strategy_id, rec.strategyId ?? null],
    ['symbol', row.symbol, rec.symbol ?? null],
    ['prev_hash', row.prev_hash, rec.prevHash],
  ];
  for (const [col, a, b] of checks) if (a !== b) return `column ${col} (${String(a)}) differs from the hashed body (${String(b)})`;
  return undefined;
}

/**
 * Verifies a PostgreSQL trail in seq order and reports the first broken link, like the file verifier; in addition
 * the indexed columns (used by queries) must agree with the hashed body, otherwise the row is reported `changed`.
 *
 * @throws BotError `NETWORK` when the server is unreachable, `VALIDATION` when the schema has no trail.
 * @example
 * ```ts
 * const report = await verifyPostgresTrail({ connection: 'postgres://bot@127.0.0.1:5432/trading', schema: 'bot_audit' }, { hmacKey });
 * if (!report.ok) console.error(`broken at seq ${report.break!.seq}: ${report.break!.kind}`);
 * ```
 */
export async function verifyPostgresTrail(location: PgTrailLocation, options: VerifyOptions = {}): Promise<VerifyReport> {
  const { client, names } = await connect(location);
  try {
    const verifier = new TrailVerifier(options);
    for await (const row of rowsInSeqOrder(client, names)) {
      const stored: StoredRecord = row.mac === null ? { hash: row.hash, body: row.body } : { hash: row.hash, mac: row.mac, body: row.body };
      const rec = parseBody(stored);
      const location = `${names.table} seq ${row.seq_text}`;
      const mismatch = rec === undefined ? undefined : columnMismatch(row, rec);
      if (!verifier.push(stored, location)) break;
      if (mismatch !== undefined) {
        verifier.flag('changed', rec!.seq, location, `${mismatch} (index column edited)`);
        if (verifier.isBroken) break;
      }
    }
    return verifier.finish();
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Runs a query against a PostgreSQL trail using its indexes; yields records in seq order (parsed from the hashed
 * body, not from the index columns).
 *
 * @throws BotError `NETWORK` when the server is unreachable, `VALIDATION` when the schema has no trail, `DATA` for a
 * row whose body is not a record.
 * @example
 * ```ts
 * for await (const r of queryPostgresTrail({ connection: url }, { clientOrderId: 'sma-42' })) console.log(r.seq, r.type);
 * ```
 */
export async function* queryPostgresTrail(location: PgTrailLocation, query: AuditQuery = {}): AsyncGenerator<AuditRecord> {
  const { client, names } = await connect(location);
  try {
    const conds: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      conds.push(sql.replace('?', `$${params.length + 1}`));
    };
    if (query.from !== undefined) add('time_ms >= ?', query.from);
    if (query.to !== undefined) add('time_ms < ?', query.to);
    if (query.types !== undefined && query.types.length > 0) add('type = ANY(?::text[])', query.types);
    if (query.clientOrderId !== undefined) add('client_order_id = ?', query.clientOrderId);
    if (query.strategyId !== undefined) add('strategy_id = ?', query.strategyId);
    if (query.symbol !== undefined) add('symbol = ?', query.symbol);
    if (query.actor !== undefined) add('actor = ?', query.actor);
    const where = conds.map((c) => ` AND ${c}`).join('');
    let n = 0;
    const limit = query.limit ?? Infinity;
    if (limit <= 0) return;
    for await (const row of rowsInSeqOrder(client, names, where, params)) {
      const rec = parseBody(row.mac === null ? { hash: row.hash, body: row.body } : { hash: row.hash, mac: row.mac, body: row.body });
      if (rec === undefined) throw new BotError('DATA', `${names.table} seq ${row.seq_text}: body is not an audit record (run \`bot audit verify\`)`);
      yield rec;
      if (++n >= limit) return;
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
