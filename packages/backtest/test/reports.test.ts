import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildManifest, downsampleMinMax, fileDigestInWorker, htmlReport, resultToJson, runBacktest, stringifyResult, tradesCsv } from '../src/index.js';
import { dailySeries, scriptedStrategy } from './fixtures.js';

const rows: [number, number][] = Array.from({ length: 40 }, (_, i) => [100 + i, 101 + i]);
const data = dailySeries('X/USD', rows);
const strategies = () => [scriptedStrategy('s', 'X/USD', { 2: ['buy', '3'], 10: ['sell', '3'], 20: ['buy', '1'], 30: ['sell', '1'] })];

describe('reports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bt-report-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('HTML: self-contained, with charts data, metrics, parameters, trades; look-ahead banner only for fill close', () => {
    const r = runBacktest({ data, strategies: strategies() });
    const page = htmlReport(r, { data: [data], title: 'My <run>' });
    expect(page).toContain('<title>My &lt;run&gt;</title>');
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=/); // nothing fetched from the network
    expect(page).toContain('uPlot');
    expect(page).toContain('id="report-data"');
    expect(page).toContain('Sharpe');
    expect(page).toContain('Trades (2)');
    expect(page).not.toContain('Look-ahead warning');
    const payload = JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(page)![1]!) as { equity: number[][]; prices: { data: (number | null)[][] }[] };
    expect(payload.equity[1]).toHaveLength(41); // start + one mark per bar
    expect(payload.prices[0]!.data[2]!.filter((x) => x !== null)).toEqual([103, 121]); // buy markers at the fill prices (opens of bars 3 and 21)
    const close = runBacktest({ data, strategies: strategies(), fill: 'close' });
    expect(htmlReport(close, { data: [data] })).toContain('Look-ahead warning');
  });

  it('CSV trade log has one row per closed trade with ISO times', () => {
    const r = runBacktest({ data, strategies: strategies(), fee: 0 });
    const lines = tradesCsv(r.trades).trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe('X/USD,long,2024-01-04T00:00:00Z,2024-01-12T00:00:00Z,103,111,3,24,0,24,0.07766990291262135');
  });

  it('manifest carries the SHA-256 of the data file (checked against sha256sum), also hashed on a worker', async () => {
    const file = join(dir, 'data.csv');
    const text = 'timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,0.5,1.5,10\n';
    writeFileSync(file, text);
    const r = runBacktest({ data, strategies: strategies() });
    const m = buildManifest({ tool: 'test', dataFiles: [file], settings: r.settings });
    let expected: string | undefined;
    try {
      expected = execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];
    } catch {
      expected = undefined;
    }
    if (expected !== undefined) expect(m.data[0]!.sha256).toBe(expected);
    expect(m.data[0]).toMatchObject({ file: 'data.csv', bytes: Buffer.byteLength(text) });
    expect(m.settings.fill).toBe('next-open');
    const viaWorker = await fileDigestInWorker(file);
    expect(viaWorker).toEqual(m.data[0]);
    expect(m.settings.strategies[0]!.id).toBe('s');
  });

  it('JSON: non-finite metrics become null; typed arrays become arrays', () => {
    const r = runBacktest({ data, strategies: [] });
    const j = JSON.parse(stringifyResult(resultToJson(r))) as { metrics: { sharpe: unknown; profitFactor: unknown }; equity: { equity: number[] } };
    expect(j.metrics.sharpe).toBeNull();
    expect(j.metrics.profitFactor).toBeNull();
    expect(j.equity.equity).toHaveLength(41);
  });

  it('downsampling keeps the extremes and the last point', () => {
    const t = Array.from({ length: 1000 }, (_, i) => i);
    const v = t.map((i) => (i === 333 ? -50 : i === 777 ? 90 : Math.sin(i)));
    const d = downsampleMinMax(t, v, 100);
    expect(d.values.length).toBeLessThanOrEqual(101);
    expect(d.values).toContain(-50);
    expect(d.values).toContain(90);
    expect(d.time.at(-1)).toBe(999);
  });
});
