import { describe, expect, it } from 'vitest';
import { hasData, readOhlcv } from '../../test/csv.js';
import { refAdx, refAtr, refEma, refMaxMin, refRsi, refSma, refStd, refStoch, refTr, refWma } from '../../test/reference.js';
import { adx } from './adx.js';
import { atr } from './atr.js';
import { bollinger } from './bollinger.js';
import { cci } from './cci.js';
import { dema } from './dema.js';
import { donchian } from './donchian.js';
import { ema } from './ema.js';
import { heikinAshi } from './heikinAshi.js';
import { keltner } from './keltner.js';
import { macd } from './macd.js';
import { obv } from './obv.js';
import { parabolicSar, ParabolicSAR } from './parabolicSar.js';
import { momentum, roc } from './roc.js';
import { rollingCorrelation } from './rollingCorrelation.js';
import { rollingStdDev, zScore } from './rollingStdDev.js';
import { rsi } from './rsi.js';
import { sma } from './sma.js';
import { stochastic } from './stochastic.js';
import { tema } from './tema.js';
import { trueRange } from './trueRange.js';
import { rollingVwap, vwap } from './vwap.js';
import { williamsR } from './williamsR.js';
import { wma } from './wma.js';

/** Same NaN pattern and values within a relative tolerance. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel = 1e-9): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e)) {
      if (!Number.isNaN(a)) throw new Error(`index ${i}: expected NaN, got ${a}`);
      continue;
    }
    if (!(Math.abs(a - e) <= rel * Math.max(1, Math.abs(e)))) throw new Error(`index ${i}: expected ${e}, got ${a}`);
  }
}

function firstDefined(a: ArrayLike<number>): number {
  for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i]!)) return i;
  return -1;
}

describe('published reference values', () => {
  // StockCharts' spreadsheet rounds the intermediate averages to 2 decimals, which moves RSI by up to ~0.1.
  it('RSI(14) matches the StockCharts / Wilder worked example (to its rounding)', () => {
    const closes = [
      44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.1, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61, 46.28, 46.28, 46.0,
      46.03, 46.41, 46.22, 45.64, 46.21, 46.25, 45.71, 46.45, 45.78, 45.35, 44.03, 44.18, 44.22, 44.57, 43.42, 42.66,
      43.13,
    ];
    const expected = [
      70.53, 66.32, 66.55, 69.41, 66.36, 57.97, 62.93, 63.26, 56.06, 62.38, 54.71, 50.42, 39.99, 41.46, 41.87, 45.46,
      37.3, 33.09, 37.79,
    ];
    const out = rsi(closes, 14);
    expect(firstDefined(out)).toBe(14);
    expected.forEach((v, j) => expect(Math.abs(out[14 + j]! - v)).toBeLessThan(0.15));
  });

  it('EMA(10) seeds with the SMA of the first 10 values (TA-Lib default)', () => {
    const x = [22.27, 22.19, 22.08, 22.17, 22.18, 22.13, 22.23, 22.43, 22.24, 22.29, 22.15, 22.39];
    const out = ema(x, 10);
    expect(firstDefined(out)).toBe(9);
    expect(out[9]).toBeCloseTo(22.221, 3);
    expect(out[10]).toBeCloseTo(22.21, 2);
    expect(out[11]).toBeCloseTo(22.24, 2);
  });

  it('first defined indices follow TA-Lib lookbacks', () => {
    const x = Array.from({ length: 60 }, (_, i) => 10 + Math.sin(i / 3) + i * 0.05);
    const h = x.map((v) => v + 0.5);
    const l = x.map((v) => v - 0.5);
    expect(firstDefined(sma(x, 20))).toBe(19);
    expect(firstDefined(ema(x, 20))).toBe(19);
    expect(firstDefined(wma(x, 20))).toBe(19);
    expect(firstDefined(rsi(x, 14))).toBe(14);
    const m = macd(x, 12, 26, 9);
    expect(firstDefined(m.macd)).toBe(25);
    expect(firstDefined(m.signal)).toBe(33);
    expect(firstDefined(m.histogram)).toBe(33);
    expect(firstDefined(trueRange(h, l, x))).toBe(1);
    expect(firstDefined(atr(h, l, x, 14))).toBe(14);
    const st = stochastic(h, l, x, 14, 3, 3);
    expect(firstDefined(st.k)).toBe(15);
    expect(firstDefined(st.d)).toBe(17);
    expect(firstDefined(dema(x, 10))).toBe(18);
    expect(firstDefined(tema(x, 10))).toBe(27);
    expect(firstDefined(adx(h, l, x, 14).adx)).toBe(27);
    expect(firstDefined(adx(h, l, x, 14).plusDi)).toBe(14);
    expect(firstDefined(parabolicSar(h, l))).toBe(1);
  });
});

describe.skipIf(!hasData)('indicators vs direct textbook computations on real data (needs ../shared/data)', () => {
  const files = ['ORCL_1d.csv', 'BTCUSD_1h.csv', 'LTCBTC_5m.csv'] as const;
  for (const file of files) {
    describe(file, () => {
      const d = readOhlcv(file);
      const { high: h, low: l, close: c, volume: v } = d;

      it('SMA, EMA, WMA, DEMA, TEMA', () => {
        expectClose(sma(c, 20), refSma(c, 20));
        expectClose(ema(c, 20), refEma(c, 20));
        expectClose(wma(c, 15), refWma(c, 15));
        const e1 = refEma(c, 10);
        const e2 = refEma(e1, 10);
        const e3 = refEma(e2, 10);
        expectClose(dema(c, 10), e1.map((a, i) => 2 * a - e2[i]!));
        expectClose(tema(c, 10), e1.map((a, i) => 3 * a - 3 * e2[i]! + e3[i]!));
      });

      it('RSI (Wilder) and MACD (SMA-seeded EMAs)', () => {
        expectClose(rsi(c, 14), refRsi(c, 14));
        const fast = refEma(c, 12);
        const slow = refEma(c, 26);
        const line = fast.map((f, i) => f - slow[i]!);
        const sig = refEma(line, 9);
        const m = macd(c, 12, 26, 9);
        expectClose(m.macd, line);
        expectClose(m.signal, sig);
        expectClose(m.histogram, line.map((x, i) => (Number.isNaN(sig[i]!) ? Number.NaN : x - sig[i]!)));
      });

      it('Bollinger (population sigma), rolling std (population and sample), z-score', () => {
        const bb = bollinger(c, 20, 2);
        const mid = refSma(c, 20);
        const sd = refStd(c, 20);
        expectClose(bb.middle, mid);
        expectClose(bb.upper, mid.map((m, i) => m + 2 * sd[i]!), 1e-8);
        expectClose(bb.lower, mid.map((m, i) => m - 2 * sd[i]!), 1e-8);
        expectClose(rollingStdDev(c, 20), sd, 1e-7);
        expectClose(rollingStdDev(c, 20, { sample: true }), refStd(c, 20, true), 1e-7);
        const z = zScore(c, 30);
        const m30 = refSma(c, 30);
        const s30 = refStd(c, 30);
        expectClose(z, m30.map((m, i) => (s30[i]! > 0 ? (c[i]! - m) / s30[i]! : Number.isNaN(m) ? m : 0)), 1e-6);
      });

      it('true range, ATR (Wilder), stochastic, Williams %R, Donchian', () => {
        expectClose(trueRange(h, l, c), refTr(h, l, c));
        expectClose(atr(h, l, c, 14), refAtr(h, l, c, 14));
        const st = stochastic(h, l, c, 14, 3, 3);
        const ref = refStoch(h, l, c, 14, 3, 3);
        expectClose(st.k, ref.k, 1e-8);
        expectClose(st.d, ref.d, 1e-8);
        const wr = williamsR(h, l, c, 14);
        const dc = donchian(h, l, 20);
        for (let i = 0; i < c.length; i++) {
          if (i < 13) expect(wr[i]).toBeNaN();
          else {
            const { max, min } = { max: refMaxMin(h, i, 14).max, min: refMaxMin(l, i, 14).min };
            expect(wr[i]).toBeCloseTo(max === min ? 0 : (-100 * (max - c[i]!)) / (max - min), 9);
          }
          if (i >= 19) {
            expect(dc.upper[i]).toBe(refMaxMin(h, i, 20).max);
            expect(dc.lower[i]).toBe(refMaxMin(l, i, 20).min);
          }
        }
      });

      it('ADX / +DI / -DI (Wilder, TA-Lib seeding)', () => {
        const a = adx(h, l, c, 14);
        const r = refAdx(h, l, c, 14);
        expectClose(a.plusDi, r.plusDi, 1e-8);
        expectClose(a.minusDi, r.minusDi, 1e-8);
        expectClose(a.adx, r.adx, 1e-8);
      });

      it('CCI, ROC, momentum, OBV, Keltner, Heikin-Ashi, rolling VWAP', () => {
        const tp = Array.from(c, (x, i) => (h[i]! + l[i]! + x) / 3);
        const m = refSma(tp, 20);
        const expCci = tp.map((x, i) => {
          if (i < 19) return Number.NaN;
          let md = 0;
          for (let j = i - 19; j <= i; j++) md += Math.abs(tp[j]! - m[i]!);
          md /= 20;
          return md === 0 ? 0 : (x - m[i]!) / (0.015 * md);
        });
        expectClose(cci(h, l, c, 20), expCci, 1e-7);
        expectClose(roc(c, 10), Array.from(c, (x, i) => (i < 10 ? Number.NaN : 100 * (x / c[i - 10]! - 1))));
        expectClose(momentum(c, 10), Array.from(c, (x, i) => (i < 10 ? Number.NaN : x - c[i - 10]!)));
        let o = 0;
        const expObv = Array.from(c, (x, i) => (o += i === 0 ? v[0]! : x > c[i - 1]! ? v[i]! : x < c[i - 1]! ? -v[i]! : 0));
        expectClose(obv(c, v), expObv, 1e-12);
        const k = keltner(h, l, c, 20, 2, 10);
        const em = refEma(c, 20);
        const at = refAtr(h, l, c, 10);
        expectClose(k.upper, em.map((e, i) => (Number.isNaN(at[i]!) ? Number.NaN : e + 2 * at[i]!)));
        expectClose(k.lower, em.map((e, i) => (Number.isNaN(at[i]!) ? Number.NaN : e - 2 * at[i]!)));
        const ha = heikinAshi(d.open, h, l, c);
        let po = (d.open[0]! + c[0]!) / 2;
        let pc = (d.open[0]! + h[0]! + l[0]! + c[0]!) / 4;
        for (let i = 1; i < c.length; i++) {
          const hc = (d.open[i]! + h[i]! + l[i]! + c[i]!) / 4;
          const ho = (po + pc) / 2;
          expect(ha.close[i]).toBeCloseTo(hc, 12);
          expect(ha.open[i]).toBeCloseTo(ho, 12);
          expect(ha.high[i]).toBe(Math.max(h[i]!, ho, hc));
          po = ho;
          pc = hc;
        }
        const rv = rollingVwap(h, l, c, v, 24);
        for (let i = 23; i < c.length; i += 97) {
          let pv = 0;
          let vs = 0;
          for (let j = i - 23; j <= i; j++) {
            pv += ((h[j]! + l[j]! + c[j]!) / 3) * v[j]!;
            vs += v[j]!;
          }
          if (vs > 0) expect(rv[i]! / (pv / vs)).toBeCloseTo(1, 10);
        }
      });

      it('session VWAP resets every UTC day', () => {
        const out = vwap(d.time, h, l, c, v);
        let day = Number.NaN;
        let pv = 0;
        let vs = 0;
        for (let i = 0; i < c.length; i++) {
          const dd = Math.floor(d.time[i]! / 86_400_000);
          if (dd !== day) {
            day = dd;
            pv = vs = 0;
          }
          pv += ((h[i]! + l[i]! + c[i]!) / 3) * v[i]!;
          vs += v[i]!;
          if (vs > 0) expect(out[i]! / (pv / vs)).toBeCloseTo(1, 10);
          else expect(out[i]).toBeNaN();
        }
      });

      it('Parabolic SAR stays on the correct side of the bar it is reported for', () => {
        const s = new ParabolicSAR();
        for (let i = 0; i < c.length; i++) {
          const out = s.update(h[i]!, l[i]!);
          if (i === 0) expect(out).toBeUndefined();
          else if (s.isLong) expect(out!).toBeLessThanOrEqual(l[i]!);
          else expect(out!).toBeGreaterThanOrEqual(h[i]!);
        }
      });

      it('rolling correlation and beta vs direct window formulas', () => {
        const x = Array.from(c, (p, i) => (i === 0 ? 0 : Math.log(p / c[i - 1]!)));
        const y = Array.from(h, (p, i) => (i === 0 ? 0 : Math.log(p / h[i - 1]!)));
        const rc = rollingCorrelation(x, y, 50);
        for (let i = 49; i < x.length; i += 53) {
          let mx = 0;
          let my = 0;
          for (let j = i - 49; j <= i; j++) {
            mx += x[j]!;
            my += y[j]!;
          }
          mx /= 50;
          my /= 50;
          let sxx = 0;
          let syy = 0;
          let sxy = 0;
          for (let j = i - 49; j <= i; j++) {
            sxx += (x[j]! - mx) ** 2;
            syy += (y[j]! - my) ** 2;
            sxy += (x[j]! - mx) * (y[j]! - my);
          }
          if (sxx > 0 && syy > 0) {
            expect(rc.correlation[i]).toBeCloseTo(sxy / Math.sqrt(sxx * syy), 8);
            expect(rc.beta[i]).toBeCloseTo(sxy / sxx, 6);
          }
        }
      });
    });
  }
});
