import { Matrix, QrDecomposition, inverse } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { hasData, readOhlcv } from '../../test/csv.js';
import { adf } from './adf.js';
import { chiSquareSf, lnGamma, normalCdf } from './distributions.js';
import { engleGranger } from './engleGranger.js';
import { halfLife } from './halfLife.js';
import { hurst } from './hurst.js';
import { jarqueBera } from './jarqueBera.js';
import { ljungBox } from './ljungBox.js';
import { mackinnonCrit, mackinnonP } from './mackinnon.js';
import { fitColumns, fitPrefix, ols, olsGram } from './ols.js';

/** Seeded standard normals (mulberry32 + Box-Muller). */
function normals(seed: number, n: number): Float64Array {
  let a = seed >>> 0;
  const u = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return out;
}

function randomWalk(seed: number, n: number): Float64Array {
  const e = normals(seed, n);
  const x = new Float64Array(n);
  for (let i = 1; i < n; i++) x[i] = x[i - 1]! + e[i]!;
  return x;
}

function ar1(seed: number, n: number, phi: number): Float64Array {
  const e = normals(seed, n);
  const x = new Float64Array(n);
  for (let i = 1; i < n; i++) x[i] = phi * x[i - 1]! + e[i]!;
  return x;
}

/** Direct ADF regression with ml-matrix QR on the full design (independent of the package's OLS). */
function directAdfT(x: ArrayLike<number>, p: number, trend: 'n' | 'c' | 'ct'): number {
  const rows: number[][] = [];
  const y: number[] = [];
  for (let t = p + 1; t < x.length; t++) {
    const row: number[] = [x[t - 1]!];
    for (let j = 1; j <= p; j++) row.push(x[t - j]! - x[t - j - 1]!);
    if (trend !== 'n') row.push(1);
    if (trend === 'ct') row.push(t);
    rows.push(row);
    y.push(x[t]! - x[t - 1]!);
  }
  const X = new Matrix(rows);
  const Y = Matrix.columnVector(y);
  const b = new QrDecomposition(X).solve(Y);
  const r = Y.sub(X.mmul(b));
  const s2 = r.transpose().mmul(r).get(0, 0) / (rows.length - rows[0]!.length);
  const cov = inverse(X.transpose().mmul(X)).mul(s2);
  return b.get(0, 0) / Math.sqrt(cov.get(0, 0));
}

describe('distributions', () => {
  it('match known quantiles', () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 14);
    expect(normalCdf(0)).toBe(0.5);
    expect(chiSquareSf(5.991464547107979, 2)).toBeCloseTo(0.05, 12);
    expect(chiSquareSf(18.307038053275146, 10)).toBeCloseTo(0.05, 10);
    expect(chiSquareSf(3.841458820694124, 1)).toBeCloseTo(0.05, 10);
    expect(chiSquareSf(124.342, 100)).toBeCloseTo(0.05, 3);
    expect(lnGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });
});

describe('MacKinnon p-values and critical values', () => {
  it('give the textbook significance at the asymptotic critical values', () => {
    expect(mackinnonP(-2.86, 'c')).toBeCloseTo(0.05, 2);
    expect(mackinnonP(-3.43, 'c')).toBeCloseTo(0.01, 2);
    expect(mackinnonP(-2.57, 'c')).toBeCloseTo(0.1, 2);
    expect(mackinnonP(-3.41, 'ct')).toBeCloseTo(0.05, 2);
    expect(mackinnonP(-3.96, 'ct')).toBeCloseTo(0.01, 2);
    expect(mackinnonP(-1.94, 'n')).toBeCloseTo(0.05, 2);
    expect(mackinnonP(-3.34, 'c', 2)).toBeCloseTo(0.05, 2);
    // statsmodels' own test (TestADFConstant2): adfstat -4.3346988 -> p-value 0.00038661.
    expect(mackinnonP(-4.3346988, 'c')).toBeCloseTo(0.00038661, 8);
    expect(mackinnonP(-30, 'c')).toBe(0);
    expect(mackinnonP(5, 'c')).toBe(1);
    expect(mackinnonCrit('c', 1)['5%']).toBe(-2.86154);
    expect(mackinnonCrit('c', 2, 100)['5%']).toBeCloseTo(-3.33613 - 6.1101 / 100 - 6.823 / 1e4, 10);
  });
  it('are monotone in the statistic', () => {
    for (const reg of ['n', 'c', 'ct'] as const) {
      let prev = 0;
      for (let s = -8; s <= 2; s += 0.01) {
        const p = mackinnonP(s, reg);
        expect(p).toBeGreaterThanOrEqual(prev - 1e-3);
        prev = p;
      }
    }
  });
});

describe('OLS', () => {
  it('recovers coefficients and matches a QR solve with textbook standard errors and R²', () => {
    const e = normals(1, 500);
    const x1 = normals(2, 500);
    const x2 = normals(3, 500).map((v, i) => v + 0.01 * i);
    const y = x1.map((v, i) => 1.5 + 2 * v - 0.5 * x2[i]! + 0.3 * e[i]!);
    const fit = ols(y, [x1, x2]);
    const X = new Matrix(Array.from(y, (_, i) => [1, x1[i]!, x2[i]!]));
    const Y = Matrix.columnVector(Array.from(y));
    const b = new QrDecomposition(X).solve(Y);
    const r = Y.sub(X.mmul(b));
    const ssr = r.transpose().mmul(r).get(0, 0);
    const cov = inverse(X.transpose().mmul(X)).mul(ssr / 497);
    for (let j = 0; j < 3; j++) {
      expect(fit.coefficients[j]).toBeCloseTo(b.get(j, 0), 10);
      expect(fit.standardErrors[j]).toBeCloseTo(Math.sqrt(cov.get(j, j)), 10);
    }
    const mean = y.reduce((a, v) => a + v, 0) / y.length;
    const tss = y.reduce((a, v) => a + (v - mean) ** 2, 0);
    expect(fit.rSquared).toBeCloseTo(1 - ssr / tss, 10);
    expect(fit.coefficients[1]).toBeCloseTo(2, 1);
  });
});

describe('ADF', () => {
  it('statistic equals the t value of a direct regression for fixed lags and every regression type', () => {
    const x = randomWalk(7, 400);
    for (const reg of ['n', 'c', 'ct'] as const) {
      for (const p of [0, 1, 4]) {
        const r = adf(x, { lags: p, regression: reg });
        expect(r.lags).toBe(p);
        expect(r.nobs).toBe(400 - 1 - p);
        expect(r.statistic).toBeCloseTo(directAdfT(x, p, reg), 8);
        expect(r.pValue).toBeCloseTo(mackinnonP(r.statistic, reg), 12);
      }
    }
  });

  it('automatic lag choice minimises AIC over a common sample (statsmodels autolag)', () => {
    const x = ar1(11, 600, 0.9);
    const r = adf(x);
    const maxlag = Math.ceil(12 * Math.pow(600 / 100, 0.25));
    // Recompute the AIC of every candidate on the same trimmed sample with the direct design.
    let bestLag = -1;
    let best = Infinity;
    for (let p = 0; p <= maxlag; p++) {
      const rows: number[][] = [];
      const y: number[] = [];
      for (let t = maxlag + 1; t < x.length; t++) {
        const row = [1, x[t - 1]!];
        for (let j = 1; j <= p; j++) row.push(x[t - j]! - x[t - j - 1]!);
        rows.push(row);
        y.push(x[t]! - x[t - 1]!);
      }
      const X = new Matrix(rows);
      const Y = Matrix.columnVector(y);
      const b = new QrDecomposition(X).solve(Y);
      const res = Y.sub(X.mmul(b));
      const ssr = res.transpose().mmul(res).get(0, 0);
      const n = rows.length;
      const aic = n * (Math.log(2 * Math.PI) + Math.log(ssr / n) + 1) + 2 * (p + 2);
      if (aic < best) {
        best = aic;
        bestLag = p;
      }
    }
    expect(r.lags).toBe(bestLag);
    expect(r.statistic).toBeCloseTo(directAdfT(x, bestLag, 'c'), 8);
    // the AIC of the chosen candidate, fitted from the shared cross-products, is the direct one
    expect(r.aic! / best).toBeCloseTo(1, 10);
  });

  it('nested fits from one set of cross-products equal separate fits of each prefix, bit for bit', () => {
    const x = ar1(5, 300, 0.7);
    const y = Float64Array.from(x, (v, i) => 0.5 * v + Math.sin(i) + (i % 7) * 0.01);
    const cols = [new Float64Array(300).fill(1), x, Float64Array.from(x, (v) => v * v), Float64Array.from(x, (_, i) => i)];
    const gram = olsGram(y, cols, true);
    for (let k = 1; k <= cols.length; k++) {
      const nested = fitPrefix(gram, k);
      const alone = fitColumns(y, cols.slice(0, k), true);
      expect(Array.from(nested.coefficients)).toEqual(Array.from(alone.coefficients));
      expect(Array.from(nested.standardErrors)).toEqual(Array.from(alone.standardErrors));
      expect(Array.from(nested.residuals)).toEqual(Array.from(alone.residuals));
      expect(nested.aic).toBe(alone.aic);
    }
    // and a prefix fit is a real fit of those columns: residuals orthogonal to each regressor
    const two = fitPrefix(gram, 2);
    for (const c of cols.slice(0, 2)) expect(c.reduce((a, v, i) => a + v * two.residuals[i]!, 0)).toBeCloseTo(0, 8);
  });

  it('has the right size on random walks and full power on AR(1) with phi 0.5', () => {
    // Under H0 (random walk) a 5 % test rejects about 5 % of the time; seeded, 200 walks of 500 steps.
    let rejected = 0;
    for (let seed = 1; seed <= 200; seed++) if (adf(randomWalk(seed, 500), { lags: 1 }).pValue < 0.05) rejected++;
    expect(rejected).toBeGreaterThanOrEqual(3);
    expect(rejected).toBeLessThanOrEqual(20);
    expect(adf(randomWalk(1, 1000)).pValue).toBeGreaterThan(0.05);
    for (const seed of [1, 2, 3]) {
      const s = adf(ar1(seed + 100, 1000, 0.5));
      expect(s.pValue).toBeLessThan(0.01);
      expect(s.statistic).toBeLessThan(s.criticalValues['1%']);
    }
  });
});

describe('Jarque-Bera and Ljung-Box', () => {
  it('match the direct formulas', () => {
    const x = normals(5, 300).map((v) => v + 0.3 * v * v);
    const n = x.length;
    const m = x.reduce((a, v) => a + v, 0) / n;
    const m2 = x.reduce((a, v) => a + (v - m) ** 2, 0) / n;
    const m3 = x.reduce((a, v) => a + (v - m) ** 3, 0) / n;
    const m4 = x.reduce((a, v) => a + (v - m) ** 4, 0) / n;
    const jb = (n / 6) * (m3 ** 2 / m2 ** 3 + (m4 / m2 ** 2 - 3) ** 2 / 4);
    const r = jarqueBera(x);
    expect(r.statistic).toBeCloseTo(jb, 8);
    expect(r.pValue).toBeCloseTo(Math.exp(-jb / 2), 12);
    const h = 10;
    let q = 0;
    for (let k = 1; k <= h; k++) {
      let c = 0;
      for (let i = k; i < n; i++) c += (x[i]! - m) * (x[i - k]! - m);
      q += (c / (m2 * n)) ** 2 / (n - k);
    }
    q *= n * (n + 2);
    const lb = ljungBox(x, h);
    expect(lb.statistic).toBeCloseTo(q, 8);
    expect(lb.pValue).toBeCloseTo(chiSquareSf(q, h), 12);
  });
  it('white noise passes, AR(1) fails Ljung-Box; normals pass, squared normals fail Jarque-Bera', () => {
    expect(ljungBox(normals(8, 1000), 10).pValue).toBeGreaterThan(0.05);
    expect(ljungBox(ar1(9, 1000, 0.5), 10).pValue).toBeLessThan(1e-6);
    expect(jarqueBera(normals(10, 2000)).pValue).toBeGreaterThan(0.05);
    expect(jarqueBera(normals(10, 2000).map((v) => v * v)).pValue).toBeLessThan(1e-6);
  });
});

describe('half-life and Hurst', () => {
  it('half-life of AR(1) phi 0.9 is near ln 0.5 / ln 0.9 = 6.58 bars; a random walk has none', () => {
    expect(halfLife(ar1(21, 20_000, 0.9))).toBeCloseTo(Math.log(0.5) / Math.log(0.9), 0);
    expect(halfLife([1, 2, 3, 4, 5, 6, 7, 8.5])).toBe(Infinity);
  });
  it('Hurst (variance of lagged differences) is ~0.5 for a random walk and well below for AR(1)', () => {
    expect(hurst(randomWalk(31, 20_000))).toBeCloseTo(0.5, 1);
    expect(hurst(ar1(32, 20_000, 0.5))).toBeLessThan(0.2);
  });
});

describe.skipIf(!hasData)('Engle-Granger on the shared 5-minute pairs (needs ../shared/data)', () => {
  function aligned(a: string, b: string): [number[], number[]] {
    const A = readOhlcv(a);
    const B = readOhlcv(b);
    const idx = new Map<number, number>();
    B.time.forEach((t, i) => idx.set(t, i));
    const y: number[] = [];
    const x: number[] = [];
    A.time.forEach((t, i) => {
      const j = idx.get(t);
      if (j !== undefined) {
        y.push(Math.log(A.close[i]!));
        x.push(Math.log(B.close[j]!));
      }
    });
    return [y, x];
  }
  it('LTC/BTC vs ZEC/BTC is cointegrated at 5 %, ETH/BTC vs LTC/BTC is not', () => {
    const [ly, zx] = aligned('LTCBTC_5m.csv', 'ZECBTC_5m.csv');
    expect(ly.length).toBe(5757);
    const good = engleGranger(ly, zx);
    expect(good.pValue).toBeLessThan(0.05);
    expect(good.statistic).toBeLessThan(good.criticalValues['5%']);
    const [ey, lx] = aligned('ETHBTC_5m.csv', 'LTCBTC_5m.csv');
    const bad = engleGranger(ey, lx);
    expect(bad.pValue).toBeGreaterThan(0.1);
    // The hedge ratio is the OLS slope of the cointegrating regression.
    const fit = ols(ly, [zx]);
    expect(good.hedgeRatio).toBeCloseTo(fit.coefficients[1]!, 12);
    expect(good.intercept).toBeCloseTo(fit.coefficients[0]!, 12);
  });
});
