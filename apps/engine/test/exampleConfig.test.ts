import { join } from 'node:path';
import { parseRiskGateConfig } from '@bot/risk';
import { describe, expect, it } from 'vitest';
import { loadEngineConfig } from '../src/config/loadEngineConfig.js';

describe('examples/paper.yaml (the README example)', () => {
  it('is a valid engine configuration with a valid risk section', () => {
    const config = loadEngineConfig(join(__dirname, '..', 'examples', 'paper.yaml'));
    expect(config).toMatchObject({ mode: 'paper', feed: { type: 'replay', speed: 3600 }, sizing: 'all-in' });
    expect(config.feed.type === 'replay' && config.feed.file.endsWith('demo-output/bars.csv')).toBe(true);
    expect(() => parseRiskGateConfig(config.risk, 'examples/paper.yaml: risk')).not.toThrow();
  });
});

describe('examples/live.yaml', () => {
  it('is a valid live configuration (sandbox by default) with a valid risk section including the venue-errors breaker', () => {
    const config = loadEngineConfig(join(__dirname, '..', 'examples', 'live.yaml'));
    expect(config).toMatchObject({ mode: 'live', live: { exchange: 'binance', sandbox: true, unknownOrders: 'adopt' }, feed: { type: 'ccxt', timeframe: '1m' } });
    const risk = parseRiskGateConfig(config.risk, 'examples/live.yaml: risk');
    expect(risk.breakers?.venueErrors).toMatchObject({ maxConsecutive: 5, mode: 'pause' });
  });
});
