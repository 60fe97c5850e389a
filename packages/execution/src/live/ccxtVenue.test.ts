import { Quantity, Price, clientOrderId } from '@bot/core-types';
import type { OrderRequest, VenueEvent } from '@bot/core-types';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './testing/fakeBinanceHarness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const market = (qty: string, side: 'buy' | 'sell' = 'buy'): OrderRequest => ({
  symbol: 'BTC/USDT', side, type: 'market', quantity: Quantity.of(qty), timeInForce: 'IOC', postOnly: false, reduceOnly: false,
});
const limit = (qty: string, price: string, side: 'buy' | 'sell' = 'buy'): OrderRequest => ({
  symbol: 'BTC/USDT', side, type: 'limit', quantity: Quantity.of(qty), limitPrice: Price.of(price), timeInForce: 'GTC', postOnly: false, reduceOnly: false,
});
const of = (events: VenueEvent[], type: VenueEvent['type']) => events.filter((e) => e.type === type);

describe('CcxtVenue against the fake Binance (real ccxt)', () => {
  it('market order: accepted then one fill with the venue trade id, fee and price', async () => {
    h = await startHarness();
    await h.venue.connect();
    const id = clientOrderId('s-1');
    h.venue.submitOrder(id, market('0.01'));
    await h.waitFor(() => of(h!.events, 'fill').length === 1, 'the fill');
    expect(h.events[0]).toMatchObject({ type: 'order-accepted', clientOrderId: id });
    const fill = (of(h.events, 'fill')[0] as Extract<VenueEvent, { type: 'fill' }>).fill;
    expect(fill.quantity.toString()).toBe('0.01');
    expect(fill.price.toString()).toBe('40000');
    expect(fill.fee.amount.toString()).toBe('0.4');
    expect(h.orders.ordersWithClientId('s-1')).toHaveLength(1);
  });
});
