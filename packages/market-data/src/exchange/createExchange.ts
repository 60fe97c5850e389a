import { createRequire } from 'node:module';
import { BotError } from '@bot/core-types';
import type { Exchange } from 'ccxt';
import type ccxtNamespace from 'ccxt';

type CcxtModule = typeof ccxtNamespace;
let ccxtModule: CcxtModule | undefined;

/**
 * Loads ccxt on first use (it costs ~0.5 s of CPU), from the ESM or the CommonJS build of this package: `__filename`
 * exists only in the CommonJS build, `import.meta.url` only in the ESM one.
 */
function loadCcxt(): CcxtModule {
  if (ccxtModule === undefined) {
    const base = typeof __filename === 'string' ? __filename : import.meta.url;
    const mod = createRequire(base)('ccxt') as CcxtModule & { default?: CcxtModule };
    ccxtModule = Array.isArray(mod.exchanges) ? mod : mod.default!;
  }
  return ccxtModule;
}

/** Options of {@link createExchange}. */
export interface CreateExchangeOptions {
  /** Use the ccxt pro (WebSocket-capable) class, needed for the live `watch*` streams. Default false. */
  readonly pro?: boolean;
  /** Passed to the ccxt constructor (apiKey, secret, timeout, enableRateLimit, options...). */
  readonly config?: Readonly<Record<string, unknown>>;
}

/**
 * Creates a ccxt exchange by id (`binance`, `kraken`, `coinbase`, ... any of `ccxt.exchanges`), so callers need not
 * depend on ccxt themselves. ccxt's own throttler is off unless `config.enableRateLimit` is set, because the history
 * functions space requests on the injected clock.
 *
 * @throws BotError `CONFIG` for an unknown id (or one without a pro class when `pro` is set).
 * @example `const ex = createExchange('binance', { pro: true })`
 */
export function createExchange(id: string, options: CreateExchangeOptions = {}): Exchange {
  const ccxt = loadCcxt();
  const registry = (options.pro ? ccxt.pro : ccxt) as unknown as Record<string, unknown>;
  const ctor = registry[id];
  if (!(ccxt.exchanges as string[]).includes(id) || typeof ctor !== 'function') {
    throw new BotError('CONFIG', `unknown ${options.pro ? 'ccxt pro ' : ''}exchange "${id}" (expected a ccxt exchange id such as binance, kraken, coinbase)`);
  }
  return new (ctor as new (config: object) => Exchange)({ enableRateLimit: false, ...options.config });
}
