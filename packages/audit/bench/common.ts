import { performance } from 'node:perf_hooks';
import type { AuditEvent } from '@bot/core-types';

/** A realistic order-intent/fill-sized event (~250 bytes of body). */
export function benchEvent(i: number): AuditEvent {
  return {
    type: i % 4 === 0 ? 'fill' : i % 4 === 1 ? 'order-intent' : i % 4 === 2 ? 'risk-decision' : 'order-event',
    actor: i % 2 === 0 ? 'kernel' : 'strategy:sma-cross',
    payload: { side: i % 2 === 0 ? 'buy' : 'sell', qty: '0.125', price: String(30000 + (i % 1000) / 10), tif: 'GTC', decision: 'approve', n: i },
    clientOrderId: `sma-${i >> 2}`,
    strategyId: 'sma-cross',
    symbol: 'BTC/USDT',
  };
}

export function rate(n: number, ms: number): string {
  return `${Math.round((n / ms) * 1000).toLocaleString('en-US')} records/s`;
}

/** Wall-clock and CPU time (user + system) of a phase; CPU time shows the cost on a shared, overloaded machine. */
export async function measure(fn: () => unknown): Promise<{ wallMs: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wallMs, cpuMs: (c.user + c.system) / 1000 };
}

export function report(label: string, n: number, m: { wallMs: number; cpuMs: number }, target?: number): void {
  const wall = (n / m.wallMs) * 1000;
  const cpu = (n / m.cpuMs) * 1000;
  const t = target === undefined ? '' : ` | target >= ${target.toLocaleString('en-US')}: ${wall >= target ? 'MET' : cpu >= target ? 'met per CPU-second only (machine overloaded)' : 'NOT met'}`;
  console.log(`${label}: ${n.toLocaleString('en-US')} records, wall ${m.wallMs.toFixed(0)} ms = ${Math.round(wall).toLocaleString('en-US')} rec/s; CPU ${m.cpuMs.toFixed(0)} ms = ${Math.round(cpu).toLocaleString('en-US')} rec/CPU-s${t}`);
}
