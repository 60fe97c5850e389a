import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { BotError, SystemClock } from '@bot/core-types';
import type { AuditQuery, AuditRecord, VerifyOptions, VerifyReport } from '@bot/audit';

/** The audit library (and the PostgreSQL driver it loads) is imported only by the audit commands: other commands start faster. */
const auditLibrary = () => import('@bot/audit');
type AuditLibrary = Awaited<ReturnType<typeof auditLibrary>>;

interface KeyOptions {
  hmacKeyEnv?: string;
  hmacKeyFile?: string;
  checkpoints?: string;
  publicKey?: string;
}

interface QueryOptions {
  from?: string;
  to?: string;
  type?: string;
  order?: string;
  strategy?: string;
  symbol?: string;
  limit?: string;
}

/** Parses `--from`/`--to`: ISO-8601 (`2024-03-01`, `2024-03-01T12:00:00Z`) or epoch milliseconds. */
function parseTime(flag: string, text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new BotError('VALIDATION', `${flag}: cannot read ${JSON.stringify(text)} as a time (expected ISO-8601 like 2024-03-01T12:00:00Z, or epoch ms)`);
  return t;
}

function buildQuery(a: AuditLibrary, o: QueryOptions): AuditQuery {
  const q: { -readonly [K in keyof AuditQuery]: AuditQuery[K] } = {};
  if (o.from !== undefined) q.from = parseTime('--from', o.from);
  if (o.to !== undefined) q.to = parseTime('--to', o.to);
  if (o.type !== undefined) q.types = a.parseRecordTypes(o.type);
  if (o.order !== undefined) q.clientOrderId = o.order;
  if (o.strategy !== undefined) q.strategyId = o.strategy;
  if (o.symbol !== undefined) q.symbol = o.symbol;
  if (o.limit !== undefined) {
    const n = Number(o.limit);
    if (!Number.isInteger(n) || n <= 0) throw new BotError('VALIDATION', `--limit: expected a positive integer (value seen ${JSON.stringify(o.limit)})`);
    q.limit = n;
  }
  return q;
}

function verifyOptions(a: AuditLibrary, o: KeyOptions): VerifyOptions {
  const out: { -readonly [K in keyof VerifyOptions]: VerifyOptions[K] } = {};
  if (o.hmacKeyEnv !== undefined) {
    const key = process.env[o.hmacKeyEnv];
    if (key === undefined || key === '') throw new BotError('CONFIG', `--hmac-key-env: environment variable ${o.hmacKeyEnv} is not set`);
    out.hmacKey = key;
  }
  if (o.hmacKeyFile !== undefined) out.hmacKey = readFileSync(o.hmacKeyFile);
  if (o.checkpoints !== undefined) {
    out.checkpoints = a.readCheckpoints(o.checkpoints);
    if (o.publicKey === undefined) throw new BotError('CONFIG', '--checkpoints needs --public-key <pem file> to check the signatures');
  }
  if (o.publicKey !== undefined) out.publicKey = readFileSync(o.publicKey, 'utf8');
  return out;
}

async function verifyTarget(a: AuditLibrary, target: string, options: VerifyOptions): Promise<VerifyReport> {
  if (a.isPgUrl(target)) {
    const { connectionString, schema } = a.parsePgTarget(target);
    return a.verifyPostgresTrail({ connection: connectionString, schema }, options);
  }
  return a.verifyFileTrail(target, options);
}

function records(a: AuditLibrary, target: string, query: AuditQuery): AsyncIterable<AuditRecord> | Iterable<AuditRecord> {
  if (a.isPgUrl(target)) {
    const { connectionString, schema } = a.parsePgTarget(target);
    return a.queryPostgresTrail({ connection: connectionString, schema }, query);
  }
  return a.filterRecords(a.readFileTrail(target), query);
}

function describeTarget(a: AuditLibrary, target: string): string {
  return a.isPgUrl(target) ? a.redactUrl(target) : target;
}

function describeReport(a: AuditLibrary, target: string, r: VerifyReport): string {
  const lines = [
    `trail: ${describeTarget(a, target)}`,
    `records: ${r.records}`,
    `last good seq: ${r.lastSeq}`,
    `head hash: ${r.headHash}`,
    `hmac: ${r.hmacChecked ? 'checked' : 'not checked (no key given)'}`,
    `checkpoints checked: ${r.checkpointsChecked}`,
    `recoveries: ${r.recoveries.length}${r.recoveries.map((x) => `\n  seq ${x.seq}: ${JSON.stringify(x.payload)}`).join('')}`,
  ];
  lines.push(r.ok ? 'result: OK' : `result: BROKEN at seq ${r.break!.seq}: ${r.break!.kind}${r.break!.location === undefined ? '' : ` (${r.break!.location})`}: ${r.break!.message}`);
  return `${lines.join('\n')}\n`;
}

function addKeyOptions(cmd: Command): Command {
  return cmd
    .option('--hmac-key-env <var>', 'name of the environment variable holding the HMAC key (keys never go on the command line)')
    .option('--hmac-key-file <file>', 'file holding the HMAC key (raw bytes)')
    .option('--checkpoints <file>', 'signed checkpoint file to hold the trail against (detects a cut-off tail)')
    .option('--public-key <pem>', 'Ed25519 public key (PEM file) of the checkpoint signer');
}

function addQueryOptions(cmd: Command): Command {
  return cmd
    .option('--from <time>', 'records at or after this time (ISO-8601 or epoch ms, UTC)')
    .option('--to <time>', 'records before this time (exclusive)')
    .option('--type <types>', 'comma-separated record types (signal, order-intent, risk-decision, order-event, fill, mode-change, kill-switch, config-change, operator-action, recovery)')
    .option('--order <clientOrderId>', 'records about this client order id')
    .option('--strategy <strategyId>', 'records of this strategy')
    .option('--symbol <symbol>', 'records about this symbol')
    .option('--limit <n>', 'at most n records');
}

/**
 * Registers `bot audit verify | query | export`. A target is a trail file (`audit/trail.jsonl`, later segments are
 * found beside it) or a PostgreSQL URL (`postgres://user@127.0.0.1:5432/db?schema=bot_audit`).
 */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('verify, query and export the tamper-evident audit trail');

  addKeyOptions(
    audit
      .command('verify')
      .argument('<target>', 'trail file or postgres:// URL (?schema=name, default bot_audit)')
      .description('walk the hash chain and report the first broken link (exit 1 when broken)')
      .option('--json', 'print the report as JSON'),
  ).action(async (target: string, opts: KeyOptions & { json?: boolean }) => {
    const a = await auditLibrary();
    const report = await verifyTarget(a, target, verifyOptions(a, opts));
    process.stdout.write(opts.json === true ? `${JSON.stringify(report, null, 2)}\n` : describeReport(a, target, report));
    if (!report.ok) {
      throw new BotError('INTEGRITY', `audit trail ${describeTarget(a, target)} is broken at seq ${report.break!.seq} (${report.break!.kind})`);
    }
  });

  addQueryOptions(
    audit
      .command('query')
      .argument('<target>', 'trail file or postgres:// URL')
      .description('print the records matching the filters (one per line; --json for JSON Lines)')
      .option('--json', 'JSON Lines output'),
  ).action(async (target: string, opts: QueryOptions & { json?: boolean }) => {
    const a = await auditLibrary();
    const query = buildQuery(a, opts);
    let n = 0;
    let out = '';
    for await (const r of records(a, target, query)) {
      n++;
      out +=
        opts.json === true
          ? `${JSON.stringify(r)}\n`
          : `${r.seq}\t${new Date(r.time).toISOString()}\t${r.type}\t${r.actor}${r.clientOrderId === undefined ? '' : `\torder=${r.clientOrderId}`}${r.strategyId === undefined ? '' : `\tstrategy=${r.strategyId}`}\t${JSON.stringify(r.payload)}\n`;
      if (out.length > 1 << 16) {
        process.stdout.write(out);
        out = '';
      }
    }
    process.stdout.write(out);
    if (opts.json !== true) process.stdout.write(`${n} record(s)\n`);
  });

  addKeyOptions(
    addQueryOptions(
      audit
        .command('export')
        .argument('<target>', 'trail file or postgres:// URL')
        .description('verify the trail, then write a compliance report (CSV or JSON) of the matching records')
        .requiredOption('--format <format>', 'csv or json')
        .requiredOption('--out <file>', 'output file')
        .option('--allow-broken', 'export even when verification fails (the JSON report states the break)'),
    ),
  ).action(async (target: string, opts: QueryOptions & KeyOptions & { format: string; out: string; allowBroken?: boolean }) => {
    if (opts.format !== 'csv' && opts.format !== 'json') {
      throw new BotError('VALIDATION', `--format: expected csv or json (value seen ${JSON.stringify(opts.format)})`);
    }
    const a = await auditLibrary();
    const query = buildQuery(a, opts);
    const verification = await verifyTarget(a, target, verifyOptions(a, opts));
    if (!verification.ok && opts.allowBroken !== true) {
      throw new BotError('INTEGRITY', `audit trail ${describeTarget(a, target)} is broken at seq ${verification.break!.seq} (${verification.break!.kind}: ${verification.break!.message}); nothing exported (use --allow-broken to export anyway)`);
    }
    const count = await a.writeComplianceExport(records(a, target, query), opts.format, opts.out, {
      source: describeTarget(a, target),
      generatedAt: new SystemClock().now(),
      verification,
      query: { ...opts, out: undefined, format: undefined, hmacKeyEnv: undefined, hmacKeyFile: undefined },
    });
    process.stdout.write(`exported ${count} record(s) to ${opts.out} (${opts.format}); trail verification: ${verification.ok ? 'OK' : `BROKEN at seq ${verification.break!.seq}`}\n`);
  });
}
