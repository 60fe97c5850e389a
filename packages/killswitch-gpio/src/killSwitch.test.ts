import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@bot/core-types';
import type { ModeChangeRequest } from '@bot/core-types';
import { KillSwitch } from './killSwitch.js';
import type { KillSwitchOptions } from './killSwitch.js';
import { SimulatedGpio } from './simulatedGpio.js';
import { MemoryAudit } from '../test/memoryAudit.js';

const PINS = { button: 17, tamper: 27, green: 22, yellow: 23, red: 24, buzzer: 25 } as const;

function setup(overrides: Partial<KillSwitchOptions> = {}) {
  const clock = new ManualClock(1_000_000);
  const gpio = new SimulatedGpio();
  const audit = new MemoryAudit(() => clock.now());
  const sw = new KillSwitch({ gpio, clock, audit, pins: PINS, debounceMs: 50, longPressMs: 3000, cooldownMs: 10_000, buzzerMs: 2000, blinkMs: 250, ...overrides });
  const requests: ModeChangeRequest[] = [];
  sw.modeRequests.subscribe((r) => requests.push(r));
  sw.start();
  const press = () => gpio.setActive(PINS.button, true);
  const release = () => gpio.setActive(PINS.button, false);
  return { clock, gpio, audit, sw, requests, press, release };
}

describe('KillSwitch: button and debounce', () => {
  it('a bouncing press triggers exactly once, at the first edge (no debounce delay)', () => {
    const { clock, gpio, requests, audit } = setup();
    const t0 = clock.now();
    // Contact bounce: 0 ms press, 1 ms open, 3 ms press, 7 ms open, 12 ms press (settles pressed).
    gpio.setPhysical(PINS.button, 0);
    expect(requests).toEqual([{ mode: 'emergency', source: 'killswitch', reason: 'button: emergency-stop button pressed', time: t0 }]);
    for (const [dt, level] of [[1, 1], [2, 0], [4, 1], [5, 0]] as const) {
      clock.advanceBy(dt);
      gpio.setPhysical(PINS.button, level);
    }
    clock.advanceBy(100);
    // Release with bounce.
    gpio.setPhysical(PINS.button, 1);
    clock.advanceBy(2);
    gpio.setPhysical(PINS.button, 0);
    clock.advanceBy(3);
    gpio.setPhysical(PINS.button, 1);
    clock.advanceBy(100);
    expect(requests).toHaveLength(1);
    expect(audit.names().filter((n) => n === 'trigger')).toHaveLength(1);
    expect(audit.names()).not.toContain('press-while-triggered');
  });

  it('a release that bounces back into a held press is seen after the lockout (re-read), not lost', () => {
    const { clock, gpio, sw, press } = setup({ cooldownMs: 0 });
    press();
    clock.advanceBy(100);
    gpio.setPhysical(PINS.button, 1); // released...
    clock.advanceBy(10);
    gpio.setPhysical(PINS.button, 0); // ...bounce back: pressed again within the lockout and stays pressed
    clock.advanceBy(40); // lockout ends at +50: re-read says pressed -> press while triggered
    expect(sw.status.state).toBe('triggered');
    clock.advanceBy(3000);
    expect(sw.status.state).toBe('armed'); // that press was held 3 s: long-press reset
  });

  it('honours active-high wiring (button to 3V3 with a pull-down)', () => {
    const { gpio, requests } = setup({ buttonActiveLow: false });
    gpio.setPhysical(PINS.button, 0); // at rest: low = released
    expect(requests).toHaveLength(0);
    gpio.setPhysical(PINS.button, 1);
    expect(requests).toHaveLength(1);
  });

  it('pause mode for a soft stop', () => {
    const { requests, press } = setup({ buttonMode: 'pause' });
    press();
    expect(requests.map((r) => r.mode)).toEqual(['pause']);
  });
});

describe('KillSwitch: latching and reset', () => {
  it('stays triggered; a reset before the cooldown is refused with the time left, after it is accepted', () => {
    const { clock, sw, requests, press, release, audit } = setup();
    press();
    clock.advanceBy(200);
    release();
    clock.advanceBy(4_800); // 5 s after the trigger
    expect(sw.status).toMatchObject({ state: 'triggered', mode: 'emergency', resetAllowedAt: 1_010_000 });
    expect(sw.reset('operator:alice')).toEqual({ ok: false, reason: 'cooldown: reset possible in 5000 ms', retryInMs: 5000 });
    clock.advanceBy(5_000);
    expect(sw.reset('operator:alice')).toEqual({ ok: true });
    expect(sw.status.state).toBe('armed');
    expect(requests.map((r) => r.mode)).toEqual(['emergency', 'normal']);
    expect(requests[1]).toMatchObject({ source: 'killswitch', reason: 'reset by operator:alice (command)', time: 1_010_000 });
    expect(audit.names()).toEqual(['started', 'trigger', 'reset-refused', 'reset']);
    expect(sw.reset('operator:alice')).toEqual({ ok: false, reason: 'not triggered' });
  });

  it('the press that triggered never resets, however long it is held', () => {
    const { clock, sw, press } = setup();
    press();
    clock.advanceBy(60_000);
    expect(sw.status.state).toBe('triggered');
  });

  it('short press while triggered does nothing; a long press after the cooldown resets', () => {
    const { clock, sw, requests, press, release, audit } = setup();
    press();
    clock.advanceBy(100);
    release();
    clock.advanceBy(20_000);
    press();
    clock.advanceBy(2_999);
    release();
    expect(sw.status.state).toBe('triggered');
    expect(audit.names()).toContain('short-press-ignored');
    clock.advanceBy(1_000);
    press();
    clock.advanceBy(3_000);
    expect(sw.status.state).toBe('armed');
    expect(requests.at(-1)).toMatchObject({ mode: 'normal', reason: 'reset by button:long-press (long-press)' });
  });

  it('a long press during the cooldown is refused and audited', () => {
    const { clock, sw, press, release, audit } = setup();
    press();
    clock.advanceBy(100);
    release();
    clock.advanceBy(1_000);
    press();
    clock.advanceBy(3_000);
    expect(sw.status.state).toBe('triggered');
    const refused = audit.events.find((e) => (e.payload as { event: string }).event === 'reset-refused');
    expect(refused?.payload).toMatchObject({ via: 'long-press', operator: 'button:long-press', retryInMs: 10_000 - 4_100 });
  });

  it('a command reset is refused while the button is held', () => {
    const { clock, sw, press } = setup();
    press();
    clock.advanceBy(20_000);
    expect(sw.reset('operator:bob')).toEqual({ ok: false, reason: 'emergency-stop button is held down' });
  });

  it('software trigger (bot kill) latches like the button', () => {
    const { sw, requests } = setup();
    sw.trigger('operator:alice', 'manual kill from the CLI');
    expect(requests).toEqual([{ mode: 'emergency', source: 'killswitch', reason: 'command: operator:alice: manual kill from the CLI', time: 1_000_000 }]);
  });
});

describe("KillSwitch: dead man's switch", () => {
  it('heartbeats keep it armed; silence for the timeout triggers, reset needs heartbeats again', () => {
    const { clock, sw, requests, audit } = setup({ heartbeatTimeoutMs: 1_000, cooldownMs: 0 });
    for (let i = 0; i < 10; i++) {
      clock.advanceBy(500);
      sw.heartbeat();
    }
    expect(requests).toHaveLength(0);
    const last = clock.now();
    clock.advanceBy(999);
    expect(requests).toHaveLength(0);
    clock.advanceBy(1);
    expect(requests).toEqual([{ mode: 'emergency', source: 'killswitch', reason: 'watchdog: no heartbeat for 1000 ms (limit 1000 ms)', time: last + 1000 }]);
    const expired = audit.events.find((e) => (e.payload as { event: string }).event === 'watchdog-expired');
    expect(expired?.payload).toMatchObject({ lastHeartbeatAt: last, silentForMs: 1000, timeoutMs: 1000 });
    clock.advanceBy(5_000);
    expect(sw.reset('operator:alice')).toMatchObject({ ok: false, reason: expect.stringMatching(/no heartbeat .* for 6000 ms/) });
    sw.heartbeat();
    expect(sw.reset('operator:alice')).toEqual({ ok: true });
    // Re-armed: silence again triggers again.
    clock.advanceBy(1_000);
    expect(requests.map((r) => r.mode)).toEqual(['emergency', 'normal', 'emergency']);
  });

  it('gives a full timeout of grace after start', () => {
    const { clock, requests } = setup({ heartbeatTimeoutMs: 2_000 });
    clock.advanceBy(1_999);
    expect(requests).toHaveLength(0);
    clock.advanceBy(1);
    expect(requests).toHaveLength(1);
  });
});

describe('KillSwitch: tamper', () => {
  it('opening the enclosure triggers; reset refused while open; allowed once closed', () => {
    const { clock, gpio, sw, requests, audit } = setup({ cooldownMs: 1_000 });
    gpio.setActive(PINS.tamper, true);
    expect(requests.map((r) => r.reason)).toEqual(['tamper: tamper input became active (enclosure opened or loop cut)']);
    clock.advanceBy(5_000);
    expect(sw.reset('operator:alice')).toEqual({ ok: false, reason: 'tamper input still active (close the enclosure first)' });
    gpio.setActive(PINS.tamper, false);
    clock.advanceBy(100);
    expect(sw.reset('operator:alice')).toEqual({ ok: true });
    expect(audit.events.filter((e) => (e.payload as { event: string }).event === 'tamper').map((e) => (e.payload as { state: string }).state)).toEqual(['tampered', 'intact']);
  });

  it('a tamper change while armed triggers even when it goes back to intact (any change)', () => {
    const { gpio, requests } = setup({ tamperActiveLow: true });
    // activeLow tamper: intact reads high (idle); drive low = tampered, then high.
    gpio.setPhysical(PINS.tamper, 0);
    expect(requests).toHaveLength(1);
  });

  it('an enclosure already open at start triggers at once', () => {
    const clock = new ManualClock(0);
    const gpio = new SimulatedGpio();
    gpio.setPhysical(PINS.tamper, 1); // high = tampered for the default wiring
    const audit = new MemoryAudit(() => clock.now());
    const sw = new KillSwitch({ gpio, clock, audit, pins: PINS });
    const seen: string[] = [];
    sw.modeRequests.subscribe((r) => seen.push(r.mode));
    sw.start();
    expect(seen).toEqual(['emergency']);
    expect(sw.status).toMatchObject({ state: 'triggered', causes: [{ cause: 'tamper' }] });
  });
});

describe('KillSwitch: concurrent triggers', () => {
  it('button + tamper + watchdog at the same instant: one latched state, one request, all audited', () => {
    const clock = new ManualClock(0);
    const gpio = new SimulatedGpio();
    const audit = new MemoryAudit(() => clock.now());
    const sw = new KillSwitch({ gpio, clock, audit, pins: PINS, heartbeatTimeoutMs: 1_000 });
    const requests: ModeChangeRequest[] = [];
    sw.modeRequests.subscribe((r) => requests.push(r));
    clock.setTimer(() => {
      gpio.setActive(PINS.button, true);
      gpio.setActive(PINS.tamper, true);
    }, 1_000); // created before the watchdog timer: both fire at t = 1000, this one first
    sw.start();
    clock.advanceBy(1_000);
    expect(requests).toEqual([{ mode: 'emergency', source: 'killswitch', reason: 'button: emergency-stop button pressed', time: 1_000 }]);
    const status = sw.status;
    expect(status.state).toBe('triggered');
    if (status.state === 'triggered') expect(status.causes.map((c) => c.cause)).toEqual(['button', 'tamper', 'watchdog']);
    expect(audit.names()).toEqual(['started', 'trigger', 'tamper', 'trigger-while-triggered', 'watchdog-expired', 'trigger-while-triggered']);
    expect(new Set(audit.events.slice(1).map((e) => e.at))).toEqual(new Set([1_000]));
    clock.advanceBy(60_000);
    gpio.setActive(PINS.tamper, false);
    gpio.setActive(PINS.button, false);
    sw.heartbeat();
    expect(sw.reset('operator:alice')).toEqual({ ok: true }); // one reset clears the single latch
    expect(requests.map((r) => r.mode)).toEqual(['emergency', 'normal']);
  });

  it('a more severe cause escalates a soft stop', () => {
    const { gpio, requests, press, sw } = setup({ buttonMode: 'pause' });
    press();
    gpio.setActive(PINS.tamper, true);
    expect(requests.map((r) => r.mode)).toEqual(['pause', 'emergency']);
    expect(sw.status).toMatchObject({ mode: 'emergency' });
  });

  it('property: no normal request without a successful reset; resets only after the cooldown; one trigger per latch', () => {
    type Op = { kind: 'press' | 'release' | 'tamper-on' | 'tamper-off' | 'heartbeat' | 'reset' | 'kill' } | { kind: 'wait'; ms: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.constantFrom<Op>({ kind: 'press' }, { kind: 'release' }, { kind: 'tamper-on' }, { kind: 'tamper-off' }, { kind: 'heartbeat' }, { kind: 'reset' }, { kind: 'kill' }),
      fc.integer({ min: 1, max: 4_000 }).map((ms): Op => ({ kind: 'wait', ms })),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const { clock, gpio, sw, requests, audit } = setup({ heartbeatTimeoutMs: 3_000, cooldownMs: 5_000, longPressMs: 2_000 });
        let okResets = 0;
        for (const o of ops) {
          if (o.kind === 'wait') clock.advanceBy(o.ms);
          else if (o.kind === 'press') gpio.setActive(PINS.button, true);
          else if (o.kind === 'release') gpio.setActive(PINS.button, false);
          else if (o.kind === 'tamper-on') gpio.setActive(PINS.tamper, true);
          else if (o.kind === 'tamper-off') gpio.setActive(PINS.tamper, false);
          else if (o.kind === 'heartbeat') sw.heartbeat();
          else if (o.kind === 'kill') sw.trigger('operator:p', 'test');
          else if (sw.reset('operator:p').ok) okResets++;
        }
        const names = audit.names();
        const triggers = names.filter((n) => n === 'trigger').length;
        const resets = names.filter((n) => n === 'reset').length;
        expect(resets).toBeGreaterThanOrEqual(okResets);
        // Requests alternate: trigger (non-normal, possibly escalated) ... normal ... trigger ...
        let latched = false;
        let latchedAt = 0;
        let normals = 0;
        for (const r of requests) {
          if (r.mode === 'normal') {
            expect(latched).toBe(true);
            expect(r.time - latchedAt).toBeGreaterThanOrEqual(5_000);
            latched = false;
            normals++;
          } else if (!latched) {
            latched = true;
            latchedAt = r.time;
          }
        }
        expect(normals).toBe(resets);
        expect(requests.filter((r) => r.mode !== 'normal').length).toBe(triggers); // no escalation possible: all emergency
        expect(sw.status.state === 'triggered').toBe(latched);
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe('KillSwitch: LEDs and buzzer', () => {
  it('green when armed; red blinks during the cooldown then stays on; buzzer for buzzerMs; green after reset', () => {
    const { clock, gpio, sw, press, release } = setup();
    const leds = () => [gpio.outputLevel(PINS.green), gpio.outputLevel(PINS.yellow), gpio.outputLevel(PINS.red), gpio.outputLevel(PINS.buzzer)];
    expect(leds()).toEqual([1, 0, 0, 0]);
    press();
    expect(leds()).toEqual([0, 0, 1, 1]);
    release();
    clock.advanceBy(250);
    expect(gpio.outputLevel(PINS.red)).toBe(0);
    clock.advanceBy(250);
    expect(gpio.outputLevel(PINS.red)).toBe(1);
    clock.advanceBy(1_500);
    expect(gpio.outputLevel(PINS.buzzer)).toBe(0);
    clock.advanceBy(8_000); // cooldown over
    expect(gpio.outputLevel(PINS.red)).toBe(1);
    const writes = gpio.writeCount(PINS.red);
    clock.advanceBy(5_000);
    expect(gpio.writeCount(PINS.red)).toBe(writes); // steady: no more blinking
    expect(sw.reset('operator:alice').ok).toBe(true);
    expect(leds()).toEqual([1, 0, 0, 0]);
    sw.showMode('reduce');
    expect(leds()).toEqual([0, 1, 0, 0]);
  });

  it('yellow for a soft stop', () => {
    const { gpio, press } = setup({ buttonMode: 'pause' });
    press();
    expect([gpio.outputLevel(PINS.green), gpio.outputLevel(PINS.yellow), gpio.outputLevel(PINS.red)]).toEqual([0, 1, 0]);
  });

  it('stop() releases pins, turns outputs off and completes the stream', () => {
    const { gpio, sw, press } = setup();
    let completed = false;
    sw.modeRequests.subscribe({ complete: () => (completed = true) });
    press();
    sw.stop();
    expect(completed).toBe(true);
    expect(gpio.outputLevel(PINS.red)).toBe(0);
    expect(sw.status).toEqual({ state: 'stopped' });
    expect(() => sw.reset('x')).toThrow(/not running/);
  });

  it('an audit sink that fails does not stop the switch from latching, emitting and lighting the LEDs', () => {
    const clock = new ManualClock(0);
    const gpio = new SimulatedGpio();
    const errors: unknown[] = [];
    const failing = { record: () => { throw new Error('ENOSPC: no space left on device'); }, flush: async () => {}, close: async () => {} };
    const sw = new KillSwitch({ gpio, clock, audit: failing, pins: PINS, onAuditError: (e) => errors.push(e) });
    const seen: string[] = [];
    sw.modeRequests.subscribe((r) => seen.push(r.mode));
    sw.start();
    gpio.setActive(PINS.button, true);
    expect(seen).toEqual(['emergency']);
    expect(sw.status.state).toBe('triggered');
    expect(gpio.outputLevel(PINS.red)).toBe(1);
    expect(gpio.outputLevel(PINS.buzzer)).toBe(1);
    expect(errors.map((e) => (e as Error).message)).toEqual(['ENOSPC: no space left on device', 'ENOSPC: no space left on device']);
  });

  it('rejects a pin used twice and bad durations', () => {
    const clock = new ManualClock(0);
    const base = { gpio: new SimulatedGpio(), clock, audit: new MemoryAudit(() => 0) };
    expect(() => new KillSwitch({ ...base, pins: { button: 17, red: 17 } })).toThrow(/pins.red and pins.button both use GPIO 17/);
    expect(() => new KillSwitch({ ...base, pins: { button: 17 }, longPressMs: 0 })).toThrow(/longPressMs/);
  });
});
