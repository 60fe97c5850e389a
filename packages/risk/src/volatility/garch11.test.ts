import { describe, expect, it } from 'vitest';
import { hasData, logReturns, readCloses, seededNormal } from '../../test/data.js';
import { fitGarch11, garch11LogLikelihood } from './garch11.js';

/** ln Γ by Stirling's series after shifting x above 10 (independent of the package's Lanczos version). */
function lnGamma(x: number): number {
  let shift = 0;
  while (x < 10) {
    shift += Math.log(x);
    x += 1;
  }
  const x2 = 1 / (x * x);
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + (1 / (12 * x)) * (1 - x2 * (1 / 30 - x2 * (1 / 105 - x2 / 140))) - shift;
}

/** Textbook GARCH(1,1) log-likelihood written out independently in the test. */
function directLogLik(r: number[], p: { mu: number; omega: number; alpha: number; beta: number; nu?: number }): number {
  const n = r.length;
  const mean = r.reduce((a, b) => a + b, 0) / n;
  let h = r.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
  let ll = 0;
  for (let t = 0; t < n; t++) {
    const e = r[t]! - p.mu;
    if (p.nu === undefined) {
      ll += -0.5 * (Math.log(2 * Math.PI) + Math.log(h) + (e * e) / h);
    } else {
      const nu = p.nu;
      ll += lnGamma((nu + 1) / 2) - lnGamma(nu / 2) - 0.5 * Math.log(Math.PI * (nu - 2) * h) - ((nu + 1) / 2) * Math.log(1 + (e * e) / ((nu - 2) * h));
    }
    h = p.omega + p.alpha * e * e + p.beta * h;
  }
  return ll;
}

function perturbations(fit: { mu: number; omega: number; alpha: number; beta: number; nu?: number }) {
  const out: { mu: number; omega: number; alpha: number; beta: number; nu?: number }[] = [];
  for (const key of ['mu', 'omega', 'alpha', 'beta', 'nu'] as const) {
    const v = fit[key];
    if (v === undefined) continue;
    for (const rel of [-0.02, 0.02, -0.002, 0.002]) {
      const p = { ...fit, [key]: key === 'mu' ? v + rel * 0.01 : v * (1 + rel) };
      if (p.alpha + p.beta < 1) out.push(p);
    }
  }
  return out;
}

describe.skipIf(!hasData)('fitGarch11 on real data (needs ../shared/data)', () => {
  const orcl = logReturns(readCloses('ORCL_1d.csv')).slice(-5000);
  const btc = logReturns(readCloses('BTCUSD_1h.csv')).slice(-5000);

  it('normal: matches an independent scipy fit of the same likelihood on ORCL daily returns', () => {
    const fit = fitGarch11(orcl, { dist: 'normal' });
    // test/reference/garch_reference.py ORCL_1d.csv (scipy Nelder-Mead, tight tolerances)
    expect(fit.logLikelihood).toBeCloseTo(11552.244039118705, 5);
    expect(fit.mu).toBeCloseTo(0.0007286657011832408, 7);
    expect(fit.omega / 2.7847123732073745e-6).toBeCloseTo(1, 4);
    expect(fit.alpha).toBeCloseTo(0.045703449351358706, 5);
    expect(fit.beta).toBeCloseTo(0.9523261721678837, 5);
    expect(fit.converged).toBe(true);
    expect(fit.alpha + fit.beta).toBeLessThan(1);
    expect(fit.nu).toBeUndefined();
  });

  it('student-t: matches scipy on ORCL and reports nu', () => {
    const fit = fitGarch11(orcl, { dist: 'student-t' });
    expect(fit.logLikelihood).toBeCloseTo(11848.929737839508, 5);
    expect(fit.nu!).toBeCloseTo(5.296779645714967, 3);
    expect(fit.alpha).toBeCloseTo(0.035288929760898896, 5);
    expect(fit.beta).toBeCloseTo(0.9638344780238879, 5);
  });

  for (const [name, data, dist] of [
    ['BTCUSD_1h normal', btc, 'normal'],
    ['ORCL_1d student-t', orcl, 'student-t'],
  ] as const) {
    it(`${name}: the reported log-likelihood is the direct one and perturbed points are worse`, () => {
      const fit = fitGarch11(data, { dist });
      const at = directLogLik(data, fit);
      expect(fit.logLikelihood).toBeCloseTo(at, 6);
      expect(garch11LogLikelihood(data, fit, dist)).toBeCloseTo(at, 6);
      for (const p of perturbations(fit)) expect(directLogLik(data, p)).toBeLessThan(at);
    });
  }

  it('forecast follows the GARCH recursion and mean-reverts to the long-run variance', () => {
    const fit = fitGarch11(btc, { dist: 'normal' });
    const n = btc.length;
    const e = btc[n - 1]! - fit.mu;
    const h1 = fit.omega + fit.alpha * e * e + fit.beta * fit.conditionalVariance[n - 1]!;
    const f = fit.forecast(50);
    expect(f[0]).toBeCloseTo(h1, 15);
    expect(f[1]).toBeCloseTo(fit.omega + (fit.alpha + fit.beta) * h1, 15);
    const longRun = fit.omega / (1 - fit.alpha - fit.beta);
    expect(Math.abs(f[49]! - longRun)).toBeLessThan(Math.abs(f[0]! - longRun));
    expect(() => fit.forecast(0)).toThrow(RangeError);
  });
});

describe('fitGarch11 on simulated data', () => {
  it('recovers known parameters of a simulated GARCH(1,1)', () => {
    const z = seededNormal(7);
    const truth = { mu: 0.0005, omega: 2e-6, alpha: 0.08, beta: 0.9 };
    const r: number[] = [];
    let h = truth.omega / (1 - truth.alpha - truth.beta);
    for (let t = 0; t < 6000; t++) {
      const e = Math.sqrt(h) * z();
      r.push(truth.mu + e);
      h = truth.omega + truth.alpha * e * e + truth.beta * h;
    }
    const fit = fitGarch11(r.slice(1000));
    expect(fit.converged).toBe(true);
    expect(fit.alpha).toBeGreaterThan(0.05);
    expect(fit.alpha).toBeLessThan(0.11);
    expect(fit.beta).toBeGreaterThan(0.86);
    expect(fit.beta).toBeLessThan(0.94);
    expect(fit.alpha + fit.beta).toBeLessThan(1);
  });
  it('rejects too few or non-finite returns', () => {
    expect(() => fitGarch11([0.1, 0.2])).toThrow(RangeError);
    expect(() => fitGarch11([...Array(20).fill(0.01), Number.NaN])).toThrow(RangeError);
    expect(() => fitGarch11(Array(20).fill(0.01))).toThrow(RangeError);
  });
});
