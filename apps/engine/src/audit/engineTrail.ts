import { type AuditRecord, FileAuditSink, parsePgTarget, PostgresAuditSink, queryPostgresTrail, readFileTrail, redactUrl } from '@bot/audit';
import { type AuditSink, BotError, type Clock } from '@bot/core-types';
import type { EngineConfig } from '../config/engineConfigSchema.js';
import type { EngineLogger } from '../engineLogger.js';

/** Where the engine's audit trail lives: the sink it appends to, and a reader of what is already recorded. */
export interface EngineTrail {
  readonly sink: AuditSink;
  /** For messages: the file path, or the PostgreSQL URL without credentials. */
  readonly location: string;
  /** Every record already in the trail, in order (crash recovery reads it before anything new is appended). */
  readRecords(): Promise<Iterable<AuditRecord>>;
}

/**
 * Opens the trail the config asks for: a JSON Lines file (default `<stateDir>/audit.jsonl`, exclusive, fsync policy
 * from `audit.fsync`), or PostgreSQL when `audit.postgresUrlEnv` names an environment variable holding
 * `postgres://user@host:port/db?schema=name` (batched inserts; a record is durable once its batch commits, at most
 * 200 ms or 1000 records later, and on flush/shutdown).
 *
 * @throws BotError `CONFIG` when the named environment variable is empty.
 */
export async function openEngineTrail(
  config: EngineConfig,
  defaultPath: string,
  clock: Clock,
  logger: EngineLogger,
  env: NodeJS.ProcessEnv,
): Promise<EngineTrail> {
  const hmacKeyEnv = config.audit.hmacKeyEnv;
  const hmacKey = hmacKeyEnv === undefined ? undefined : env[hmacKeyEnv];
  if (hmacKeyEnv !== undefined && !hmacKey) throw new BotError('CONFIG', `audit.hmacKeyEnv names ${hmacKeyEnv}, which is not set in the environment`);
  const urlEnv = config.audit.postgresUrlEnv;
  if (urlEnv !== undefined) {
    const url = env[urlEnv];
    if (!url) throw new BotError('CONFIG', `audit.postgresUrlEnv names ${urlEnv}, which is not set in the environment (expected postgres://user@host:port/db?schema=name)`);
    const { connectionString, schema } = parsePgTarget(url);
    const sink = await PostgresAuditSink.open({
      connection: connectionString,
      schema,
      clock,
      batch: { everyMs: 200, maxRecords: 1000 },
      ...(hmacKey ? { hmacKey } : {}),
      onError: (error) => logger.error({ err: error.message }, 'audit trail: a batch insert failed; it is retried at the next flush'),
    });
    const location = `${redactUrl(connectionString)} (schema ${schema})`;
    return {
      sink,
      location,
      readRecords: async () => {
        const records: AuditRecord[] = [];
        for await (const r of queryPostgresTrail({ connection: connectionString, schema })) records.push(r);
        return records;
      },
    };
  }
  const path = config.audit.file ?? defaultPath;
  const sink = await FileAuditSink.open({
    path,
    exclusive: true,
    clock,
    fsync: config.audit.fsync === 'always' ? 'always' : { everyMs: 200, everyRecords: 1000 },
    ...(hmacKey ? { hmacKey } : {}),
    onRecovery: (report: unknown) => logger.warn({ report }, 'audit trail: repaired a torn last line'),
  });
  return { sink, location: path, readRecords: () => Promise.resolve(readFileTrail(path)) };
}
