import type { AuditEvent, AuditSink, Clock } from '@bot/core-types';

/**
 * Forwards records to the real trail except those a deterministic re-run produces again after a crash: every
 * record stamped before the trail's last time, and the first `recordsAtLastTime` records stamped at that time.
 * Once the clock has passed the last time (or `finishCatchUp` is called) it forwards everything.
 */
export class CatchUpAuditSink implements AuditSink {
  private lastTime = Number.NEGATIVE_INFINITY;
  private skipAtLast = 0;
  private skipped = 0;
  private catchingUp = false;
  /** Records dropped as duplicates so far. */
  dropped = 0;
  /** Sees every record offered, forwarded or not (the engine measures decision latency with it). */
  observer: ((event: AuditEvent) => void) | undefined;

  constructor(
    private readonly inner: AuditSink,
    private readonly clock: Clock,
  ) {}

  /** Starts dropping what the trail already holds. */
  beginCatchUp(lastTime: number, recordsAtLastTime: number): void {
    this.lastTime = lastTime;
    this.skipAtLast = recordsAtLastTime;
    this.skipped = 0;
    this.catchingUp = true;
  }

  /** True while the clock has not passed the trail's last time. */
  get isCatchingUp(): boolean {
    if (this.catchingUp && this.clock.now() > this.lastTime) this.catchingUp = false;
    return this.catchingUp;
  }

  record(event: AuditEvent): void {
    this.observer?.(event);
    if (this.isCatchingUp) {
      const now = this.clock.now();
      if (now < this.lastTime || (now === this.lastTime && this.skipped < this.skipAtLast)) {
        if (now === this.lastTime) this.skipped++;
        this.dropped++;
        return;
      }
    }
    this.inner.record(event);
  }
  flush(): Promise<void> {
    return this.inner.flush();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
