/**
 * The source of time. Inside @bot packages nothing calls `Date.now()`, `new Date()` or the global timers:
 * they ask the `Clock`, which makes backtests deterministic and time-dependent code testable without sleeping.
 */
export interface Clock {
  /** Current time, epoch milliseconds UTC. */
  now(): number;
  /** Runs `callback` once after `delayMs`; returns a handle for {@link Clock.clearTimer}. */
  setTimer(callback: () => void, delayMs: number): TimerHandle;
  /** Cancels a timer; unknown or fired handles are ignored. */
  clearTimer(handle: TimerHandle): void;
}

/** Opaque timer handle. */
export type TimerHandle = { readonly __timer: unique symbol } | number;

/** Wall-clock time and real timers. The only place that reads the system time. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
  setTimer(callback: () => void, delayMs: number): TimerHandle {
    return setTimeout(callback, delayMs) as unknown as TimerHandle;
  }
  clearTimer(handle: TimerHandle): void {
    clearTimeout(handle as unknown as ReturnType<typeof setTimeout>);
  }
}

/**
 * A clock that only moves when told: for backtests (set to each event's time) and tests (advance to fire timers).
 * Timers fire in due-time order, ties in creation order, with `now()` equal to their due time.
 *
 * @example
 * ```ts
 * const clock = new ManualClock(0);
 * clock.setTimer(() => console.log('fired at', clock.now()), 100);
 * clock.advanceBy(150); // fired at 100
 * ```
 */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private readonly timers = new Map<number, { due: number; seq: number; callback: () => void }>();

  constructor(startMs = 0) {
    this.current = startMs;
  }
  now(): number {
    return this.current;
  }
  setTimer(callback: () => void, delayMs: number): TimerHandle {
    const id = ++this.seq;
    // Like Node's setTimeout, a NaN or negative delay means "as soon as possible" (0 here).
    const delay = Number.isNaN(delayMs) ? 0 : Math.max(0, delayMs);
    this.timers.set(id, { due: this.current + delay, seq: id, callback });
    return id;
  }
  clearTimer(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }
  /** Number of pending timers. */
  get pendingTimers(): number {
    return this.timers.size;
  }
  /** Moves time forward to `timeMs`, firing due timers in order. @throws RangeError when going backwards or not finite. */
  advanceTo(timeMs: number): void {
    // Backtests move the clock once per bar, forward and usually with no timer pending. That case is kept to a
    // few compares here (small enough for the kernel's bar loop to inline); checks, errors and timers are in
    // advanceSlow. NaN and infinities fail the first test and are rejected there.
    if (timeMs >= this.current && timeMs < Number.POSITIVE_INFINITY && this.timers.size === 0) {
      this.current = timeMs;
      return;
    }
    this.advanceSlow(timeMs);
  }

  private advanceSlow(timeMs: number): void {
    if (!Number.isFinite(timeMs)) throw new RangeError(`ManualClock time must be finite, got ${timeMs}`);
    if (timeMs < this.current) throw new RangeError(`ManualClock cannot go back from ${this.current} to ${timeMs}`);
    for (;;) {
      let next: { id: number; due: number; seq: number } | undefined;
      for (const [id, t] of this.timers) {
        if (t.due <= timeMs && (next === undefined || t.due < next.due || (t.due === next.due && t.seq < next.seq))) {
          next = { id, due: t.due, seq: t.seq };
        }
      }
      if (next === undefined) break;
      const timer = this.timers.get(next.id)!;
      this.timers.delete(next.id);
      this.current = Math.max(this.current, next.due);
      timer.callback();
    }
    this.current = timeMs;
  }
  /** Moves time forward by `ms`, firing due timers. */
  advanceBy(ms: number): void {
    this.advanceTo(this.current + ms);
  }
}
