import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBars, writeBarsCsv } from '@bot/market-data';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runBot as run } from './runBot.js';

async function paperConfig(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bot-cli-engine-'));
  await writeBarsCsv(join(dir, 'bars.csv'), generateBars({ seed: 5, bars: 1500, timeframe: '1h', symbol: 'SYN/USD' }));
  const config = join(dir, 'engine.yaml');
  writeFileSync(
    config,
    `mode: paper
account: { currency: USD, initialCash: "10000" }
instruments: [{ symbol: SYN/USD, tickSize: "0.0001", lotSize: "0.0001", takerFee: "0.001" }]
feed: { type: replay, file: bars.csv, symbol: SYN/USD, speed: 1800000 }
strategies: [{ name: sma-cross, symbols: [SYN/USD], params: { fast: 5, slow: 20 } }]
risk: { modes: { cooldownMs: 0 } }
killSwitch: { cooldownMs: 0 }
http: { port: 0 }
stateDir: state
`,
  );
  return config;
}

describe('bot paper / status / kill / reset', () => {
  afterEach(() => vi.restoreAllMocks());

  it('runs a paper replay, reports status, kills and resets it through the control socket', async () => {
    const config = await paperConfig();
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const paper = run(['paper', '--config', config, '--exit-when-done']);
    let status: { tradingMode: string; feed: { eventsProcessed: number } } | undefined;
    for (let i = 0; i < 500 && (status === undefined || status.feed.eventsProcessed < 50); i++) {
      await new Promise((r) => setTimeout(r, 10));
      status = await run(['status', '--config', config, '--json']).then((t) => JSON.parse(t) as typeof status, () => undefined);
    }
    expect(status?.tradingMode).toBe('normal');
    const text = await run(['status', '--config', config]);
    expect(text).toMatch(/^trading mode {2}normal$/m);
    expect(await run(['kill', '--config', config, '--operator', 'alice', '--reason', 'drill'])).toMatch(/trading mode is now emergency/);
    expect(await run(["status", "--config", config])).toMatch(/kill switch {3}triggered \(command: operator:alice: drill\)/);
    expect(await run(['reset', '--config', config, '--operator', 'alice'])).toMatch(/trading mode is now normal/);
    await paper;
    await expect(run(['status', '--config', config])).rejects.toThrow(/no engine is running/);
  }, 60_000);

  it('explains what is missing', async () => {
    await expect(run(['kill', '--operator', 'x'])).rejects.toThrow(/give the engine with --config <file> or --state <dir>/);
    const config = await paperConfig();
    await expect(run(['kill', '--config', config, '--operator', 'x'])).rejects.toThrow(/no engine is running/);
  });
});
