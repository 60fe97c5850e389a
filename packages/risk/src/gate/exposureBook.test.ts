import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../test/data.js';
import { ExposureBook } from './exposureBook.js';

describe('ExposureBook (incremental quadratic forms)', () => {
  it('matches a direct eᵀΣe / eᵀRe after thousands of random updates, growth and unknown symbols', () => {
    const rnd = seededRandom(3);
    const modelSymbols = ['A', 'B', 'C'];
    const vols = [0.01, 0.02, 0.03];
    const corr = [
      [1, 0.4, -0.2],
      [0.4, 1, 0.1],
      [-0.2, 0.1, 1],
    ];
    const book = new ExposureBook(
      { symbols: modelSymbols, volatilities: vols, correlations: corr, defaultVolatility: 0.05, defaultCorrelation: 0.3 },
      true,
    );
    const symbols = [...modelSymbols, ...Array.from({ length: 30 }, (_, i) => `X${i}`)];
    const e = new Map<string, number>();
    for (let k = 0; k < 10_000; k++) {
      const s = symbols[Math.floor(rnd() * symbols.length)]!;
      const v = rnd() < 0.1 ? 0 : (rnd() - 0.5) * 2e5;
      book.setExposure(book.slot(s), v);
      e.set(s, v);
    }
    const vol = (s: string) => (modelSymbols.includes(s) ? vols[modelSymbols.indexOf(s)]! : 0.05);
    const rho = (a: string, b: string) =>
      a === b ? 1 : modelSymbols.includes(a) && modelSymbols.includes(b) ? corr[modelSymbols.indexOf(a)]![modelSymbols.indexOf(b)]! : 0.3;
    let q1 = 0;
    let q2 = 0;
    for (const [a, ea] of e) {
      for (const [b, eb] of e) {
        q1 += ea * eb * rho(a, b) * vol(a) * vol(b);
        q2 += ea * eb * rho(a, b);
      }
    }
    expect(book.eCovE / q1).toBeCloseTo(1, 9);
    expect(book.eCorrE / q2).toBeCloseTo(1, 9);
    let row = 0;
    for (const [b, eb] of e) row += rho('X5', b) * vol('X5') * vol(b) * eb;
    expect(book.covRow(book.slot('X5')) / row).toBeCloseTo(1, 9);
  });
});
