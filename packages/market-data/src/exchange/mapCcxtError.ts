import { BotError, type ErrorCode, isBotError } from '@bot/core-types';
import {
  AuthenticationError,
  BadRequest,
  BadSymbol,
  DDoSProtection,
  ExchangeError,
  ExchangeNotAvailable,
  NetworkError,
  PermissionDenied,
  RateLimitExceeded,
  RequestTimeout,
} from 'ccxt';

/**
 * Maps a ccxt error into the @bot error family, keeping the original as `cause`:
 *
 * | ccxt                                     | code                   | retryable |
 * |------------------------------------------|------------------------|-----------|
 * | RateLimitExceeded, DDoSProtection (429/418) | `RATE_LIMIT`        | yes       |
 * | RequestTimeout                           | `TIMEOUT`              | yes       |
 * | ExchangeNotAvailable, OnMaintenance (5xx)| `EXCHANGE_UNAVAILABLE` | yes       |
 * | other NetworkError (connection reset...) | `NETWORK`              | yes       |
 * | BadSymbol                                | `BAD_SYMBOL`           | no        |
 * | AuthenticationError, PermissionDenied    | `AUTH`                 | no        |
 * | BadRequest and other ExchangeError       | `EXCHANGE`             | no        |
 *
 * A `BotError` passes through unchanged; anything else becomes `INTERNAL`.
 *
 * @example `throw mapCcxtError(e, 'binance fetchOHLCV BTC/USDT')`
 */
export function mapCcxtError(error: unknown, context: string): BotError {
  if (isBotError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  let code: ErrorCode = 'INTERNAL';
  // Order matters: the specific subclasses before their NetworkError / ExchangeError parents.
  if (error instanceof RateLimitExceeded || error instanceof DDoSProtection) code = 'RATE_LIMIT';
  else if (error instanceof RequestTimeout) code = 'TIMEOUT';
  else if (error instanceof ExchangeNotAvailable) code = 'EXCHANGE_UNAVAILABLE';
  else if (error instanceof NetworkError) code = 'NETWORK';
  else if (error instanceof BadSymbol) code = 'BAD_SYMBOL';
  else if (error instanceof AuthenticationError || error instanceof PermissionDenied) code = 'AUTH';
  else if (error instanceof BadRequest || error instanceof ExchangeError) code = 'EXCHANGE';
  const name = error instanceof Error ? error.constructor.name : typeof error;
  return new BotError(code, `${context}: ${name}: ${truncate(message)}`, { cause: error, details: { ccxtError: name } });
}

function truncate(s: string, max = 300): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
