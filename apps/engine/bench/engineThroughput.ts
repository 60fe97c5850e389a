/**
 * Paper replay through the whole engine (feed -> kernel -> strategy -> risk gate -> simulated venue -> portfolio ->
 * audit trail), as fast as possible: events per second and decision latency (event -> order intent) percentiles.
 *
 *   pnpm exec tsx bench/engineThroughput.ts [bars=1000000]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBars, writeBarsCsv } from '@bot/market-data';
import { loadEngineConfig } from '../src/config/loadEngineConfig.js';
import { TradingEngine } from '../src/tradingEngine.js';

const bars = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'bot-engine-bench-'));
await writeBarsCsv(join(dir, 'bars.csv'), generateBars({ seed: 1, bars, timeframe: '1m', symbol: 'SYN/USD' }));
writeFileSync(
  join(dir, 'engine.yaml'),
  `mode: paper
account: { currency: USD, initialCash: "100000" }
instruments: [{ symbol: SYN/USD, tickSize: "0.00000001", lotSize: "0.00000001", takerFee: "0.001", makerFee: "0.001" }]
feed: { type: replay, file: bars.csv, symbol: SYN/USD, speed: 0 }
strategies: [{ name: sma-cross, symbols: [SYN/USD], params: { fast: 10, slow: 30 } }]
audit: { fsync: batched }
stateDir: state
`,
);
const silent = { info() {}, warn() {}, error() {} };
const config = loadEngineConfig(join(dir, 'engine.yaml'));
const t0 = performance.now();
const engine = await TradingEngine.start({ config, logger: silent, http: false });
const t1 = performance.now();
await engine.done;
const t2 = performance.now();
await engine.stop('bench over');
const events = engine.status().feed.eventsProcessed;
const lat = engine.decisionLatencyMicros().sort();
const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? Number.NaN;
console.log(`engine paper replay: ${events.toLocaleString('en-US')} bars, ${engine.fillCount} fills`);
console.log(`  startup (load + build): ${(t1 - t0).toFixed(0)} ms`);
console.log(`  replay: ${(t2 - t1).toFixed(0)} ms -> ${Math.round(events / ((t2 - t1) / 1000)).toLocaleString('en-US')} events/s (target >= 100,000)`);
console.log(`  decision latency (event -> order intent), ${lat.length} samples: p50 ${q(0.5).toFixed(1)} us, p99 ${q(0.99).toFixed(1)} us, max ${(lat.at(-1) ?? NaN).toFixed(1)} us (target p99 < 100 us)`);
rmSync(dir, { recursive: true, force: true });
