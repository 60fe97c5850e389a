import type { Strategy, StrategyContext } from '@bot/core-types';
import { interceptContext } from './interceptContext.js';

/**
 * Wraps a strategy so it sees every bar (indicators warm up) but its decisions only reach the kernel for bars
 * opening at or after `startTime`; before that, orders and targets are dropped. Used by walk-forward to start each
 * out-of-sample segment flat, with history.
 */
export function liveFrom(strategy: Strategy, startTime: number): Strategy {
  let live = false;
  const cache = new WeakMap<StrategyContext, StrategyContext>();
  const wrap = (ctx: StrategyContext): StrategyContext => {
    let w = cache.get(ctx);
    if (w !== undefined) return w;
    w = interceptContext(ctx, {
      submitOrder: (o) => (live ? ctx.submitOrder(o) : ('warmup-dropped' as ReturnType<StrategyContext['submitOrder']>)),
      cancelOrder: (id) => (live ? ctx.cancelOrder(id) : undefined),
      amendOrder: (id, a) => (live ? ctx.amendOrder(id, a) : undefined),
      setTargetPosition: (s, q, o) => (live ? ctx.setTargetPosition(s, q, o) : undefined),
      setTargetWeight: (s, x, o) => (live ? ctx.setTargetWeight(s, x, o) : undefined),
      emitSignal: (sig) => ctx.emitSignal(sig),
    });
    cache.set(ctx, w);
    return w;
  };
  const out: Strategy & Record<string, unknown> = { id: strategy.id };
  if (strategy.onStart) out.onStart = (ctx) => strategy.onStart!(wrap(ctx));
  out.onBar = (bar, ctx) => {
    if (!live && bar.openTime >= startTime) live = true;
    strategy.onBar?.(bar, wrap(ctx));
  };
  if (strategy.onFill) out.onFill = (f, ctx) => strategy.onFill!(f, wrap(ctx));
  if (strategy.onOrderUpdate) out.onOrderUpdate = (o, ctx) => strategy.onOrderUpdate!(o, wrap(ctx));
  if (strategy.onTrade) out.onTrade = (t, ctx) => strategy.onTrade!(t, wrap(ctx));
  if (strategy.onQuote) out.onQuote = (q, ctx) => strategy.onQuote!(q, wrap(ctx));
  if (strategy.onModeChange) out.onModeChange = (m, ctx) => strategy.onModeChange!(m, wrap(ctx));
  if (strategy.onStop) out.onStop = (ctx) => strategy.onStop!(wrap(ctx));
  return out;
}
