import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { credentialsFromEnv, EngineConfigError, loadEngineConfig, parseEngineConfig } from './loadEngineConfig.js';

const valid = `
mode: paper
account: { currency: USD, initialCash: "100000" }
instruments:
  - { symbol: BTC/USD, tickSize: "0.01", lotSize: "0.0001", takerFee: "0.001" }
feed: { type: replay, file: bars.csv, symbol: BTC/USD, speed: 0 }
strategies:
  - { name: sma-cross, symbols: [BTC/USD], params: { fast: 10, slow: 30 } }
`;

describe('parseEngineConfig', () => {
  it('accepts a minimal YAML config, fills defaults and resolves paths against the file', () => {
    const config = parseEngineConfig(valid, '/etc/bot/engine.yaml');
    expect(config.mode).toBe('paper');
    expect(config.sizing).toBe('all-in');
    expect(config.venue).toEqual({ fill: 'next-open', slippageBps: 0, latencyMs: 0 });
    expect(config.killSwitch.backend).toBe('simulated');
    expect(config.http).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(config.feed).toMatchObject({ type: 'replay', file: '/etc/bot/bars.csv' });
    expect(config.stateDir).toBe('/etc/bot/state');
    expect(config.shutdown.openOrders).toBe('cancel');
  });

  it('accepts the same config as JSON', () => {
    const json = JSON.stringify({
      mode: 'paper',
      account: { currency: 'USD', initialCash: 1000 },
      instruments: [{ symbol: 'BTC/USD', tickSize: '0.01', lotSize: '0.0001' }],
      feed: { type: 'replay', file: 'x.csv', symbol: 'BTC/USD' },
      strategies: [{ name: 'sma-cross', symbols: ['BTC/USD'] }],
    });
    expect(parseEngineConfig(json, 'c.json').feed.type).toBe('replay');
  });

  it('names the file, field, value seen and the fix for a bad field', () => {
    const bad = valid.replace('speed: 0', 'speed: fast');
    expect(() => parseEngineConfig(bad, 'engine.yaml')).toThrow(EngineConfigError);
    try {
      parseEngineConfig(bad, 'engine.yaml');
    } catch (e) {
      const message = (e as Error).message;
      expect(message).toContain('engine.yaml: feed.speed:');
      expect(message).toContain('value seen "fast"');
      expect(message).toContain('fix: use feed:');
      expect((e as EngineConfigError).code).toBe('CONFIG');
    }
  });

  it('rejects unknown fields (a typo never silently runs a default)', () => {
    expect(() => parseEngineConfig(valid + 'sizng: all-in\n', 'engine.yaml')).toThrow(/sizng/);
  });

  it('rejects symbols that have no instrument', () => {
    const bad = valid.replace('symbols: [BTC/USD]', 'symbols: [ETH/USD]');
    expect(() => parseEngineConfig(bad, 'engine.yaml')).toThrow(/strategies\.0\.symbols\.0: symbol ETH\/USD has no entry in instruments/);
  });

  it('refuses credentials in the file and says where they belong', () => {
    const bad = `${valid}live: { exchange: binance, apiKey: abc }\n`;
    expect(() => parseEngineConfig(bad, 'engine.yaml')).toThrow(/live\.apiKey: credentials must not be in the config file[\s\S]*BOT_BINANCE_API_KEY/);
  });

  it('requires a live section in live mode', () => {
    expect(() => parseEngineConfig(valid.replace('mode: paper', 'mode: live'), 'e.yaml')).toThrow(/live: live mode needs a live section/);
  });

  it('reports malformed YAML with the file name', () => {
    expect(() => parseEngineConfig('mode: [paper', 'e.yaml')).toThrow(/^e\.yaml: not valid YAML/);
  });

  it('loads from disk and reports unreadable files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bot-config-'));
    writeFileSync(join(dir, 'engine.yaml'), valid);
    expect(loadEngineConfig(join(dir, 'engine.yaml')).feed).toMatchObject({ file: join(dir, 'bars.csv') });
    expect(() => loadEngineConfig(join(dir, 'missing.yaml'))).toThrow(/missing\.yaml: cannot read the config file/);
  });
});

describe('credentialsFromEnv', () => {
  it('reads BOT_<EXCHANGE>_API_KEY/SECRET and fails clearly without them', () => {
    expect(credentialsFromEnv('binance', { BOT_BINANCE_API_KEY: 'k', BOT_BINANCE_SECRET: 's' })).toEqual({ apiKey: 'k', secret: 's' });
    expect(() => credentialsFromEnv('binance', {})).toThrow(/BOT_BINANCE_API_KEY and BOT_BINANCE_SECRET/);
  });
});
