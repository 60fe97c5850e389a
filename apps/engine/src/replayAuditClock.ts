import { type Clock, type ManualClock, SystemClock, type TimerHandle } from '@bot/core-types';

/**
 * The audit trail's clock during a replay: records are stamped with the engine's (data) time, but durability
 * timers (batched fsync every N ms) run on wall time. With the data clock alone, every replayed bar would look
 * like minutes passing and force an fsync per bar.
 */
export class ReplayAuditClock implements Clock {
  private readonly wall = new SystemClock();
  constructor(private readonly data: ManualClock) {}
  now(): number {
    return this.data.now();
  }
  setTimer(callback: () => void, delayMs: number): TimerHandle {
    return this.wall.setTimer(callback, delayMs);
  }
  clearTimer(handle: TimerHandle): void {
    this.wall.clearTimer(handle);
  }
}
