/**
 * Paper replay through the whole engine (feed -> kernel -> strategy -> risk gate -> simulated venue -> portfolio ->
 * audit trail), as fast as possible: events per second and decision latency (event -> order intent) percentiles.
 *
 *   pnpm exec tsx bench/engineThroughput.ts [bars=1000000]
 */
import { rmSync } from 'node:fs';
import { TradingEngine } from '../src/tradingEngine.js';
import { benchReplay, silentLogger } from './benchReplay.js';

const bars = Number(process.argv[2] ?? 1_000_000);
const { dir, config } = await benchReplay({ bars, seed: 1, fast: 10, slow: 30, prefix: 'bot-engine-bench-' });
const silent = silentLogger;
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
