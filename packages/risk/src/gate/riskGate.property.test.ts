import { ManualClock, type RiskDecision, type TradingMode } from '@bot/core-types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TestMarket, TestPortfolio, context, intent } from '../../test/harness.js';
import { parseRiskGateConfig } from './parseRiskGateConfig.js';
import { createRiskGate } from './riskGate.js';

const SYMBOLS = ['A/USD', 'B/USD', 'C/USD', 'D/USD', 'E/USD', 'F/USD'];
const MODEL = SYMBOLS.slice(0, 4); // E and F fall outside the risk model
const Z99 = 2.3263478740408408;
const TOL = 1e-9;

const scenario = fc.record({
  prices: fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 6, maxLength: 6 }),
  positions: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: -3000, max: 3000 })), { minLength: 6, maxLength: 6 }),
  vols: fc.array(fc.double({ min: 0.005, max: 0.06, noNaN: true }), { minLength: 4, maxLength: 4 }),
  loadings: fc.array(fc.double({ min: -0.9, max: 0.9, noNaN: true }), { minLength: 4, maxLength: 4 }),
  equity: fc.double({ min: 20_000, max: 500_000, noNaN: true }),
  peakFactor: fc.double({ min: 1, max: 1.3, noNaN: true }),
  sodFactor: fc.double({ min: 0.97, max: 1.06, noNaN: true }),
  limits: fc.record({
    maxOrderNotional: fc.double({ min: 1_000, max: 200_000, noNaN: true }),
    maxPositionQuantity: fc.integer({ min: 100, max: 5000 }),
    maxPositionNotional: fc.double({ min: 5_000, max: 300_000, noNaN: true }),
    maxConcentration: fc.double({ min: 0.05, max: 1.5, noNaN: true }),
    maxGrossLeverage: fc.double({ min: 0.2, max: 4, noNaN: true }),
    maxNetLeverage: fc.double({ min: 0.1, max: 3, noNaN: true }),
    maxCorrelatedExposure: fc.double({ min: 0.1, max: 3, noNaN: true }),
    varFraction: fc.double({ min: 0.005, max: 0.1, noNaN: true }),
  }),
  orders: fc.array(
    fc.record({
      symbol: fc.integer({ min: 0, max: 5 }),
      side: fc.constantFrom('buy' as const, 'sell' as const),
      quantity: fc.integer({ min: 1, max: 6000 }),
      limitOffset: fc.option(fc.double({ min: -0.02, max: 0.02, noNaN: true }), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 8 },
  ),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function build(s: Scenario, mode: TradingMode) {
  const corr = MODEL.map((_, i) => MODEL.map((__, j) => (i === j ? 1 : s.loadings[i]! * s.loadings[j]!)));
  const config = parseRiskGateConfig({
    limits: {
      maxOrderNotional: s.limits.maxOrderNotional,
      maxPositionQuantity: s.limits.maxPositionQuantity,
      maxPositionNotional: s.limits.maxPositionNotional,
      maxConcentration: s.limits.maxConcentration,
      maxGrossLeverage: s.limits.maxGrossLeverage,
      maxNetLeverage: s.limits.maxNetLeverage,
      maxCorrelatedExposure: s.limits.maxCorrelatedExposure,
      valueAtRisk: { confidence: 0.99, horizonDays: 1, maxFraction: s.limits.varFraction },
      dailyLoss: { maxFraction: 0.04 },
      drawdown: { soft: 0.1, hard: 0.25 },
      priceCollar: { maxDeviation: 0.05 },
    },
    riskModel: { symbols: MODEL, volatilities: s.vols, correlations: corr, defaultVolatility: 0.05, defaultCorrelation: 0 },
    modes: { initial: mode },
  });
  const gate = createRiskGate(config, { clock: new ManualClock(0) });
  const portfolio = new TestPortfolio(s.equity, s.equity * s.peakFactor, s.equity * s.sodFactor);
  const market = new TestMarket();
  SYMBOLS.forEach((sym, i) => {
    market.set(sym, s.prices[i]!, 0, { lotSize: '1' });
    portfolio.set(sym, s.positions[i]!);
  });
  // Independent re-evaluation: full matrices, written out here.
  const vol = (i: number) => (i < MODEL.length ? s.vols[i]! : 0.05);
  const rho = (i: number, j: number) => (i === j ? 1 : i < MODEL.length && j < MODEL.length ? corr[i]![j]! : 0);
  const measures = (pos: number[]) => {
    const e = pos.map((q, i) => q * s.prices[i]!);
    let gross = 0;
    let net = 0;
    let eRe = 0;
    let eSe = 0;
    for (let i = 0; i < e.length; i++) {
      gross += Math.abs(e[i]!);
      net += e[i]!;
      for (let j = 0; j < e.length; j++) {
        eRe += e[i]! * rho(i, j) * e[j]!;
        eSe += e[i]! * rho(i, j) * vol(i) * vol(j) * e[j]!;
      }
    }
    return { e, gross, net: Math.abs(net), corrExp: Math.sqrt(Math.max(0, eRe)), varMoney: Z99 * Math.sqrt(Math.max(0, eSe)) };
  };
  return { gate, portfolio, market, config, measures };
}

function filledQuantity(d: RiskDecision, requested: number): number {
  if (d.kind === 'approve') return requested;
  if (d.kind === 'resize') return d.quantity.toNumber();
  return 0;
}

describe('risk gate properties', () => {
  it('an approved or resized order never breaches a limit it did not already breach, nor worsens one', () => {
    const seen = { approve: 0, resize: 0, reject: 0 };
    fc.assert(
      fc.property(scenario, (s) => {
        const { gate, portfolio, market, config, measures } = build(s, 'normal');
        const L = config.limits;
        const E = s.equity;
        const drawdown = 1 - E / (E * s.peakFactor);
        const dailyLoss = 1 - E / (E * s.sodFactor);
        for (const o of s.orders) {
          const sym = SYMBOLS[o.symbol]!;
          const last = s.prices[o.symbol]!;
          const limitPrice = o.limitOffset === undefined ? undefined : (last * (1 + o.limitOffset)).toFixed(2);
          const it = intent({ symbol: sym, side: o.side, quantity: o.quantity, ...(limitPrice ? { type: 'limit', limitPrice } : {}) });
          const d = gate.check(it, context(portfolio, market, 0));
          seen[d.kind]++;
          const q = filledQuantity(d, o.quantity);
          if (d.kind === 'resize') {
            expect(q).toBeGreaterThan(0);
            expect(q).toBeLessThan(o.quantity);
            expect(Number.isInteger(q)).toBe(true); // lot size 1
          }
          if (q === 0) continue;
          const before = SYMBOLS.map((x) => portfolio.positionQuantity(x));
          const after = [...before];
          const sign = o.side === 'buy' ? 1 : -1;
          after[o.symbol] = before[o.symbol]! + sign * q;
          const p0 = before[o.symbol]!;
          const pureReduction = p0 * sign < 0 && q <= Math.abs(p0);
          const orderPx = Math.max(last, limitPrice === undefined ? last : Number(limitPrice));
          expect(q * orderPx).toBeLessThanOrEqual(L.maxOrderNotional! * (1 + TOL));
          if (!pureReduction) {
            expect(drawdown).toBeLessThan(0.25);
            expect(dailyLoss).toBeLessThan(0.04);
            if (drawdown > 0.1 + 1e-12) {
              const factor = (0.25 - drawdown) / 0.15;
              const reduce = p0 * sign < 0 ? Math.abs(p0) : 0;
              expect(q).toBeLessThanOrEqual(reduce + factor * (o.quantity - reduce) + 1e-9);
            }
            const mb = measures(before);
            const ma = measures(after);
            const ok = (a: number, b: number, limit: number) => a <= limit * (1 + TOL) + 1e-6 || a <= b * (1 + TOL) + 1e-6;
            const pa = Math.abs(after[o.symbol]!);
            const pb = Math.abs(p0);
            expect(ok(pa, pb, L.maxPositionQuantity as number)).toBe(true);
            expect(ok(pa * last, pb * last, L.maxPositionNotional!)).toBe(true);
            expect(ok((pa * last) / E, (pb * last) / E, L.maxConcentration!)).toBe(true);
            expect(ok(ma.gross / E, mb.gross / E, L.maxGrossLeverage!)).toBe(true);
            expect(ok(ma.net / E, mb.net / E, L.maxNetLeverage!)).toBe(true);
            expect(ok(ma.corrExp / E, mb.corrExp / E, L.maxCorrelatedExposure!)).toBe(true);
            expect(ok(ma.varMoney / E, mb.varMoney / E, L.valueAtRisk!.maxFraction)).toBe(true);
          }
          // The order is filled: the next order sees the new portfolio.
          portfolio.set(sym, after[o.symbol]!);
        }
      }),
      { numRuns: 300, seed: 20261121 },
    );
    // Every outcome really occurred, so the assertions above were exercised.
    expect(seen.approve).toBeGreaterThan(20);
    expect(seen.resize).toBeGreaterThan(20);
    expect(seen.reject).toBeGreaterThan(20);
  });

  it('in Pause nothing is approved; in Reduce and Emergency nothing increases a position', () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom<TradingMode>('pause', 'reduce', 'emergency'), (s, mode) => {
        const { gate, portfolio, market } = build(s, mode);
        for (const o of s.orders) {
          const sym = SYMBOLS[o.symbol]!;
          const d = gate.check(intent({ symbol: sym, side: o.side, quantity: o.quantity }), context(portfolio, market, 0));
          const q = filledQuantity(d, o.quantity);
          if (mode === 'pause') {
            expect(d.kind).toBe('reject');
            expect(d.reasons[0]!.code).toBe('mode-pause');
            continue;
          }
          const p0 = portfolio.positionQuantity(sym);
          const p1 = p0 + (o.side === 'buy' ? q : -q);
          expect(Math.abs(p1)).toBeLessThanOrEqual(Math.abs(p0));
          if (p1 !== 0) expect(Math.sign(p1)).toBe(Math.sign(p0));
          if (q > 0) portfolio.set(sym, p1);
        }
        expect(gate.mode).toBe(mode);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});

describe('resize is the largest passing quantity', () => {
  type LimitName = 'maxGrossLeverage' | 'maxNetLeverage' | 'maxConcentration' | 'maxCorrelatedExposure' | 'var';
  it('for each exposure limit alone, starting within it: after(q) <= limit < after(q + 1 lot)', () => {
    let resized = 0;
    fc.assert(
      fc.property(
        scenario,
        fc.constantFrom<LimitName>('maxGrossLeverage', 'maxNetLeverage', 'maxConcentration', 'maxCorrelatedExposure', 'var'),
        fc.double({ min: 1.05, max: 3, noNaN: true }),
        (s, which, headroom) => {
          // Build once without limits to measure the starting point, then set the limit above it.
          const probe = build(s, 'normal');
          const m0 = probe.measures(s.positions);
          const E = s.equity;
          const o = s.orders[0]!;
          const sym = SYMBOLS[o.symbol]!;
          const pk = Math.abs(s.positions[o.symbol]! * s.prices[o.symbol]!) / E;
          const start = { maxGrossLeverage: m0.gross / E, maxNetLeverage: m0.net / E, maxConcentration: pk, maxCorrelatedExposure: m0.corrExp / E, var: m0.varMoney / E }[which];
          const limit = Math.max(start * headroom, 0.01);
          fc.pre(limit <= 50); // the config accepts concentration up to 100x equity
          const corr = MODEL.map((_, i) => MODEL.map((__, j) => (i === j ? 1 : s.loadings[i]! * s.loadings[j]!)));
          const limits =
            which === 'var' ? { valueAtRisk: { confidence: 0.99, horizonDays: 1, maxFraction: limit } } : { [which]: limit };
          const gate = createRiskGate(
            parseRiskGateConfig({
              limits,
              riskModel: { symbols: MODEL, volatilities: s.vols, correlations: corr, defaultVolatility: 0.05, defaultCorrelation: 0 },
            }),
            { clock: new ManualClock(0) },
          );
          const d = gate.check(intent({ symbol: sym, side: o.side, quantity: o.quantity }), context(probe.portfolio, probe.market, 0));
          if (d.kind !== 'resize') return;
          resized++;
          const q = d.quantity.toNumber();
          const measure = (qq: number) => {
            const after = [...s.positions];
            after[o.symbol] = after[o.symbol]! + (o.side === 'buy' ? qq : -qq);
            const m = probe.measures(after);
            const conc = Math.abs(after[o.symbol]! * s.prices[o.symbol]!) / E;
            return { maxGrossLeverage: m.gross / E, maxNetLeverage: m.net / E, maxConcentration: conc, maxCorrelatedExposure: m.corrExp / E, var: m.varMoney / E }[which];
          };
          const p0 = s.positions[o.symbol]!;
          const maxReduce = p0 * (o.side === 'buy' ? 1 : -1) < 0 ? Math.abs(p0) : 0;
          // The exposure-reducing part of an order always passes (it may raise net or VaR when it unwinds a hedge).
          if (q > maxReduce) expect(measure(q)).toBeLessThanOrEqual(limit * (1 + TOL));
          expect(measure(q + 1)).toBeGreaterThan(limit);
        },
      ),
      { numRuns: 400, seed: 99 },
    );
    expect(resized).toBeGreaterThan(40); // the property really exercised resizes
  });
});
