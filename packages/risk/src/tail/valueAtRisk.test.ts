import { describe, expect, it } from 'vitest';
import { hasData, logReturns, readCloses } from '../../test/data.js';
import { fitGarch11 } from '../volatility/garch11.js';
import { componentVaR, portfolioVaR } from './portfolioVaR.js';
import { cornishFisherVaR, garchVaR, historicalCVaR, historicalVaR, parametricVaR } from './valueAtRisk.js';

const Z01 = -2.3263478740408408; // qnorm(0.01)

describe('historical VaR / CVaR', () => {
  it('small sample by hand (type 7)', () => {
    const r = [0.04, -0.05, 0.01, -0.02, 0.03];
    // sorted -0.05 -0.02 0.01 0.03 0.04; p = 0.2 -> h = 0.8 -> -0.05 + 0.8 * 0.03 = -0.026
    expect(historicalVaR(r, 0.8)).toBeCloseTo(0.026, 15);
    // returns at or below -0.026: only -0.05
    expect(historicalCVaR(r, 0.8)).toBeCloseTo(0.05, 15);
    expect(() => historicalVaR([], 0.95)).toThrow(RangeError);
    expect(() => historicalVaR(r, 1)).toThrow(RangeError);
  });

  describe.skipIf(!hasData)('BTCUSD_1h log returns (needs ../shared/data)', () => {
    const r = logReturns(readCloses('BTCUSD_1h.csv'));
    it('equals a type-7 quantile computed by hand and numpy', () => {
      const s = [...r].sort((a, b) => a - b);
      for (const c of [0.99, 0.95]) {
        const h = (s.length - 1) * (1 - c);
        const lo = Math.floor(h);
        const q = s[lo]! + (h - lo) * (s[lo + 1]! - s[lo]!);
        expect(historicalVaR(r, c)).toBeCloseTo(-q, 15);
      }
      expect(historicalVaR(r, 0.99)).toBeCloseTo(0.03075879558113803, 14); // -np.quantile(r, 0.01)
      expect(historicalCVaR(r, 0.99)).toBeCloseTo(0.04281814692028888, 14); // -r[r <= q].mean()
      expect(historicalCVaR(r, 0.99)).toBeGreaterThan(historicalVaR(r, 0.99));
    });
    it('parametric and Cornish-Fisher match scipy (norm.ppf, skew, kurtosis)', () => {
      expect(parametricVaR(r, 0.99)).toBeCloseTo(0.022684176498745, 13);
      expect(cornishFisherVaR(r, 0.99)).toBeCloseTo(0.05879368443211157, 12);
    });
  });

  it('Cornish-Fisher equals the Gaussian VaR for symmetric zero-excess-kurtosis samples', () => {
    const r = [-2, -1, 0, 1, 2].map((x) => x * 0.01);
    // skew 0; kurtosis m4/m2^2 = (16+1+1+16)/5 / (10/5)^2 = 6.8/4 = 1.7 -> excess -1.3, so build an adjusted case:
    const sd = Math.sqrt(10 / 4) * 0.01;
    const z = Z01;
    const k = -1.3;
    const zcf = z + ((z ** 3 - 3 * z) * k) / 24;
    expect(cornishFisherVaR(r, 0.99)).toBeCloseTo(-(0 + sd * zcf), 14);
    expect(parametricVaR(r, 0.99, { zeroMean: true })).toBeCloseTo(-sd * z, 14);
  });
});

describe('GARCH VaR', () => {
  it.skipIf(!hasData)('one step ahead: -(mu + sigma_{n+1} q) for normal and standardized t', () => {
    const r = logReturns(readCloses('ORCL_1d.csv')).slice(-2000);
    const fit = fitGarch11(r);
    const h1 = fit.forecast(1)[0]!;
    expect(garchVaR(fit, 0.99)).toBeCloseTo(-(fit.mu + Math.sqrt(h1) * Z01), 12);
    const h5 = fit.forecast(5).reduce((a, b) => a + b, 0);
    expect(garchVaR(fit, 0.99, 5)).toBeCloseTo(-(5 * fit.mu + Math.sqrt(h5) * Z01), 12);
  });
  it('standardized Student t quantile: t_nu^-1(1-c) sqrt((nu-2)/nu)', () => {
    const fake = { dist: 'student-t', mu: 0.001, nu: 5, forecast: (h: number) => new Float64Array(h).fill(0.0004) };
    // scipy.stats.t.ppf(0.01, 5) = -3.364929998907218
    const q = -3.364929998907218 * Math.sqrt(3 / 5);
    expect(garchVaR(fake as unknown as Parameters<typeof garchVaR>[0], 0.99)).toBeCloseTo(-(0.001 + 0.02 * q), 10);
  });
});

describe('portfolio VaR', () => {
  it('delta-normal by hand with Euler components', () => {
    const w = [60_000, -20_000];
    const cov = [
      [0.0004, 0.0001],
      [0.0001, 0.0009],
    ];
    // w'Σw = 60000²·0.0004 + 2·60000·(-20000)·0.0001 + 20000²·0.0009 = 1,440,000 - 240,000 + 360,000
    const sd = Math.sqrt(1_560_000);
    expect(portfolioVaR(w, cov, 0.99)).toBeCloseTo(2.3263478740408408 * sd, 8);
    expect(portfolioVaR(w, cov, 0.99, { horizon: 10 })).toBeCloseTo(2.3263478740408408 * sd * Math.sqrt(10), 7);
    const { total, components } = componentVaR(w, cov, 0.99);
    expect(components[0]! + components[1]!).toBeCloseTo(total, 8);
    // component 0 = z · w0 (Σw)_0 / sd, (Σw)_0 = 60000·0.0004 - 20000·0.0001 = 22
    expect(components[0]).toBeCloseTo((2.3263478740408408 * 60_000 * 22) / sd, 8);
    expect(() => portfolioVaR([1], cov, 0.99)).toThrow(RangeError);
  });
});
