import { ManualClock, type RiskDecision } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { TestMarket, TestPortfolio, context, intent } from '../../test/harness.js';
import { parseRiskGateConfig } from './parseRiskGateConfig.js';
import { createRiskGate } from './riskGate.js';

function setup(raw: Record<string, unknown>, equity = 100_000) {
  const clock = new ManualClock(0);
  const gate = createRiskGate(parseRiskGateConfig(raw, 'test.json'), { clock });
  const portfolio = new TestPortfolio(equity, equity, equity);
  const market = new TestMarket();
  for (const s of ['A/USD', 'B/USD', 'C/USD']) market.set(s, 100, 0);
  return { clock, gate, portfolio, market, ctx: (now = 0) => context(portfolio, market, now) };
}
const codes = (d: RiskDecision) => d.reasons.map((r) => r.code);
const qty = (d: RiskDecision) => (d.kind === 'resize' ? d.quantity.toNumber() : Number.NaN);
const buy = (symbol: string, quantity: number, extra: Record<string, unknown> = {}) => intent({ symbol, side: 'buy', quantity, ...extra });
const sell = (symbol: string, quantity: number, extra: Record<string, unknown> = {}) => intent({ symbol, side: 'sell', quantity, ...extra });

describe('order checks', () => {
  it('max order notional resizes to the largest lot multiple, using the worse of last and limit price', () => {
    const { gate, ctx } = setup({ limits: { maxOrderNotional: 10_000 } });
    const d = gate.check(buy('A/USD', 150), ctx());
    expect(d.kind).toBe('resize');
    expect(qty(d)).toBe(100);
    expect(d.reasons[0]).toMatchObject({ code: 'max-order-notional', limit: 10_000, value: 15_000 });
    const l = gate.check(buy('A/USD', 150, { type: 'limit', limitPrice: '105' }), ctx());
    expect(qty(l)).toBe(95.238); // 10000 / 105 = 95.2380952 -> lot 0.001
    expect(gate.check(buy('A/USD', 100), ctx()).kind).toBe('approve');
  });

  it('price collar rejects limit prices too far from the last price on either side', () => {
    const { gate, ctx } = setup({ limits: { priceCollar: { maxDeviation: 0.05 } } });
    expect(codes(gate.check(buy('A/USD', 1, { type: 'limit', limitPrice: '106' }), ctx()))).toEqual(['price-collar']);
    expect(codes(gate.check(sell('A/USD', 1, { type: 'limit', limitPrice: '94' }), ctx()))).toEqual(['price-collar']);
    expect(gate.check(buy('A/USD', 1, { type: 'limit', limitPrice: '104.99' }), ctx()).kind).toBe('approve');
    expect(gate.check(buy('A/USD', 1), ctx()).kind).toBe('approve');
  });

  it('order-rate throttle is a sliding window on the check time and counts approvals only', () => {
    const { gate, ctx } = setup({ limits: { orderRate: { maxOrders: 3, windowMs: 1000 } } });
    for (const t of [0, 100, 200]) expect(gate.check(buy('A/USD', 1), ctx(t)).kind).toBe('approve');
    expect(codes(gate.check(buy('A/USD', 1), ctx(300)))).toEqual(['order-rate']);
    expect(codes(gate.check(buy('A/USD', 1), ctx(999)))).toEqual(['order-rate']);
    expect(gate.check(buy('A/USD', 1), ctx(1000)).kind).toBe('approve'); // the order at 0 left the window
    expect(codes(gate.check(buy('A/USD', 1), ctx(1050)))).toEqual(['order-rate']);
    expect(gate.check(buy('A/USD', 1), ctx(1100)).kind).toBe('approve');
  });
});

describe('exposure checks', () => {
  it('max position quantity, including per-symbol limits, flips and breached positions', () => {
    const { gate, portfolio, ctx } = setup({ limits: { maxPositionQuantity: { 'A/USD': 100 } } });
    portfolio.set('A/USD', 80);
    expect(qty(gate.check(buy('A/USD', 50), ctx()))).toBe(20);
    expect(qty(gate.check(sell('A/USD', 250), ctx()))).toBe(180); // 80 -> -100 at most
    expect(gate.check(buy('B/USD', 10_000), ctx()).kind).toBe('approve'); // no limit for B
    portfolio.set('A/USD', 150); // already above the limit
    const d = gate.check(buy('A/USD', 1), ctx());
    expect(d.kind).toBe('reject');
    expect(codes(d)).toEqual(['max-position-quantity']);
    expect(qty(gate.check(sell('A/USD', 400), ctx()))).toBe(250); // back to -100 at most
    expect(gate.check(sell('A/USD', 30), ctx()).kind).toBe('approve'); // reducing a breached position
  });

  it('max position notional and concentration', () => {
    const { gate, portfolio, ctx } = setup({ limits: { maxPositionNotional: 5_000, maxConcentration: 0.2 } });
    expect(qty(gate.check(buy('A/USD', 80), ctx()))).toBe(50);
    const c = setup({ limits: { maxConcentration: 0.2 } });
    c.market.set('A/USD', 50);
    const d = c.gate.check(buy('A/USD', 500), c.ctx());
    expect(qty(d)).toBe(400); // 20% of 100k at 50
    expect(d.reasons[0]).toMatchObject({ code: 'max-concentration', limit: 0.2, value: 0.25 });
    void portfolio;
  });

  it('gross leverage: a sell that flips a long into a larger short is not exposure-reducing', () => {
    const { gate, portfolio, ctx } = setup({ limits: { maxGrossLeverage: 2 } });
    portfolio.set('A/USD', 1000).set('B/USD', -500); // gross 150k on 100k equity
    expect(qty(gate.check(buy('C/USD', 1000), ctx()))).toBe(500);
    expect(gate.check(sell('A/USD', 1000), ctx()).kind).toBe('approve'); // closing
    const flip = gate.check(sell('A/USD', 3000), ctx()); // 100k long -> 200k short would make gross 250k
    expect(flip.kind).toBe('resize');
    expect(qty(flip)).toBe(2500); // |100k - 100 q| <= 150k
    expect(flip.reasons[0]!.code).toBe('max-gross-leverage');
  });

  it('net leverage lets hedges through and caps same-direction exposure', () => {
    const { gate, portfolio, ctx } = setup({ limits: { maxNetLeverage: 1.5 } });
    portfolio.set('A/USD', 1000);
    expect(qty(gate.check(buy('B/USD', 1000), ctx()))).toBe(500);
    expect(gate.check(sell('B/USD', 1000), ctx()).kind).toBe('approve');
  });

  it('correlated exposure solves sqrt(e^T R e) <= limit x equity', () => {
    const { gate, portfolio, ctx } = setup({
      limits: { maxCorrelatedExposure: 1.2 },
      riskModel: { symbols: ['A/USD', 'B/USD'], volatilities: [0.02, 0.03], correlations: [[1, 0.5], [0.5, 1]] },
    });
    portfolio.set('A/USD', 1000); // e = [100k, 0]
    // x = 100 q: x^2 + 2·0.5·100k·x + 1e10 <= (120k)^2
    const x = (-1e5 + Math.sqrt(1e10 - 4 * (1e10 - 1.44e10))) / 2;
    const d = gate.check(buy('B/USD', 1000), ctx());
    expect(qty(d)).toBe(Math.floor((x / 100) * 1000) / 1000);
    expect(d.reasons[0]!.code).toBe('max-correlated-exposure');
    expect(gate.check(sell('B/USD', 1000), ctx()).kind).toBe('approve'); // a hedge: sqrt(1e10) = 100k <= 120k
  });

  it('portfolio VaR: z · sqrt(e^T Σ e) <= maxFraction · equity', () => {
    const { gate, portfolio, ctx } = setup({
      limits: { valueAtRisk: { confidence: 0.99, horizonDays: 1, maxFraction: 0.02 } },
      riskModel: { symbols: ['A/USD', 'B/USD'], volatilities: [0.02, 0.03], correlations: [[1, 0.3], [0.3, 1]] },
    });
    const z = 2.3263478740408408;
    const d = gate.check(buy('A/USD', 1000), ctx());
    expect(qty(d)).toBe(Math.floor((2000 / (z * 0.02 * 100)) * 1000) / 1000);
    portfolio.set('A/USD', 400);
    // e = [40k, 100 q] ; var = (0.02·40k)^2 + 2·0.3·0.02·0.03·40k·100q + (0.03·100q)^2 <= (2000/z)^2
    const a = (0.03 * 100) ** 2;
    const b = 0.3 * 0.02 * 0.03 * 40_000 * 100;
    const c = (0.02 * 40_000) ** 2 - (2000 / z) ** 2;
    const q = (-b + Math.sqrt(b * b - a * c)) / a;
    expect(qty(gate.check(buy('B/USD', 1000), ctx()))).toBe(Math.floor(q * 1000) / 1000);
    // Symbols outside the model use the default (largest) volatility and zero correlation.
    const cq = (Math.sqrt((2000 / z) ** 2 - (0.02 * 40_000) ** 2)) / (0.03 * 100);
    expect(qty(gate.check(buy('C/USD', 1000), ctx()))).toBe(Math.floor(cq * 1000) / 1000);
  });

  it('exposure state follows the portfolio between checks (positions closed, prices moved)', () => {
    const { gate, portfolio, market, ctx } = setup({ limits: { maxGrossLeverage: 1 } });
    portfolio.set('A/USD', 900);
    expect(qty(gate.check(buy('B/USD', 500), ctx()))).toBe(100);
    portfolio.set('A/USD', 0);
    expect(gate.check(buy('B/USD', 500), ctx()).kind).toBe('approve');
    portfolio.set('A/USD', 500);
    market.set('A/USD', 150); // 75k
    expect(qty(gate.check(buy('B/USD', 500), ctx()))).toBe(250);
  });

  it('stale or missing market data blocks new exposure but not reductions', () => {
    const { gate, portfolio, market, ctx } = setup({ limits: { staleData: { maxAgeMs: 5000 } } });
    portfolio.set('A/USD', 10);
    expect(gate.check(buy('A/USD', 1), ctx(5000)).kind).toBe('approve');
    expect(codes(gate.check(buy('A/USD', 1), ctx(5001)))).toContain('stale-market-data');
    expect(gate.check(sell('A/USD', 10), ctx(60_000)).kind).toBe('approve');
    market.prices.delete('C/USD');
    expect(codes(gate.check(buy('C/USD', 1), ctx(0)))).toContain('no-market-price');
  });

  it('non-positive equity blocks new exposure; an unknown instrument cannot be resized', () => {
    const { gate, portfolio, market, ctx } = setup({ limits: { maxOrderNotional: 500 } });
    portfolio.set('A/USD', 10);
    portfolio.equityValue = 0;
    expect(codes(gate.check(buy('A/USD', 1), ctx()))).toEqual(['non-positive-equity']);
    expect(gate.check(sell('A/USD', 1), ctx()).kind).toBe('approve');
    portfolio.equityValue = 100_000;
    market.instruments.delete('B/USD');
    expect(codes(gate.check(buy('B/USD', 10), ctx()))).toEqual(['max-order-notional', 'unknown-instrument']);
  });

  it('a resize below the instrument minimums is a rejection', () => {
    const { gate, market, ctx } = setup({ limits: { maxOrderNotional: 450 } });
    market.instruments.clear();
    market.set('A/USD', 100, 0, { lotSize: '1', minQuantity: '5' });
    const d = gate.check(buy('A/USD', 10), ctx());
    expect(d.kind).toBe('reject');
    expect(codes(d)).toEqual(['max-order-notional', 'below-instrument-minimum']);
    market.instruments.clear();
    market.set('A/USD', 100, 0, { lotSize: '1', minNotional: '500' });
    expect(codes(gate.check(buy('A/USD', 10), ctx()))).toEqual(['max-order-notional', 'below-instrument-minimum']);
  });
});

describe('account limits and modes', () => {
  it('daily loss limit blocks new exposure and switches to the configured mode', () => {
    const { gate, portfolio, ctx } = setup({ limits: { dailyLoss: { maxFraction: 0.03 } } });
    portfolio.set('A/USD', 10);
    portfolio.equityValue = 97_100;
    expect(gate.check(buy('A/USD', 1), ctx()).kind).toBe('approve');
    expect(gate.mode).toBe('normal');
    portfolio.equityValue = 97_000;
    const d = gate.check(buy('A/USD', 1), ctx());
    expect(d.kind).toBe('reject');
    expect(codes(d)).toContain('daily-loss-limit');
    expect(gate.mode).toBe('reduce');
    expect(gate.check(sell('A/USD', 5), ctx()).kind).toBe('approve');
  });

  it('with modes.autoRecover a limit-induced mode steps back to normal once the limit clears and the cooldown passed', () => {
    const { gate, portfolio, ctx } = setup({ limits: { dailyLoss: { maxFraction: 0.03 } }, modes: { cooldownMs: 1000, autoRecover: true } });
    portfolio.equityValue = 96_000;
    gate.evaluate(ctx(0));
    expect(gate.mode).toBe('reduce');
    portfolio.startOfDay = 96_000; // a new day
    gate.evaluate(ctx(999));
    expect(gate.mode).toBe('reduce'); // cooldown
    gate.evaluate(ctx(1000));
    expect(gate.mode).toBe('normal');
    expect(gate.modeState.source).toBe('limit:recovered');
    // Without autoRecover the mode stays until an operator acts.
    const manual = setup({ limits: { dailyLoss: { maxFraction: 0.03 } }, modes: { cooldownMs: 0 } });
    manual.portfolio.equityValue = 96_000;
    manual.gate.evaluate(manual.ctx(0));
    manual.portfolio.startOfDay = 96_000;
    manual.gate.evaluate(manual.ctx(5000));
    expect(manual.gate.mode).toBe('reduce');
  });

  it('drawdown soft limit scales the exposure-increasing part linearly; hard limit switches mode and holds it', () => {
    const { gate, portfolio, ctx, clock } = setup({ limits: { drawdown: { soft: 0.1, hard: 0.2, hardMode: 'emergency' } }, modes: { cooldownMs: 0 } });
    portfolio.peak = 100_000;
    portfolio.equityValue = 85_000; // dd 15% -> factor 0.5
    expect(qty(gate.check(buy('A/USD', 100), ctx()))).toBe(50);
    portfolio.set('A/USD', -40); // 40 of the 100 only reduce the short
    const d = gate.check(buy('A/USD', 100), ctx());
    expect(qty(d)).toBe(70);
    expect(d.reasons[0]).toMatchObject({ code: 'drawdown-soft-limit', limit: 0.1 });
    expect(d.reasons[0]!.value).toBeCloseTo(0.15, 12);
    portfolio.equityValue = 90_000;
    expect(gate.check(buy('A/USD', 100), ctx()).kind).toBe('approve'); // dd 10%: not above soft
    portfolio.equityValue = 80_000;
    expect(codes(gate.check(buy('A/USD', 100), ctx()))).toContain('mode-emergency');
    expect(gate.mode).toBe('emergency');
    const r = gate.requestMode({ mode: 'normal', source: 'operator:test', reason: 'resume', time: clock.now() });
    expect(r.accepted).toBe(false);
    expect(r.accepted ? '' : r.refusal.code).toBe('held-by-limit');
    portfolio.equityValue = 95_000;
    gate.evaluate(ctx());
    expect(gate.requestMode({ mode: 'normal', source: 'operator:test', reason: 'resume', time: clock.now() }).accepted).toBe(true);
  });

  it('pause rejects everything, reduce and emergency only let reducing / flattening orders through', () => {
    const { gate, portfolio, ctx } = setup({ limits: { maxOrderNotional: 1e9 } });
    portfolio.set('A/USD', 100);
    gate.requestMode({ mode: 'pause', source: 'operator:t', reason: 'test', time: 0 });
    expect(codes(gate.check(sell('A/USD', 10), ctx()))).toEqual(['mode-pause']);
    expect(codes(gate.check(buy('B/USD', 10), ctx()))).toEqual(['mode-pause']);
    gate.requestMode({ mode: 'reduce', source: 'operator:t', reason: 'test', time: 0 });
    expect(codes(gate.check(buy('A/USD', 10), ctx()))).toEqual(['mode-reduce']);
    expect(codes(gate.check(buy('B/USD', 10), ctx()))).toEqual(['mode-reduce']);
    expect(gate.check(sell('A/USD', 50), ctx()).kind).toBe('approve');
    const flip = gate.check(sell('A/USD', 250), ctx()); // would flip to -150: only the 100 reduce
    expect(flip.kind).toBe('resize');
    expect(qty(flip)).toBe(100);
    gate.requestMode({ mode: 'emergency', source: 'killswitch', reason: 'button', time: 0 });
    expect(gate.check(sell('A/USD', 100), ctx()).kind).toBe('approve');
    expect(qty(gate.check(sell('A/USD', 150), ctx()))).toBe(100);
    expect(codes(gate.check(buy('A/USD', 1), ctx()))).toEqual(['mode-emergency']);
    expect(codes(gate.check(sell('B/USD', 1), ctx()))).toEqual(['mode-emergency']);
  });

  it('emergency flattening orders skip the other checks', () => {
    const { gate, portfolio, ctx } = setup({ limits: { maxOrderNotional: 100, staleData: { maxAgeMs: 1 }, orderRate: { maxOrders: 1, windowMs: 1e9 } } });
    portfolio.set('A/USD', 100);
    gate.requestMode({ mode: 'emergency', source: 'killswitch', reason: 'button', time: 0 });
    expect(gate.check(sell('A/USD', 100), ctx(1e6)).kind).toBe('approve');
    expect(gate.check(sell('A/USD', 100), ctx(1e6)).kind).toBe('approve');
  });
});
