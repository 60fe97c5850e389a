import { describe, expect, it } from 'vitest';
import { ManualClock } from '@bot/core-types';
import { EdgeDebouncer } from './edgeDebouncer.js';
import type { PinLevel } from './gpioBackend.js';

function rig(lockoutMs: number) {
  const clock = new ManualClock(0);
  let level: PinLevel = 0;
  const changes: [boolean, number][] = [];
  const d = new EdgeDebouncer(clock, lockoutMs, () => level, (active, t) => changes.push([active, t]));
  const edge = (v: PinLevel) => {
    level = v;
    d.edge(v);
  };
  return { clock, d, edge, changes };
}

describe('EdgeDebouncer (immediate on first edge, then lockout)', () => {
  it('reports the first edge at once and ignores bounce inside the lockout', () => {
    const { clock, edge, changes } = rig(20);
    clock.advanceTo(100);
    edge(1);
    expect(changes).toEqual([[true, 100]]);
    clock.advanceTo(103);
    edge(0);
    clock.advanceTo(105);
    edge(1);
    clock.advanceTo(200);
    expect(changes).toEqual([[true, 100]]);
  });

  it('re-reads the pin at the end of the lockout: a release that happened during bounce is reported then', () => {
    const { clock, edge, changes } = rig(20);
    edge(1);
    clock.advanceTo(5);
    edge(0); // a real short tap: released inside the lockout, stays released
    clock.advanceTo(19);
    expect(changes).toEqual([[true, 0]]);
    clock.advanceTo(20);
    expect(changes).toEqual([[true, 0], [false, 20]]);
  });

  it('without a lockout every change passes, repeated levels do not', () => {
    const { clock, edge, changes, d } = rig(0);
    edge(1);
    edge(1);
    clock.advanceTo(1);
    edge(0);
    expect(changes).toEqual([[true, 0], [false, 1]]);
    expect(d.active).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });
});
