import { createHash } from 'node:crypto';
import type { EngineConfig } from '../config/engineConfigSchema.js';

/** JSON with object keys sorted, so the fingerprint does not depend on key order in the file. */
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${sortedJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * SHA-256 of everything that decides what the engine trades: mode, account, instruments, strategies, sizing, venue
 * settings, the risk configuration (its content, not its path) and the feed's market identity. Not included: where
 * files live, replay speed, HTTP, logging, the kill switch hardware. A trail recorded under another fingerprint
 * cannot be replayed into the same state, so recovery refuses it.
 */
export function configFingerprint(config: EngineConfig, riskContent: unknown): string {
  const feed =
    config.feed.type === 'replay'
      ? { type: 'replay', symbol: config.feed.symbol, timeframe: config.feed.timeframe ?? null }
      : { type: 'ccxt', exchange: config.feed.exchange, symbols: config.feed.symbols, timeframe: config.feed.timeframe };
  const relevant = {
    mode: config.mode,
    account: config.account,
    instruments: config.instruments,
    strategies: config.strategies,
    sizing: config.sizing,
    venue: config.venue,
    risk: riskContent ?? null,
    feed,
    live: config.live === undefined ? null : { exchange: config.live.exchange, sandbox: config.live.sandbox },
  };
  return createHash('sha256').update(sortedJson(relevant)).digest('hex');
}
