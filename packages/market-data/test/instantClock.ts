import { ManualClock, type TimerHandle } from '@bot/core-types';

/**
 * A ManualClock whose timers fire on the next microtask, advancing time by exactly the requested delay: code that
 * sleeps on the clock (rate limits, backoff) runs at full speed in tests, and every requested sleep is recorded.
 */
export class InstantClock extends ManualClock {
  readonly sleeps: number[] = [];
  override setTimer(callback: () => void, delayMs: number): TimerHandle {
    const handle = super.setTimer(callback, delayMs);
    this.sleeps.push(delayMs);
    const due = this.now() + Math.max(0, delayMs);
    queueMicrotask(() => {
      if (due > this.now()) this.advanceTo(due);
      else this.advanceBy(0);
    });
    return handle;
  }
}
