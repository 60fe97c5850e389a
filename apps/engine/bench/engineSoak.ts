/**
 * Soak: a long paper replay through the whole engine, checking that memory stays flat. Heap is measured after a
 * forced GC once 10% of the events are processed (warm) and again at the end; growth must stay under 10%.
 *
 *   node --expose-gc --import tsx bench/engineSoak.ts [events=10000000]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBars, writeBarsCsv } from '@bot/market-data';
import { loadEngineConfig } from '../src/config/loadEngineConfig.js';
import { TradingEngine } from '../src/tradingEngine.js';

const events = Number(process.argv[2] ?? 10_000_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const dir = mkdtempSync(join(tmpdir(), 'bot-engine-soak-'));
await writeBarsCsv(join(dir, 'bars.csv'), generateBars({ seed: 3, bars: events, timeframe: '1m', symbol: 'SYN/USD', volatility: 0.3 }));
writeFileSync(
  join(dir, 'engine.yaml'),
  `mode: paper
account: { currency: USD, initialCash: "100000" }
instruments: [{ symbol: SYN/USD, tickSize: "0.00000001", lotSize: "0.00000001", takerFee: "0.001", makerFee: "0.001" }]
feed: { type: replay, file: bars.csv, symbol: SYN/USD, speed: 0 }
strategies: [{ name: sma-cross, symbols: [SYN/USD], params: { fast: 20, slow: 60 } }]
audit: { fsync: batched }
stateDir: state
`,
);
const silent = { info() {}, warn() {}, error() {} };
const engine = await TradingEngine.start({ config: loadEngineConfig(join(dir, 'engine.yaml')), logger: silent, http: false });
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
