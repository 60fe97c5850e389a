import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ManualClock, ValidationError } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { FileModeStore, InMemoryModeStore } from './modeStore.js';
import { parseRiskGateConfig } from './parseRiskGateConfig.js';
import { createRiskGate } from './riskGate.js';
import { type ModeRefusal, type ModeTransition, TradingModeMachine } from './tradingModeMachine.js';

describe('TradingModeMachine', () => {
  it('escalates at once, refuses stepping down during the cooldown, and emits every transition', () => {
    const clock = new ManualClock(1_000);
    const m = new TradingModeMachine({ clock, cooldownMs: 60_000 });
    const seen: ModeTransition[] = [];
    const refused: ModeRefusal[] = [];
    m.transitions.subscribe((t) => seen.push(t));
    m.refusals.subscribe((r) => refused.push(r));
    expect(m.mode).toBe('normal');
    expect(m.request({ mode: 'reduce', source: 'breaker:spread', reason: 'wide', time: 1_000 }).accepted).toBe(true);
    expect(m.request({ mode: 'emergency', source: 'killswitch', reason: 'button', time: 2_000 }).accepted).toBe(true);
    const early = m.request({ mode: 'pause', source: 'operator:ann', reason: 'calm', time: 61_999 });
    expect(early.accepted).toBe(false);
    expect(refused[0]!.code).toBe('cooldown');
    expect(m.request({ mode: 'pause', source: 'operator:ann', reason: 'calm', time: 62_000 }).accepted).toBe(true);
    expect(m.request({ mode: 'normal', source: 'operator:ann', reason: 'resume', time: 62_001 }).accepted).toBe(true); // no escalation since
    expect(seen.map((t) => `${t.from}->${t.mode}`)).toEqual(['normal->reduce', 'reduce->emergency', 'emergency->pause', 'pause->normal']);
    expect(seen[1]).toMatchObject({ source: 'killswitch', reason: 'button', time: 2_000 });
    expect(m.request({ mode: 'normal', source: 'x', reason: 'y', time: 70_000 }).accepted).toBe(false);
    expect(refused.at(-1)!.code).toBe('same-mode');
  });

  it('a hold (tripped breaker) keeps the mode at its severity', () => {
    const clock = new ManualClock(0);
    let held = true;
    const m = new TradingModeMachine({ clock, cooldownMs: 0, holds: () => (held ? [{ mode: 'reduce', source: 'breaker:venue-errors', kind: 'breaker' }] : []) });
    m.request({ mode: 'emergency', source: 'breaker:venue-errors', reason: 'x', time: 0 });
    expect(m.request({ mode: 'reduce', source: 'operator', reason: 'ok', time: 1 }).accepted).toBe(true);
    const r = m.request({ mode: 'normal', source: 'operator', reason: 'ok', time: 2 });
    expect(r.accepted ? '' : r.refusal.code).toBe('held-by-breaker');
    held = false;
    expect(m.request({ mode: 'normal', source: 'operator', reason: 'ok', time: 3 }).accepted).toBe(true);
  });
});

describe('mode persistence', () => {
  it('the gate resumes in the persisted mode after a restart (file store, atomic write)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bot-risk-'));
    const file = path.join(dir, 'state', 'mode.json');
    const config = parseRiskGateConfig({ limits: {} });
    const clock = new ManualClock(5_000);
    const gate = createRiskGate(config, { clock, modeStore: new FileModeStore(file) });
    gate.requestMode({ mode: 'emergency', source: 'killswitch', reason: 'button pressed', time: 5_000 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ mode: 'emergency', source: 'killswitch', since: 5_000 });
    expect(readdirSync(path.dirname(file))).toEqual(['mode.json']); // temp file renamed away
    const restarted = createRiskGate(config, { clock, modeStore: new FileModeStore(file) });
    expect(restarted.mode).toBe('emergency');
    expect(restarted.modeState.reason).toBe('button pressed');
    // The cooldown also survives: stepping down right after the restart is refused.
    expect(restarted.requestMode({ mode: 'normal', source: 'operator', reason: 'r', time: 6_000 }).accepted).toBe(false);
  });

  it('starts from the config initial mode when nothing is stored, and fails closed on a corrupt file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bot-risk-'));
    const file = path.join(dir, 'mode.json');
    expect(new FileModeStore(file).load()).toBeUndefined();
    const gate = createRiskGate(parseRiskGateConfig({ modes: { initial: 'pause' } }), { clock: new ManualClock(0), modeStore: new FileModeStore(file) });
    expect(gate.mode).toBe('pause');
    expect(existsSync(file)).toBe(false);
    writeFileSync(file, '{"mode":"turbo"}');
    expect(() => new FileModeStore(file).load()).toThrow(ValidationError);
    writeFileSync(file, 'not json');
    expect(() => createRiskGate(parseRiskGateConfig({}), { clock: new ManualClock(0), modeStore: new FileModeStore(file) })).toThrow(/mode\.json/);
  });

  it('a failing store still lets an escalation through but blocks a step down', () => {
    let fail = false;
    const store = { load: () => undefined, save: () => { if (fail) throw new Error('disk full'); } };
    const m = new TradingModeMachine({ clock: new ManualClock(0), cooldownMs: 0, store });
    const seen: string[] = [];
    m.transitions.subscribe((t) => seen.push(t.mode));
    fail = true;
    expect(() => m.request({ mode: 'emergency', source: 'killswitch', reason: 'r', time: 1 })).toThrow('disk full');
    expect(m.mode).toBe('emergency');
    expect(() => m.request({ mode: 'normal', source: 'operator', reason: 'r', time: 2 })).toThrow('disk full');
    expect(m.mode).toBe('emergency');
    expect(seen).toEqual(['emergency']);
  });

  it('a store failure during an order check does not throw from check; the gate still escalates and records it', () => {
    const store = { load: () => undefined, save: () => { throw new Error('read-only fs'); } };
    const gate = createRiskGate(parseRiskGateConfig({ limits: { dailyLoss: { maxFraction: 0.03 } } }), { clock: new ManualClock(0), modeStore: store });
    gate.evaluate({ now: 0, portfolio: { currency: 'USD', equity: () => 90, cash: () => 90, positionQuantity: () => 0, positionSymbols: () => [], openOrders: () => [], peakEquity: () => 100, startOfDayEquity: () => 100 }, market: { lastPrice: () => 1, lastUpdateTime: () => 0, instrument: () => undefined } });
    expect(gate.mode).toBe('reduce');
    expect(String(gate.modeStoreError)).toContain('read-only fs');
  });

  it('in-memory store round-trips', () => {
    const store = new InMemoryModeStore();
    const gate = createRiskGate(parseRiskGateConfig({}), { clock: new ManualClock(0), modeStore: store });
    gate.requestMode({ mode: 'reduce', source: 'operator', reason: 'r', time: 1 });
    expect(store.saves).toBe(1);
    expect(createRiskGate(parseRiskGateConfig({}), { clock: new ManualClock(0), modeStore: store }).mode).toBe('reduce');
  });
});
