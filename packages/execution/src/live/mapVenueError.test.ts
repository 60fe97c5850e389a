import { BotError, mapCcxtError } from '@bot/core-types';
import { BadSymbol, DDoSProtection, ExchangeNotAvailable, InsufficientFunds, InvalidOrder, NetworkError, OrderNotFound, RateLimitExceeded, RequestTimeout, AuthenticationError, ExchangeError } from 'ccxt';
import { describe, expect, it } from 'vitest';
import { exchangeMessageOf, isAmbiguousFailure, mapVenueError } from './mapVenueError.js';

describe('mapVenueError', () => {
  it.each([
    [new RateLimitExceeded('binance 429'), 'RATE_LIMIT', true, false],
    [new DDoSProtection('binance 418'), 'RATE_LIMIT', true, false],
    [new RequestTimeout('binance POST timed out'), 'TIMEOUT', true, true],
    [new ExchangeNotAvailable('binance 503'), 'EXCHANGE_UNAVAILABLE', true, true],
    [new NetworkError('socket hang up'), 'NETWORK', true, true],
    [new OrderNotFound('binance {"code":-2013,"msg":"Order does not exist."}'), 'ORDER_NOT_FOUND', false, false],
    [new InsufficientFunds('binance Account has insufficient balance for requested action.'), 'INSUFFICIENT_FUNDS', false, false],
    [new InvalidOrder('binance {"code":-1013,"msg":"Filter failure: LOT_SIZE"}'), 'ORDER_REJECTED', false, false],
    [new BadSymbol('binance does not have market symbol X/Y'), 'BAD_SYMBOL', false, false],
    [new AuthenticationError('binance {"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}'), 'AUTH', false, false],
    [new ExchangeError('binance {"code":-1000,"msg":"unknown"}'), 'EXCHANGE', false, false],
  ] as const)('%s -> %s', (error, code, retryable, ambiguous) => {
    const e = mapVenueError(error, 'ctx');
    expect(e).toBeInstanceOf(BotError);
    expect([e.code, e.retryable, isAmbiguousFailure(e)]).toEqual([code, retryable, ambiguous]);
    expect(e.cause).toBe(error);
    expect(e.message.startsWith('ctx: ')).toBe(true);
  });

  it('keeps the exchange message: JSON {code,msg} or the plain text after the exchange id', () => {
    expect(mapVenueError(new InvalidOrder('binance {"code":-1013,"msg":"Filter failure: LOT_SIZE"}'), 'c').details?.['exchangeMessage']).toBe('Filter failure: LOT_SIZE (code -1013)');
    expect(mapVenueError(new InsufficientFunds('binance Account has insufficient balance for requested action.'), 'c').details?.['exchangeMessage']).toBe(
      'Account has insufficient balance for requested action.',
    );
    expect(exchangeMessageOf('no json here')).toBeUndefined();
  });

  it('passes BotErrors through and turns anything else into INTERNAL', () => {
    const b = new BotError('DATA', 'x');
    expect(mapVenueError(b, 'c')).toBe(b);
    expect(mapVenueError(new TypeError('boom'), 'c').code).toBe('INTERNAL');
  });
});

describe('mapCcxtError (core-types, re-exported by @bot/market-data)', () => {
  it('is the same mapping as mapVenueError: order classes get their own codes on data calls too', () => {
    expect(mapCcxtError).toBe(mapVenueError);
    expect(mapCcxtError(new OrderNotFound('binance {"code":-2013,"msg":"Order does not exist."}'), 'c').details).toEqual({
      ccxtError: 'OrderNotFound',
      exchangeMessage: 'Order does not exist. (code -2013)',
    });
  });
});
