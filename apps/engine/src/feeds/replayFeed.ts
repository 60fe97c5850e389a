import { barAt, type Bar, type BarSeries, type MarketDataSource, type MarketEvent } from '@bot/core-types';
import { Observable } from 'rxjs/internal/Observable';

/** Options of {@link ReplayFeed}. */
export interface ReplayFeedOptions {
  /** Shown in logs, the dashboard and the audit trail. */
  readonly name: string;
  /** One series per symbol; events are merged by open time (ties in series order). */
  readonly series: readonly BarSeries[];
  /** 0 = as fast as possible; N = N times real time (a 1h bar every 3.6 s at 1000x). */
  readonly speed: number;
  /** As-fast-as-possible replay yields to the event loop every this many bars so HTTP stays responsive. */
  readonly yieldEvery?: number;
}

/**
 * Plays bar files as if they were a live feed, so the engine runs fully offline. Bars are emitted in open-time
 * order; each is delivered as closed (the engine treats a delivered bar as final), exactly as `bot backtest`
 * sees them, which is what makes backtest/paper parity possible.
 */
export class ReplayFeed implements MarketDataSource {
  readonly name: string;
  private readonly options: ReplayFeedOptions;

  constructor(options: ReplayFeedOptions) {
    if (!(options.speed >= 0)) throw new RangeError(`replay speed must be >= 0, got ${options.speed}`);
    this.name = options.name;
    this.options = options;
  }

  /** Total number of bars in the replay. */
  get length(): number {
    return this.options.series.reduce((n, s) => n + s.length, 0);
  }

  /** Synchronous in-order iteration (merge of all series by open time). */
  *replay(): Iterable<Bar> {
    const series = this.options.series;
    const cursor = series.map(() => 0);
    for (;;) {
      let best = -1;
      let bestTime = Infinity;
      for (let k = 0; k < series.length; k++) {
        const s = series[k]!;
        const i = cursor[k]!;
        if (i < s.length && s.openTime[i]! < bestTime) {
          best = k;
          bestTime = s.openTime[i]!;
        }
      }
      if (best < 0) return;
      yield barAt(series[best]!, cursor[best]!);
      cursor[best]! += 1;
    }
  }

  barSeries(): readonly BarSeries[] {
    return this.options.series;
  }

  /** The replay as an Observable; unsubscribing stops it and clears its timer. */
  events(): Observable<MarketEvent> {
    return new Observable<MarketEvent>((subscriber) => {
      const iterator = this.replay()[Symbol.iterator]();
      const yieldEvery = this.options.yieldEvery ?? 2000;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let previous: Bar | undefined;
      let stopped = false;
      const step = (): void => {
        timer = undefined;
        for (let n = 0; !stopped; n++) {
          const next = iterator.next();
          if (next.done) {
            subscriber.complete();
            return;
          }
          const bar = next.value;
          if (this.options.speed > 0 && previous !== undefined && bar.openTime > previous.openTime) {
            const delay = (bar.openTime - previous.openTime) / this.options.speed;
            previous = bar;
            timer = setTimeout(() => {
              subscriber.next(bar);
              step();
            }, delay);
            return;
          }
          previous = bar;
          subscriber.next(bar);
          if (this.options.speed === 0 && n + 1 >= yieldEvery) {
            timer = setTimeout(step, 0);
            return;
          }
        }
      };
      step();
      return () => {
        stopped = true;
        if (timer !== undefined) clearTimeout(timer);
      };
    });
  }
}
