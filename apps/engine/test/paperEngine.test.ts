import { readFileSync } from 'node:fs';
import { verifyFileTrail, readFileTrail } from '@bot/audit';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEngineConfig } from '../src/config/loadEngineConfig.js';
import { controlSocketPath, sendControlCommand } from '../src/control/controlSocket.js';
import { TradingEngine } from '../src/tradingEngine.js';
import { backtestFills, engineFixture, memoryLogger } from './engineFixtures.js';

function engineFills(engine: TradingEngine) {
  return engine.fills().map((f) => ({ time: f.time, side: f.side, qty: f.quantity.toNumber(), price: f.price.toNumber(), fee: f.fee.amount.toNumber() }));
}

describe('paper engine (replay feed, simulated venue)', () => {
  const running: TradingEngine[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((e) => e.stop('test over')));
  });

  it('gives exactly the fills of bot backtest on the same event tape (backtest/paper parity)', async () => {
    const fx = await engineFixture();
    const engine = await TradingEngine.start({ config: loadEngineConfig(fx.configPath), logger: memoryLogger(), http: false });
    running.push(engine);
    await engine.done;
    const reference = backtestFills(fx.csv);
    expect(reference.length).toBeGreaterThan(10);
    expect(engineFills(engine)).toEqual(reference);
    expect(engine.status().feed).toMatchObject({ finished: true, eventsProcessed: 2000 });
  });

  it('bot kill flattens and blocks new orders until bot reset, and the episode is in a verifying audit trail', async () => {
    const fx = await engineFixture({ speed: 3_600_000 / 2, extra: 'risk: { modes: { cooldownMs: 0 } }\nkillSwitch: { cooldownMs: 0 }\n' }); // 2 ms per hourly bar
    const engine = await TradingEngine.start({ config: loadEngineConfig(fx.configPath), logger: memoryLogger(), http: false });
    running.push(engine);
    const socket = controlSocketPath(fx.stateDir);
    // Wait until the strategy holds a position, then press the software kill switch.
    while (engine.status().positions.length === 0) await new Promise((r) => setTimeout(r, 5));
    const killed = await sendControlCommand(socket, { command: 'kill', operator: 'alice', reason: 'test' });
    expect(killed.ok).toBe(true);
    expect(engine.status().tradingMode).toBe('emergency');
    expect(engine.status().killSwitch.state).toBe('triggered');
    // Wait until the strategy has tried to trade again and been refused.
    while (engine.status().risk.rejected === 0 && !engine.status().feed.finished) await new Promise((r) => setTimeout(r, 5));
    expect(engine.status().positions).toEqual([]);
    const reset = await sendControlCommand(socket, { command: 'reset', operator: 'alice', reason: 'all clear' });
    expect(reset).toMatchObject({ ok: true });
    expect(engine.status().tradingMode).toBe('normal');
    await engine.done;
    await engine.stop('done');

    const records = [...readFileTrail(fx.auditPath)];
    const ops = records.filter((r) => r.type === 'operator-action');
    const kill = ops.find((r) => (r.payload as { command?: string }).command === 'kill')!;
    const resetRec = ops.find((r) => (r.payload as { command?: string }).command === 'reset')!;
    expect(kill.actor).toBe('operator:alice');
    expect(records.some((r) => r.type === 'mode-change' && JSON.stringify(r.payload).includes('emergency'))).toBe(true);
    const window = records.filter((r) => r.seq > kill.seq && r.seq < resetRec.seq);
    const intents = new Map(window.filter((r) => r.type === 'order-intent').map((r) => [r.clientOrderId, r.payload as { reduceOnly: boolean }]));
    const decisions = window.filter((r) => r.type === 'risk-decision');
    const approved = decisions.filter((r) => (r.payload as { kind: string }).kind !== 'reject');
    const rejected = decisions.filter((r) => (r.payload as { kind: string }).kind === 'reject');
    expect(approved.length).toBeGreaterThanOrEqual(1); // the flattening order
    expect(approved.every((r) => intents.get(r.clientOrderId)?.reduceOnly === true)).toBe(true);
    expect(rejected.length).toBeGreaterThanOrEqual(1);
    expect(rejected.every((r) => JSON.stringify(r.payload).includes('mode-emergency'))).toBe(true);
    expect(verifyFileTrail(fx.auditPath).ok).toBe(true);
  });

  it('the emergency-stop button (simulated pins) latches emergency; a reset inside the cooldown is refused', async () => {
    const fx = await engineFixture({ speed: 3_600_000 / 2, extra: 'killSwitch: { cooldownMs: 600000 }\n' });
    const engine = await TradingEngine.start({ config: loadEngineConfig(fx.configPath), logger: memoryLogger(), http: false });
    running.push(engine);
    while (engine.status().feed.eventsProcessed < 100) await new Promise((r) => setTimeout(r, 5));
    engine.simulatedPins!.setActive(17, true); // press the button
    expect(engine.status().tradingMode).toBe('emergency');
    expect(engine.status().killSwitch.state).toBe('triggered');
    engine.simulatedPins!.setActive(17, false);
    const refused = await sendControlCommand(controlSocketPath(fx.stateDir), { command: 'reset', operator: 'bob', reason: 'too soon' });
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/reset refused: cooldown/);
    expect(engine.status().tradingMode).toBe('emergency');
    await engine.stop('done');
    const records = [...readFileTrail(fx.auditPath)];
    const switchRecords = records.filter((r) => r.type === 'kill-switch').map((r) => (r.payload as { event: string }).event);
    expect(switchRecords).toEqual(expect.arrayContaining(['trigger', 'reset-refused']));
    expect(records.some((r) => r.type === 'operator-action' && (r.payload as { command: string; mode?: string }).command === 'mode-request' && (r.payload as { mode?: string }).mode === 'emergency')).toBe(true);
  });

  it('refuses to recover from a trail recorded under another trading configuration; speed or port changes are fine', async () => {
    const fx = await engineFixture({ bars: 300 });
    const config = loadEngineConfig(fx.configPath);
    const first = await TradingEngine.start({ config, logger: memoryLogger(), http: false });
    await first.done;
    await first.stop('done');
    const otherStrategy = { ...config, strategies: [{ ...config.strategies[0]!, params: { fast: 5, slow: 30 } }] };
    await expect(TradingEngine.start({ config: otherStrategy, logger: memoryLogger(), http: false })).rejects.toThrow(
      /holds the trail of another trading configuration/,
    );
    const otherRisk = { ...config, risk: { limits: { maxOrderNotional: 100 } } };
    await expect(TradingEngine.start({ config: otherRisk, logger: memoryLogger(), http: false })).rejects.toThrow(/another trading configuration/);
    const sameTrading = { ...config, feed: { ...config.feed, speed: 1000 }, http: { host: '127.0.0.1', port: 0 } } as typeof config;
    const resumed = await TradingEngine.start({ config: sameTrading, logger: memoryLogger(), http: false });
    running.push(resumed);
    await resumed.stop('done');
  });

  it('refuses a second engine on the same state directory and a state directory holding another data set', async () => {
    const fx = await engineFixture({ bars: 200 });
    const config = loadEngineConfig(fx.configPath);
    const first = await TradingEngine.start({ config, logger: memoryLogger(), http: false });
    running.push(first);
    await expect(TradingEngine.start({ config, logger: memoryLogger(), http: false })).rejects.toThrow(/another engine is running/);
    await first.done;
    await first.stop('done');
    running.pop();
    const other = await engineFixture({ bars: 200, seed: 99 });
    const foreign = { ...loadEngineConfig(other.configPath), stateDir: fx.stateDir, audit: { ...config.audit } };
    await expect(TradingEngine.start({ config: foreign, logger: memoryLogger(), http: false })).rejects.toThrow(/holds the trail of other data/);
    expect(readFileSync(fx.auditPath, 'utf8').length).toBeGreaterThan(0);
  });
});
