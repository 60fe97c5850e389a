import { BotError, ValidationError } from '@bot/core-types';
import type { Bar, ClientOrderId, Clock, Order, Strategy, StrategyContext, Trade, TradingMode } from '@bot/core-types';
import type { KernelStrategyContext } from '../kernelStrategyContext.js';
import { IcebergRuntime } from './icebergRuntime.js';
import { LinkedRuntime } from './linkedRuntime.js';
import type { ParentOrder } from './parentOrders.js';
import { type ParentRuntime } from './parentRuntime.js';
import type { HostServices, ParentOrderId, ParentProgress } from './parentRuntime.js';
import { PovRuntime } from './povRuntime.js';
import { ScheduledRuntime } from './scheduledRuntime.js';
import { TrailingStopRuntime } from './trailingStopRuntime.js';
import { NO_NATIVE_ORDERS } from './venueCapabilities.js';
import type { VenueCapabilities } from './venueCapabilities.js';

/** Options of {@link AlgoHost}. */
export interface AlgoHostOptions {
  /** The kernel's clock (slice timers run on it: a `ManualClock` in backtests and tests). */
  readonly clock: Clock;
  /** Strategy id of the host in the kernel (children carry it). Default `algos`. */
  readonly id?: string;
  /**
   * What the venue does natively; the rest is emulated. Default: nothing native (everything emulated). Use
   * `venueCapabilities(venue)` to ask the venue.
   */
  readonly capabilities?: Partial<VenueCapabilities>;
  /** Called on every parent change (child sent, filled, rejected; parent ended). */
  readonly onParentUpdate?: (progress: ParentProgress) => void;
}

/**
 * Runs execution algorithms (parent orders) inside the trading kernel. Add it to the kernel's `strategies`; it then
 * sends every child with its `StrategyContext`, so **every child passes the risk gate** and the order manager like
 * any strategy order, sees its children's updates, and is driven by the kernel's clock (slice timers) and market
 * events (bars, trades). Any strategy (or the engine) holding a reference starts parents with {@link AlgoHost.start};
 * list the host before strategies that start parents from their own `onStart` (the host gets its context there).
 *
 * Parents: {@link twap}, {@link vwap}, {@link percentageOfVolume}, {@link iceberg}, and {@link trailingStop},
 * {@link oco}, {@link bracket} - sent natively where the venue's {@link VenueCapabilities} say so, emulated otherwise.
 *
 * Policies:
 * - Sizes: a child is rounded down to the lot; a child below the instrument's minimum quantity or notional is not
 *   sent (the quantity stays with the parent: the next slice / market event retries it). Filled plus working
 *   children never exceed the parent quantity.
 * - Risk gate: a resized child leaves its shortfall with the parent (caught up later); a rejected child follows
 *   the parent's {@link ChildRejectionPolicy} (`retry` at the next slice / market event, at most
 *   `maxConsecutiveRejections` in a row, or `stop`).
 * - Trading modes: in `pause` no child is sent and resting children that are not reduce-only are canceled; in
 *   `reduce` only reduce-only parents send children, clipped to the position left to reduce; `emergency` cancels
 *   every parent (the kernel cancels the orders and flattens). Back in `normal`, parents continue (a time-sliced
 *   parent catches up at its next slice).
 * - Cancel: {@link AlgoHost.cancel} cancels the parent's live children and stops it.
 * - Callbacks never re-enter: order updates that arrive while the host is sending are handled right after.
 *
 * Not persisted across restarts (`saveState` is not implemented): after a crash, running parents are lost and
 * their children are ordinary open orders of the host's strategy id.
 *
 * @example
 * ```ts
 * const host = new AlgoHost({ clock, capabilities: venueCapabilities(venue) });
 * const kernel = new TradingKernel({ clock, venue, instruments, account, strategies: [host, myStrategy] });
 * kernel.start();
 * const id = host.start(twap({ symbol: 'BTC/USDT', side: 'buy', quantity: 1, startTime, endTime, slices: 10 }));
 * host.progress(id)?.filledQuantity.toString();
 * ```
 */
export class AlgoHost implements Strategy {
  readonly id: string;
  private readonly clock: Clock;
  private readonly capabilities: VenueCapabilities;
  private readonly listener: ((p: ParentProgress) => void) | undefined;
  private context: KernelStrategyContext | undefined;
  private readonly runtimes = new Map<ParentOrderId, ParentRuntime>();
  private readonly byChild = new Map<ClientOrderId, ParentRuntime>();
  private readonly lastPrices = new Map<string, number>();
  private seq = 0;
  private busy = false;
  private readonly queue: (() => void)[] = [];
  private readonly services: HostServices;

  constructor(options: AlgoHostOptions) {
    this.id = options.id ?? 'algos';
    this.clock = options.clock;
    this.capabilities = { ...NO_NATIVE_ORDERS, ...options.capabilities };
    this.listener = options.onParentUpdate;
    this.services = {
      clock: this.clock,
      capabilities: this.capabilities,
      ctx: () => this.ctx(),
      lastPrice: (s) => this.lastPrices.get(s) ?? this.barClose(s),
      register: (rt, id) => this.byChild.set(id, rt),
      changed: (rt) => this.listener?.(rt.progress()),
      run: (fn) => this.run(fn),
    };
  }

  /**
   * Starts a parent order; returns its id at once (children go out on the parent's schedule). Parents started in
   * the same call stack as a kernel callback are begun right after it.
   *
   * @throws BotError `INVALID_ARGUMENT` when the host is not running in a kernel yet (start the kernel first);
   *   `BAD_SYMBOL` for an instrument the kernel does not trade; ValidationError when the quantity is not a
   *   multiple of the lot size or a VWAP window has no historical volume.
   */
  start(parent: ParentOrder): ParentOrderId {
    const id = `${this.id}:${++this.seq}` as ParentOrderId;
    const lot = this.ctx().instrument(parent.symbol).lotSize;
    if (!parent.quantity.value.mod(lot).isZero()) {
      throw new ValidationError('quantity', parent.quantity.toString(), `a multiple of the lot size ${lot.toString()} of ${parent.symbol}`);
    }
    const rt = this.create(id, parent);
    this.runtimes.set(id, rt);
    this.run(() => {
      rt.begin();
      this.services.changed(rt);
    });
    return id;
  }

  /** Cancels a working parent and its live children (no-op when it already ended). @throws BotError `ORDER_NOT_FOUND`. */
  cancel(id: ParentOrderId): void {
    const rt = this.runtimes.get(id);
    if (rt === undefined) throw new BotError('ORDER_NOT_FOUND', `unknown parent order ${id}`);
    this.run(() => rt.finish('canceled', 'canceled by request'));
  }

  /** A parent's state, undefined for an unknown id. */
  progress(id: ParentOrderId): ParentProgress | undefined {
    return this.runtimes.get(id)?.progress();
  }

  /** Every parent's state, in start order. */
  parents(): readonly ParentProgress[] {
    return [...this.runtimes.values()].map((r) => r.progress());
  }

  /** The parent a child order belongs to. */
  parentOf(clientOrderId: ClientOrderId): ParentOrderId | undefined {
    return this.byChild.get(clientOrderId)?.id;
  }

  // ------------------------------------------------------------ Strategy callbacks (called by the kernel)

  /** @internal */
  onStart(ctx: StrategyContext): void {
    this.context = ctx as KernelStrategyContext;
  }

  /** @internal */
  onBar(bar: Bar, ctx: StrategyContext): void {
    this.context ??= ctx as KernelStrategyContext;
    this.lastPrices.set(bar.symbol, bar.close);
    this.run(() => {
      for (const rt of this.runtimes.values()) if (rt.working && rt.spec.symbol === bar.symbol) rt.onBar(bar);
    });
  }

  /** @internal */
  onTrade(trade: Trade, ctx: StrategyContext): void {
    this.context ??= ctx as KernelStrategyContext;
    this.lastPrices.set(trade.symbol, trade.price);
    this.run(() => {
      for (const rt of this.runtimes.values()) if (rt.working && rt.spec.symbol === trade.symbol) rt.onTrade(trade);
    });
  }

  /** @internal */
  onOrderUpdate(order: Order): void {
    this.run(() => this.byChild.get(order.clientOrderId)?.applyUpdate(order));
  }

  /** @internal */
  onModeChange(mode: TradingMode): void {
    this.run(() => {
      for (const rt of this.runtimes.values()) rt.onMode(mode);
    });
  }

  // ------------------------------------------------------------ internals

  private ctx(): KernelStrategyContext {
    if (this.context === undefined) {
      throw new BotError('INVALID_ARGUMENT', `AlgoHost '${this.id}' is not running: add it to the kernel's strategies and start the kernel first`);
    }
    return this.context;
  }

  private barClose(symbol: string): number | undefined {
    const c = this.context?.bars(symbol).close(0);
    return c === undefined || Number.isNaN(c) ? undefined : c;
  }

  private create(id: ParentOrderId, p: ParentOrder): ParentRuntime {
    switch (p.kind) {
      case 'twap':
      case 'vwap':
        return new ScheduledRuntime(id, p, this.services);
      case 'pov':
        return new PovRuntime(id, p, this.services);
      case 'iceberg':
        return new IcebergRuntime(id, p, this.services);
      case 'trailing-stop':
        return new TrailingStopRuntime(id, p, this.services);
      case 'oco':
      case 'bracket':
        return new LinkedRuntime(id, p, this.services);
    }
  }

  /** Runs `fn` now, or after the running host code when called re-entrantly (synchronous venue events). */
  private run(fn: () => void): void {
    if (this.busy) {
      this.queue.push(fn);
      return;
    }
    this.busy = true;
    try {
      fn();
      while (this.queue.length !== 0) this.queue.shift()!();
    } finally {
      this.busy = false;
    }
  }
}
