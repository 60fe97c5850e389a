import { describe, expect, it } from 'vitest';
import fc from '../test/fc.js';
import { ManualClock, SystemClock, type TimerHandle } from './clock.js';

describe('ManualClock', () => {
  it('starts where told and only moves when told', () => {
    const clock = new ManualClock(1_000);
    expect(clock.now()).toBe(1_000);
    clock.advanceBy(500);
    expect(clock.now()).toBe(1_500);
    clock.advanceTo(2_000);
    expect(clock.now()).toBe(2_000);
    expect(new ManualClock().now()).toBe(0);
  });

  it('refuses to go backwards or to a non-finite time', () => {
    const clock = new ManualClock(100);
    expect(() => clock.advanceTo(99)).toThrow(RangeError);
    expect(() => clock.advanceTo(Number.NaN)).toThrow(RangeError);
    expect(() => clock.advanceBy(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(clock.now()).toBe(100);
  });

  it('fires a timer at its due time with now() equal to the due time', () => {
    const clock = new ManualClock(0);
    const seen: number[] = [];
    clock.setTimer(() => seen.push(clock.now()), 100);
    clock.advanceBy(99);
    expect(seen).toEqual([]);
    clock.advanceBy(51);
    expect(seen).toEqual([100]);
    expect(clock.now()).toBe(150);
    expect(clock.pendingTimers).toBe(0);
  });

  it('fires ties in creation order, and negative or NaN delays as soon as time moves', () => {
    const clock = new ManualClock(10);
    const seen: string[] = [];
    clock.setTimer(() => seen.push('a'), 5);
    clock.setTimer(() => seen.push('b'), 5);
    clock.setTimer(() => seen.push('neg'), -3);
    clock.setTimer(() => seen.push('nan'), Number.NaN);
    clock.setTimer(() => seen.push('c'), 5);
    clock.advanceBy(0);
    expect(seen).toEqual(['neg', 'nan']);
    clock.advanceBy(5);
    expect(seen).toEqual(['neg', 'nan', 'a', 'b', 'c']);
  });

  it('clearTimer cancels; unknown or already fired handles are ignored', () => {
    const clock = new ManualClock(0);
    let fired = 0;
    const h = clock.setTimer(() => fired++, 10);
    const h2 = clock.setTimer(() => fired++, 20);
    clock.clearTimer(h);
    clock.advanceTo(30);
    expect(fired).toBe(1);
    clock.clearTimer(h2);
    clock.clearTimer(12345 as TimerHandle);
    expect(clock.pendingTimers).toBe(0);
  });

  it('timers set by a callback fire in the same advance when they are due', () => {
    const clock = new ManualClock(0);
    const seen: [string, number][] = [];
    clock.setTimer(() => {
      seen.push(['outer', clock.now()]);
      clock.setTimer(() => seen.push(['inner', clock.now()]), 5);
      clock.setTimer(() => seen.push(['late', clock.now()]), 500);
    }, 10);
    clock.advanceTo(100);
    expect(seen).toEqual([
      ['outer', 10],
      ['inner', 15],
    ]);
    expect(clock.pendingTimers).toBe(1);
  });

  it('property: timers fire in (due time, creation) order, each exactly at its due time, none early, none missed', () => {
    const scheduleArb = fc.array(fc.integer({ min: 0, max: 1_000 }), { minLength: 1, maxLength: 30 });
    const stepsArb = fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(scheduleArb, stepsArb, fc.array(fc.nat(), { maxLength: 5 }), (delays, steps, cancels) => {
        const clock = new ManualClock(0);
        const fired: { index: number; at: number }[] = [];
        const handles = delays.map((d, index) => clock.setTimer(() => fired.push({ index, at: clock.now() }), d));
        const canceled = new Set(cancels.map((c) => c % delays.length));
        for (const c of canceled) clock.clearTimer(handles[c]!);
        for (const s of steps) clock.advanceBy(s);
        const end = clock.now();
        // expected: every non-canceled timer with due <= end, sorted by (due, creation index)
        const expected = delays
          .map((due, index) => ({ index, at: due }))
          .filter((t) => !canceled.has(t.index) && t.at <= end)
          .sort((x, y) => x.at - y.at || x.index - y.index);
        expect(fired).toEqual(expected);
        expect(clock.pendingTimers).toBe(delays.filter((d, i) => !canceled.has(i) && d > end).length);
      }),
    );
  });
});

describe('SystemClock', () => {
  it('reads the wall clock and runs real timers (cancelable)', async () => {
    const clock = new SystemClock();
    const before = Date.now();
    const now = clock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    const canceledFired: boolean[] = [];
    const h = clock.setTimer(() => canceledFired.push(true), 1);
    clock.clearTimer(h);
    await new Promise<void>((resolve) => clock.setTimer(resolve, 5));
    expect(canceledFired).toEqual([]);
  });
});
