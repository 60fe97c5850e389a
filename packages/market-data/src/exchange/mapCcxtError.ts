import { BotError, type ErrorCode, errorClassNames, isBotError } from '@bot/core-types';

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
  // By class name along the prototype chain (see errorClassNames in @bot/core-types); the specific subclasses before their parents.
  const is = errorClassNames(error);
  if (is.has('RateLimitExceeded') || is.has('DDoSProtection')) code = 'RATE_LIMIT';
  else if (is.has('RequestTimeout')) code = 'TIMEOUT';
  else if (is.has('ExchangeNotAvailable')) code = 'EXCHANGE_UNAVAILABLE';
  else if (is.has('NetworkError')) code = 'NETWORK';
  else if (is.has('BadSymbol')) code = 'BAD_SYMBOL';
  else if (is.has('AuthenticationError') || is.has('PermissionDenied')) code = 'AUTH';
  else if (is.has('BadRequest') || is.has('ExchangeError')) code = 'EXCHANGE';
  const name = error instanceof Error ? error.constructor.name : typeof error;
  return new BotError(code, `${context}: ${name}: ${truncate(message)}`, { cause: error, details: { ccxtError: name } });
}

function truncate(s: string, max = 300): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
