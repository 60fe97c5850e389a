// Latency from a simulated pin edge to the mode change reaching a risk-gate stand-in's requestMode().
// Debounce strategy: immediate trigger on the first edge + lockout (see EdgeDebouncer), so the debounce time is
// not on the path. A ManualClock moves time between iterations (lockout, cooldown); latency is wall time
// (performance.now) from the edge to the gate callback.
import { performance } from 'node:perf_hooks';
import { ManualClock, TradingMode, tradingModeSeverity } from '@bot/core-types';
import type { AuditEvent, AuditSink, ModeChangeRequest } from '@bot/core-types';
import { KillSwitch, SimulatedGpio } from '../src/index.js';

/** Stands in for the risk gate: applies requests with the usual severity rule and records when they arrived. */
class GateStandIn {
  mode: TradingMode = TradingMode.Normal;
  arrivedAt = 0;
  requestMode(request: ModeChangeRequest): void {
    this.arrivedAt = performance.now();
    if (request.mode === TradingMode.Normal || tradingModeSeverity(request.mode) > tradingModeSeverity(this.mode)) this.mode = request.mode;
  }
}

/** Audit sink that serialises each record, as a real sink would (off the latency path: it runs after the emit). */
class SerialisingAudit implements AuditSink {
  bytes = 0;
  record(event: AuditEvent): void {
    this.bytes += JSON.stringify(event).length;
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}

const N = Number(process.env['N'] ?? 20_000);
const WARMUP = 2_000;
const clock = new ManualClock(0);
const gpio = new SimulatedGpio();
const gate = new GateStandIn();
const sw = new KillSwitch({
  gpio,
  clock,
  audit: new SerialisingAudit(),
  pins: { button: 17, tamper: 27, green: 22, yellow: 23, red: 24, buzzer: 25 },
  debounceMs: 50,
  cooldownMs: 0,
  heartbeatTimeoutMs: 10_000,
});
sw.modeRequests.subscribe((r) => gate.requestMode(r));
sw.start();

const samples = new Float64Array(N);
for (let i = 0; i < N + WARMUP; i++) {
  clock.advanceBy(100);
  sw.heartbeat();
  const t0 = performance.now();
  gpio.setPhysical(17, 0); // press (active-low button)
  const latency = gate.arrivedAt - t0;
  if (gate.mode !== TradingMode.Emergency) throw new Error('mode change did not reach the gate');
  if (i >= WARMUP) samples[i - WARMUP] = latency;
  clock.advanceBy(100);
  gpio.setPhysical(17, 1); // release
  clock.advanceBy(100);
  if (!sw.reset('operator:bench').ok) throw new Error('reset refused');
}
sw.stop();
samples.sort();
const q = (p: number) => samples[Math.min(N - 1, Math.floor(p * N))]! * 1000;
console.log(`kill switch: simulated pin edge -> risk gate requestMode(), ${N} presses (debounce: immediate on first edge, 50 ms lockout)`);
console.log(`  p50 ${q(0.5).toFixed(1)} us | p99 ${q(0.99).toFixed(1)} us | p99.9 ${q(0.999).toFixed(1)} us | max ${(samples[N - 1]! * 1000).toFixed(1)} us | target p99 < 1000 us: ${q(0.99) < 1000 ? 'MET' : 'NOT met'}`);
