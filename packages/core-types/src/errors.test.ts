import { describe, expect, it } from 'vitest';
import { BotError, InvalidTransitionError, RETRYABLE_CODES, ValidationError, describeValue, formatLocation, isBotError, isRetryable, type ErrorCode } from './errors.js';

describe('BotError', () => {
  it('carries a stable code, a retryable flag from the code, details and an ES2022 cause', () => {
    const cause = new Error('socket hang up');
    const e = new BotError('NETWORK', 'fetchBalances failed', { cause, details: { venue: 'binance' } });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('BotError');
    expect(e.code).toBe('NETWORK');
    expect(e.retryable).toBe(true);
    expect(e.cause).toBe(cause);
    expect(e.details).toEqual({ venue: 'binance' });
    expect(e.message).toBe('fetchBalances failed');
    expect(new BotError('INTERNAL', 'x').cause).toBeUndefined();
  });

  it('retryable defaults: transient network faults only; overridable', () => {
    const transient: ErrorCode[] = ['NETWORK', 'TIMEOUT', 'RATE_LIMIT', 'EXCHANGE_UNAVAILABLE'];
    const terminal: ErrorCode[] = ['VALIDATION', 'INVALID_TRANSITION', 'INVALID_ARGUMENT', 'EXCHANGE', 'AUTH', 'BAD_SYMBOL', 'ORDER_REJECTED', 'INSUFFICIENT_FUNDS', 'ORDER_NOT_FOUND', 'DATA', 'CONFIG', 'INTEGRITY', 'INTERNAL'];
    expect([...RETRYABLE_CODES].sort()).toEqual([...transient].sort());
    for (const c of transient) expect(new BotError(c, 'x').retryable).toBe(true);
    for (const c of terminal) expect(new BotError(c, 'x').retryable).toBe(false);
    expect(new BotError('EXCHANGE', 'maintenance', { retryable: true }).retryable).toBe(true);
    expect(new BotError('NETWORK', 'bad url', { retryable: false }).retryable).toBe(false);
  });

  it('guards', () => {
    expect(isBotError(new BotError('DATA', 'gap'))).toBe(true);
    expect(isBotError(new Error('x'))).toBe(false);
    expect(isBotError('x')).toBe(false);
    expect(isRetryable(new BotError('RATE_LIMIT', '429'))).toBe(true);
    expect(isRetryable(new BotError('AUTH', '401'))).toBe(false);
    expect(isRetryable(new Error('x'))).toBe(false);
  });
});

describe('ValidationError', () => {
  it('names the field, the value seen and what was expected, with file:line', () => {
    const e = new ValidationError('high', 9.5, '>= low 10', { location: { source: 'data.csv', line: 17 }, reason: 'high is below low' });
    expect(e).toBeInstanceOf(BotError);
    expect(e.name).toBe('ValidationError');
    expect(e.code).toBe('VALIDATION');
    expect(e.retryable).toBe(false);
    expect([e.field, e.value, e.expected]).toEqual(['high', 9.5, '>= low 10']);
    expect(e.location).toEqual({ source: 'data.csv', line: 17 });
    expect(e.message).toBe('data.csv:17: high is below low (value seen 9.5, expected >= low 10)');
  });

  it('defaults the reason and never becomes retryable', () => {
    const e = new ValidationError('risk.maxLeverage', 'ten', 'a number in [1, 10]', { retryable: true });
    expect(e.message).toBe('invalid risk.maxLeverage (value seen "ten", expected a number in [1, 10])');
    expect(e.retryable).toBe(false);
  });
});

describe('InvalidTransitionError', () => {
  it('names the machine and both states', () => {
    const e = new InvalidTransitionError('trading mode', 'emergency', 'normal');
    expect(e.code).toBe('INVALID_TRANSITION');
    expect([e.from, e.to]).toEqual(['emergency', 'normal']);
    expect(e.message).toBe('trading mode: illegal transition emergency -> normal');
  });
});

describe('describeValue', () => {
  it('shows strings quoted, numbers plainly, objects as JSON, and truncates', () => {
    expect(describeValue('abc')).toBe('"abc"');
    expect(describeValue(1.5)).toBe('1.5');
    expect(describeValue(10n)).toBe('10');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(null)).toBe('null');
    expect(describeValue({ a: 1 })).toBe('{"a":1}');
    expect(describeValue(Number.NaN)).toBe('NaN');
    const long = describeValue('x'.repeat(500));
    expect(long).toHaveLength(60);
    expect(long.endsWith('…')).toBe(true);
    // unserialisable values fall back to String()
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(describeValue(cyclic)).toBe('[object Object]');
    expect(describeValue({ big: 1n })).toBe('[object Object]');
  });
});

describe('formatLocation', () => {
  it('formats what is known', () => {
    expect(formatLocation(undefined)).toBe('');
    expect(formatLocation({})).toBe('');
    expect(formatLocation({ line: 3 })).toBe('line 3: ');
    expect(formatLocation({ source: 'config.yaml' })).toBe('config.yaml: ');
    expect(formatLocation({ source: 'a.csv', line: 9 })).toBe('a.csv:9: ');
  });
});

describe('errorClassNames', () => {
  it('lists the class names along the prototype chain, most specific first', async () => {
    const { errorClassNames } = await import('./errors.js');
    class NetworkError extends Error {}
    class RequestTimeout extends NetworkError {}
    expect([...errorClassNames(new RequestTimeout('x'))]).toEqual(['RequestTimeout', 'NetworkError', 'Error']);
    expect(errorClassNames(new ValidationError('f', 1, 'x')).has('BotError')).toBe(true);
    expect(errorClassNames('boom').size).toBe(0);
    expect(errorClassNames(null).size).toBe(0);
    expect([...errorClassNames(Object.create(null) as object)]).toEqual([]);
  });
});
