import type { Bar, Trade } from '@bot/core-types';
import type { OperatorFunction } from 'rxjs';
import { Observable as RxObservable } from 'rxjs/internal/Observable';
import { TradeBarBuilder, type TradeBarBuilderOptions } from '../transform/tradeBarBuilder.js';

/**
 * rxjs operator: trades in, closed bars out, through a {@link TradeBarBuilder}. When the source completes, the bar
 * in progress is emitted only if `emitPartialOnComplete` is set (it is not a closed bar).
 *
 * @example `watchTrades(ex, opts).pipe(tradesToBars({ symbol: 'BTC/USDT', timeframe: '1m' }))`
 */
export function tradesToBars(options: TradeBarBuilderOptions & { readonly emitPartialOnComplete?: boolean }): OperatorFunction<Trade, Bar> {
  return (source) =>
    new RxObservable<Bar>((subscriber) => {
      const builder = new TradeBarBuilder(options);
      return source.subscribe({
        next: (t) => {
          const closed = builder.add(t.time, t.price, t.quantity);
          for (let i = 0; i < closed.length; i++) subscriber.next(closed[i]!);
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => {
          const partial = builder.current();
          if (options.emitPartialOnComplete && partial !== undefined) subscriber.next(partial);
          subscriber.complete();
        },
      });
    });
}
