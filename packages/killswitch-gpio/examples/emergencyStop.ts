// Runnable example on simulated pins: press the emergency stop, watch the LEDs and the mode requests, try an early
// reset, then reset with a long press after the cooldown. Run: pnpm exec tsx examples/emergencyStop.ts
import { ManualClock } from '@bot/core-types';
import type { AuditEvent, AuditSink, ModeChangeRequest } from '@bot/core-types';
import { KillSwitch, SimulatedGpio } from '../src/index.js';

/** Raspberry Pi wiring used in the README (BCM numbers). */
export const PINS = { button: 17, tamper: 27, green: 22, yellow: 23, red: 24, buzzer: 25 } as const;

class ArrayAudit implements AuditSink {
  readonly records: AuditEvent[] = [];
  record(event: AuditEvent): void {
    this.records.push(event);
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}

export interface ExampleResult {
  readonly requests: readonly ModeChangeRequest[];
  readonly earlyReset: string;
  readonly ledsAfterPress: string;
  readonly ledsAfterReset: string;
  readonly auditEvents: readonly string[];
}

export function main(log: (line: string) => void = console.log): ExampleResult {
  const clock = new ManualClock(Date.UTC(2024, 0, 1));
  const gpio = new SimulatedGpio();
  const audit = new ArrayAudit();
  const sw = new KillSwitch({ gpio, clock, audit, pins: PINS, cooldownMs: 10_000, longPressMs: 3_000, heartbeatTimeoutMs: 5_000 });
  const requests: ModeChangeRequest[] = [];
  // In the engine this is: sw.modeRequests.subscribe((r) => riskGate.requestMode(r))
  sw.modeRequests.subscribe((r) => {
    requests.push(r);
    log(`mode request -> ${r.mode} (${r.reason})`);
  });
  const leds = () =>
    `green=${gpio.outputLevel(PINS.green)} yellow=${gpio.outputLevel(PINS.yellow)} red=${gpio.outputLevel(PINS.red)} buzzer=${gpio.outputLevel(PINS.buzzer)}`;
  sw.start();
  log(`armed: ${leds()}`);

  const tick = (ms: number) => {
    for (let t = 0; t < ms; t += 1000) {
      clock.advanceBy(Math.min(1000, ms - t));
      sw.heartbeat(); // the trading loop is alive
    }
  };
  tick(2_000);
  gpio.setActive(PINS.button, true); // press the mushroom button
  const ledsAfterPress = leds();
  log(`pressed: ${leds()}`);
  tick(300);
  gpio.setActive(PINS.button, false);

  const early = sw.reset('operator:alice');
  const earlyReset = early.ok ? 'accepted' : early.reason;
  log(`reset at +0.3 s: ${earlyReset}`);

  tick(12_000); // past the cooldown
  gpio.setActive(PINS.button, true); // long press to reset
  tick(3_000);
  gpio.setActive(PINS.button, false);
  const ledsAfterReset = leds();
  log(`after long press: ${sw.status.state}, ${leds()}`);
  sw.stop();
  const auditEvents = audit.records.map((r) => (r.payload as { event: string }).event);
  log(`audit: ${auditEvents.join(', ')}`);
  return { requests, earlyReset, ledsAfterPress, ledsAfterReset, auditEvents };
}

if (import.meta.url === `file://${process.argv[1]}`) main();
