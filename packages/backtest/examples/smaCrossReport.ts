/**
 * Example: generate seeded data, backtest `sma-cross`, print the metrics, stress it with Monte Carlo, check it for
 * look-ahead and write the HTML report.
 *
 * Run: pnpm exec tsx examples/smaCrossReport.ts [report.html]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { generateBars } from '@bot/market-data';
import { builtInStrategies } from '@bot/strategies';
import {
  type StrategyRegistryLike,
  checkLookAhead,
  findStrategy,
  htmlReport,
  monteCarlo,
  periodicReturns,
  runBacktest,
} from '../src/index.js';

export function main(reportPath = join(tmpdir(), 'bot-sma-cross-report.html')) {
  // Two years of seeded hourly bars with calm and stressed regimes.
  const data = generateBars({ seed: 42, bars: 2 * 365 * 24, timeframe: '1h', model: 'regime', symbol: 'SYN/USD' });
  const smaCross = findStrategy(builtInStrategies as unknown as StrategyRegistryLike, 'sma-cross');
  const strategy = { definition: smaCross, params: { fast: 24, slow: 120 } };

  const result = runBacktest({ data, strategies: [strategy], initialCash: 10_000, fee: '0.001', seed: 42 });
  const m = result.metrics;
  console.log(`return ${(m.totalReturn * 100).toFixed(2)}%  Sharpe ${m.sharpe.toFixed(2)}  max DD ${(m.maxDrawdown * 100).toFixed(2)}%  trades ${m.trades}`);

  const mc = monteCarlo({ method: 'bootstrap', returns: periodicReturns(result.equity.equity), simulations: 500, seed: 42 });
  const p95 = mc.maxDrawdown.percentiles.find(([p]) => p === 0.95)![1];
  console.log(`Monte Carlo: 95th percentile drawdown ${(p95 * 100).toFixed(1)}%, P(ruin at 50% DD) ${(mc.probabilityOfRuin * 100).toFixed(1)}%`);

  const lookAhead = checkLookAhead({ data: [data], strategies: () => [strategy], cuts: 4 });
  console.log(`look-ahead check: ${lookAhead.passed ? 'passed' : 'FAILED'}`);

  writeFileSync(reportPath, htmlReport(result, { data: [data] }));
  console.log(`report: ${reportPath}`);
  return { metrics: m, trades: result.trades.length, periodsPerYear: m.periodsPerYear, monteCarlo: mc, lookAheadPassed: lookAhead.passed, reportPath };
}

if (process.argv[1]?.endsWith('smaCrossReport.ts')) main(process.argv[2]);
