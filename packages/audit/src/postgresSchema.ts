import pg from 'pg';
import type { ClientBase } from 'pg';
import { BotError } from '@bot/core-types';

/** Latest schema version this package creates/migrates to. */
export const AUDIT_SCHEMA_VERSION = 1;

/** Quoted `schema.table` names of a trail in PostgreSQL. */
export interface PgTrailNames {
  readonly schema: string;
  readonly table: string;
  readonly versionTable: string;
}

/** Table names for a schema (default schema `bot_audit`). @throws BotError `CONFIG` for an empty schema name. */
export function pgTrailNames(schema = 'bot_audit'): PgTrailNames {
  if (schema.length === 0 || schema.length > 63) throw new BotError('CONFIG', `audit schema name must be 1..63 characters (value seen ${JSON.stringify(schema)})`);
  const s = pg.escapeIdentifier(schema);
  return { schema: s, table: `${s}.audit_record`, versionTable: `${s}.schema_version` };
}

/**
 * Creates or migrates the audit schema (in one transaction, under a transaction-scoped advisory lock so that
 * concurrent starters do not race). Version 1:
 * - `schema_version(version, applied_at, description)`;
 * - `audit_record(seq bigint PK, time_ms, type, actor, client_order_id, strategy_id, symbol, prev_hash, hash,
 *   mac, body, inserted_at)` with indexes on time, (type, time), client order id and (strategy, time);
 * - a statement-level `BEFORE UPDATE OR DELETE OR TRUNCATE` trigger that raises, making the table append-only
 *   for every role that cannot drop or disable triggers (a superuser still can: that is what the hash chain,
 *   the HMAC and the checkpoints are for).
 *
 * @returns the schema version found before migrating (0 for a fresh database).
 */
export async function migrateAuditSchema(client: ClientBase, names: PgTrailNames): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`bot-audit-migrate:${names.schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${names.schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${names.versionTable} (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now(), description text NOT NULL)`,
    );
    const res = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${names.versionTable}`);
    const before = res.rows[0]?.v ?? 0;
    if (before > AUDIT_SCHEMA_VERSION) {
      throw new BotError('CONFIG', `audit schema ${names.schema} is at version ${before}, newer than this @bot/audit (${AUDIT_SCHEMA_VERSION}); upgrade the package`);
    }
    if (before < 1) {
      await client.query(`
        CREATE TABLE ${names.table} (
          seq bigint PRIMARY KEY CHECK (seq > 0),
          time_ms double precision NOT NULL,
          type text NOT NULL,
          actor text NOT NULL,
          client_order_id text,
          strategy_id text,
          symbol text,
          prev_hash char(64) NOT NULL,
          hash char(64) NOT NULL,
          mac char(64),
          body text NOT NULL,
          inserted_at timestamptz NOT NULL DEFAULT now()
        )`);
      await client.query(`CREATE INDEX ON ${names.table} (time_ms)`);
      await client.query(`CREATE INDEX ON ${names.table} (type, time_ms)`);
      await client.query(`CREATE INDEX ON ${names.table} (client_order_id) WHERE client_order_id IS NOT NULL`);
      await client.query(`CREATE INDEX ON ${names.table} (strategy_id, time_ms) WHERE strategy_id IS NOT NULL`);
      await client.query(`
        CREATE FUNCTION ${names.schema}.audit_reject_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
          RAISE EXCEPTION 'audit trail %.% is append-only: % rejected', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'insufficient_privilege';
        END
        $fn$`);
      await client.query(
        `CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${names.table} FOR EACH STATEMENT EXECUTE FUNCTION ${names.schema}.audit_reject_change()`,
      );
      await client.query(`INSERT INTO ${names.versionTable} (version, description) VALUES (1, 'append-only audit_record table')`);
    }
    await client.query('COMMIT');
    return before;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Splits an audit target URL into a pg connection string and a schema: `?schema=` (default `bot_audit`) is ours,
 * the rest goes to pg. `postgres://user@127.0.0.1:5432/db?schema=bot_audit`.
 */
export function parsePgTarget(url: string): { connectionString: string; schema: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BotError('VALIDATION', `not a PostgreSQL URL: ${JSON.stringify(url)} (expected postgres://user@host:port/db?schema=name)`);
  }
  const schema = parsed.searchParams.get('schema') ?? 'bot_audit';
  parsed.searchParams.delete('schema');
  return { connectionString: parsed.toString(), schema };
}

/** True for `postgres://` and `postgresql://` URLs. */
export function isPgUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** A URL with the password replaced by `***`, for messages and reports. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
