/**
 * MacKinnon (1994) response-surface p-values and MacKinnon (2010) critical values for (augmented) Dickey-Fuller
 * and Engle-Granger cointegration tests. Coefficients are the published ones, as tabulated in statsmodels
 * `statsmodels/tsa/adfvalues.py` (`mackinnonp`, `mackinnoncrit`); N = number of I(1) series (1 for ADF,
 * 2 for a two-variable Engle-Granger test), supported here for N = 1..6 (p-values) and N = 1..2 (critical values).
 */
import { BotError } from '@bot/core-types';
import { normalCdf } from './distributions.js';

/** Deterministic terms of a unit-root regression: none, constant, constant + linear trend. */
export type AdfRegression = 'n' | 'c' | 'ct';

const TAU_STAR: Record<AdfRegression, readonly number[]> = {
  n: [-1.04, -1.53, -2.68, -3.09, -3.07, -3.77],
  c: [-1.61, -2.62, -3.13, -3.47, -3.78, -3.93],
  ct: [-2.89, -3.19, -3.5, -3.65, -3.8, -4.36],
};
const TAU_MIN: Record<AdfRegression, readonly number[]> = {
  n: [-19.04, -19.62, -21.21, -23.25, -21.63, -25.74],
  c: [-18.83, -18.86, -23.48, -28.07, -25.96, -23.27],
  ct: [-16.18, -21.15, -25.37, -26.63, -26.53, -26.18],
};
const TAU_MAX: Record<AdfRegression, readonly number[]> = {
  n: [Number.POSITIVE_INFINITY, 1.51, 0.86, 0.88, 1.05, 1.24],
  c: [2.74, 0.92, 0.55, 0.61, 0.79, 1],
  ct: [0.7, 0.63, 0.71, 0.93, 1.19, 1.42],
};
// Small-p coefficients (last one scaled by 1e-2), constant term first.
const TAU_SMALLP: Record<AdfRegression, readonly (readonly number[])[]> = {
  n: [
    [0.6344, 1.2378, 3.2496],
    [1.9129, 1.3857, 3.5322],
    [2.7648, 1.4502, 3.4186],
    [3.4336, 1.4835, 3.19],
    [4.0999, 1.5533, 3.59],
    [4.5388, 1.5344, 2.9807],
  ],
  c: [
    [2.1659, 1.4412, 3.8269],
    [2.92, 1.5012, 3.9796],
    [3.4699, 1.4856, 3.164],
    [3.9673, 1.4777, 2.6315],
    [4.5509, 1.5338, 2.9545],
    [5.1399, 1.6036, 3.4445],
  ],
  ct: [
    [3.2512, 1.6047, 4.9588],
    [3.6646, 1.5419, 3.6448],
    [4.0983, 1.5173, 2.9898],
    [4.5844, 1.5338, 2.8796],
    [5.0722, 1.5634, 2.9472],
    [5.53, 1.5914, 3.0392],
  ],
};
const SMALL_SCALING = [1, 1, 1e-2];
// Large-p coefficients (scaled by 1, 1e-1, 1e-1, 1e-2).
const TAU_LARGEP: Record<AdfRegression, readonly (readonly number[])[]> = {
  n: [
    [0.4797, 9.3557, -0.6999, 3.3066],
    [1.5578, 8.558, -2.083, -3.3549],
    [2.2268, 6.8093, -3.2362, -5.4448],
    [2.7654, 6.4502, -3.0811, -4.4946],
    [3.2684, 6.8051, -2.6778, -3.4972],
    [3.7268, 7.167, -2.3648, -2.8288],
  ],
  c: [
    [1.7339, 9.3202, -1.2745, -1.0368],
    [2.1945, 6.4695, -2.9198, -4.2377],
    [2.5893, 4.5168, -3.6529, -5.0074],
    [3.0387, 4.5452, -3.3666, -4.1921],
    [3.5049, 5.2098, -2.9158, -3.3468],
    [3.9489, 5.8933, -2.5359, -2.721],
  ],
  ct: [
    [2.5261, 6.1654, -3.7956, -6.0285],
    [2.85, 5.272, -3.6622, -5.1695],
    [3.221, 5.255, -3.2685, -4.1501],
    [3.652, 5.9758, -2.7483, -3.2081],
    [4.0712, 6.6428, -2.3464, -2.546],
    [4.4735, 7.1757, -2.0681, -2.1196],
  ],
};
const LARGE_SCALING = [1, 1e-1, 1e-1, 1e-2];

// MacKinnon (2010) critical-value surfaces c0 + c1/T + c2/T^2 + c3/T^3 for 1%, 5%, 10% (N = 1, 2).
const TAU_2010: Record<AdfRegression, readonly (readonly (readonly number[])[])[]> = {
  n: [
    [
      [-2.56574, -2.2358, -3.627, 0],
      [-1.941, -0.2686, -3.365, 31.223],
      [-1.61682, 0.2656, -2.714, 25.364],
    ],
  ],
  c: [
    [
      [-3.43035, -6.5393, -16.786, -79.433],
      [-2.86154, -2.8903, -4.234, -40.04],
      [-2.56677, -1.5384, -2.809, 0],
    ],
    [
      [-3.89644, -10.9519, -33.527, 0],
      [-3.33613, -6.1101, -6.823, 0],
      [-3.04445, -4.2412, -2.72, 0],
    ],
  ],
  ct: [
    [
      [-3.95877, -9.0531, -28.428, -134.155],
      [-3.41049, -4.3904, -9.036, -45.374],
      [-3.12705, -2.5856, -3.925, -22.38],
    ],
    [
      [-4.32762, -15.4387, -35.679, 0],
      [-3.78057, -9.5106, -12.074, 0],
      [-3.49631, -7.0815, -7.538, 21.892],
    ],
  ],
};

function checkN(n: number, max: number): void {
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new BotError('INVALID_ARGUMENT', `MacKinnon tables: N must be an integer in 1..${max}, got ${String(n)}`);
  }
}

/**
 * MacKinnon's approximate asymptotic p-value of a (augmented) Dickey-Fuller / Engle-Granger tau statistic
 * (statsmodels `mackinnonp(teststat, regression, N)`).
 *
 * @param regression `'n'`, `'c'` or `'ct'` deterministic terms.
 * @param n Number of I(1) series (1 for ADF, 2 for a two-series cointegration test).
 * @example `mackinnonP(-2.86, 'c')` ≈ 0.05
 * @throws BotError `INVALID_ARGUMENT` when `n` is outside 1..6.
 */
export function mackinnonP(statistic: number, regression: AdfRegression = 'c', n = 1): number {
  checkN(n, 6);
  if (Number.isNaN(statistic)) return Number.NaN;
  if (statistic > TAU_MAX[regression][n - 1]!) return 1;
  if (statistic < TAU_MIN[regression][n - 1]!) return 0;
  let z = 0;
  if (statistic <= TAU_STAR[regression][n - 1]!) {
    const c = TAU_SMALLP[regression][n - 1]!;
    for (let i = c.length - 1; i >= 0; i--) z = z * statistic + c[i]! * SMALL_SCALING[i]!;
  } else {
    const c = TAU_LARGEP[regression][n - 1]!;
    for (let i = c.length - 1; i >= 0; i--) z = z * statistic + c[i]! * LARGE_SCALING[i]!;
  }
  return normalCdf(z);
}

/** Critical values at 1 %, 5 % and 10 %. */
export interface CriticalValues {
  readonly '1%': number;
  readonly '5%': number;
  readonly '10%': number;
}

/**
 * MacKinnon (2010) finite-sample critical values (statsmodels `mackinnoncrit(N, regression, nobs)`).
 *
 * @param nobs Sample size (`Infinity` for asymptotic values).
 * @example `mackinnonCrit('c', 1, Infinity)['5%']` -> -2.86154
 * @throws BotError `INVALID_ARGUMENT` when `n` is outside 1..2 (1 only for `'n'`).
 */
export function mackinnonCrit(regression: AdfRegression = 'c', n = 1, nobs = Number.POSITIVE_INFINITY): CriticalValues {
  checkN(n, regression === 'n' ? 1 : 2);
  const inv = 1 / nobs;
  const rows = TAU_2010[regression][n - 1]!;
  const v = rows.map((c) => c[0]! + inv * (c[1]! + inv * (c[2]! + inv * c[3]!)));
  return { '1%': v[0]!, '5%': v[1]!, '10%': v[2]! };
}
