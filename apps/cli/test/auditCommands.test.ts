import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '@bot/core-types';
import type { AuditEvent } from '@bot/core-types';
import { FileAuditSink, PostgresAuditSink } from '@bot/audit';
import { runBot } from './runBot.js';

const dir = mkdtempSync(join(tmpdir(), 'bot-cli-audit-'));
const T0 = Date.UTC(2024, 2, 1, 12, 0, 0);

const run = runBot;

afterEach(() => vi.restoreAllMocks());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function events(): AuditEvent[] {
  return [
    { type: 'signal', actor: 'strategy:sma', payload: { side: 'buy' }, strategyId: 'sma', symbol: 'BTC/USDT' },
    { type: 'order-intent', actor: 'strategy:sma', payload: { qty: '0.1' }, clientOrderId: 'sma-1', strategyId: 'sma', symbol: 'BTC/USDT' },
    { type: 'risk-decision', actor: 'risk-gate', payload: { kind: 'approve' }, clientOrderId: 'sma-1', strategyId: 'sma' },
    { type: 'fill', actor: 'kernel', payload: { price: '42000.5', note: 'a,"b"' }, clientOrderId: 'sma-1', strategyId: 'sma', symbol: 'BTC/USDT' },
    { type: 'order-intent', actor: 'strategy:rsi', payload: { qty: '2' }, clientOrderId: 'rsi-1', strategyId: 'rsi', symbol: 'ETH/USDT' },
    { type: 'kill-switch', actor: 'killswitch', payload: { event: 'trigger', cause: 'button' } },
  ];
}

async function fileTrail(name: string, hmacKey?: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const path = join(dir, name, 'trail.jsonl');
  const cpFile = join(dir, name, 'checkpoints.jsonl');
  const pubFile = join(dir, name, 'signer.pem');
  const clock = new ManualClock(T0);
  const sink = await FileAuditSink.open({ path, clock, fsync: 'always', checkpoints: { privateKey, file: cpFile }, ...(hmacKey === undefined ? {} : { hmacKey }) });
  for (const e of events()) {
    clock.advanceBy(60_000);
    sink.record(e);
  }
  sink.checkpoint();
  await sink.close();
  writeFileSync(pubFile, publicKey.export({ type: 'spki', format: 'pem' }));
  return { path, cpFile, pubFile };
}

describe('bot audit (file trails)', () => {
  it('verify: OK report with HMAC and checkpoints; a cut-off tail is reported and exits non-zero', async () => {
    const { path, cpFile, pubFile } = await fileTrail('v', 'cli-secret');
    process.env['BOT_TEST_AUDIT_KEY'] = 'cli-secret';
    const ok = await run(['audit', 'verify', path, '--hmac-key-env', 'BOT_TEST_AUDIT_KEY', '--checkpoints', cpFile, '--public-key', pubFile]);
    expect(ok).toContain('records: 6');
    expect(ok).toContain('hmac: checked');
    expect(ok).toContain('checkpoints checked: 1');
    expect(ok).toContain('result: OK');
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    writeFileSync(path, `${lines.slice(0, 4).join('\n')}\n`);
    await expect(run(['audit', 'verify', path, '--checkpoints', cpFile, '--public-key', pubFile])).rejects.toThrow(
      `audit trail ${path} is broken at seq 5 (truncated)`,
    );
    await expect(run(['audit', 'verify', path, '--hmac-key-env', 'BOT_TEST_NOT_SET'])).rejects.toThrow('environment variable BOT_TEST_NOT_SET is not set');
  });

  it('verify --json names the first broken record', async () => {
    const { path } = await fileTrail('j');
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    lines[2] = lines[2]!.replace('approve', 'reject!');
    writeFileSync(path, `${lines.join('\n')}\n`);
    let out = '';
    await run(['audit', 'verify', path, '--json']).catch((e: Error) => (out = e.message));
    expect(out).toContain('broken at seq 3 (changed)');
  });

  it('query filters by type, order, strategy and time, as text or JSON Lines', async () => {
    const { path } = await fileTrail('q');
    const text = await run(['audit', 'query', path, '--order', 'sma-1']);
    expect(text.trim().split('\n')).toHaveLength(4);
    expect(text).toContain('3 record(s)');
    expect(text).toContain('2024-03-01T12:02:00.000Z\torder-intent\tstrategy:sma\torder=sma-1');
    const json = await run(['audit', 'query', path, '--type', 'order-intent,fill', '--strategy', 'sma', '--json']);
    expect(json.trim().split('\n').map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([2, 4]);
    const timed = await run(['audit', 'query', path, '--from', '2024-03-01T12:03:00Z', '--to', String(T0 + 5 * 60_000), '--json']);
    expect(timed.trim().split('\n').map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([3, 4]);
    await expect(run(['audit', 'query', path, '--type', 'fills'])).rejects.toThrow('unknown audit record type "fills"');
    await expect(run(['audit', 'query', path, '--from', 'yesterday'])).rejects.toThrow('--from: cannot read "yesterday" as a time');
  });

  it('export writes a CSV and a JSON compliance report, and refuses a broken trail', async () => {
    const { path } = await fileTrail('e');
    const csvFile = join(dir, 'e', 'report.csv');
    const msg = await run(['audit', 'export', path, '--format', 'csv', '--out', csvFile, '--strategy', 'sma']);
    expect(msg).toContain('exported 4 record(s)');
    const csv = readFileSync(csvFile, 'utf8').split('\r\n');
    expect(csv[0]).toBe('seq,time_ms,time_utc,type,actor,client_order_id,strategy_id,symbol,payload,prev_hash,hash,mac');
    expect(csv[4]!.startsWith(`4,${T0 + 240_000},2024-03-01T12:04:00.000Z,fill,kernel,sma-1,sma,BTC/USDT,"{""note"":""a,\\""b\\"""",""price"":""42000.5""}",`)).toBe(true);
    expect(csv).toHaveLength(6); // header + 4 rows + trailing empty string

    const jsonFile = join(dir, 'e', 'report.json');
    await run(['audit', 'export', path, '--format', 'json', '--out', jsonFile]);
    const report = JSON.parse(readFileSync(jsonFile, 'utf8')) as { count: number; verification: { ok: boolean; lastSeq: number }; records: { seq: number }[] };
    expect(report.count).toBe(6);
    expect(report.verification).toMatchObject({ ok: true, lastSeq: 6 });
    expect(report.records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);

    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    lines.splice(1, 1);
    writeFileSync(path, `${lines.join('\n')}\n`);
    await expect(run(['audit', 'export', path, '--format', 'json', '--out', jsonFile])).rejects.toThrow(/broken at seq 2 \(missing/);
    await run(['audit', 'export', path, '--format', 'json', '--out', jsonFile, '--allow-broken']);
    expect(JSON.parse(readFileSync(jsonFile, 'utf8')).verification.break).toMatchObject({ kind: 'missing', seq: 2 });
    await expect(run(['audit', 'export', path, '--format', 'xml', '--out', jsonFile])).rejects.toThrow('--format: expected csv or json');
  });
});

describe('bot audit (PostgreSQL trail on 127.0.0.1)', () => {
  const schema = `bot_cli_audit_${process.pid}_${Date.now() % 100000}`;
  const base = 'postgres://postgres@127.0.0.1:5432/test';
  afterAll(() => {
    // apps/cli does not depend on pg: drop the test schema with psql.
    spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'test', '-c', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`], { stdio: 'ignore' });
  });

  it('verify, query and export a postgres:// target', async () => {
    const clock = new ManualClock(T0);
    const sink = await PostgresAuditSink.open({ connection: base, schema, clock });
    for (const e of events()) {
      clock.advanceBy(60_000);
      sink.record(e);
    }
    await sink.close();
    const url = `${base}?schema=${schema}`;
    expect(await run(['audit', 'verify', url])).toContain('result: OK');
    const q = await run(['audit', 'query', url, '--type', 'order-intent', '--json']);
    expect(q.trim().split('\n').map((l) => (JSON.parse(l) as { clientOrderId: string }).clientOrderId)).toEqual(['sma-1', 'rsi-1']);
    const out = join(dir, 'pg.csv');
    expect(await run(['audit', 'export', url, '--format', 'csv', '--out', out, '--order', 'sma-1'])).toContain('exported 3 record(s)');
    await expect(run(['audit', 'verify', `${base}?schema=${schema}_nope`])).rejects.toThrow(/no audit trail table/);
  });
});
