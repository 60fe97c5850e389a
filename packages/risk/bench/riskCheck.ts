/**
 * Pre-trade check latency: one order against a 50-position portfolio with every limit on (order notional,
 * position quantity/notional, concentration, gross/net leverage, correlated exposure, VaR on a 50-symbol risk
 * model, daily loss, drawdown, order rate, price collar, stale data). Prices move every check (one symbol per
 * check, like a live tick stream), so exposures and the risk model's quadratic forms are really updated.
 * Run: pnpm exec tsx bench/riskCheck.ts
 */
import os from 'node:os';
import { ManualClock, type OrderIntent } from '@bot/core-types';
import { createRiskGate, parseRiskGateConfig } from '../src/index.js';
import { TestMarket, TestPortfolio, context, intent } from '../test/harness.js';

const N = 50;
const symbols = Array.from({ length: N }, (_, i) => `S${i}/USD`);
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const vols = symbols.map(() => 0.01 + 0.03 * rand());
// One-factor correlation model: rho_ij = b_i b_j (positive semi-definite by construction).
const loadings = symbols.map(() => 0.2 + 0.6 * rand());
const correlations = symbols.map((_, i) => symbols.map((__, j) => (i === j ? 1 : loadings[i]! * loadings[j]!)));

const config = parseRiskGateConfig({
  limits: {
    maxOrderNotional: 50_000,
    maxPositionQuantity: 10_000,
    maxPositionNotional: 80_000,
    maxConcentration: 0.3,
    maxGrossLeverage: 3,
    maxNetLeverage: 2,
    maxCorrelatedExposure: 2.5,
    valueAtRisk: { confidence: 0.99, horizonDays: 1, maxFraction: 0.08 },
    dailyLoss: { maxFraction: 0.05 },
    drawdown: { soft: 0.1, hard: 0.2 },
    orderRate: { maxOrders: 1_000_000_000, windowMs: 1000 },
    priceCollar: { maxDeviation: 0.05 },
    staleData: { maxAgeMs: 1e15 },
  },
  riskModel: { symbols, volatilities: vols, correlations },
});
const clock = new ManualClock(0);
const gate = createRiskGate(config, { clock });
const portfolio = new TestPortfolio(1_000_000, 1_050_000, 1_010_000);
const market = new TestMarket();
symbols.forEach((s, i) => {
  const price = 20 + 200 * rand();
  market.set(s, price, 0);
  portfolio.set(s, Math.round(((i % 2 === 0 ? 1 : -1) * (5_000 + 20_000 * rand())) / price));
});
const intents: OrderIntent[] = [];
for (let k = 0; k < 1024; k++) {
  const s = symbols[k % N]!;
  const px = market.lastPrice(s)!;
  const q = Math.max(1, Math.round((1_000 + 60_000 * rand()) / px));
  intents.push(
    k % 3 === 0
      ? intent({ symbol: s, side: k % 2 ? 'buy' : 'sell', type: 'limit', quantity: q, limitPrice: (px * (1 + (rand() - 0.5) * 0.02)).toFixed(2) })
      : intent({ symbol: s, side: k % 2 ? 'buy' : 'sell', quantity: q }),
  );
}
const ctx = context(portfolio, market, 0);
const basePrices = symbols.map((s) => market.lastPrice(s)!);

function run(iterations: number, samples: Float64Array | undefined): { approve: number; resize: number; reject: number } {
  const counts = { approve: 0, resize: 0, reject: 0 };
  for (let i = 0; i < iterations; i++) {
    const j = i % N;
    market.prices.set(symbols[j]!, basePrices[j]! * (1 + 0.001 * ((i % 7) - 3)));
    const it = intents[i & 1023]!;
    if (samples) {
      const t0 = process.hrtime.bigint();
      const d = gate.check(it, ctx);
      samples[i] = Number(process.hrtime.bigint() - t0);
      counts[d.kind]++;
    } else {
      counts[gate.check(it, ctx).kind]++;
    }
  }
  return counts;
}

run(50_000, undefined); // warm-up
const iterations = 300_000;
const samples = new Float64Array(iterations);
const counts = run(iterations, samples);
samples.sort();
const q = (p: number) => samples[Math.floor(p * (iterations - 1))]! / 1000;
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const throughputRuns = 500_000;
run(throughputRuns, undefined);
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const cpuSecs = (cpu.user + cpu.system) / 1e6;
console.log(`risk check, 50 positions, all limits on (${iterations} timed checks; decisions ${JSON.stringify(counts)})`);
console.log(`  p50 ${q(0.5).toFixed(2)} µs   p90 ${q(0.9).toFixed(2)} µs   p99 ${q(0.99).toFixed(2)} µs   p99.9 ${q(0.999).toFixed(2)} µs`);
console.log(
  `  throughput ${(throughputRuns / secs / 1000).toFixed(0)}k checks/s wall, ${(throughputRuns / cpuSecs / 1000).toFixed(0)}k checks per CPU-second ` +
    `(load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores; target: p99 < 10 µs, >= 200k checks/s)`,
);
