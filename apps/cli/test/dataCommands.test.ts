import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FakeBinance } from '@bot/fake-exchange';
import { monorepoRoot } from '@bot/vitest-config';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXCHANGE_URL_OVERRIDE_ENV } from '../src/commands/data.js';
import { runBot } from './runBot.js';

const dataDir = resolve(monorepoRoot, '..', 'shared', 'data');
const dir = mkdtempSync(join(tmpdir(), 'bot-cli-data-'));

const run = runBot;

afterEach(() => vi.restoreAllMocks());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!existsSync(dataDir))('bot data inspect (needs ../shared/data)', () => {
  const zec = join(dataDir, 'ZECBTC_5m.csv');

  it('reports the 3 missing bars of ZEC/BTC (the final one through the sibling files)', async () => {
    const text = await run(['data', 'inspect', zec]);
    expect(text).toContain('rows: 5757');
    expect(text).toContain('timeframe: 5m (inferred)');
    expect(text).toContain('range: 2018-01-10T04:55:00Z .. 2018-01-30T04:45:00Z');
    expect(text).toMatch(/expected end from: sibling files starting at the same bar \(.*LTCBTC_5m\.csv.*\)/);
    expect(text).toContain('missing bars: 3 in 3 gap(s)');
    expect(text).toContain('2018-01-26T20:25:00Z (1 bar)');
    expect(text).toContain('2018-01-27T00:55:00Z (1 bar)');
    expect(text).toContain('2018-01-30T04:50:00Z (1 bar)');
    expect(text).toContain('quality: PROBLEMS FOUND');
    const alone = await run(['data', 'inspect', zec, '--no-siblings']);
    expect(alone).toContain('missing bars: 2 in 2 gap(s)');
    const byRef = await run(['data', 'inspect', zec, '--no-siblings', '--reference', join(dataDir, 'LTCBTC_5m.csv')]);
    expect(byRef).toContain('missing bars: 3 in 3 gap(s)');
    const byEnd = await run(['data', 'inspect', zec, '--no-siblings', '--expected-end', '2018-01-30T04:50:00Z']);
    expect(byEnd).toContain('missing bars: 3 in 3 gap(s)');
  });

  it('--json gives the machine-readable report: BTC/USD has 28 zero-volume bars; ORCL closures are calendar gaps', async () => {
    const btc = JSON.parse(await run(['data', 'inspect', join(dataDir, 'BTCUSD_1h.csv'), '--json'])) as { rows: number; quality: { zeroVolumeCount: number; ok: boolean } };
    expect(btc.rows).toBe(20111);
    expect(btc.quality.zeroVolumeCount).toBe(28);
    expect(btc.quality.ok).toBe(true);
    const orcl = await run(['data', 'inspect', join(dataDir, 'ORCL_1d.csv')]);
    expect(orcl).toContain('quality: OK (weekdays calendar)');
    expect(orcl).toContain('2001-09-11 .. 2001-09-14 (4 weekdays)');
    expect(orcl).toContain('missing bars: 0');
  });

  describe('corrupted copies are rejected with file:line: reason', () => {
    const lines = existsSync(zec) ? readFileSync(zec, 'utf8').split('\n') : [];
    const corrupt = (name: string, edit: (ls: string[]) => void) => {
      const copy = [...lines];
      edit(copy);
      const p = join(dir, name);
      writeFileSync(p, copy.join('\n'));
      return p;
    };
    it('a letter in a price', async () => {
      const p = corrupt('letter.csv', (ls) => {
        ls[41] = ls[41]!.replace(/,(0\.0)(\d)/, ',$1O$2');
      });
      await expect(run(['data', 'inspect', p])).rejects.toThrow(`${p}:42: unreadable open (value seen "0.0O`);
    });
    it('a swapped high/low', async () => {
      const p = corrupt('swapped.csv', (ls) => {
        const f = ls[1000]!.split(',');
        [f[2], f[3]] = [f[3]!, f[2]!];
        ls[1000] = f.join(',');
      });
      await expect(run(['data', 'inspect', p])).rejects.toThrow(new RegExp(`swapped\\.csv:1001: high is below low \\(value seen "[0-9.]+", expected >= low`));
    });
    it('a repeated timestamp', async () => {
      const p = corrupt('repeated.csv', (ls) => {
        ls[2001] = ls[2000]!;
      });
      await expect(run(['data', 'inspect', p])).rejects.toThrow(/repeated\.csv:2002: repeated timestamp \(value seen "2018-01-17T03:30:00Z"/);
      const lenient = await run(['data', 'inspect', p, '--lenient']);
      expect(lenient).toContain('rows: 5756 (1 bad lines skipped)');
      expect(lenient).toContain('repeated.csv:2002: repeated timestamp');
    });
    it('the real bot process exits non-zero and prints "bot: file:line: reason"', () => {
      const p = corrupt('exit.csv', (ls) => {
        ls[9] = ls[9]!.replace(/,(0\.0)(\d)/, ',$1x$2');
      });
      // Runs the CLI entry from sources (tsx + path mapping), so no build is needed.
      const r = spawnSync('pnpm', ['exec', 'tsx', '--tsconfig', 'apps/cli/test/tsconfig.sources.json', 'apps/cli/src/bot.ts', 'data', 'inspect', p], {
        cwd: monorepoRoot,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`bot: ${p}:10: unreadable open (value seen "0.0x`);
      expect(r.stdout).toBe('');
    });
  });
});

describe('bot data generate / resample', () => {
  it('generate: same seed => same bytes; resample flags the partial last bar', async () => {
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    const msg = await run(['data', 'generate', '--seed', '42', '--bars', '1000', '--timeframe', '5m', '--start', '2024-01-01T00:00:00Z', '--model', 'regime', '--out', a]);
    expect(msg).toContain('generated 1000 5m bars of SYN/USD (regime, seed 42) 2024-01-01T00:00:00Z .. 2024-01-04T11:15:00Z');
    await run(['data', 'generate', '--seed', '42', '--bars', '1000', '--timeframe', '5m', '--start', '2024-01-01T00:00:00Z', '--model', 'regime', '--out', b]);
    const hash = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
    expect(hash(a)).toBe(hash(b));
    const h = join(dir, 'h.csv');
    const text = await run(['data', 'resample', '--in', a, '--timeframe', '1h', '--out', h]);
    // 1000 bars of 5m = 83 full hours + 4 bars: the 84th hour is partial.
    expect(text).toContain('1000 5m bars -> 84 1h bars');
    expect(text).toContain('last bar is partial');
    const dropped = await run(['data', 'resample', '--in', a, '--timeframe', '1h', '--out', h, '--drop-partial']);
    expect(dropped).toContain('-> 83 1h bars');
    await expect(run(['data', 'resample', '--in', a, '--timeframe', '7m', '--out', h])).rejects.toThrow(/whole multiple/);
    await expect(run(['data', 'generate', '--seed', 'x', '--bars', '10', '--out', h])).rejects.toThrow(/--seed must be an integer, got x/);
  });
});

describe('bot data fetch (against the fake Binance through the test-only URL override)', () => {
  let fake: FakeBinance;
  const T0 = Date.UTC(2024, 0, 1);
  beforeAll(async () => {
    fake = await FakeBinance.start();
    fake.addMarket({ symbol: 'ETH/USDT' });
    fake.setKlines('ETH/USDT', '1h', Array.from({ length: 1500 }, (_, i) => [T0 + i * 3_600_000, 2000 + i, 2001 + i, 1999 + i, 2000.5 + i, 3 + i] as const));
    process.env[EXCHANGE_URL_OVERRIDE_ENV] = fake.httpUrl;
  });
  afterAll(async () => {
    delete process.env[EXCHANGE_URL_OVERRIDE_ENV];
    await fake.server.close();
  });

  it('downloads the range page by page into a CSV that loads back exactly', async () => {
    const outFile = join(dir, 'eth.csv');
    const text = await run(['data', 'fetch', '--exchange', 'binance', '--symbol', 'ETH/USDT', '--timeframe', '1h', '--since', '2024-01-01', '--until', '2024-02-15T00:00:00Z', '--out', outFile, '--no-progress']);
    expect(text).toContain('binance ETH/USDT 1h: 1080 bars 2024-01-01T00:00:00Z .. 2024-02-14T23:00:00Z');
    expect(fake.server.requestsTo('/api/v3/klines').length).toBe(2);
    const rows = readFileSync(outFile, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('timestamp,open,high,low,close,volume');
    expect(rows[1]).toBe('2024-01-01T00:00:00Z,2000,2001,1999,2000.5,3');
    expect(rows).toHaveLength(1081);
  });

  it('an unknown exchange id or a non-local override is a clear error', async () => {
    await expect(run(['data', 'fetch', '--exchange', 'nope', '--symbol', 'ETH/USDT', '--timeframe', '1h', '--since', '2024-01-01', '--out', join(dir, 'x.csv')])).rejects.toThrow(/unknown exchange "nope"/);
    process.env[EXCHANGE_URL_OVERRIDE_ENV] = 'http://example.com';
    try {
      await expect(run(['data', 'fetch', '--exchange', 'binance', '--symbol', 'ETH/USDT', '--timeframe', '1h', '--since', '2024-01-01', '--out', join(dir, 'x.csv')])).rejects.toThrow(/must be a local/);
    } finally {
      process.env[EXCHANGE_URL_OVERRIDE_ENV] = fake.httpUrl;
    }
  });
});
