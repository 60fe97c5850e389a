import { BotError, type Clock, type TimerHandle } from '@bot/core-types';
import type { Observable } from 'rxjs';
import { Observable as RxObservable } from 'rxjs/internal/Observable';
import { share } from 'rxjs/internal/operators/share';

/** A feed and its staleness signal, sharing one subscription to the source. */
export interface MonitoredFeed<T> {
  /** The source's values (shared). */
  readonly data$: Observable<T>;
  /**
   * `true` when nothing arrived for `staleAfterMs` (measured on the clock from the subscription or the last value),
   * `false` when values flow again. Starts with `false`; emits only changes.
   */
  readonly stale$: Observable<boolean>;
}

/**
 * Watches a live feed for silence. Both outputs share one subscription to `source` (subscribe to either or both;
 * the source is released when the last subscriber leaves). Timers run on the injected {@link Clock}.
 *
 * @throws BotError `INVALID_ARGUMENT` when `staleAfterMs` is not > 0.
 * @example
 * ```ts
 * const { data$, stale$ } = monitorStaleness(watchBars(ex, opts), { clock, staleAfterMs: 90_000 });
 * stale$.subscribe((stale) => stale && alert('no bar for 90 s'));
 * ```
 */
export function monitorStaleness<T>(source: Observable<T>, options: { readonly clock: Clock; readonly staleAfterMs: number }): MonitoredFeed<T> {
  if (!(options.staleAfterMs > 0)) throw new BotError('INVALID_ARGUMENT', `staleAfterMs must be > 0, got ${options.staleAfterMs}`);
  const { clock, staleAfterMs } = options;
  type Tagged = { readonly value: T; readonly data: true } | { readonly stale: boolean; readonly data: false };
  const tagged$ = new RxObservable<Tagged>((subscriber) => {
    let timer: TimerHandle | undefined;
    let stale = false;
    const arm = () => {
      if (timer !== undefined) clock.clearTimer(timer);
      timer = clock.setTimer(() => {
        timer = undefined;
        if (!stale) {
          stale = true;
          subscriber.next({ stale: true, data: false });
        }
      }, staleAfterMs);
    };
    subscriber.next({ stale: false, data: false });
    arm();
    const sub = source.subscribe({
      next: (value) => {
        if (stale) {
          stale = false;
          subscriber.next({ stale: false, data: false });
        }
        arm();
        subscriber.next({ value, data: true });
      },
      error: (e: unknown) => subscriber.error(e),
      complete: () => subscriber.complete(),
    });
    return () => {
      if (timer !== undefined) clock.clearTimer(timer);
      sub.unsubscribe();
    };
  }).pipe(share());
  const data$ = new RxObservable<T>((s) =>
    tagged$.subscribe({ next: (t) => t.data && s.next(t.value), error: (e: unknown) => s.error(e), complete: () => s.complete() }),
  );
  const stale$ = new RxObservable<boolean>((s) =>
    tagged$.subscribe({ next: (t) => !t.data && s.next(t.stale), error: (e: unknown) => s.error(e), complete: () => s.complete() }),
  );
  return { data$, stale$ };
}
