import { createHash, createHmac, generateKeyPairSync } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '@bot/core-types';
import type { AuditEvent } from '@bot/core-types';
import { FileAuditSink } from './fileAuditSink.js';
import { readFileTrail, verifyFileTrail } from './fileTrail.js';
import { listSegments, segmentPath } from './fileSegments.js';
import { readCheckpoints } from './checkpoint.js';
import { forgeChain, readLinesOf, splitLine, writeLinesTo } from '../test/tamperTools.js';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bot-audit-'));
  path = join(dir, 'trail.jsonl');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function event(i: number): AuditEvent {
  return {
    type: i % 3 === 0 ? 'order-intent' : i % 3 === 1 ? 'fill' : 'signal',
    actor: `strategy:s${i % 2}`,
    payload: { i, price: '101.25', note: 'ü,"quoted"' },
    clientOrderId: `o-${i}`,
    strategyId: `s${i % 2}`,
    symbol: 'BTC/USDT',
  };
}

async function writeTrail(n: number, opts: Partial<Parameters<typeof FileAuditSink.open>[0]> = {}): Promise<ManualClock> {
  const clock = new ManualClock(1_700_000_000_000);
  const sink = await FileAuditSink.open({ path, clock, fsync: 'always', ...opts });
  for (let i = 1; i <= n; i++) {
    clock.advanceBy(1000);
    sink.record(event(i));
  }
  await sink.close();
  return clock;
}

describe('FileAuditSink: record format and chain', () => {
  it('writes the documented line format; hash = SHA-256 of the canonical body, chained by prevHash', async () => {
    await writeTrail(2);
    const lines = readLinesOf(path);
    expect(lines).toHaveLength(2);
    // Expected body written by hand from the documented convention (sorted keys, no whitespace).
    const body1 =
      '{"actor":"strategy:s1","clientOrderId":"o-1","payload":{"i":1,"note":"ü,\\"quoted\\"","price":"101.25"},' +
      `"prevHash":"${'0'.repeat(64)}","seq":1,"strategyId":"s1","symbol":"BTC/USDT","time":1700000001000,"type":"fill","v":1}`;
    const hash1 = createHash('sha256').update(body1, 'utf8').digest('hex');
    expect(lines[0]).toBe(`{"hash":"${hash1}","rec":${body1}}`);
    const second = splitLine(lines[1]!);
    expect(JSON.parse(second.body).prevHash).toBe(hash1);
    expect(createHash('sha256').update(second.body).digest('hex')).toBe(second.hash);
  });

  it('writes mac = HMAC-SHA256(key, hash) when keyed', async () => {
    await writeTrail(3, { hmacKey: 'k3y' });
    for (const line of readLinesOf(path)) {
      const { hash, mac } = splitLine(line);
      expect(mac).toBe(createHmac('sha256', 'k3y').update(hash).digest('hex'));
    }
    expect(verifyFileTrail(path, { hmacKey: 'k3y' })).toMatchObject({ ok: true, records: 3, lastSeq: 3, hmacChecked: true });
  });

  it('continues the chain when reopened, and refuses a missing or wrong key on a keyed trail', async () => {
    await writeTrail(3, { hmacKey: 'k' });
    const clock = new ManualClock(0);
    await expect(FileAuditSink.open({ path, clock })).rejects.toThrow(/HMAC-keyed/);
    await expect(FileAuditSink.open({ path, clock, hmacKey: 'other' })).rejects.toThrow(/does not match/);
    const sink = await FileAuditSink.open({ path, clock, hmacKey: 'k', fsync: 'always' });
    expect(sink.head.seq).toBe(3);
    sink.record(event(4));
    await sink.close();
    expect(verifyFileTrail(path, { hmacKey: 'k' })).toMatchObject({ ok: true, lastSeq: 4 });
  });

  it('rejects malformed events', async () => {
    const sink = await FileAuditSink.open({ path, clock: new ManualClock(0) });
    expect(() => sink.record({ type: 'nope' as never, actor: 'a', payload: null })).toThrow(/not one of/);
    expect(() => sink.record({ type: 'signal', actor: '', payload: null })).toThrow(/actor/);
    expect(() => sink.record({ type: 'signal', actor: 'a', payload: { x: Number.NaN } })).toThrow(/NaN/);
    await sink.close();
    expect(() => sink.record(event(1))).toThrow(/closed/);
  });
});

describe('verifyFileTrail: every tampering is detected with its sequence number', () => {
  it('a changed byte', async () => {
    await writeTrail(10);
    const lines = readLinesOf(path);
    lines[4] = lines[4]!.replace('101.25', '101.26');
    writeLinesTo(path, lines);
    expect(verifyFileTrail(path).break).toMatchObject({ kind: 'changed', seq: 5, location: `${path}:5` });
  });

  it('a changed hash character', async () => {
    await writeTrail(10);
    const lines = readLinesOf(path);
    const { hash } = splitLine(lines[6]!);
    lines[6] = lines[6]!.replace(hash, (hash[0] === 'a' ? 'b' : 'a') + hash.slice(1));
    writeLinesTo(path, lines);
    expect(verifyFileTrail(path).break).toMatchObject({ kind: 'changed', seq: 7 });
  });

  it('a missing record', async () => {
    await writeTrail(10);
    const lines = readLinesOf(path);
    lines.splice(3, 1);
    writeLinesTo(path, lines);
    expect(verifyFileTrail(path).break).toMatchObject({ kind: 'missing', seq: 4 });
  });

  it('reordered records', async () => {
    await writeTrail(10);
    const lines = readLinesOf(path);
    [lines[5], lines[6]] = [lines[6]!, lines[5]!];
    writeLinesTo(path, lines);
    expect(verifyFileTrail(path).break).toMatchObject({ kind: 'reordered', seq: 6 });
  });

  it('a duplicated record', async () => {
    await writeTrail(5);
    const lines = readLinesOf(path);
    lines.splice(3, 0, lines[2]!);
    writeLinesTo(path, lines);
    expect(verifyFileTrail(path).break).toMatchObject({ kind: 'reordered', seq: 4 });
  });

  it('a record spliced in from another trail (broken prevHash link)', async () => {
    await writeTrail(6);
    const original = readLinesOf(path);
    rmSync(path);
    const clock = new ManualClock(5);
    const other = await FileAuditSink.open({ path, clock, fsync: 'always' });
    for (let i = 1; i <= 6; i++) other.record({ type: 'signal', actor: 'x', payload: i });
    await other.close();
    const foreign = readLinesOf(path);
    original[3] = foreign[3]!; // same seq 4, valid hash, but chained to another history
    writeLinesTo(path, original);
    expect(verifyFileTrail(path).break).toMatchObject({ kind: 'broken-link', seq: 4 });
  });

  it('an edit with the chain rehashed: passes without a key, caught by the HMAC', async () => {
    await writeTrail(10, { hmacKey: 'secret' });
    const forged = forgeChain(readLinesOf(path), 4, (rec) => {
      (rec['payload'] as Record<string, unknown>)['price'] = '999';
    });
    writeLinesTo(path, forged);
    expect(verifyFileTrail(path).ok).toBe(true); // the hash chain alone cannot see a full rewrite
    expect(verifyFileTrail(path, { hmacKey: 'secret' }).break).toMatchObject({ kind: 'bad-hmac', seq: 5 });
    expect(verifyFileTrail(path, { hmacKey: 'wrong' }).break).toMatchObject({ kind: 'bad-hmac', seq: 1 });
  });

  it('a record deleted and the rest renumbered and rehashed: caught by the HMAC', async () => {
    await writeTrail(8, { hmacKey: 'secret' });
    const lines = readLinesOf(path);
    lines.splice(2, 1);
    const forged = forgeChain(lines, 2, () => undefined);
    // renumber from index 2 on
    const renumbered = forgeChainRenumber(forged, 2);
    writeLinesTo(path, renumbered);
    expect(verifyFileTrail(path).ok).toBe(true);
    expect(verifyFileTrail(path, { hmacKey: 'secret' }).break).toMatchObject({ kind: 'bad-hmac', seq: 3 });
  });

  describe('signed checkpoints', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const other = generateKeyPairSync('ed25519');

    async function writeWithCheckpoint(): Promise<string> {
      const cpFile = join(dir, 'checkpoints.jsonl');
      const clock = new ManualClock(1000);
      const sink = await FileAuditSink.open({ path, clock, fsync: 'always', checkpoints: { privateKey, file: cpFile } });
      for (let i = 1; i <= 10; i++) sink.record(event(i));
      const cp = sink.checkpoint();
      expect(cp.seq).toBe(10);
      await sink.close();
      return cpFile;
    }

    it('cutting off the newest records is reported as truncated', async () => {
      const cpFile = await writeWithCheckpoint();
      const checkpoints = readCheckpoints(cpFile);
      expect(verifyFileTrail(path, { checkpoints, publicKey })).toMatchObject({ ok: true, checkpointsChecked: 1 });
      writeLinesTo(path, readLinesOf(path).slice(0, 7));
      expect(verifyFileTrail(path).ok).toBe(true); // without the checkpoint, a clean cut is invisible
      expect(verifyFileTrail(path, { checkpoints, publicKey }).break).toMatchObject({ kind: 'truncated', seq: 8 });
    });

    it('rewriting history before a checkpoint is reported as checkpoint-mismatch', async () => {
      const cpFile = await writeWithCheckpoint();
      writeLinesTo(path, forgeChain(readLinesOf(path), 2, (rec) => void (rec['actor'] = 'someone-else')));
      expect(verifyFileTrail(path, { checkpoints: readCheckpoints(cpFile), publicKey }).break).toMatchObject({
        kind: 'checkpoint-mismatch',
        seq: 10,
      });
    });

    it('a forged checkpoint or the wrong public key is reported', async () => {
      const cpFile = await writeWithCheckpoint();
      const [cp] = readCheckpoints(cpFile);
      expect(verifyFileTrail(path, { checkpoints: [{ ...cp!, seq: 12 }], publicKey }).break).toMatchObject({
        kind: 'bad-checkpoint-signature',
        seq: 12,
      });
      expect(verifyFileTrail(path, { checkpoints: [cp!], publicKey: other.publicKey }).break?.kind).toBe('bad-checkpoint-signature');
      expect(verifyFileTrail(path, { checkpoints: [cp!] }).break?.message).toMatch(/no public key/);
    });

    it('checkpoints automatically every N records', async () => {
      const cpFile = join(dir, 'auto.jsonl');
      const clock = new ManualClock(0);
      const sink = await FileAuditSink.open({ path, clock, fsync: 'always', checkpoints: { privateKey, file: cpFile, everyRecords: 4 } });
      for (let i = 1; i <= 10; i++) sink.record(event(i));
      await sink.close();
      expect(readCheckpoints(cpFile).map((c) => c.seq)).toEqual([4, 8]);
    });
  });
});

/** Renumbers seq from line `from` on (seq = index + 1) and rehashes, like an attacker hiding a deletion. */
function forgeChainRenumber(lines: string[], from: number): string[] {
  let out = lines;
  for (let i = from; i < lines.length; i++) {
    out = forgeChain(out, i, (rec) => void (rec['seq'] = i + 1));
  }
  return out;
}

describe('FileAuditSink: fsync policies', () => {
  it('batched: nothing reaches the file until N records or N ms of Clock time, then all of it', async () => {
    const clock = new ManualClock(0);
    const sink = await FileAuditSink.open({ path, clock, fsync: { everyMs: 50, everyRecords: 5 } });
    for (let i = 1; i <= 3; i++) sink.record(event(i));
    expect(readFileSync(path, 'utf8')).toBe('');
    expect(sink.durableSeq).toBe(0);
    clock.advanceBy(49);
    expect(readFileSync(path, 'utf8')).toBe('');
    clock.advanceBy(1);
    expect(readLinesOf(path)).toHaveLength(3);
    for (let i = 4; i <= 8; i++) sink.record(event(i));
    expect(readLinesOf(path)).toHaveLength(8); // 5 pending -> flushed without waiting
    sink.record(event(9));
    await sink.flush();
    expect(readLinesOf(path)).toHaveLength(9);
    expect(clock.pendingTimers).toBe(0);
    await sink.close();
    expect(verifyFileTrail(path)).toMatchObject({ ok: true, lastSeq: 9 });
  });

  it('always: each record is on disk when record() returns', async () => {
    const sink = await FileAuditSink.open({ path, clock: new ManualClock(0), fsync: 'always' });
    for (let i = 1; i <= 4; i++) {
      sink.record(event(i));
      expect(readLinesOf(path)).toHaveLength(i);
    }
    await sink.close();
  });
});

describe('FileAuditSink: rotation', () => {
  it('rotates by record count and keeps the chain across files', async () => {
    await writeTrail(35, { rotate: { maxRecords: 10 } });
    const segs = listSegments(path);
    expect(segs.map((s) => s.path)).toEqual([1, 2, 3, 4].map((i) => segmentPath(path, i)));
    expect(segs[1]!.path).toBe(join(dir, 'trail.000002.jsonl'));
    expect(readLinesOf(segs[3]!.path)).toHaveLength(5);
    const lastOfFirst = splitLine(readLinesOf(segs[0]!.path).at(-1)!);
    const firstOfSecond = JSON.parse(splitLine(readLinesOf(segs[1]!.path)[0]!).body);
    expect(firstOfSecond.prevHash).toBe(lastOfFirst.hash);
    expect(verifyFileTrail(path)).toMatchObject({ ok: true, records: 35 });
    expect([...readFileTrail(path)].map((r) => r.seq)).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
  });

  it('continues in the newest segment after reopen and rotates by size', async () => {
    await writeTrail(5, { rotate: { maxBytes: 1200 } });
    const clock = new ManualClock(0);
    const sink = await FileAuditSink.open({ path, clock, fsync: { everyRecords: 3 }, rotate: { maxBytes: 1200 } });
    for (let i = 6; i <= 20; i++) sink.record(event(i));
    await sink.close();
    for (const s of listSegments(path)) {
      const size = readFileSync(s.path).length;
      expect(size).toBeLessThanOrEqual(1200);
    }
    expect(listSegments(path).length).toBeGreaterThan(3);
    expect(verifyFileTrail(path)).toMatchObject({ ok: true, records: 20 });
  });

  it('a deleted middle segment shows up as missing records', async () => {
    await writeTrail(30, { rotate: { maxRecords: 10 } });
    unlinkSync(segmentPath(path, 2));
    expect(verifyFileTrail(path).break).toMatchObject({ kind: 'missing', seq: 11 });
  });
});

describe('FileAuditSink: crash repair', () => {
  it('a torn last line is reported by verify, then cut and documented by a recovery record on reopen', async () => {
    await writeTrail(4);
    const torn = '{"hash":"3f2a","rec":{"actor":"strat';
    appendFileSync(path, torn);
    const before = verifyFileTrail(path);
    expect(before.break).toMatchObject({ kind: 'malformed', seq: 5 });
    expect(before.break?.location).toContain('unterminated');

    const reports: unknown[] = [];
    const clock = new ManualClock(42);
    const sink = await FileAuditSink.open({ path, clock, onRecovery: (r) => reports.push(r) });
    expect(sink.recovery).toMatchObject({ reason: 'torn-tail', bytesCut: torn.length, lastGoodSeq: 4, recoverySeq: 5 });
    expect(reports).toHaveLength(1);
    sink.record(event(6));
    await sink.close();

    const after = verifyFileTrail(path);
    expect(after).toMatchObject({ ok: true, lastSeq: 6 });
    expect(after.recoveries).toHaveLength(1);
    const rec = [...readFileTrail(path)][4]!;
    expect(rec).toMatchObject({ seq: 5, type: 'recovery', time: 42 });
    const payload = rec.payload as Record<string, unknown>;
    expect(Buffer.from(payload['cutBase64'] as string, 'base64').toString()).toBe(torn);
    expect(payload['cutSha256']).toBe(createHash('sha256').update(torn).digest('hex'));
    expect(payload['offset']).toBe(Buffer.byteLength(readLinesOf(path).slice(0, 4).join('\n')) + 1);
  });

  it('a complete record without its newline is also cut (it was never acknowledged)', async () => {
    await writeTrail(3);
    const lines = readLinesOf(path);
    writeFileSync(path, `${lines.join('\n')}`); // last line lacks \n
    const sink = await FileAuditSink.open({ path, clock: new ManualClock(0) });
    expect(sink.recovery).toMatchObject({ lastGoodSeq: 2, recoverySeq: 3 });
    await sink.close();
    expect(verifyFileTrail(path)).toMatchObject({ ok: true, lastSeq: 3 });
  });

  it('refuses to append when the last complete line is damaged', async () => {
    await writeTrail(3);
    const lines = readLinesOf(path);
    lines[2] = lines[2]!.replace('o-3', 'o-X');
    writeLinesTo(path, lines);
    await expect(FileAuditSink.open({ path, clock: new ManualClock(0) })).rejects.toMatchObject({ code: 'INTEGRITY' });
    expect(existsSync(path)).toBe(true);
  });
});

describe('FileAuditSink: one writer per trail', () => {
  it('refuses a second live writer, releases on close, takes over a stale lock, refuses a lock from another host', async () => {
    const clock = new ManualClock(0);
    const a = await FileAuditSink.open({ path, clock, exclusive: true });
    await expect(FileAuditSink.open({ path, clock, exclusive: true })).rejects.toThrow(`already being written by pid ${process.pid} (this process)`);
    await a.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
    await (await FileAuditSink.open({ path, clock })).close(); // without exclusive: no lock file involved
    expect(existsSync(`${path}.lock`)).toBe(false);

    // A writer that was SIGKILLed leaves its lock behind: pid 2^22+7 is above Linux's pid_max default, so not running.
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: 4_194_311, host: (await import('node:os')).hostname() }));
    const b = await FileAuditSink.open({ path, clock, exclusive: true });
    expect(JSON.parse(readFileSync(`${path}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
    await b.close();

    writeFileSync(`${path}.lock`, JSON.stringify({ pid: 1, host: 'other-host.example' }));
    await expect(FileAuditSink.open({ path, clock, exclusive: true })).rejects.toThrow(/locked by pid 1 on host other-host.example/);
  });
});
