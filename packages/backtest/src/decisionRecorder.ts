import type { OrderInput, Strategy, StrategyContext } from '@bot/core-types';
import { interceptContext } from './interceptContext.js';

/** One decision a strategy made: an order, a target, a cancel or an amend, in a canonical text form. */
export interface StrategyDecision {
  readonly strategyId: string;
  /**
   * Where in the event stream it was made: during the `n`-th `onBar` call (0-based) the tag is `n`; between
   * `onBar` calls n and n+1 (fills, order updates) it is `n + 0.5`; in `onStart` -1; in `onStop` `Infinity`.
   */
  readonly tag: number;
  /** Clock time of the decision, epoch ms. */
  readonly time: number;
  /** Canonical description, e.g. `order buy market BTC/USD qty=1.5`, `weight BTC/USD 1`. */
  readonly what: string;
}

function str(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'object' && v !== null && 'toString' in v) return String(v);
  return String(v);
}

function describeOrder(o: OrderInput): string {
  const parts = [`order ${o.side} ${o.type} ${o.symbol} qty=${str(o.quantity)}`];
  if (o.limitPrice !== undefined) parts.push(`limit=${str(o.limitPrice)}`);
  if (o.stopPrice !== undefined) parts.push(`stop=${str(o.stopPrice)}`);
  if (o.trailingOffset !== undefined) parts.push(`trail=${str(o.trailingOffset)}${o.trailingOffsetType ?? ''}`);
  if (o.timeInForce !== undefined) parts.push(`tif=${o.timeInForce}`);
  if (o.reduceOnly === true) parts.push('reduceOnly');
  if (o.postOnly === true) parts.push('postOnly');
  return parts.join(' ');
}

/**
 * Wraps strategies so every decision they make through their context is recorded (for the look-ahead check and
 * for debugging), without changing what they do. The wrapped context delegates every call to the kernel's.
 */
export function observeDecisions(strategies: readonly Strategy[]): { strategies: Strategy[]; decisions: StrategyDecision[]; barCalls: () => number } {
  const decisions: StrategyDecision[] = [];
  let bars = 0;
  let tag = -1;
  const wrapCtx = new WeakMap<StrategyContext, StrategyContext>();
  const wrap = (strategyId: string, ctx: StrategyContext): StrategyContext => {
    const cached = wrapCtx.get(ctx);
    if (cached !== undefined) return cached;
    const rec = (what: string): void => {
      decisions.push({ strategyId, tag, time: ctx.now(), what });
    };
    const base = ctx as StrategyContext & Record<string, unknown>;
    const w = interceptContext(ctx, {
      submitOrder: (o) => {
        rec(describeOrder(o));
        return ctx.submitOrder(o);
      },
      cancelOrder: (id) => {
        rec(`cancel ${id}`);
        ctx.cancelOrder(id);
      },
      amendOrder: (id, a) => {
        rec(`amend ${id} ${JSON.stringify(a)}`);
        ctx.amendOrder(id, a);
      },
      setTargetPosition: (s, q, o) => {
        rec(`target ${s} ${str(q)}${o?.type === 'limit' ? ` limit=${str(o.limitPrice)}` : ''}`);
        ctx.setTargetPosition(s, q, o);
      },
      setTargetWeight: (s, wgt, o) => {
        rec(`weight ${s} ${wgt}${o?.type === 'limit' ? ` limit=${str(o.limitPrice)}` : ''}`);
        ctx.setTargetWeight(s, wgt, o);
      },
      emitSignal: (sig) => ctx.emitSignal(sig),
    });
    // Kernel extensions (brackets, OCO, pending orders) are delegated and recorded when present.
    for (const key of ['submitBracket', 'submitOco', 'pendingOrders'] as const) {
      const fn = base[key];
      if (typeof fn !== 'function') continue;
      w[key] = (...args: unknown[]) => {
        if (key !== 'pendingOrders') rec(`${key} ${JSON.stringify(args, (_k, v: unknown) => (typeof v === 'object' && v !== null && 'toFixed' in v ? String(v) : v))}`);
        return (fn as (...a: unknown[]) => unknown).apply(ctx, args);
      };
    }
    wrapCtx.set(ctx, w);
    return w;
  };
  const wrapped = strategies.map((s): Strategy => {
    const out: Strategy & Record<string, unknown> = { id: s.id };
    const between = (): void => {
      tag = bars - 0.5;
    };
    if (s.onStart) out.onStart = (ctx) => { tag = -1; s.onStart!(wrap(s.id, ctx)); between(); };
    out.onBar = (bar, ctx) => {
      tag = bars;
      bars++;
      s.onBar?.(bar, wrap(s.id, ctx));
      between();
    };
    if (s.onTrade) out.onTrade = (t, ctx) => s.onTrade!(t, wrap(s.id, ctx));
    if (s.onQuote) out.onQuote = (q, ctx) => s.onQuote!(q, wrap(s.id, ctx));
    if (s.onOrderBook) out.onOrderBook = (b, ctx) => s.onOrderBook!(b, wrap(s.id, ctx));
    if (s.onFill) out.onFill = (f, ctx) => s.onFill!(f, wrap(s.id, ctx));
    if (s.onOrderUpdate) out.onOrderUpdate = (o, ctx) => s.onOrderUpdate!(o, wrap(s.id, ctx));
    if (s.onModeChange) out.onModeChange = (m, ctx) => s.onModeChange!(m, wrap(s.id, ctx));
    if (s.onStop) out.onStop = (ctx) => { tag = Number.POSITIVE_INFINITY; s.onStop!(wrap(s.id, ctx)); };
    if (s.saveState) out.saveState = () => s.saveState!();
    if (s.restoreState) out.restoreState = (st) => s.restoreState!(st);
    return out;
  });
  return { strategies: wrapped, decisions, barCalls: () => bars };
}
