/**
 * Soak: a long paper replay through the whole engine, checking that memory stays flat. Heap is measured after a
 * forced GC once 10% of the events are processed (warm) and again at the end; growth must stay under 10%.
 *
 *   node --expose-gc --import tsx bench/engineSoak.ts [events=10000000]
 */
import { rmSync } from 'node:fs';
import { TradingEngine } from '../src/tradingEngine.js';
import { benchReplay, silentLogger } from './benchReplay.js';

const events = Number(process.argv[2] ?? 10_000_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const { dir, config } = await benchReplay({ bars: events, seed: 3, fast: 20, slow: 60, volatility: 0.3, prefix: 'bot-engine-soak-' });
const silent = silentLogger;
const engine = await TradingEngine.start({ config, logger: silent, http: false });
let warm = 0;
const t0 = performance.now();
const probe = setInterval(() => {
  if (warm === 0 && engine.status().feed.eventsProcessed >= events / 10) {
    gc();
    warm = process.memoryUsage().heapUsed;
  }
}, 50);
await engine.done;
clearInterval(probe);
const seconds = (performance.now() - t0) / 1000;
gc();
const end = process.memoryUsage().heapUsed;
await engine.stop('soak over');
const mb = (b: number) => (b / 2 ** 20).toFixed(1);
const growth = (end - warm) / warm;
console.log(`engine soak: ${events.toLocaleString('en-US')} events in ${seconds.toFixed(1)} s (${Math.round(events / seconds).toLocaleString('en-US')} events/s), ${engine.fillCount} fills`);
console.log(`  heap after GC: ${mb(warm)} MB at 10% -> ${mb(end)} MB at 100%: growth ${(100 * growth).toFixed(1)}% (target < 10%)`);
rmSync(dir, { recursive: true, force: true });
process.exitCode = growth < 0.1 ? 0 : 1;
