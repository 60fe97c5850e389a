/**
 * Parity benchmark: the backtrader scenario (long-only SMA(10)/SMA(30) crossover on the close, fills at the next
 * open, 0.1% commission per side, all-in sizing) run by @bot/backtest and by the independent pure-Python reference of
 * backtrader's semantics (bench/parity/reference.py), compared fill for fill (bar, side, size) and on the final
 * equity (1e-9 relative). Scenarios: the 1M-bar generated file, and the real ORCL daily and BTC/USD hourly files
 * (real gaps: all-in buys that the next open cannot pay for are dropped by both).
 *
 * Run: pnpm exec tsx bench/parity.ts [bars]
 * Against the real backtrader engine: BACKTRADER_PATH=<backtrader source dir, or unset if installed>
 *   PARITY_REFERENCE=bench/parity/backtrader_scenario.py pnpm exec tsx bench/parity.ts
 * (the script reports the execution price of each fill, PARITY_BT_PRICE=exbit, set here: backtrader's averaged
 * `order.executed.price` is `(0 * 0 + size * price) / size` and can be 1 ulp off the open it traded at).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadBarsCsv } from '@bot/market-data';
import { builtInStrategies } from '@bot/strategies';
import { findStrategy, runBacktest } from '../src/index.js';
import { parityCsv } from './benchData.js';

const bars = Number(process.argv[2] ?? 1_000_000);
const smaCross = findStrategy(builtInStrategies, 'sma-cross');
const shared = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data');
const scenarios: [string, string, string][] = [[`generated ${bars.toLocaleString('en-US')} x 1m`, await parityCsv(bars), 'SYN/USD']];
if (existsSync(shared)) scenarios.push(['ORCL 1d (real)', resolve(shared, 'ORCL_1d.csv'), 'ORCL/USD'], ['BTC/USD 1h (real)', resolve(shared, 'BTCUSD_1h.csv'), 'BTC/USD']);

// PARITY_REFERENCE: path of another Python script with reference.py's CLI and JSON output (e.g. a script running the real
// backtrader engine); default: the independent pure-Python reference.
const referenceScript = process.env.PARITY_REFERENCE ?? resolve(import.meta.dirname, 'parity', 'reference.py');
const refLabel = process.env.PARITY_REFERENCE ? 'backtrader (real, from PARITY_REFERENCE)' : 'independent reference';
console.log(`reference: ${refLabel} -> ${referenceScript}`);
let failed = false;
for (const [label, file, symbol] of scenarios) {
  const series = loadBarsCsv(file, { symbol }).series;
  const r = runBacktest({ data: series, strategies: [{ definition: smaCross, params: { fast: 10, slow: 30 } }], fee: '0.001', initialCash: '10000', lotSize: '0.00000001' });
  const t0 = performance.now();
  const py = spawnSync('python3', [referenceScript, file], { encoding: 'utf8', maxBuffer: 1 << 30, env: { PARITY_BT_PRICE: 'exbit', ...process.env } });
  const pyMs = performance.now() - t0;
  if (py.status !== 0) {
    console.error(`python3 ${refLabel} failed: ${py.stderr || py.error?.message}`);
    process.exit(1);
  }
  const ref = JSON.parse(py.stdout) as { fills: [number, string, string, string][]; finalEquity: string; rejected: number; runSeconds: number };
  const barOf = new Map<number, number>();
  series.openTime.forEach((t, i) => barOf.set(t, i));
  let mismatches = 0;
  let maxSizeRel = 0;
  const n = Math.max(ref.fills.length, r.fills.length);
  for (let i = 0; i < n; i++) {
    const a = r.fills[i];
    const b = ref.fills[i];
    const rel = a === undefined || b === undefined ? Infinity : Math.abs(a.qty / Number(b[2]) - 1);
    if (Number.isFinite(rel)) maxSizeRel = Math.max(maxSizeRel, rel);
    if (a === undefined || b === undefined || barOf.get(a.time) !== b[0] || a.side !== b[1] || rel > 1e-12 || a.price !== Number(b[3])) {
      mismatches++;
      if (mismatches <= 3) console.log(`  fill #${i}: ours ${a === undefined ? 'none' : `${barOf.get(a.time)} ${a.side} ${a.qty} @${a.price}`} vs ${refLabel} ${b === undefined ? 'none' : b.join(' ')}`);
    }
  }
  const refEquity = Number(ref.finalEquity);
  const equityRel = Math.abs(r.metrics.finalEquity / refEquity - 1);
  // A float engine's cash drifts on the scale of the money that went through it; where the account ended near zero
  // (the 1M minute-bar file: 25k fills of 0.1 % fees leave ~1e-7 of 10,000) the check is on the account's scale.
  const scale = Math.abs(refEquity) > 100 ? Math.abs(refEquity) : 10_000;
  const equityOnScale = Math.abs(r.metrics.finalEquity - refEquity) / scale;
  const ok = mismatches === 0 && equityOnScale < 1e-9;
  failed ||= !ok;
  console.log(`${label}: ${series.length.toLocaleString('en-US')} bars`);
  console.log(`  fills: @bot ${r.fills.length}, ${refLabel} ${ref.fills.length}, mismatches ${mismatches}, max size rel. diff ${maxSizeRel.toExponential(2)}`);
  console.log(`  buys dropped for insufficient cash at the open: @bot ${r.orders.reasons['insufficient funds'] ?? 0}, ${refLabel} ${ref.rejected}`);
  console.log(`  final equity: @bot ${r.metrics.finalEquity}, ${refLabel} ${ref.finalEquity}, rel. diff ${equityRel.toExponential(2)}, on the account's scale (${scale}) ${equityOnScale.toExponential(2)} (limit 1e-9)`);
  console.log(`  event loop: @bot ${r.run.runMs.toFixed(0)} ms (${((series.length / r.run.runMs) * 1000 / 1e6).toFixed(2)}M bars/s); ${refLabel} ${(ref.runSeconds * 1000).toFixed(0)} ms (${((series.length / ref.runSeconds) / 1e3).toFixed(1)}k bars/s), process ${pyMs.toFixed(0)} ms`);
  console.log(`  ${ok ? 'PARITY: OK' : 'PARITY: FAILED'}`);
}
if (!process.env.PARITY_REFERENCE) {
  console.log('to compare against the real backtrader: PARITY_REFERENCE=bench/parity/backtrader_scenario.py (with backtrader importable or BACKTRADER_PATH set); its recorded answers are checked in test/backtraderParity.test.ts');
}
if (failed) process.exitCode = 1;
