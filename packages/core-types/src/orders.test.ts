import { describe, expect, it } from 'vitest';
import fc from '../test/fc.js';
import { ValidationError } from './errors.js';
import { ORDER_SIDES, ORDER_TYPES, TIMES_IN_FORCE, clientOrderId, createOrderRequest, remainingQuantity, type Order, type OrderInput } from './orders.js';
import { Price } from './price.js';
import { Quantity } from './quantity.js';

const base = { symbol: 'BTC/USDT', side: 'buy', quantity: '0.5' } as const;

/** Runs createOrderRequest and returns the ValidationError it throws (fails the test if it does not). */
function rejection(input: unknown): ValidationError {
  try {
    createOrderRequest(input as OrderInput);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error(`expected a ValidationError for ${JSON.stringify(input)}`);
}

describe('createOrderRequest: valid orders', () => {
  it('builds a market order with IOC default and false flags', () => {
    const o = createOrderRequest({ ...base, type: 'market' });
    expect(o).toMatchObject({ type: 'market', symbol: 'BTC/USDT', side: 'buy', timeInForce: 'IOC', postOnly: false, reduceOnly: false });
    expect(o.quantity.toString()).toBe('0.5');
    expect('expireTime' in o).toBe(false);
    expect('clientOrderId' in o).toBe(false);
  });

  it('builds a limit order (GTC by default) with an exact limit price', () => {
    const o = createOrderRequest({ ...base, type: 'limit', limitPrice: '101.25', postOnly: true, clientOrderId: 'abc-1', strategyId: 's1', tag: 'entry' });
    expect(o.type).toBe('limit');
    if (o.type !== 'limit') return;
    expect(o.limitPrice.toString()).toBe('101.25');
    expect(o).toMatchObject({ timeInForce: 'GTC', postOnly: true, clientOrderId: 'abc-1', strategyId: 's1', tag: 'entry' });
  });

  it('builds stop, stop-limit and trailing-stop orders', () => {
    const stop = createOrderRequest({ ...base, side: 'sell', type: 'stop', stopPrice: 95, reduceOnly: true });
    expect(stop).toMatchObject({ type: 'stop', reduceOnly: true });
    if (stop.type === 'stop') expect(stop.stopPrice.toString()).toBe('95');
    const sl = createOrderRequest({ ...base, type: 'stop-limit', stopPrice: 105, limitPrice: Price.of(106) });
    if (sl.type !== 'stop-limit') throw new Error('type');
    expect([sl.stopPrice.toString(), sl.limitPrice.toString()]).toEqual(['105', '106']);
    const ts = createOrderRequest({ ...base, side: 'sell', type: 'trailing-stop', trailingOffset: '50', trailingOffsetType: 'bps' });
    if (ts.type !== 'trailing-stop') throw new Error('type');
    expect([ts.trailingOffset.toString(), ts.trailingOffsetType]).toEqual(['50', 'bps']);
    const tsDefault = createOrderRequest({ ...base, type: 'trailing-stop', trailingOffset: 2 });
    if (tsDefault.type === 'trailing-stop') expect(tsDefault.trailingOffsetType).toBe('price');
  });

  it('accepts GTD with an expiry and DAY for resting orders', () => {
    expect(createOrderRequest({ ...base, type: 'limit', limitPrice: 1, timeInForce: 'GTD', expireTime: 1_700_000_000_000 })).toMatchObject({
      timeInForce: 'GTD',
      expireTime: 1_700_000_000_000,
    });
    expect(createOrderRequest({ ...base, type: 'limit', limitPrice: 1, timeInForce: 'DAY' }).timeInForce).toBe('DAY');
    expect(createOrderRequest({ ...base, type: 'market', timeInForce: 'FOK' }).timeInForce).toBe('FOK');
  });

  it('accepts a Quantity instance as is', () => {
    const q = Quantity.of('2');
    expect(createOrderRequest({ ...base, type: 'market', quantity: q }).quantity).toBe(q);
  });

  it('every valid combination of side, type and time in force either builds or is refused by a documented rule', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ORDER_SIDES),
        fc.constantFrom(...ORDER_TYPES),
        fc.constantFrom(...TIMES_IN_FORCE),
        fc.boolean(),
        fc.boolean(),
        (side, type, tif, postOnly, reduceOnly) => {
          const input: OrderInput = {
            symbol: 'ETH/BTC',
            side,
            type,
            quantity: '1',
            timeInForce: tif,
            postOnly,
            reduceOnly,
            limitPrice: '0.05',
            stopPrice: '0.049',
            trailingOffset: '0.001',
            ...(tif === 'GTD' ? { expireTime: 1_800_000_000_000 } : {}),
          };
          const documentedRefusal =
            (postOnly && type !== 'limit') ||
            (postOnly && (tif === 'IOC' || tif === 'FOK')) ||
            (type === 'market' && (tif === 'GTD' || tif === 'DAY'));
          if (documentedRefusal) {
            expect(() => createOrderRequest(input)).toThrow(ValidationError);
          } else {
            const o = createOrderRequest(input);
            expect(o).toMatchObject({ side, type, timeInForce: tif, postOnly, reduceOnly });
          }
        },
      ),
    );
  });
});

describe('createOrderRequest: rejections name the field, the value and what was expected', () => {
  it.each<[string, unknown, string]>([
    ['a non-object', null, 'order'],
    ['an empty symbol', { ...base, type: 'market', symbol: '' }, 'symbol'],
    ['a bad side', { ...base, type: 'market', side: 'long' }, 'side'],
    ['a bad type', { ...base, type: 'iceberg' }, 'type'],
    ['a zero quantity', { ...base, type: 'market', quantity: 0 }, 'quantity'],
    ['a negative quantity', { ...base, type: 'market', quantity: '-1' }, 'quantity'],
    ['a NaN quantity', { ...base, type: 'market', quantity: Number.NaN }, 'quantity'],
    ['a zero Quantity instance', { ...base, type: 'market', quantity: Quantity.ZERO }, 'quantity'],
    ['a bad time in force', { ...base, type: 'limit', limitPrice: 1, timeInForce: 'GTX' }, 'timeInForce'],
    ['GTD without expiry', { ...base, type: 'limit', limitPrice: 1, timeInForce: 'GTD' }, 'expireTime'],
    ['GTD with a NaN expiry', { ...base, type: 'limit', limitPrice: 1, timeInForce: 'GTD', expireTime: Number.NaN }, 'expireTime'],
    ['an expiry without GTD', { ...base, type: 'limit', limitPrice: 1, expireTime: 5 }, 'expireTime'],
    ['post-only on a market order', { ...base, type: 'market', postOnly: true }, 'postOnly'],
    ['post-only on a stop-limit', { ...base, type: 'stop-limit', stopPrice: 1, limitPrice: 1, postOnly: true }, 'postOnly'],
    ['post-only with IOC', { ...base, type: 'limit', limitPrice: 1, postOnly: true, timeInForce: 'IOC' }, 'postOnly'],
    ['post-only with FOK', { ...base, type: 'limit', limitPrice: 1, postOnly: true, timeInForce: 'FOK' }, 'postOnly'],
    ['a market order good for the day', { ...base, type: 'market', timeInForce: 'DAY' }, 'timeInForce'],
    ['a market GTD order', { ...base, type: 'market', timeInForce: 'GTD', expireTime: 1 }, 'timeInForce'],
    ['a limit order without a price', { ...base, type: 'limit' }, 'limitPrice'],
    ['a limit price of zero', { ...base, type: 'limit', limitPrice: 0 }, 'limitPrice'],
    ['a negative limit price', { ...base, type: 'limit', limitPrice: '-5' }, 'limitPrice'],
    ['a non-positive Price instance', { ...base, type: 'limit', limitPrice: Price.of(-1, { allowNonPositive: true }) }, 'limitPrice'],
    ['a stop without a stop price', { ...base, type: 'stop' }, 'stopPrice'],
    ['a stop-limit without a limit price', { ...base, type: 'stop-limit', stopPrice: 1 }, 'limitPrice'],
    ['a trailing stop without offset', { ...base, type: 'trailing-stop' }, 'trailingOffset'],
    ['a zero trailing offset', { ...base, type: 'trailing-stop', trailingOffset: 0 }, 'trailingOffset'],
    ['a non-numeric trailing offset', { ...base, type: 'trailing-stop', trailingOffset: 'wide' }, 'trailingOffset'],
    ['a bad trailing offset type', { ...base, type: 'trailing-stop', trailingOffset: 1, trailingOffsetType: 'percent' }, 'trailingOffsetType'],
    ['a bad client order id', { ...base, type: 'market', clientOrderId: 'has space' }, 'clientOrderId'],
  ])('rejects %s (field %s)', (_label, input, field) => {
    const err = rejection(input);
    expect(err.field).toBe(field);
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toMatch(/value seen .*, expected .+\)$/);
  });

  it('prefixes file:line when a location is given', () => {
    try {
      createOrderRequest({ ...base, type: 'limit' }, { source: 'orders.json', line: 3 });
      expect.unreachable();
    } catch (e) {
      expect((e as ValidationError).message).toMatch(/^orders\.json:3: /);
      expect((e as ValidationError).location).toEqual({ source: 'orders.json', line: 3 });
    }
  });
});

describe('clientOrderId', () => {
  it('accepts 1-36 characters of A-Z a-z 0-9 . _ : -', () => {
    expect(clientOrderId('bot:sma-cross_1.2')).toBe('bot:sma-cross_1.2');
    expect(clientOrderId('x'.repeat(36))).toHaveLength(36);
  });
  it.each(['', 'x'.repeat(37), 'a b', 'é', 'a/b'])('rejects %j', (id) => {
    expect(() => clientOrderId(id)).toThrow(ValidationError);
  });
});

describe('remainingQuantity', () => {
  it('is request quantity minus filled quantity, exactly', () => {
    const request = createOrderRequest({ ...base, type: 'limit', limitPrice: 100, quantity: '1.3' });
    const order: Order = {
      clientOrderId: clientOrderId('o1'),
      request,
      status: 'partially-filled',
      filledQuantity: Quantity.of('0.1'),
      createdAt: 0,
      updatedAt: 0,
    };
    expect(remainingQuantity(order).toString()).toBe('1.2');
  });
});
