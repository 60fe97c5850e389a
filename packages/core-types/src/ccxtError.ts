import { BotError, type ErrorCode, errorClassNames, isBotError } from './errors.js';

/**
 * Maps a ccxt error into the @bot error family. The original error stays as `cause`. The exchange's own message,
 * e.g. Binance's `{"code":-2010,"msg":"..."}`, is kept in `details.exchangeMessage`.
 *
 * | ccxt                                          | code                   | retryable | outcome for an order      |
 * |-----------------------------------------------|------------------------|-----------|---------------------------|
 * | RateLimitExceeded, DDoSProtection (429/418)   | `RATE_LIMIT`           | yes       | refused, safe to resend   |
 * | RequestTimeout                                | `TIMEOUT`              | yes       | ambiguous: look it up     |
 * | ExchangeNotAvailable, OnMaintenance (5xx)     | `EXCHANGE_UNAVAILABLE` | yes       | ambiguous: look it up     |
 * | other NetworkError (connection reset...)      | `NETWORK`              | yes       | ambiguous: look it up     |
 * | OrderNotFound                                 | `ORDER_NOT_FOUND`      | no        |                           |
 * | InsufficientFunds                             | `INSUFFICIENT_FUNDS`   | no        | rejected                  |
 * | InvalidOrder (filter failures...)             | `ORDER_REJECTED`       | no        | rejected                  |
 * | BadSymbol                                     | `BAD_SYMBOL`           | no        | rejected                  |
 * | AuthenticationError, PermissionDenied         | `AUTH`                 | no        | rejected                  |
 * | BadRequest and other ExchangeError            | `EXCHANGE`             | no        | rejected                  |
 *
 * Classes are recognised by name along the prototype chain ({@link errorClassNames}), so ccxt is never loaded
 * here and any copy of it (ESM or CommonJS build) works. A `BotError` passes through unchanged; anything else
 * becomes `INTERNAL`. `@bot/market-data` exports this as `mapCcxtError` and `@bot/execution` as `mapVenueError`.
 *
 * @example `throw mapCcxtError(e, 'binance fetchOHLCV BTC/USDT')`
 */
export function mapCcxtError(error: unknown, context: string): BotError {
  if (isBotError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  let code: ErrorCode = 'INTERNAL';
  // the specific subclasses before their NetworkError / ExchangeError parents
  const is = errorClassNames(error);
  if (is.has('RateLimitExceeded') || is.has('DDoSProtection')) code = 'RATE_LIMIT';
  else if (is.has('RequestTimeout')) code = 'TIMEOUT';
  else if (is.has('ExchangeNotAvailable')) code = 'EXCHANGE_UNAVAILABLE';
  else if (is.has('NetworkError')) code = 'NETWORK';
  else if (is.has('OrderNotFound')) code = 'ORDER_NOT_FOUND';
  else if (is.has('InsufficientFunds')) code = 'INSUFFICIENT_FUNDS';
  else if (is.has('InvalidOrder')) code = 'ORDER_REJECTED';
  else if (is.has('BadSymbol')) code = 'BAD_SYMBOL';
  else if (is.has('AuthenticationError') || is.has('PermissionDenied')) code = 'AUTH';
  else if (is.has('BadRequest') || is.has('ExchangeError')) code = 'EXCHANGE';
  const name = error instanceof Error ? error.constructor.name : typeof error;
  const exchangeMessage = exchangeMessageOf(message) ?? plainExchangeMessage(message);
  return new BotError(code, `${context}: ${name}: ${truncate(message)}`, {
    cause: error,
    details: { ccxtError: name, ...(exchangeMessage === undefined ? {} : { exchangeMessage }) },
  });
}

/**
 * The exchange's own error text inside a ccxt message, e.g. `binance {"code":-2010,"msg":"Account has insufficient
 * balance for requested action."}` -> `Account has insufficient balance for requested action. (code -2010)`.
 * Undefined when the message carries no `{code, msg}` JSON.
 */
export function exchangeMessageOf(message: string): string | undefined {
  const start = message.indexOf('{');
  if (start < 0) return undefined;
  try {
    const json = JSON.parse(message.slice(start)) as { code?: unknown; msg?: unknown };
    if (typeof json.msg !== 'string') return undefined;
    return json.code === undefined ? json.msg : `${json.msg} (code ${String(json.code)})`;
  } catch {
    return undefined;
  }
}

/** ccxt's `<exchange id> <text>` messages without JSON: the text. */
function plainExchangeMessage(message: string): string | undefined {
  const m = /^[a-z0-9]+ (.+)$/s.exec(message);
  return m === null || m[1]!.startsWith('{') ? undefined : m[1];
}

function truncate(s: string, max = 300): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
