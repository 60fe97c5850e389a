import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADX, adx } from './adx.js';
import { ATR, atr } from './atr.js';
import { Bollinger, bollinger } from './bollinger.js';
import { CCI, cci } from './cci.js';
import { DEMA, dema } from './dema.js';
import { Donchian, donchian } from './donchian.js';
import { EMA, ema } from './ema.js';
import { HeikinAshi, heikinAshi } from './heikinAshi.js';
import { Keltner, keltner } from './keltner.js';
import { MACD, macd } from './macd.js';
import { OBV, obv } from './obv.js';
import { ParabolicSAR, parabolicSar } from './parabolicSar.js';
import { Momentum, ROC, momentum, roc } from './roc.js';
import { RollingCorrelation, rollingCorrelation } from './rollingCorrelation.js';
import { RollingStdDev, ZScore, rollingStdDev, zScore } from './rollingStdDev.js';
import { RSI, rsi } from './rsi.js';
import { SMA, sma } from './sma.js';
import { Stochastic, stochastic } from './stochastic.js';
import { TEMA, tema } from './tema.js';
import { TrueRange, trueRange } from './trueRange.js';
import { RollingVWAP, SessionVWAP, rollingVwap, vwap } from './vwap.js';
import { WilliamsR, williamsR } from './williamsR.js';
import { WMA, wma } from './wma.js';

interface Bars {
  o: number[];
  h: number[];
  l: number[];
  c: number[];
  v: number[];
  t: number[];
}

/** Random but valid OHLCV bars (high >= max(open, close), low <= min(open, close)), 1-hour spacing. */
const barsArb = fc
  .array(
    fc.record({
      o: fc.double({ min: 1, max: 1000, noNaN: true }),
      c: fc.double({ min: 1, max: 1000, noNaN: true }),
      up: fc.double({ min: 0, max: 50, noNaN: true }),
      dn: fc.double({ min: 0, max: 0.9, noNaN: true }),
      v: fc.double({ min: 0, max: 1e6, noNaN: true }),
    }),
    { minLength: 1, maxLength: 120 },
  )
  .map((rows): Bars => {
    const b: Bars = { o: [], h: [], l: [], c: [], v: [], t: [] };
    rows.forEach((r, i) => {
      b.o.push(r.o);
      b.c.push(r.c);
      b.h.push(Math.max(r.o, r.c) + r.up);
      b.l.push(Math.min(r.o, r.c) * (1 - r.dn));
      b.v.push(r.v);
      b.t.push(1_700_000_000_000 + i * 3_600_000);
    });
    return b;
  });

const periodArb = fc.integer({ min: 1, max: 30 });
const same = (a: number, b: number): boolean => (Number.isNaN(a) && Number.isNaN(b)) || a === b;
const opt = (x: number | undefined): number => x ?? Number.NaN;

describe('streaming equals batch at every index (fast-check)', () => {
  it('single-input indicators', () => {
    fc.assert(
      fc.property(barsArb, periodArb, (b, p) => {
        const cases: [Float64Array, (x: number) => number][] = [
          [sma(b.c, p), ((s) => (x: number) => opt(s.update(x)))(new SMA(p))],
          [ema(b.c, p), ((s) => (x: number) => opt(s.update(x)))(new EMA(p))],
          [wma(b.c, p), ((s) => (x: number) => opt(s.update(x)))(new WMA(p))],
          [dema(b.c, p), ((s) => (x: number) => opt(s.update(x)))(new DEMA(p))],
          [tema(b.c, p), ((s) => (x: number) => opt(s.update(x)))(new TEMA(p))],
          [rsi(b.c, p), ((s) => (x: number) => opt(s.update(x)))(new RSI(p))],
          [roc(b.c, p), ((s) => (x: number) => opt(s.update(x)))(new ROC(p))],
          [momentum(b.c, p), ((s) => (x: number) => opt(s.update(x)))(new Momentum(p))],
          [rollingStdDev(b.c, p), ((s) => (x: number) => opt(s.update(x)))(new RollingStdDev(p))],
          [zScore(b.c, p), ((s) => (x: number) => opt(s.update(x)))(new ZScore(p))],
        ];
        for (const [batch, step] of cases) {
          for (let i = 0; i < b.c.length; i++) expect(same(step(b.c[i]!), batch[i]!)).toBe(true);
        }
      }),
      { numRuns: 60, seed: 42 },
    );
  });

  it('multi-output and bar indicators', () => {
    fc.assert(
      fc.property(barsArb, fc.integer({ min: 2, max: 20 }), (b, p) => {
        const n = b.c.length;
        const m = macd(b.c, p, p + 3, 4);
        const mi = new MACD(p, p + 3, 4);
        const bb = bollinger(b.c, p, 2);
        const bi = new Bollinger(p, 2);
        const tr = trueRange(b.h, b.l, b.c);
        const ti = new TrueRange();
        const at = atr(b.h, b.l, b.c, p);
        const ai = new ATR(p);
        const st = stochastic(b.h, b.l, b.c, p, 3, 3);
        const si = new Stochastic(p, 3, 3);
        const wr = williamsR(b.h, b.l, b.c, p);
        const wi = new WilliamsR(p);
        const cc = cci(b.h, b.l, b.c, p);
        const ci = new CCI(p);
        const ad = adx(b.h, b.l, b.c, p);
        const adi = new ADX(p);
        const ob = obv(b.c, b.v);
        const oi = new OBV();
        const vw = vwap(b.t, b.h, b.l, b.c, b.v);
        const vi = new SessionVWAP();
        const rv = rollingVwap(b.h, b.l, b.c, b.v, p);
        const ri = new RollingVWAP(p);
        const dc = donchian(b.h, b.l, p);
        const di = new Donchian(p);
        const kc = keltner(b.h, b.l, b.c, p, 1.5, p);
        const ki = new Keltner(p, 1.5, p);
        const ps = parabolicSar(b.h, b.l);
        const pi = new ParabolicSAR();
        const ha = heikinAshi(b.o, b.h, b.l, b.c);
        const hi = new HeikinAshi();
        const rc = rollingCorrelation(b.c, b.h, p);
        const rci = new RollingCorrelation(p);
        for (let i = 0; i < n; i++) {
          const [h, l, c, v] = [b.h[i]!, b.l[i]!, b.c[i]!, b.v[i]!];
          mi.update(c);
          expect(same(mi.macd, m.macd[i]!) && same(mi.signal, m.signal[i]!) && same(mi.histogram, m.histogram[i]!)).toBe(true);
          const br = bi.update(c);
          expect(same(br ? br.upper : Number.NaN, bb.upper[i]!) && same(br ? br.lower : Number.NaN, bb.lower[i]!)).toBe(true);
          expect(same(opt(ti.update(h, l, c)), tr[i]!)).toBe(true);
          expect(same(opt(ai.update(h, l, c)), at[i]!)).toBe(true);
          si.update(h, l, c);
          expect(same(si.k, st.k[i]!) && same(si.d, st.d[i]!)).toBe(true);
          expect(same(opt(wi.update(h, l, c)), wr[i]!)).toBe(true);
          expect(same(opt(ci.update(h, l, c)), cc[i]!)).toBe(true);
          adi.update(h, l, c);
          expect(same(adi.adx, ad.adx[i]!) && same(adi.plusDi, ad.plusDi[i]!) && same(adi.minusDi, ad.minusDi[i]!)).toBe(true);
          expect(oi.update(c, v)).toBe(ob[i]);
          expect(same(opt(vi.update(b.t[i]!, h, l, c, v)), vw[i]!)).toBe(true);
          expect(same(opt(ri.update(h, l, c, v)), rv[i]!)).toBe(true);
          const dr = di.update(h, l);
          expect(same(dr ? dr.upper : Number.NaN, dc.upper[i]!) && same(dr ? dr.lower : Number.NaN, dc.lower[i]!)).toBe(true);
          const kr = ki.update(h, l, c);
          expect(same(kr ? kr.upper : Number.NaN, kc.upper[i]!) && same(kr ? kr.middle : Number.NaN, kc.middle[i]!)).toBe(true);
          expect(same(opt(pi.update(h, l)), ps[i]!)).toBe(true);
          hi.update(b.o[i]!, h, l, c);
          expect(hi.open === ha.open[i] && hi.close === ha.close[i] && hi.high === ha.high[i] && hi.low === ha.low[i]).toBe(true);
          const cr = rci.update(c, h);
          expect(same(cr === undefined ? Number.NaN : rci.correlation, rc.correlation[i]!)).toBe(true);
        }
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  it('reset() returns a streaming indicator to its initial state', () => {
    fc.assert(
      fc.property(barsArb, periodArb, (b, p) => {
        const s = new RSI(p);
        const k = new Stochastic(p, 2, 2);
        for (let i = 0; i < b.c.length; i++) {
          s.update(b.c[i]!);
          k.update(b.h[i]!, b.l[i]!, b.c[i]!);
        }
        s.reset();
        k.reset();
        expect(s.isReady).toBe(false);
        expect(k.isReady).toBe(false);
        const again = b.c.map((x) => opt(s.update(x)));
        const direct = rsi(b.c, p);
        again.forEach((x, i) => expect(same(x, direct[i]!)).toBe(true));
      }),
      { numRuns: 30, seed: 3 },
    );
  });
});

describe('invariants (fast-check)', () => {
  it('SMA, EMA, WMA, Bollinger middle of a constant series are the constant; sigma is 0', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 1, max: 200 }), periodArb, (x, n, p) => {
        const xs = new Array<number>(n).fill(x);
        for (const out of [sma(xs, p), ema(xs, p), wma(xs, p), bollinger(xs, p, 2).middle]) {
          for (let i = p - 1; i < n; i++) expect(out[i]!).toBeCloseTo(x, 6);
        }
        const bb = bollinger(xs, p, 2);
        for (let i = p - 1; i < n; i++) expect(bb.upper[i]! - bb.lower[i]!).toBeLessThan(1e-6 * Math.max(1, Math.abs(x)));
      }),
      { numRuns: 100, seed: 11 },
    );
  });

  it('RSI and stochastic stay in [0, 100], Williams %R in [-100, 0]', () => {
    fc.assert(
      fc.property(barsArb, periodArb, (b, p) => {
        for (const v of rsi(b.c, p)) if (!Number.isNaN(v)) expect(v >= 0 && v <= 100).toBe(true);
        const st = stochastic(b.h, b.l, b.c, p, 3, 3);
        for (const arr of [st.k, st.d]) for (const v of arr) if (!Number.isNaN(v)) expect(v >= -1e-9 && v <= 100 + 1e-9).toBe(true);
        for (const v of williamsR(b.h, b.l, b.c, p)) if (!Number.isNaN(v)) expect(v >= -100 - 1e-9 && v <= 1e-9).toBe(true);
      }),
      { numRuns: 100, seed: 5 },
    );
  });

  it('bands are ordered: Bollinger, Donchian, Keltner', () => {
    fc.assert(
      fc.property(barsArb, periodArb, fc.double({ min: 0, max: 4, noNaN: true }), (b, p, k) => {
        const bb = bollinger(b.c, p, k);
        const dc = donchian(b.h, b.l, p);
        const kc = keltner(b.h, b.l, b.c, p, k, p);
        for (let i = 0; i < b.c.length; i++) {
          for (const r of [bb, dc, kc]) {
            if (Number.isNaN(r.middle[i]!)) continue;
            expect(r.upper[i]! >= r.middle[i]! - 1e-9 && r.middle[i]! >= r.lower[i]! - 1e-9).toBe(true);
          }
        }
      }),
      { numRuns: 100, seed: 9 },
    );
  });
});
