import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LIVE_CONFIRM_FLAG, setLiveConfirmIo, type LiveConfirmIo } from '../src/commands/engine.js';
import { runBot } from './runBot.js';

function liveConfig(mode = 'live'): string {
  const dir = mkdtempSync(join(tmpdir(), 'bot-cli-live-'));
  const config = join(dir, 'engine.yaml');
  writeFileSync(
    config,
    `mode: ${mode}
live: { exchange: binance }
account: { currency: USDT, initialCash: "1000" }
instruments: [{ symbol: BTC/USDT, tickSize: "0.01", lotSize: "0.00001" }]
feed: { type: ccxt, exchange: binance, symbols: [BTC/USDT], timeframe: 1m }
strategies: [{ name: sma-cross, symbols: [BTC/USDT], params: { fast: 5, slow: 20 } }]
http: { port: 0 }
stateDir: state
`,
  );
  return config;
}

let previous: LiveConfirmIo | undefined;
afterEach(() => {
  if (previous !== undefined) setLiveConfirmIo(previous);
  previous = undefined;
});

describe('bot live refuses without an explicit flag and a confirmation (nothing is started)', () => {
  it('without --live', async () => {
    previous = setLiveConfirmIo({ isTTY: true, ask: () => Promise.reject(new Error('must not ask')) });
    await expect(runBot(['live', '--config', liveConfig()])).rejects.toThrow(/add --live/);
  });

  it('with --live but no terminal and no confirmation flag', async () => {
    previous = setLiveConfirmIo({ isTTY: false, ask: () => Promise.reject(new Error('must not ask')) });
    await expect(runBot(['live', '--config', liveConfig(), '--live'])).rejects.toThrow(new RegExp(`pass ${LIVE_CONFIRM_FLAG}`));
  });

  it('on a terminal, when the typed exchange id does not match', async () => {
    const asked: string[] = [];
    previous = setLiveConfirmIo({ isTTY: true, ask: (q) => (asked.push(q), Promise.resolve('binanc')) });
    await expect(runBot(['live', '--config', liveConfig(), '--live'])).rejects.toThrow(/not confirmed \(typed "binanc", expected "binance"\)/);
    expect(asked[0]).toMatch(/REAL MONEY on binance/);
  });

  it('a paper config through bot live, and confirmed live without credentials (refused before any order)', async () => {
    previous = setLiveConfirmIo({ isTTY: false, ask: () => Promise.reject(new Error('must not ask')) });
    await expect(runBot(['live', '--config', liveConfig('paper'), '--live', LIVE_CONFIRM_FLAG])).rejects.toThrow(/bot live` runs only a config with mode: live/);
    const saved = { key: process.env['BOT_BINANCE_API_KEY'], secret: process.env['BOT_BINANCE_SECRET'] };
    delete process.env['BOT_BINANCE_API_KEY'];
    delete process.env['BOT_BINANCE_SECRET'];
    try {
      await expect(runBot(['live', '--config', liveConfig(), '--live', LIVE_CONFIRM_FLAG])).rejects.toThrow(/BOT_BINANCE_API_KEY and BOT_BINANCE_SECRET/);
    } finally {
      if (saved.key !== undefined) process.env['BOT_BINANCE_API_KEY'] = saved.key;
      if (saved.secret !== undefined) process.env['BOT_BINANCE_SECRET'] = saved.secret;
    }
  });

  it('bot paper refuses a live config', async () => {
    await expect(runBot(['paper', '--config', liveConfig()])).rejects.toThrow(/mode is live; run it with `bot live`/);
  });
});
