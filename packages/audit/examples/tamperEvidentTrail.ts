// Runnable example: write a keyed, checkpointed trail with rotation, verify it, tamper with a copy in three ways,
// query it and export a CSV compliance report. Run: pnpm exec tsx examples/tamperEvidentTrail.ts
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@bot/core-types';
import {
  FileAuditSink,
  filterRecords,
  listSegments,
  readCheckpoints,
  readFileTrail,
  verifyFileTrail,
  writeComplianceExport,
} from '../src/index.js';
import type { TrailBreak } from '../src/index.js';

export interface ExampleResult {
  readonly records: number;
  readonly segments: number;
  readonly ok: boolean;
  readonly edited: TrailBreak | undefined;
  readonly moved: TrailBreak | undefined;
  readonly tailCut: TrailBreak | undefined;
  readonly order7: readonly string[];
  readonly csvRows: number;
}

export async function main(log: (line: string) => void = console.log): Promise<ExampleResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bot-audit-example-'));
  try {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const hmacKey = 'example-secret-from-a-vault';
    const path = join(dir, 'original', 'trail.jsonl');
    const cpFile = join(dir, 'original', 'checkpoints.jsonl'); // in production: another machine or a WORM bucket
    const clock = new ManualClock(Date.UTC(2024, 0, 2, 9, 30));
    const sink = await FileAuditSink.open({
      path,
      clock,
      hmacKey,
      fsync: { everyMs: 100, everyRecords: 50 },
      rotate: { maxRecords: 40 },
      checkpoints: { privateKey, file: cpFile, everyRecords: 25 },
    });
    for (let i = 1; i <= 25; i++) {
      const order = `sma-${i}`;
      clock.advanceBy(60_000);
      sink.record({ type: 'signal', actor: 'strategy:sma', strategyId: 'sma', symbol: 'BTC/USDT', payload: { fast: 101 + i, slow: 100 } });
      sink.record({ type: 'order-intent', actor: 'strategy:sma', strategyId: 'sma', clientOrderId: order, symbol: 'BTC/USDT', payload: { side: 'buy', qty: '0.01' } });
      sink.record({ type: 'risk-decision', actor: 'risk-gate', strategyId: 'sma', clientOrderId: order, payload: { kind: 'approve', reasons: [] } });
      sink.record({ type: 'fill', actor: 'kernel', strategyId: 'sma', clientOrderId: order, symbol: 'BTC/USDT', payload: { price: String(42_000 + i), qty: '0.01', fee: '0.42' } });
    }
    await sink.close();
    const checkpoints = readCheckpoints(cpFile);
    const verifyOptions = { hmacKey, checkpoints, publicKey };
    const report = verifyFileTrail(path, verifyOptions);
    const segments = listSegments(path).length;
    log(`wrote ${report.records} records in ${segments} segment files, ${checkpoints.length} signed checkpoints; verify: ${report.ok ? 'OK' : 'BROKEN'}`);

    const tamper = (name: string, edit: (lines: string[], segs: string[]) => void): TrailBreak | undefined => {
      const copyDir = join(dir, name);
      cpSync(join(dir, 'original'), copyDir, { recursive: true });
      const copy = join(copyDir, 'trail.jsonl');
      const segs = listSegments(copy).map((s) => s.path);
      const lines = readFileSync(segs[0]!, 'utf8').split('\n');
      edit(lines, segs);
      const result = verifyFileTrail(copy, { ...verifyOptions, checkpoints: readCheckpoints(join(copyDir, 'checkpoints.jsonl')) }).break;
      log(`${name}: ${result === undefined ? 'not detected' : `${result.kind} at seq ${result.seq}: ${result.message}`}`);
      return result;
    };
    const edited = tamper('copy-edited', (lines, segs) => {
      lines[11] = lines[11]!.replace('"0.42"', '"0.00"'); // someone hides the fee of fill seq 12
      writeFileSync(segs[0]!, lines.join('\n'));
    });
    const moved = tamper('copy-moved', (lines, segs) => {
      // overwrite record 21 with a genuine record (seq 61) from the second segment: its hash and HMAC are valid
      const other = readFileSync(segs[1]!, 'utf8').split('\n');
      lines[20] = other[20]!;
      writeFileSync(segs[0]!, lines.join('\n'));
    });
    const tailCut = tamper('copy-tail-cut', (_lines, segs) => {
      rmSync(segs.at(-1)!); // delete the newest segment file
    });

    const order7 = [...filterRecords(readFileTrail(path), { clientOrderId: 'sma-7' })].map((r) => `${r.seq} ${r.type}`);
    log(`order sma-7: ${order7.join(', ')}`);
    const csv = join(dir, 'fills.csv');
    const csvRows = await writeComplianceExport(filterRecords(readFileTrail(path), { types: ['fill'] }), 'csv', csv, {
      source: path,
      generatedAt: clock.now(),
      verification: report,
    });
    log(`exported ${csvRows} fills to CSV; first row: ${readFileSync(csv, 'utf8').split('\r\n')[1]!.slice(0, 80)}…`);
    return { records: report.records, segments, ok: report.ok, edited, moved, tailCut, order7, csvRows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
