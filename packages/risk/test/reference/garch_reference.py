"""Independent reference for fitGarch11: the same likelihood conventions, maximised with scipy.

Conventions (as documented in src/volatility/garch11.ts): constant mean mu, sigma2_1 = (1/n) sum (r - mean(r))^2,
sigma2_{t+1} = omega + alpha e_t^2 + beta sigma2_t. Normal and standardized Student t densities.
Data: the last 5000 log returns of /work/shared/data/<file> (default BTCUSD_1h.csv).
Run: python3 test/reference/garch_reference.py [ORCL_1d.csv]
"""
import math
import numpy as np
from scipy import optimize, special

import sys
FILE = sys.argv[1] if len(sys.argv) > 1 else 'BTCUSD_1h.csv'
closes = np.loadtxt('/work/shared/data/' + FILE, delimiter=',', skiprows=1, usecols=4)
r = np.diff(np.log(closes))[-5000:]
h0 = r.var()  # n denominator


def sigma2(mu, omega, alpha, beta):
    e = r - mu
    h = np.empty_like(r)
    h[0] = h0
    for t in range(1, len(r)):
        h[t] = omega + alpha * e[t - 1] ** 2 + beta * h[t - 1]
    return e, h


def nll(theta, dist):
    mu, omega, alpha, beta = theta[:4]
    if omega <= 0 or alpha < 0 or beta < 0 or alpha + beta >= 1:
        return 1e10
    e, h = sigma2(mu, omega, alpha, beta)
    if dist == 'normal':
        return 0.5 * np.sum(np.log(2 * np.pi) + np.log(h) + e ** 2 / h)
    nu = theta[4]
    if nu <= 2:
        return 1e10
    c = special.gammaln((nu + 1) / 2) - special.gammaln(nu / 2) - 0.5 * math.log(math.pi * (nu - 2))
    return -np.sum(c - 0.5 * np.log(h) - (nu + 1) / 2 * np.log(1 + e ** 2 / ((nu - 2) * h)))


for dist, x0 in [('normal', [r.mean(), h0 * 0.05, 0.08, 0.9]), ('student-t', [r.mean(), h0 * 0.05, 0.08, 0.9, 5.0])]:
    best = None
    for _ in range(3):
        res = optimize.minimize(nll, x0, args=(dist,), method='Nelder-Mead',
                                options={'xatol': 1e-12, 'fatol': 1e-10, 'maxiter': 40000, 'maxfev': 40000})
        x0 = res.x
        if best is None or res.fun < best.fun:
            best = res
    print(dist, 'params', [repr(v) for v in best.x], 'loglik', repr(-best.fun))
