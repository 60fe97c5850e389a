import type { Clock, TimerHandle } from '@bot/core-types';
import type { PinLevel } from './gpioBackend.js';

/**
 * Software debounce with **immediate trigger on the first edge, then a lockout**: the first edge that changes the
 * debounced state is reported at once (no added latency: a press reaches the risk gate in microseconds, not after
 * the debounce time); edges during the following `lockoutMs` (contact bounce) are ignored; when the lockout ends the
 * pin is re-read and, if it settled on the other level, that change is reported (and locks out again).
 *
 * Consequence: a noise spike shorter than the lockout can register as a press. For an emergency stop that is the
 * safe failure (a spurious stop), and it is why this strategy is used instead of "wait until stable for N ms".
 *
 * Timers come from the injected Clock, so tests drive bounce with a ManualClock.
 *
 * @example
 * ```ts
 * const d = new EdgeDebouncer(clock, 50, () => input.read(), (active, t) => console.log(active, t));
 * input.watch((v) => d.edge(v));
 * ```
 */
export class EdgeDebouncer {
  private stable: boolean;
  private lockedUntil = Number.NEGATIVE_INFINITY;
  private timer: TimerHandle | undefined;

  /**
   * @param lockoutMs bounce window in ms (0 = no debounce).
   * @param read reads the current logical level (1 = active).
   * @param onChange called with the new debounced state and the Clock time of the change.
   */
  constructor(
    private readonly clock: Clock,
    private readonly lockoutMs: number,
    private readonly read: () => PinLevel,
    private readonly onChange: (active: boolean, time: number) => void,
  ) {
    this.stable = read() === 1;
  }

  /** Debounced state: true while active. */
  get active(): boolean {
    return this.stable;
  }

  /** Feeds an edge (the new logical level reported by the pin interrupt). */
  edge(value: PinLevel): void {
    const now = this.clock.now();
    if (now < this.lockedUntil) return; // bounce: the end-of-lockout re-read decides
    this.accept(value === 1, now);
  }

  /** Cancels the pending lockout timer. */
  dispose(): void {
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  private accept(active: boolean, now: number): void {
    if (active === this.stable) return;
    this.stable = active;
    if (this.lockoutMs > 0) {
      this.lockedUntil = now + this.lockoutMs;
      if (this.timer !== undefined) this.clock.clearTimer(this.timer);
      this.timer = this.clock.setTimer(() => {
        this.timer = undefined;
        this.accept(this.read() === 1, this.clock.now());
      }, this.lockoutMs);
    }
    this.onChange(active, now);
  }
}
