import { BotError } from '@bot/core-types';
import { createExchange, redirectExchangeUrls } from '@bot/market-data';
import type { Exchange } from 'ccxt';

/**
 * Test-only: when set in the engine's environment (e.g. `http://127.0.0.1:8080`), every REST and WebSocket request
 * of the engine's exchanges goes to this local server (the fake exchange) instead. Only `http://127.0.0.1` and
 * `http://localhost` are accepted. Same variable as `bot data fetch`; deliberately not a documented user feature.
 */
export const EXCHANGE_URL_OVERRIDE_ENV = 'BOT_EXCHANGE_URL_OVERRIDE';

/** Options of {@link openExchange}. */
export interface OpenExchangeOptions {
  /** API credentials (live venue only; never logged). */
  readonly credentials?: { readonly apiKey: string; readonly secret: string; readonly password?: string };
  /** Use the exchange's sandbox/testnet URLs. */
  readonly sandbox?: boolean;
  /** Request timeout (ms; default ccxt's 10 000). */
  readonly timeoutMs?: number;
  /** Environment read for {@link EXCHANGE_URL_OVERRIDE_ENV}. */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * A ccxt pro exchange for the engine: credentials from the caller (which reads them from the environment),
 * sandbox mode on request, and the test-only local URL override.
 * @throws BotError `CONFIG` for an unknown exchange id or an override URL that is not a local http URL.
 */
export function openExchange(id: string, options: OpenExchangeOptions): Exchange {
  const override = options.env[EXCHANGE_URL_OVERRIDE_ENV];
  let base: URL | undefined;
  if (override !== undefined && override !== '') {
    try {
      base = new URL(override);
    } catch {
      base = undefined;
    }
    if (base === undefined || base.protocol !== 'http:' || !['127.0.0.1', 'localhost'].includes(base.hostname)) {
      throw new BotError('CONFIG', `${EXCHANGE_URL_OVERRIDE_ENV} must be http://127.0.0.1:<port> or http://localhost:<port> (value seen ${JSON.stringify(override)})`);
    }
  }
  const exchange = createExchange(id, {
    pro: true,
    config: {
      ...(options.credentials ?? {}),
      // ccxt's own throttler against real exchanges; a local fake has no rate limit to respect
      enableRateLimit: base === undefined,
      ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
      // local fake servers list spot markets only and have no currency/margin endpoints
      ...(base === undefined ? {} : { options: { fetchCurrencies: false, fetchMargins: false, fetchMarkets: { types: ['spot'] }, warnOnFetchOpenOrdersWithoutSymbol: false } }),
    },
  });
  if (options.sandbox === true) exchange.setSandboxMode(true);
  if (base !== undefined) redirectExchangeUrls(exchange as unknown as { urls: Record<string, unknown> }, base.origin);
  return exchange;
}
