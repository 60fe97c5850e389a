// Paper-trading episode with the hardware kill switch on simulated pins: press the emergency-stop button during a
// simulation with open orders and a position, and check that open orders are canceled, the position is flattened,
// no new order is accepted until the operator resets, and the whole episode is in a verifying audit trail.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock, createInstrument, isOpenOrderStatus } from '@bot/core-types';
import type { Bar, ClientOrderId, ModeChangeRequest, Strategy } from '@bot/core-types';
import { FileAuditSink, readFileTrail, verifyFileTrail } from '@bot/audit';
import { PermissiveRiskGate, SimulatedVenue, TradingKernel } from '@bot/execution';
import { KillSwitch, SimulatedGpio } from '@bot/killswitch-gpio';

const dir = mkdtempSync(join(tmpdir(), 'bot-killswitch-episode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 4, 1);
const SYMBOL = 'BTC/USDT';
const PINS = { button: 17, tamper: 27, green: 22, yellow: 23, red: 24, buzzer: 25 };

function bar(i: number): Bar {
  const open = 60_000 + i * 10;
  return { type: 'bar', symbol: SYMBOL, timeframe: '1h', openTime: T0 + i * HOUR, open, high: open + 40, low: open - 40, close: open + 5, volume: 500 };
}

/** Buys 1 BTC at bar 1, parks two resting limits at bar 2, then tries to buy 0.01 BTC ("probe") on every bar from 3. */
function probingStrategy(probes: Map<ClientOrderId, number>): Strategy {
  return {
    id: 'prober',
    onBar(b, ctx) {
      const i = Math.round((b.openTime - T0) / HOUR);
      if (i === 1) ctx.submitOrder({ symbol: SYMBOL, side: 'buy', type: 'market', quantity: '1' });
      if (i === 2) {
        ctx.submitOrder({ symbol: SYMBOL, side: 'buy', type: 'limit', quantity: '0.5', limitPrice: '30000' });
        ctx.submitOrder({ symbol: SYMBOL, side: 'sell', type: 'limit', quantity: '0.5', limitPrice: '90000' });
      }
      if (i >= 3) probes.set(ctx.submitOrder({ symbol: SYMBOL, side: 'buy', type: 'market', quantity: '0.01', tag: 'probe' }), i);
    },
  };
}

describe('kill switch episode in a paper simulation (kernel + simulated venue + risk gate + audit + simulated pins)', () => {
  it('button press: orders canceled, position flattened, nothing new until reset, whole episode audited', async () => {
    const clock = new ManualClock(T0);
    const auditPath = join(dir, 'trail.jsonl');
    const audit = await FileAuditSink.open({ path: auditPath, clock, fsync: 'always', hmacKey: 'episode-key' });
    const instrument = createInstrument({ symbol: SYMBOL, tickSize: '0.01', lotSize: '0.0001', takerFee: '0.001', makerFee: '0.001' });
    const venue = new SimulatedVenue({ clock, instruments: [instrument] });
    const gate = new PermissiveRiskGate();
    const probes = new Map<ClientOrderId, number>();
    const kernel = new TradingKernel({
      clock,
      venue,
      instruments: [instrument],
      account: { currency: 'USDT', initialCash: 200_000 },
      strategies: [probingStrategy(probes)],
      riskGate: gate,
      auditSink: audit,
    });
    const gpio = new SimulatedGpio();
    const killSwitch = new KillSwitch({ gpio, clock, audit, pins: PINS, cooldownMs: 30 * 60_000, heartbeatTimeoutMs: 2 * HOUR });
    const requests: ModeChangeRequest[] = [];
    killSwitch.modeRequests.subscribe((r) => {
      requests.push(r);
      gate.requestMode(r); // the engine's wiring: the switch never talks to venues, the gate enforces the mode
    });
    kernel.start();
    killSwitch.start();

    const step = (i: number) => {
      clock.advanceTo(T0 + (i + 1) * HOUR); // the bar is delivered at its close
      kernel.onMarketEvent(bar(i));
      killSwitch.heartbeat();
    };
    for (let i = 0; i <= 10; i++) step(i);

    // Before the press: a long position and open orders (two resting limits, the probe of bar 10).
    const position = () => kernel.portfolio.position(SYMBOL).quantity.toNumber();
    expect(position()).toBeCloseTo(1.07, 10); // 1 + probes of bars 3..9 filled at the next opens
    const openBefore = kernel.orders().filter((o) => isOpenOrderStatus(o.status));
    expect(openBefore.map((o) => o.request.type).sort()).toEqual(['limit', 'limit', 'market']);

    // Press the emergency-stop button (active-low: the pin goes low).
    const pressTime = clock.now();
    gpio.setActive(PINS.button, true);
    expect(requests).toEqual([{ mode: 'emergency', source: 'killswitch', reason: 'button: emergency-stop button pressed', time: pressTime }]);
    expect(gate.mode).toBe('emergency');
    clock.advanceBy(500);
    gpio.setActive(PINS.button, false);
    expect(gpio.outputLevel(PINS.red)).toBe(1);

    for (const o of openBefore) expect(kernel.orderManager.get(o.clientOrderId)!.status).toBe('canceled');
    for (let i = 11; i <= 19; i++) step(i);
    expect(position()).toBe(0); // flattened at bar 11's open by the kernel's reduce-only market sell
    expect(kernel.orders().filter((o) => isOpenOrderStatus(o.status))).toEqual([]);

    // An early reset is refused; nothing new was accepted while triggered.
    const resetTime = T0 + 20 * HOUR;
    const windowProbes = [...probes].filter(([, i]) => i >= 11 && i <= 19).map(([id]) => id);
    expect(windowProbes).toHaveLength(9);
    for (const id of windowProbes) {
      const decision = kernel.riskDecisions().find((d) => d.intent.clientOrderId === id)!.decision;
      expect(decision.kind).toBe('reject');
      expect(decision.reasons[0]!.code).toBe('mode-emergency');
      expect(kernel.orderManager.get(id)!.status).toBe('rejected');
    }
    expect(kernel.fills().filter((f) => f.time >= pressTime && f.side === 'buy')).toEqual([]);
    const sells = kernel.fills().filter((f) => f.time >= pressTime && f.time < resetTime);
    expect(sells).toHaveLength(1);
    expect(sells[0]!.quantity.toNumber()).toBeCloseTo(1.07, 10);

    // Operator reset after the cooldown: trading resumes.
    clock.advanceTo(resetTime);
    expect(killSwitch.reset('operator:alice')).toEqual({ ok: true });
    expect(gate.mode).toBe('normal');
    step(20);
    step(21);
    const probe20 = [...probes].find(([, i]) => i === 20)![0];
    expect(kernel.riskDecisions().find((d) => d.intent.clientOrderId === probe20)!.decision.kind).toBe('approve');
    expect(kernel.orderManager.get(probe20)!.status).toBe('filled');
    expect(position()).toBeCloseTo(0.01, 10);

    killSwitch.stop();
    kernel.stop();
    await audit.close();

    // The whole episode is in the audit trail, and the trail verifies (with its HMAC).
    expect(verifyFileTrail(auditPath, { hmacKey: 'episode-key' })).toMatchObject({ ok: true, hmacChecked: true });
    const records = [...readFileTrail(auditPath)];
    const ks = (event: string) => records.filter((r) => r.type === 'kill-switch' && (r.payload as { event: string }).event === event);
    const trigger = ks('trigger')[0]!;
    const reset = ks('reset')[0]!;
    expect(trigger.payload).toMatchObject({ cause: 'button', mode: 'emergency' });
    expect(trigger.time).toBe(pressTime);
    expect(reset.payload).toMatchObject({ operator: 'operator:alice', via: 'command' });
    const modeChanges = records.filter((r) => r.type === 'mode-change').map((r) => [r.actor, (r.payload as { mode: string }).mode]);
    expect(modeChanges).toEqual([['killswitch', 'emergency'], ['killswitch', 'normal']]);
    // The gate announces the mode (and the kernel records it) before the switch writes its own trigger record: the
    // request goes out first, audit second.
    const emergencyRecord = records.find((r) => r.type === 'mode-change' && (r.payload as { mode: string }).mode === 'emergency')!;
    expect(emergencyRecord.seq).toBeLessThan(trigger.seq);
    expect(emergencyRecord.time).toBe(pressTime);
    const during = records.filter((r) => r.seq > emergencyRecord.seq && r.seq < reset.seq);
    const canceled = during.filter((r) => r.type === 'order-event' && (r.payload as { status: string }).status === 'canceled').map((r) => r.clientOrderId);
    expect(new Set(canceled)).toEqual(new Set(openBefore.map((o) => o.clientOrderId)));
    const rejectedProbes = during.filter((r) => r.type === 'risk-decision' && (r.payload as { kind: string }).kind === 'reject').map((r) => r.clientOrderId);
    expect(new Set(rejectedProbes)).toEqual(new Set(windowProbes));
    const flattenFill = during.filter((r) => r.type === 'fill');
    expect(flattenFill).toHaveLength(1);
    expect(flattenFill[0]!.payload).toMatchObject({ side: 'sell' });
  });
});
