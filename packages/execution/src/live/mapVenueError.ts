import { type BotError, mapCcxtError } from '@bot/core-types';

export { exchangeMessageOf } from '@bot/core-types';

/**
 * Maps a ccxt error from an order call into the @bot error family: core-types' `mapCcxtError` (the table of
 * classes, codes and order outcomes is there).
 *
 * @example `throw mapVenueError(e, 'binance createOrder BTC/USDT')`
 */
export const mapVenueError: (error: unknown, context: string) => BotError = mapCcxtError;

/** True when a failed call may have been applied by the venue anyway (timeouts, connection faults, 5xx). */
export function isAmbiguousFailure(error: BotError): boolean {
  return error.code === 'TIMEOUT' || error.code === 'NETWORK' || error.code === 'EXCHANGE_UNAVAILABLE';
}
