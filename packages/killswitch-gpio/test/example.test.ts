import { describe, expect, it } from 'vitest';
import { main } from '../examples/emergencyStop.js';

describe('examples/emergencyStop', () => {
  it('runs: press -> emergency, early reset refused, long-press reset after the cooldown -> normal', () => {
    const lines: string[] = [];
    const r = main((l) => lines.push(l));
    expect(r.requests.map((q) => q.mode)).toEqual(['emergency', 'normal']);
    expect(r.requests[1]!.reason).toBe('reset by button:long-press (long-press)');
    expect(r.earlyReset).toBe('cooldown: reset possible in 9700 ms');
    expect(r.ledsAfterPress).toBe('green=0 yellow=0 red=1 buzzer=1');
    expect(r.ledsAfterReset).toBe('green=1 yellow=0 red=0 buzzer=0');
    expect(r.auditEvents).toEqual(['started', 'trigger', 'reset-refused', 'press-while-triggered', 'reset', 'stopped']);
    expect(lines.length).toBeGreaterThan(4);
  });
});
