import { readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import { BotError, describeValue } from '@bot/core-types';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { engineConfigSchema, type EngineConfig } from './engineConfigSchema.js';

/** Keys that would hold secrets. Credentials come only from the environment. */
const SECRET_KEYS = /^(api[-_]?key|secret|api[-_]?secret|password|passphrase|private[-_]?key|token|uid)$/i;

/** Hints shown after a validation error, by the first path segment. */
const FIXES: Record<string, string> = {
  mode: 'set mode to paper (simulated venue) or live (real exchange; needs --live and a confirmation)',
  account: 'give account.currency (e.g. USD) and account.initialCash as a decimal string such as "100000"',
  instruments: 'list every traded symbol with tickSize and lotSize, e.g. { symbol: BTC/USDT, tickSize: "0.01", lotSize: "0.00001" }',
  feed: 'use feed: { type: replay, file: bars.csv, symbol: BTC/USDT, speed: 0 } or { type: ccxt, exchange: binance, symbols: [BTC/USDT], timeframe: 1m }',
  strategies: 'list strategies as { name: sma-cross, symbols: [BTC/USDT], params: { fast: 10, slow: 30 } }',
  sizing: 'use sizing: all-in, { type: fixed, quantity: "0.1" } or { type: fraction, fraction: 0.5 }',
  venue: 'venue takes fill (next-open|close), slippageBps, latencyMs, maxVolumeParticipation',
  live: 'add live: { exchange: binance } for live mode',
  audit: 'audit takes file, fsync (always|batched), postgresUrlEnv and hmacKeyEnv (names of environment variables)',
  killSwitch: 'killSwitch takes backend (simulated|gpio), action, heartbeatTimeoutMs, cooldownMs and pins',
  http: 'http takes host and port',
};

/** The engine configuration file is invalid; the message names the file, the field, the value and the fix. */
export class EngineConfigError extends BotError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('CONFIG', message, options);
    this.name = 'EngineConfigError';
  }
}

function findSecrets(value: unknown, path: string[] = []): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
    const here = [...path, k];
    return SECRET_KEYS.test(k) ? [here.join('.')] : findSecrets(v, here);
  });
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function formatIssues(source: string, raw: unknown, issues: readonly z.core.$ZodIssue[]): string {
  const lines = issues.slice(0, 10).map((issue) => {
    const path = issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.');
    const seen = valueAt(raw, issue.path);
    const fix = FIXES[String(issue.path[0] ?? '')];
    return `${source}: ${path}: ${issue.message} (value seen ${describeValue(seen)})${fix ? `\n  fix: ${fix}` : ''}`;
  });
  if (issues.length > 10) lines.push(`... and ${issues.length - 10} more problems`);
  return lines.join('\n');
}

/**
 * Parses and validates an engine configuration from text (JSON or YAML, by `source`'s extension; YAML is a JSON
 * superset so `.json` is parsed strictly as JSON). Relative paths inside (feed file, audit file, state dir, risk file)
 * are resolved against the config file's directory.
 *
 * @throws EngineConfigError (code `CONFIG`) naming the file, each bad field, the value seen and the fix; also when
 *   the file contains credentials (`apiKey`, `secret`, `password`, ...): those come only from the environment.
 */
export function parseEngineConfig(text: string, source: string): EngineConfig {
  let raw: unknown;
  try {
    raw = extname(source).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (cause) {
    throw new EngineConfigError(`${source}: not valid ${extname(source) === '.json' ? 'JSON' : 'YAML'}: ${(cause as Error).message}`, { cause });
  }
  const secrets = findSecrets(raw);
  if (secrets.length > 0) {
    throw new EngineConfigError(
      `${source}: ${secrets.join(', ')}: credentials must not be in the config file\n  fix: remove them and set BOT_<EXCHANGE>_API_KEY / BOT_<EXCHANGE>_SECRET (e.g. BOT_BINANCE_API_KEY) in the environment`,
    );
  }
  const result = engineConfigSchema.safeParse(raw);
  if (!result.success) throw new EngineConfigError(formatIssues(source, raw, result.error.issues));
  const base = dirname(resolve(source));
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const config = result.data;
  return {
    ...config,
    stateDir: abs(config.stateDir),
    feed: config.feed.type === 'replay' ? { ...config.feed, file: abs(config.feed.file) } : config.feed,
    audit: { ...config.audit, ...(config.audit.file === undefined ? {} : { file: abs(config.audit.file) }) },
    ...(typeof config.risk === 'string' ? { risk: abs(config.risk) } : {}),
  };
}

/** Reads and validates an engine configuration file. @throws EngineConfigError. */
export function loadEngineConfig(path: string): EngineConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new EngineConfigError(`${path}: cannot read the config file: ${(cause as Error).message}`, { cause });
  }
  return parseEngineConfig(text, path);
}

/** Exchange credentials from the environment: `BOT_<EXCHANGE>_API_KEY`, `BOT_<EXCHANGE>_SECRET`, optional `_PASSWORD`. */
export function credentialsFromEnv(
  exchange: string,
  env: NodeJS.ProcessEnv,
): { apiKey: string; secret: string; password?: string } {
  const prefix = `BOT_${exchange.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  const apiKey = env[`${prefix}_API_KEY`];
  const secret = env[`${prefix}_SECRET`];
  if (!apiKey || !secret) {
    throw new EngineConfigError(`live trading on ${exchange} needs ${prefix}_API_KEY and ${prefix}_SECRET in the environment`);
  }
  const password = env[`${prefix}_PASSWORD`];
  return password ? { apiKey, secret, password } : { apiKey, secret };
}
