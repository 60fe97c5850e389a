import { type Bar, createInstrument, resolveParams } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { hasData, readOhlcv } from '../../test/csv.js';
import { RecordingContext, barsFrom } from '../../test/recordingContext.js';
import { detectCrossVenueArbitrage } from '../arbitrage/crossVenue.js';
import { detectTriangularArbitrage } from '../arbitrage/triangular.js';
import { type ArbitrageStrategy, arbitrage } from './arbitrage.js';
import { type MarketMakingStrategy, avellanedaStoikovQuotes, marketMaking } from './avellanedaStoikov.js';
import { type MirrorTradingStrategy, mirrorTrading } from './mirrorTrading.js';
import { type NewsSentimentStrategy, keywordSentimentScorer, newsSentiment } from './newsSentiment.js';

const bar = (symbol: string, t: number, close: number): Bar => ({
  type: 'bar',
  symbol,
  timeframe: '1m',
  openTime: t,
  open: close,
  high: close,
  low: close,
  close,
  volume: 1,
});

describe('Avellaneda-Stoikov', () => {
  it('reservation price and spread follow the closed-form formulas', () => {
    const q = avellanedaStoikovQuotes({ mid: 100, inventory: 2, gamma: 0.1, sigma: 0.05, timeLeft: 600, k: 1.5 });
    const risk = 0.1 * 0.05 * 0.05 * 600; // γσ²(T-t) = 0.15
    expect(q.reservationPrice).toBeCloseTo(100 - 2 * risk, 12);
    expect(q.spread).toBeCloseTo(risk + (2 / 0.1) * Math.log(1 + 0.1 / 1.5), 12);
    expect(q.ask - q.bid).toBeCloseTo(q.spread, 12);
    // Long inventory skews quotes down, short skews them up, flat is centred.
    expect(avellanedaStoikovQuotes({ mid: 100, inventory: -2, gamma: 0.1, sigma: 0.05, timeLeft: 600, k: 1.5 }).reservationPrice).toBeGreaterThan(100);
    expect(avellanedaStoikovQuotes({ mid: 100, inventory: 0, gamma: 0.1, sigma: 0.05, timeLeft: 600, k: 1.5 }).reservationPrice).toBe(100);
    expect(() => avellanedaStoikovQuotes({ mid: 1, inventory: 0, gamma: 0, sigma: 1, timeLeft: 1, k: 1 })).toThrow(/gamma/);
  });

  it('quotes post-only limits, amends on moves, and respects inventory limits', () => {
    const s = marketMaking.create(resolveParams(marketMaking.params, { gamma: 0.5, k: 2, warmup: 3, orderSize: 1, maxInventory: 2 }), {
      symbols: ['X/USD'],
    }) as MarketMakingStrategy;
    const ctx = new RecordingContext(s, { 'X/USD': createInstrument({ symbol: 'X/USD', tickSize: '0.01', lotSize: '0.001' }) });
    const mids = [100, 100.1, 99.9, 100.05, 100.2, 101];
    mids.forEach((m, i) => ctx.feed(bar('X/USD', i * 60_000, m), (i + 1) * 60_000));
    const submits = ctx.orders.filter((o) => o.kind === 'submit');
    expect(submits).toHaveLength(2);
    for (const o of submits) {
      if (o.kind !== 'submit') continue;
      expect(o.order.type).toBe('limit');
      expect(o.order.postOnly).toBe(true);
    }
    const bid = submits.find((o) => o.kind === 'submit' && o.order.side === 'buy')!;
    const ask = submits.find((o) => o.kind === 'submit' && o.order.side === 'sell')!;
    expect(Number(bid.kind === 'submit' && bid.order.limitPrice)).toBeLessThan(Number(ask.kind === 'submit' && ask.order.limitPrice));
    expect(ctx.orders.some((o) => o.kind === 'amend')).toBe(true);
    // At +2 lots the bid is cancelled and no new bid is posted.
    ctx.setPosition('X/USD', 2);
    ctx.feed(bar('X/USD', 6 * 60_000, 101.2), 7 * 60_000);
    expect(ctx.orders.at(-1)?.kind === 'cancel' || ctx.orders.some((o) => o.kind === 'cancel' && o.id === bid.id)).toBe(true);
    ctx.feed(bar('X/USD', 7 * 60_000, 101.3), 8 * 60_000);
    expect(ctx.orders.filter((o) => o.kind === 'submit' && o.order.side === 'buy')).toHaveLength(1);
    expect(s.last!.reservationPrice).toBeLessThan(101.3);
  });
});

describe('cross-venue arbitrage', () => {
  const a = { venue: 'A', symbol: 'BTC/USD', takerFee: 0.001, book: { time: 1000, bids: [[99, 5]] as [number, number][], asks: [[100, 1], [100.5, 2], [101, 5]] as [number, number][] } };
  const b = { venue: 'B', symbol: 'BTC/USD', takerFee: 0.001, book: { time: 1000, bids: [[101, 0.5], [100.9, 1], [100.2, 5]] as [number, number][], asks: [[102, 5]] as [number, number][] } };

  it('takes depth while the per-unit edge after fees stays positive', () => {
    const o = detectCrossVenueArbitrage(a, b, { now: 1100 })!;
    // Level pairs: (100 vs 101) q .5 edge 1 - .201 = .799; (100 vs 100.9) q .5 edge .9 - .2009 = .6991;
    // (100.5 vs 100.9) q .5 edge .4 - .2014 = .1986; (100.5 vs 100.2): -0.3 - fees < 0 stop.
    expect(o.buy.venue).toBe('A');
    expect(o.sell.venue).toBe('B');
    expect(o.quantity).toBeCloseTo(1.5, 12);
    expect(o.buy.limitPrice).toBe(100.5);
    expect(o.sell.limitPrice).toBe(100.9);
    const gross = 0.5 * (101 - 100) + 0.5 * (100.9 - 100) + 0.5 * (100.9 - 100.5);
    const fees = 0.001 * (0.5 * (100 + 101) + 0.5 * (100 + 100.9) + 0.5 * (100.5 + 100.9));
    expect(o.grossProfit).toBeCloseTo(gross, 10);
    expect(o.fees).toBeCloseTo(fees, 10);
    expect(o.netProfit).toBeCloseTo(gross - fees, 10);
  });

  it('the strategy wrapper buys on the cheap venue and sells on the dear one with IOC limits rounded to the lot', () => {
    const s = arbitrage.create(resolveParams(arbitrage.params, { mode: 'cross-venue', minProfitBps: 0, latencyMs: 0 }), {
      symbols: ['BTC/USD@A', 'BTC/USD@B'],
    }) as ArbitrageStrategy;
    const inst = {
      'BTC/USD@A': createInstrument({ symbol: 'BTC/USD@A', base: 'BTC', quote: 'USD', tickSize: '0.1', lotSize: '0.1', takerFee: '0.001' }),
      'BTC/USD@B': createInstrument({ symbol: 'BTC/USD@B', base: 'BTC', quote: 'USD', tickSize: '0.1', lotSize: '0.1', takerFee: '0.001' }),
    };
    const ctx = new RecordingContext(s, inst);
    ctx.time = 1100;
    s.onOrderBook({ type: 'book-snapshot', symbol: 'BTC/USD@A', sequence: 1, ...a.book }, ctx);
    expect(ctx.orders).toHaveLength(0); // one book only
    s.onOrderBook({ type: 'book-snapshot', symbol: 'BTC/USD@B', sequence: 1, ...b.book }, ctx);
    const subs = ctx.orders.flatMap((o) => (o.kind === 'submit' ? [o.order] : []));
    expect(subs.map((o) => [o.symbol, o.side, Number(o.quantity), Number(o.limitPrice), o.timeInForce])).toEqual([
      ['BTC/USD@A', 'buy', 1.5, 100.5, 'IOC'],
      ['BTC/USD@B', 'sell', 1.5, 100.9, 'IOC'],
    ]);
  });

  it('latency haircut, min profit and stale books shrink or cancel the opportunity', () => {
    const slow = detectCrossVenueArbitrage(a, b, { now: 1100, latencyMs: 1000, volatilityBpsPerSqrtSecond: 50 })!; // 0.5 % haircut
    expect(slow.quantity).toBeCloseTo(1, 12);
    expect(detectCrossVenueArbitrage(a, b, { now: 1100, minProfitBps: 100 })).toBeUndefined();
    expect(detectCrossVenueArbitrage(a, b, { now: 5000, maxBookAgeMs: 1000 })).toBeUndefined();
    expect(detectCrossVenueArbitrage(a, { ...b, takerFee: 0.01 }, { now: 1100 })).toBeUndefined();
  });
});

describe('triangular arbitrage', () => {
  // USDT -> BTC (buy BTC/USDT at 10000) -> ETH (buy ETH/BTC at 0.05) -> USDT (sell ETH/USDT at 510): 2 % gross.
  const m = (symbol: string, base: string, quote: string, bids: [number, number][], asks: [number, number][], fee = 0.001) => ({
    symbol,
    base,
    quote,
    takerFee: fee,
    book: { bids, asks },
  });
  const btc = m('BTC/USDT', 'BTC', 'USDT', [[9990, 10]], [[10000, 1], [10100, 10]]);
  const ethbtc = m('ETH/BTC', 'ETH', 'BTC', [[0.0499, 100]], [[0.05, 10], [0.0502, 100]]);
  const eth = m('ETH/USDT', 'ETH', 'USDT', [[510, 15], [500, 100]], [[511, 100]]);

  it('finds the cycle, sizes it from depth, and nets fees on every leg', () => {
    const o = detectTriangularArbitrage([btc, ethbtc, eth], 'USDT')!;
    expect(o.legs.map((l) => `${l.side} ${l.symbol}`)).toEqual(['buy BTC/USDT', 'buy ETH/BTC', 'sell ETH/USDT']);
    const perUsdt = (1 / 10000) * 0.999 * (1 / 0.05) * 0.999 * 510 * 0.999;
    expect(perUsdt).toBeGreaterThan(1);
    // The optimum stops where the next level makes the marginal unit unprofitable: 15 ETH sold at 510
    // (selling at 500 loses even at the best earlier levels). Working back through the books and fees:
    const ethGross = 15 / 0.999; // ETH bought on ETH/BTC before its fee
    const btcNet = 10 * 0.05 + (ethGross - 10) * 0.0502; // 10 ETH at 0.05, the rest at 0.0502
    const start = (btcNet / 0.999) * 10000; // all BTC bought at 10000 (1 BTC available there)
    expect(o.startAmount).toBeCloseTo(start, 3);
    expect(o.endAmount).toBeCloseTo(15 * 510 * 0.999, 3);
    expect(o.legs[1].limitPrice).toBe(0.0502);
    expect(o.legs[2].quantity).toBeCloseTo(15, 6);
    expect(o.legs[2].limitPrice).toBe(510);
    expect(o.netBps).toBeGreaterThan(0);
  });

  it('finds nothing when prices are consistent after fees', () => {
    const fair = m('ETH/USDT', 'ETH', 'USDT', [[499, 100]], [[501, 100]]);
    expect(detectTriangularArbitrage([btc, ethbtc, fair], 'USDT')).toBeUndefined();
  });

  it('the strategy wrapper sends IOC legs for an opportunity and waits while legs are open', () => {
    const s = arbitrage.create(resolveParams(arbitrage.params, { mode: 'triangular', minProfitBps: 1 }), {
      symbols: ['BTC/USDT', 'ETH/BTC', 'ETH/USDT'],
    }) as ArbitrageStrategy;
    const inst = {
      'BTC/USDT': createInstrument({ symbol: 'BTC/USDT', tickSize: '0.01', lotSize: '0.0001', takerFee: '0.001' }),
      'ETH/BTC': createInstrument({ symbol: 'ETH/BTC', tickSize: '0.00001', lotSize: '0.001', takerFee: '0.001' }),
      'ETH/USDT': createInstrument({ symbol: 'ETH/USDT', tickSize: '0.01', lotSize: '0.001', takerFee: '0.001' }),
    };
    const ctx = new RecordingContext(s, inst);
    ctx.time = 1000;
    for (const mk of [btc, ethbtc, eth]) s.onOrderBook({ type: 'book-snapshot', symbol: mk.symbol, time: 1000, sequence: 1, ...mk.book }, ctx);
    const submits = ctx.orders.filter((o) => o.kind === 'submit');
    expect(submits).toHaveLength(3);
    for (const o of submits) if (o.kind === 'submit') expect(o.order.timeInForce).toBe('IOC');
    ctx.time = 5000;
    s.onOrderBook({ type: 'book-snapshot', symbol: 'ETH/USDT', time: 5000, sequence: 2, ...eth.book }, ctx);
    expect(ctx.orders.filter((o) => o.kind === 'submit')).toHaveLength(3); // legs still open
  });
});

describe('mirror-trading', () => {
  it('scales and caps the leader, waits for the clock, ignores stale events', () => {
    const s = mirrorTrading.create(resolveParams(mirrorTrading.params, { scale: 0.5, maxPosition: 3, maxDelayMs: 1000 }), {
      symbols: ['BTC/USD'],
    }) as MirrorTradingStrategy;
    const ctx = new RecordingContext(s);
    s.pushLeaderEvent({ type: 'fill', time: 10_000, symbol: 'BTC/USD', side: 'buy', quantity: 4 });
    s.pushLeaderEvent({ type: 'fill', time: 20_000, symbol: 'BTC/USD', side: 'buy', quantity: 10 });
    s.pushLeaderEvent({ type: 'fill', time: 10_500, symbol: 'ETH/USD', side: 'buy', quantity: 1 }); // not ours
    ctx.feed(bar('BTC/USD', 0, 1), 10_200);
    expect(ctx.targets).toEqual([{ time: 10_200, symbol: 'BTC/USD', quantity: 2, options: { tag: 'mirror' } }]);
    ctx.setPosition('BTC/USD', 2);
    ctx.feed(bar('BTC/USD', 60_000, 1), 19_999); // the second fill is in the future: nothing yet
    expect(ctx.targets).toHaveLength(1);
    ctx.feed(bar('BTC/USD', 120_000, 1), 20_500);
    expect(ctx.targets.at(-1)!.quantity).toBe(3); // 0.5 * 14 = 7, capped at 3
    s.pushLeaderEvent({ type: 'position', time: 21_000, symbol: 'BTC/USD', quantity: 0 });
    ctx.feed(bar('BTC/USD', 180_000, 1), 30_000); // 9 s late: stale
    expect(ctx.targets).toHaveLength(2);
    expect(s.staleEvents).toBe(1);
    expect(s.leaderPosition('BTC/USD')).toBe(0);
  });
});

describe('news-sentiment', () => {
  it('keyword scorer', () => {
    const score = keywordSentimentScorer();
    const h = (text: string) => score({ time: 0, source: 's', text });
    expect(h('Bitcoin surges to record high')).toBe(1);
    expect(h('Exchange hacked, token crashes')).toBe(-1);
    expect(h('Regulator does not approve ETF')).toBeLessThan(0);
    expect(h('Markets open on Monday')).toBe(0);
  });

  it('decays with the half-life, waits for headline time, trades on thresholds, takes a pluggable scorer', () => {
    const s = newsSentiment.create(resolveParams(newsSentiment.params, { halfLifeMs: 3_600_000, entry: 0.6, exit: 0.2 }), {
      symbols: ['BTC/USD'],
      services: { sentimentScorer: (hd: { text: string }) => (hd.text.includes('good') ? 0.9 : -0.9), sourceWeights: { rumor: 0.1 } },
    }) as NewsSentimentStrategy;
    const ctx = new RecordingContext(s);
    s.pushHeadline({ time: 1_000_000, text: 'good news', source: 'wire' });
    s.pushHeadline({ time: 1_000_000, text: 'bad rumor', source: 'rumor' });
    ctx.feed(bar('BTC/USD', 0, 1), 999_999); // headlines not yet published
    expect(ctx.weights).toHaveLength(0);
    ctx.feed(bar('BTC/USD', 60_000, 1), 1_000_000);
    expect(s.sentiment('BTC/USD', 1_000_000)).toBeCloseTo(0.9 - 0.09, 12);
    expect(ctx.weights).toEqual([{ time: 1_000_000, symbol: 'BTC/USD', weight: 1 }]);
    // Two half-lives later: 0.81 / 4 = 0.2025 (hold); three: 0.10 < exit -> flat.
    ctx.feed(bar('BTC/USD', 120_000, 1), 1_000_000 + 2 * 3_600_000);
    expect(ctx.weights).toHaveLength(1);
    ctx.feed(bar('BTC/USD', 180_000, 1), 1_000_000 + 3 * 3_600_000);
    expect(ctx.weights.at(-1)!.weight).toBe(0);
  });
});

describe.skipIf(!hasData)('market-making on BTCUSD_1h closes (needs ../shared/data)', () => {
  it('quotes bracket the mid, σ matches an independent EWMA, and the bid disappears at the inventory limit', () => {
    const d = readOhlcv('BTCUSD_1h.csv');
    const s = marketMaking.create(resolveParams(marketMaking.params, { gamma: 0.01, k: 0.5, warmup: 24, orderSize: 0.1, maxInventory: 3, volHalfLife: 48 }), {
      symbols: ['BTC/USD'],
    }) as MarketMakingStrategy;
    const ctx = new RecordingContext(s, { 'BTC/USD': createInstrument({ symbol: 'BTC/USD', tickSize: '0.01', lotSize: '0.0001' }) });
    const lambda = Math.pow(0.5, 1 / 48);
    let v = Number.NaN;
    let quotes = 0;
    for (let i = 0; i < 2000; i++) {
      const t = d.time[i]!;
      const before = ctx.orders.length;
      ctx.feed(barsFrom('BTC/USD', { time: [t], open: [d.open[i]!], high: [d.high[i]!], low: [d.low[i]!], close: [d.close[i]!], volume: [d.volume[i]!] })[0]!, t + 3_600_000);
      if (i > 0) {
        const r2 = (d.close[i]! - d.close[i - 1]!) ** 2 / 3600;
        v = Number.isNaN(v) ? r2 : lambda * v + (1 - lambda) * r2;
      }
      if (i >= 24) expect(s.sigma).toBeCloseTo(Math.sqrt(v), 8);
      for (const o of ctx.orders.slice(before)) {
        if (o.kind === 'submit' || o.kind === 'amend') {
          const price = o.kind === 'submit' ? Number(o.order.limitPrice) : Number(o.amendment.limitPrice);
          const side = o.kind === 'submit' ? o.order.side : ctx.open.get(o.id)?.request.side;
          if (side === 'buy') expect(price).toBeLessThan(d.close[i]!);
          else expect(price).toBeGreaterThan(d.close[i]!);
          quotes++;
        }
      }
    }
    expect(quotes).toBeGreaterThan(1000);
    ctx.setPosition('BTC/USD', 0.3); // 3 lots = the limit
    const i = 2000;
    ctx.feed(barsFrom('BTC/USD', { time: [d.time[i]!], open: [d.open[i]!], high: [d.high[i]!], low: [d.low[i]!], close: [d.close[i]!], volume: [d.volume[i]!] })[0]!, d.time[i]! + 3_600_000);
    expect(ctx.openOrders('BTC/USD').every((o) => o.request.side === 'sell')).toBe(true);
  });
});
