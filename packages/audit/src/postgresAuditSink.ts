import type { KeyObject } from 'node:crypto';
import pg from 'pg';
import type { ClientConfig } from 'pg';
import { BotError } from '@bot/core-types';
import type { AuditEvent, AuditSink, Clock, TimerHandle } from '@bot/core-types';
import { GENESIS_HASH, macOf, parseBody, sealRecord, sha256Hex } from './auditRecord.js';
import { appendCheckpoint, signCheckpoint, toSigningKey } from './checkpoint.js';
import type { Checkpoint } from './checkpoint.js';
import type { CheckpointPolicy } from './fileAuditSink.js';
import { migrateAuditSchema, pgTrailNames, redactUrl } from './postgresSchema.js';
import type { PgTrailNames } from './postgresSchema.js';
import { toKeyBuffer } from './trailVerifier.js';

/** Options of {@link PostgresAuditSink.open}. */
export interface PostgresAuditSinkOptions {
  /** `postgres://user@host:port/db`, or a full pg `ClientConfig`. */
  readonly connection: string | ClientConfig;
  /** Schema holding the trail (created if missing). Default `bot_audit`. */
  readonly schema?: string;
  readonly clock: Clock;
  /**
   * Batching: pending records are inserted (one multi-row INSERT per transaction) when `maxRecords` are pending
   * or `everyMs` (Clock time) after the first pending one, and on `flush()`/`close()`. Default 100 ms / 1000.
   */
  readonly batch?: { readonly everyMs?: number; readonly maxRecords?: number };
  readonly hmacKey?: string | Buffer;
  readonly checkpoints?: CheckpointPolicy;
  /** Called when a background batch insert fails (the batch is kept and retried at the next flush). */
  readonly onError?: (error: BotError) => void;
}

interface Row {
  seq: number;
  time: number;
  type: string;
  actor: string;
  clientOrderId: string | null;
  strategyId: string | null;
  symbol: string | null;
  prevHash: string;
  hash: string;
  mac: string | null;
  body: string;
}

const INSERT_CHUNK = 5000;

async function takeWriterLock(client: pg.Client, names: PgTrailNames, where: string): Promise<void> {
  const lock = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [`bot-audit-writer:${names.table}`]);
  if (lock.rows[0]?.ok !== true) {
    throw new BotError('CONFIG', `another audit writer holds ${names.table} on ${where}; one writer per trail`);
  }
}

/**
 * {@link AuditSink} on PostgreSQL: the same hash chain, HMAC and checkpoints as the file sink, stored in an
 * append-only table (triggers reject UPDATE, DELETE and TRUNCATE; see {@link migrateAuditSchema}), with batched
 * inserts in transactions. The schema is created or migrated on open.
 *
 * One writer per schema, enforced with a session advisory lock: a second sink on the same schema fails to open.
 *
 * Durability: a record is durable once the batch holding it has committed (`flush()` resolves). A failed batch is
 * kept in memory, reported through `onError` and by the next `flush()`, and retried on a fresh connection (which
 * takes the writer lock again and drops rows the server had in fact committed); records stay in sequence.
 *
 * @example
 * ```ts
 * const sink = await PostgresAuditSink.open({ connection: 'postgres://postgres@127.0.0.1:5432/test', clock });
 * sink.record({ type: 'mode-change', actor: 'risk-gate', payload: { from: 'normal', to: 'pause' } });
 * await sink.close();
 * ```
 */
export class PostgresAuditSink implements AuditSink {
  private seq: number;
  private headHash: string;
  private durableSeqValue: number;
  private durableHash: string;
  private pending: Row[] = [];
  private timer: TimerHandle | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private flushQueued = false;
  private lastError: BotError | undefined;
  private closed = false;
  private lastCheckpointSeq = 0;
  private readonly everyMs: number;
  private readonly maxRecords: number;
  private readonly key: Buffer | undefined;
  private readonly signingKey: KeyObject | undefined;

  private needsReconnect = false;

  private constructor(
    private client: pg.Client,
    private readonly names: PgTrailNames,
    private readonly options: PostgresAuditSinkOptions,
    private readonly config: ClientConfig,
    head: { seq: number; hash: string },
  ) {
    this.watchClient(client);
    this.seq = head.seq;
    this.headHash = head.hash;
    this.durableSeqValue = head.seq;
    this.durableHash = head.hash;
    this.everyMs = options.batch?.everyMs ?? 100;
    this.maxRecords = options.batch?.maxRecords ?? 1000;
    this.key = options.hmacKey === undefined ? undefined : toKeyBuffer(options.hmacKey);
    this.signingKey = options.checkpoints === undefined ? undefined : toSigningKey(options.checkpoints.privateKey);
  }

  /**
   * Connects, creates/migrates the schema, takes the single-writer lock and reads the head of the chain.
   *
   * @throws BotError `NETWORK` when the server is unreachable; `CONFIG` when another writer holds the trail or the
   * HMAC key does not match the trail; `INTEGRITY` when the newest row does not match its hash.
   */
  static async open(options: PostgresAuditSinkOptions): Promise<PostgresAuditSink> {
    const names = pgTrailNames(options.schema);
    const base: ClientConfig = typeof options.connection === 'string' ? { connectionString: options.connection } : options.connection;
    const config: ClientConfig = { application_name: `bot-audit:${names.table}`.slice(0, 63), ...base };
    const client = new pg.Client(config);
    const where = typeof options.connection === 'string' ? redactUrl(options.connection) : `${config.host ?? 'localhost'}`;
    try {
      await client.connect();
    } catch (error) {
      throw new BotError('NETWORK', `cannot connect to PostgreSQL at ${where}: ${(error as Error).message}`, { cause: error });
    }
    try {
      await migrateAuditSchema(client, names);
      await takeWriterLock(client, names, where);
      const res = await client.query<{ seq: string; hash: string; mac: string | null; body: string }>(
        `SELECT seq, hash, mac, body FROM ${names.table} ORDER BY seq DESC LIMIT 1`,
      );
      let head = { seq: 0, hash: GENESIS_HASH };
      const last = res.rows[0];
      if (last !== undefined) {
        const rec = parseBody({ hash: last.hash, body: last.body });
        if (rec === undefined || sha256Hex(last.body) !== last.hash || rec.seq !== Number(last.seq)) {
          throw new BotError('INTEGRITY', `${names.table}: newest row (seq ${last.seq}) does not match its hash; refusing to append (run \`bot audit verify\`)`);
        }
        if (options.hmacKey === undefined && last.mac !== null) throw new BotError('CONFIG', `${names.table}: the trail is HMAC-keyed; open it with its hmacKey`);
        if (options.hmacKey !== undefined) {
          if (last.mac === null) throw new BotError('CONFIG', `${names.table}: the trail is not keyed; it cannot be continued with an hmacKey`);
          if (macOf(toKeyBuffer(options.hmacKey), last.hash) !== last.mac) throw new BotError('CONFIG', `${names.table}: hmacKey does not match the key the trail was written with`);
        }
        head = { seq: rec.seq, hash: rec.hash };
      }
      return new PostgresAuditSink(client, names, options, config, head);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  /** Sequence number and hash of the newest record (committed or not). */
  get head(): { readonly seq: number; readonly hash: string } {
    return { seq: this.seq, hash: this.headHash };
  }

  /** Sequence number of the newest committed record. */
  get durableSeq(): number {
    return this.durableSeqValue;
  }

  /** The error of the last failed batch, if the failure has not been cleared by a successful flush. */
  get error(): BotError | undefined {
    return this.lastError;
  }

  /**
   * Seals the event into the chain and queues it for the next batch.
   * @throws BotError `INVALID_ARGUMENT` for a malformed event or after `close()`.
   */
  record(event: AuditEvent): void {
    if (this.closed) throw new BotError('INVALID_ARGUMENT', `audit trail ${this.names.table} is closed`);
    const time = this.options.clock.now();
    const prevHash = this.headHash;
    const stored = sealRecord(this.seq + 1, time, event, prevHash, this.key);
    this.seq++;
    this.headHash = stored.hash;
    this.pending.push({
      seq: this.seq,
      time,
      type: event.type,
      actor: event.actor,
      clientOrderId: event.clientOrderId ?? null,
      strategyId: event.strategyId ?? null,
      symbol: event.symbol ?? null,
      prevHash,
      hash: stored.hash,
      mac: stored.mac ?? null,
      body: stored.body,
    });
    if (this.pending.length >= this.maxRecords) {
      this.queueFlush();
    } else if (this.timer === undefined) {
      this.timer = this.options.clock.setTimer(() => {
        this.timer = undefined;
        this.queueFlush();
      }, this.everyMs);
    }
  }

  /** Commits everything recorded so far. @throws BotError when the insert fails (records stay queued). */
  async flush(): Promise<void> {
    this.queueFlush();
    await this.flushing;
    if (this.lastError !== undefined) throw this.lastError;
  }

  /**
   * Signs a checkpoint of the committed head (flushing first) and appends it to the checkpoint file, if configured.
   * @throws BotError `CONFIG` when no checkpoint key was configured.
   */
  async checkpoint(): Promise<Checkpoint> {
    if (this.signingKey === undefined) throw new BotError('CONFIG', 'checkpoint(): no checkpoints.privateKey configured');
    await this.flush();
    return this.signHead();
  }

  /** Flushes, releases the writer lock and disconnects. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } finally {
      this.closed = true;
      if (this.timer !== undefined) this.options.clock.clearTimer(this.timer);
      await this.client.end().catch(() => undefined);
    }
  }

  private signHead(): Checkpoint {
    const cp = signCheckpoint(this.durableSeqValue, this.durableHash, this.options.clock.now(), this.signingKey!);
    if (this.options.checkpoints?.file !== undefined) appendCheckpoint(this.options.checkpoints.file, cp);
    this.lastCheckpointSeq = cp.seq;
    return cp;
  }

  private queueFlush(): void {
    if (this.timer !== undefined) {
      this.options.clock.clearTimer(this.timer);
      this.timer = undefined;
    }
    if (this.flushQueued) return;
    this.flushQueued = true;
    this.flushing = this.flushing.then(() => {
      this.flushQueued = false;
      return this.insertPending();
    });
  }

  private watchClient(client: pg.Client): void {
    // Without a listener, a server-side disconnect would crash the process with an unhandled 'error' event.
    client.on('error', (error) => {
      this.needsReconnect = true;
      this.lastError = new BotError('NETWORK', `audit connection to ${this.names.table} lost: ${error.message}`, { cause: error });
      this.options.onError?.(this.lastError);
    });
  }

  /**
   * New connection after a failure: takes the writer lock again and reconciles the queue with what the server
   * committed (a COMMIT whose acknowledgement was lost must not be inserted twice).
   * @throws BotError `INTEGRITY` when the server's head contradicts the in-memory chain.
   */
  private async reconnect(): Promise<void> {
    await this.client.end().catch(() => undefined);
    const client = new pg.Client(this.config);
    this.watchClient(client);
    this.client = client;
    await client.connect();
    await takeWriterLock(client, this.names, this.names.table);
    const res = await client.query<{ seq: string; hash: string }>(`SELECT seq, hash FROM ${this.names.table} ORDER BY seq DESC LIMIT 1`);
    const dbSeq = res.rows[0] === undefined ? 0 : Number(res.rows[0].seq);
    if (dbSeq < this.durableSeqValue) {
      throw new BotError('INTEGRITY', `${this.names.table}: server head is seq ${dbSeq} but seq ${this.durableSeqValue} was committed before; rows disappeared`);
    }
    if (dbSeq > this.durableSeqValue) {
      const row = this.pending.find((r) => r.seq === dbSeq);
      if (row === undefined || row.hash !== res.rows[0]!.hash) {
        throw new BotError('INTEGRITY', `${this.names.table}: server head seq ${dbSeq} is not a record of this writer; another process wrote to the trail`);
      }
      this.pending = this.pending.filter((r) => r.seq > dbSeq);
      this.durableSeqValue = dbSeq;
      this.durableHash = row.hash;
    }
    this.needsReconnect = false;
  }

  private async insertPending(): Promise<void> {
    if (this.pending.length === 0 && !this.needsReconnect) {
      return;
    }
    try {
      if (this.needsReconnect) await this.reconnect();
    } catch (error) {
      this.lastError = error instanceof BotError ? error : new BotError('NETWORK', `audit reconnect to ${this.names.table} failed: ${(error as Error).message}`, { cause: error });
      this.options.onError?.(this.lastError);
      return;
    }
    if (this.pending.length === 0) {
      this.lastError = undefined;
      return;
    }
    const rows = this.pending;
    this.pending = [];
    try {
      await this.client.query('BEGIN');
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) await this.insertRows(rows.slice(i, i + INSERT_CHUNK));
      await this.client.query('COMMIT');
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      this.pending = rows.concat(this.pending);
      this.needsReconnect = true; // a fresh session next time (also reconciles a COMMIT whose reply was lost)
      this.lastError = new BotError('NETWORK', `audit insert into ${this.names.table} failed for seq ${rows[0]!.seq}..${rows.at(-1)!.seq}: ${(error as Error).message}`, { cause: error });
      this.options.onError?.(this.lastError);
      return;
    }
    this.lastError = undefined;
    const last = rows.at(-1)!;
    this.durableSeqValue = last.seq;
    this.durableHash = last.hash;
    const every = this.options.checkpoints?.everyRecords;
    if (every !== undefined && this.signingKey !== undefined && this.durableSeqValue - this.lastCheckpointSeq >= every) this.signHead();
  }

  private async insertRows(rows: readonly Row[]): Promise<void> {
    // One JSON parameter expanded server-side: cheaper on the client than eleven text[] literals (no per-element
    // array escaping of the bodies), and one round trip per chunk.
    await this.client.query(
      `INSERT INTO ${this.names.table} (seq, time_ms, type, actor, client_order_id, strategy_id, symbol, prev_hash, hash, mac, body)
       SELECT seq, time_ms, type, actor, client_order_id, strategy_id, symbol, prev_hash, hash, mac, body
       FROM json_to_recordset($1::json) AS r(seq bigint, time_ms double precision, type text, actor text, client_order_id text,
         strategy_id text, symbol text, prev_hash text, hash text, mac text, body text)`,
      [
        JSON.stringify(
          rows.map((r) => ({
            seq: r.seq,
            time_ms: r.time,
            type: r.type,
            actor: r.actor,
            client_order_id: r.clientOrderId,
            strategy_id: r.strategyId,
            symbol: r.symbol,
            prev_hash: r.prevHash,
            hash: r.hash,
            mac: r.mac,
            body: r.body,
          })),
        ),
      ],
    );
  }
}
