import { ManualClock } from '@bot/core-types';
import type { Exchange } from 'ccxt';
import { describe, expect, it } from 'vitest';
import { CcxtBarFeed } from './ccxtBarFeed.js';

describe('CcxtBarFeed health', () => {
  it('is stale only after more than staleAfterMs without a bar since the subscription', () => {
    const clock = new ManualClock(1_000_000);
    const feed = new CcxtBarFeed({ exchange: { id: 'binance' } as Exchange, symbols: ['BTC/USDT'], timeframe: '1m', clock, staleAfterMs: 90_000 });
    expect(feed.name).toBe('ccxt:binance:1m');
    clock.advanceBy(90_000);
    expect(feed.health()).toMatchObject({ stale: false, lastArrival: 1_000_000 });
    clock.advanceBy(1);
    expect(feed.health().stale).toBe(true);
  });
});
