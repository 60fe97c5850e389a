import type { StrategyContext } from '@bot/core-types';

/** The acting half of a {@link StrategyContext}: everything that changes orders, targets or signals. */
export type ContextActions = Pick<
  StrategyContext,
  'submitOrder' | 'cancelOrder' | 'amendOrder' | 'setTargetPosition' | 'setTargetWeight' | 'emitSignal'
>;

/**
 * A context that reads through to `ctx` (time, mode, instruments, closed bars, positions, orders, equity, cash) and
 * acts through `actions`. Used by the backtester's wrappers (decision recording, warm-up before a walk-forward
 * segment) so each states only what it changes.
 */
export function interceptContext(ctx: StrategyContext, actions: ContextActions): StrategyContext & Record<string, unknown> {
  return {
    get strategyId() {
      return ctx.strategyId;
    },
    get mode() {
      return ctx.mode;
    },
    now: () => ctx.now(),
    instrument: (s) => ctx.instrument(s),
    bars: (s) => ctx.bars(s),
    position: (s) => ctx.position(s),
    openOrders: (s) => ctx.openOrders(s),
    equity: () => ctx.equity(),
    cash: () => ctx.cash(),
    ...actions,
  };
}
