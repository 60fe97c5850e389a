import { type Fill, ManualClock, type ModeChangeRequest, Money, Price } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { parseRiskGateConfig } from '../gate/parseRiskGateConfig.js';
import { createRiskGate } from '../gate/riskGate.js';
import { TestMarket, TestPortfolio, context, intent } from '../../test/harness.js';
import { CircuitBreakers } from './circuitBreakers.js';

function breakers(raw: Record<string, unknown>) {
  const clock = new ManualClock(0);
  const requests: ModeChangeRequest[] = [];
  const b = new CircuitBreakers(parseRiskGateConfig({ breakers: raw }).breakers, clock, (r) => requests.push(r));
  return { clock, b, requests };
}

describe('circuit breakers', () => {
  it('venue errors: consecutive count trips at the threshold, a success resets it', () => {
    const { b, requests } = breakers({ venueErrors: { mode: 'reduce', maxConsecutive: 3 } });
    b.recordVenueError('binance', 1);
    b.recordVenueError('binance', 2);
    b.recordVenueSuccess('binance');
    b.recordVenueError('binance', 3);
    b.recordVenueError('binance', 4);
    expect(requests).toHaveLength(0); // 2 in a row: just below
    b.recordVenueError('binance', 5);
    expect(requests).toEqual([expect.objectContaining({ mode: 'reduce', source: 'breaker:venue-errors', time: 5 })]);
  });

  it('venue errors: windowed count trips only when enough errors fall inside the window', () => {
    const { b, requests } = breakers({ venueErrors: { maxInWindow: 3, windowMs: 1000 } });
    b.recordVenueError('x', 0);
    b.recordVenueSuccess('x');
    b.recordVenueError('x', 500);
    b.recordVenueSuccess('x');
    b.recordVenueError('x', 1000); // the error at 0 has left the window (0 <= 1000 - 1000)
    expect(requests).toHaveLength(0);
    b.recordVenueError('x', 1400);
    expect(requests[0]).toMatchObject({ mode: 'pause', source: 'breaker:venue-errors' });
  });

  it('quote staleness trips when a quoting symbol goes quiet for longer than maxAgeMs (clock timer)', () => {
    const { b, clock, requests } = breakers({ quoteStaleness: { mode: 'pause', maxAgeMs: 5000 } });
    b.onQuote('v', 'BTC/USD', 100, 101, 0);
    b.start(1000);
    clock.advanceTo(5000);
    expect(requests).toHaveLength(0); // exactly 5000 ms old: not above
    clock.advanceTo(6000);
    expect(requests[0]).toMatchObject({ mode: 'pause', source: 'breaker:quote-staleness' });
    b.stop();
    expect(clock.pendingTimers).toBe(0);
  });

  it('spread blow-out trips after N consecutive wide quotes', () => {
    const { b, requests } = breakers({ spread: { mode: 'reduce', maxSpreadBps: 50, consecutive: 2 } });
    b.onQuote('v', 'S', 100, 100.49, 1); // 48.9 bps
    b.onQuote('v', 'S', 100, 100.6, 2); // wide 1
    b.onQuote('v', 'S', 100, 100.1, 3); // resets
    b.onQuote('v', 'S', 100, 100.6, 4); // wide 1
    expect(requests).toHaveLength(0);
    b.onQuote('v', 'S', 100, 100.6, 5); // wide 2
    expect(requests[0]).toMatchObject({ mode: 'reduce', source: 'breaker:spread' });
  });

  it('slippage outliers trip after `count` adverse fills within the window', () => {
    const { b, requests } = breakers({ slippage: { mode: 'pause', maxSlippageBps: 20, count: 2, windowMs: 60_000 } });
    expect(b.onFill('buy', 100, 100.19, 0)).toBeCloseTo(19, 10); // below threshold
    expect(b.onFill('sell', 100, 99.7, 1)).toBeCloseTo(30, 10); // outlier 1
    expect(b.onFill('buy', 100, 99, 2)).toBeCloseTo(-100, 10); // favourable
    expect(requests).toHaveLength(0);
    b.onFill('buy', 100, 100.25, 3); // outlier 2
    expect(requests[0]).toMatchObject({ source: 'breaker:slippage' });
  });

  it('cross-venue divergence compares fresh mids only', () => {
    const { b, requests } = breakers({ divergence: { mode: 'emergency', maxDivergenceBps: 100, maxAgeMs: 1000 } });
    b.onQuote('a', 'BTC/USD', 99.9, 100.1, 0);
    b.onQuote('b', 'BTC/USD', 100.9, 100.9, 10); // 90 bps: below
    expect(requests).toHaveLength(0);
    b.onQuote('c', 'BTC/USD', 102, 102, 5000); // a and b are stale by now
    expect(requests).toHaveLength(0);
    b.onQuote('a', 'BTC/USD', 100.9, 101.1, 5001); // 100 vs 102: 99 bps
    expect(requests).toHaveLength(0);
    b.onQuote('b', 'BTC/USD', 100.9, 100.9, 5002); // 100.9 vs 102: 109 bps
    expect(requests[0]).toMatchObject({ mode: 'emergency', source: 'breaker:divergence' });
  });

  it('wired into the gate: a trip changes the mode, latches, and holds it until reset', () => {
    const clock = new ManualClock(0);
    const gate = createRiskGate(parseRiskGateConfig({ modes: { cooldownMs: 0 }, breakers: { venueErrors: { mode: 'pause', maxConsecutive: 2 } } }), { clock });
    const modes: string[] = [];
    gate.modeChanges.subscribe((t) => modes.push(`${t.from}->${t.mode}:${t.source}`));
    gate.breakers.recordVenueError('sim');
    gate.breakers.recordVenueError('sim');
    expect(gate.mode).toBe('pause');
    const market = new TestMarket().set('A/USD', 10);
    expect(gate.check(intent({ symbol: 'A/USD', side: 'buy', quantity: 1 }), context(new TestPortfolio(), market)).kind).toBe('reject');
    expect(gate.requestMode({ mode: 'normal', source: 'operator', reason: 'r', time: 1 }).accepted).toBe(false);
    gate.breakers.reset('venue-errors');
    expect(gate.requestMode({ mode: 'normal', source: 'operator', reason: 'r', time: 2 }).accepted).toBe(true);
    expect(modes).toEqual(['normal->pause:breaker:venue-errors', 'pause->normal:operator']);
  });

  it('the gate feeds fills to the slippage breaker with the price seen at approval', () => {
    const clock = new ManualClock(0);
    const gate = createRiskGate(parseRiskGateConfig({ breakers: { slippage: { mode: 'reduce', maxSlippageBps: 10, count: 1 } } }), { clock });
    const market = new TestMarket().set('A/USD', 100);
    const portfolio = new TestPortfolio();
    const it1 = intent({ symbol: 'A/USD', side: 'buy', quantity: 1 });
    expect(gate.check(it1, context(portfolio, market)).kind).toBe('approve');
    const fill = (price: string): Fill => ({
      fillId: `f${price}`,
      clientOrderId: it1.clientOrderId,
      symbol: 'A/USD',
      side: 'buy' as const,
      quantity: it1.request.quantity,
      price: Price.of(price),
      fee: Money.zero('USD'),
      liquidity: 'taker' as const,
      time: 1,
    });
    gate.onFill(fill('100.05'), context(portfolio, market));
    expect(gate.mode).toBe('normal');
    gate.onFill(fill('100.2'), context(portfolio, market));
    expect(gate.mode).toBe('reduce');
  });
});
