/**
 * Augmented Dickey-Fuller with the automatic lag choice (statsmodels `adfuller(x, autolag='AIC')`), the test
 * `pairs-trading` re-runs every `retestEvery` bars through `engleGranger` (twice with `bothDirections`): time per call
 * on a 2,000-value series (the strategy's default lookback), and statsmodels' time and answer beside it when
 * python3 with statsmodels is installed (`apt-get install python3-statsmodels`; skipped, visibly, otherwise).
 *
 * The series is a seeded AR(1) (phi = 0.98), so the test has a definite answer to compare: the statistic, p-value
 * and chosen lag of both implementations are printed. Times are the best CPU time of 11 runs of 20 calls each.
 * Run: `pnpm --filter @bot/strategies bench:adf`.
 */
import { spawnSync } from 'node:child_process';
import { adf, engleGranger } from '../src/index.js';

const N = 2_000;
const CALLS = 20;
const REPS = 11;
let seed = 7;
const rnd = (): number => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 4294967296;
};
const x = new Float64Array(N);
const y = new Float64Array(N);
let level = 0;
let walk = 100;
for (let i = 0; i < N; i++) {
  level = 0.98 * level + (rnd() - 0.5);
  walk += rnd() - 0.5;
  x[i] = level;
  y[i] = 1.5 * walk + level;
}
const walkOnly = y.map((v, i) => v - x[i]!);

/** Best CPU time (user + system) per call of `run`, in ms. */
function perCallMs(run: () => void): number {
  let best = Infinity;
  for (let rep = 0; rep < REPS; rep++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < CALLS; i++) run();
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1000 / CALLS);
  }
  return best;
}

const ours = adf(x);
const adfMs = perCallMs(() => adf(x));
const egMs = perCallMs(() => engleGranger(y, walkOnly));
console.log(`ADF, automatic lag (AIC), ${N.toLocaleString('en-US')} values, best of ${REPS} x ${CALLS} calls (CPU time)`);
console.log(`  @bot/strategies adf:          ${adfMs.toFixed(2)} ms per call; statistic ${ours.statistic.toFixed(6)}, p ${ours.pValue.toExponential(4)}, lags ${ours.lags}`);
console.log(`  @bot/strategies engleGranger: ${egMs.toFixed(2)} ms per call (an OLS, then this ADF on its residuals)`);

const script = `
import sys, time, json
import numpy as np
from statsmodels.tsa.stattools import adfuller
x = np.array(json.loads(sys.stdin.read()))
r = adfuller(x, autolag='AIC')
best = float('inf')
for _ in range(${REPS}):
    t = time.process_time()
    for _ in range(${CALLS}): adfuller(x, autolag='AIC')
    best = min(best, (time.process_time() - t) / ${CALLS} * 1000)
print(json.dumps({'ms': best, 'stat': r[0], 'p': r[1], 'lags': r[2]}))
`;
// the first python3 that has statsmodels (a pyenv shim on PATH may hide the Debian one)
const py = ['python3', '/usr/bin/python3']
  .map((bin) => spawnSync(bin, ['-c', script], { input: JSON.stringify(Array.from(x)), encoding: 'utf8' }))
  .find((r) => r.status === 0);
if (py !== undefined) {
  const sm = JSON.parse(py.stdout) as { ms: number; stat: number; p: number; lags: number };
  console.log(`  statsmodels adfuller:         ${sm.ms.toFixed(2)} ms per call; statistic ${sm.stat.toFixed(6)}, p ${sm.p.toExponential(4)}, lags ${sm.lags}`);
  console.log(`  statistic difference: ${Math.abs(sm.stat - ours.statistic).toExponential(2)}; same lag: ${sm.lags === ours.lags}`);
} else {
  console.log('  statsmodels adfuller:         skipped (python3 with statsmodels is not installed here)');
}
