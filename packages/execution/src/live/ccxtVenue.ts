import { BotError, Decimal, Money, Price, Quantity, roundToIncrement } from '@bot/core-types';
import type {
  AccountBalances,
  Balance,
  ClientOrderId,
  Clock,
  ExecutionVenue,
  Fill,
  Instrument,
  MarketEvent,
  OrderAmendment,
  OrderRequest,
  OrderSide,
  OrderStatus,
  Symbol,
  TimerHandle,
  VenueEvent,
  VenueId,
  VenueOrderReport,
  VenuePosition,
} from '@bot/core-types';
import type { Exchange, Order as CcxtOrder, Trade as CcxtTrade } from 'ccxt';
import type {
  CcxtVenueOptions,
  CcxtVenueStats,
  ReconcileDifference,
  ReconcileOptions,
  ReconcileReport,
  RestoreInput,
  UnknownOrderPolicy,
} from './ccxtVenueOptions.js';
import { exchangeMessageOf, isAmbiguousFailure, mapVenueError } from './mapVenueError.js';
import { backoffDelay, retryPolicy, type RetryPolicy } from './retryPolicy.js';

type FillSource = 'response' | 'stream' | 'polling' | 'reconcile';

interface Tracked {
  readonly cid: ClientOrderId;
  readonly symbol: Symbol;
  readonly side: OrderSide;
  readonly type: OrderRequest['type'];
  readonly timeInForce: OrderRequest['timeInForce'];
  limitPrice: Decimal | undefined;
  /** Current total quantity (after amendments). */
  total: Decimal;
  /** Fills delivered to the handler. */
  filled: Decimal;
  /** Executed quantity per venue order (leg) as last reported by the venue. */
  readonly legExecuted: Map<string, Decimal>;
  /** Venue client id of the live leg. */
  venueCid: string;
  venueOrderId: string | undefined;
  accepted: boolean;
  terminal: boolean;
  pendingTerminal: VenueEvent | undefined;
  /** Serialises create / cancel / amend of this order. */
  chain: Promise<void>;
  aliasSeq: number;
  readonly createdAt: number;
  /** Create gave up after ambiguous failures: a venue order under this id must be canceled, never booked. */
  abandoned: boolean;
  /** Re-tracked by {@link CcxtVenue.restore} after a restart: no create call of this process is in flight for it. */
  restored: boolean;
  /** Venue order ids of legs replaced by an amend (in flight or done): their cancels are not the order's. */
  readonly replacedLegs: Set<string>;
}

interface Prepared {
  readonly type: 'market' | 'limit';
  readonly amount: string;
  readonly price: string | undefined;
  readonly params: Record<string, unknown>;
}

const ID_MAX = 36;

/**
 * An {@link ExecutionVenue} over any ccxt exchange (tested against Binance spot's API): orders, cancels, amends,
 * look-ups, balances and positions, with streamed order and fill updates, a polling fallback and reconciliation.
 *
 * Guarantees and conventions:
 * - **Never a duplicate order.** The kernel's client order id (deterministic, from the `OrderManager`) is sent as
 *   the exchange's client order id (`newClientOrderId` on Binance). A create that fails ambiguously (timeout,
 *   connection fault, 5xx) is never simply re-sent: the venue looks the order up by its client id, and re-sends only
 *   when the venue still does not know it after `ambiguityWindowMs` (longer than the exchange's request validity
 *   window, Binance's `recvWindow`, so a delayed request can no longer be applied); a second `submitOrder` with a
 *   known id never creates a second order.
 * - **Retries** only on retryable errors (`RATE_LIMIT`, `TIMEOUT`, `NETWORK`, `EXCHANGE_UNAVAILABLE`), with
 *   exponential backoff and seeded jitter on the injected clock ({@link RetryPolicy}). Terminal errors (Binance
 *   `-2010` insufficient balance, `-1013` filter failures...) are never retried: they become an `order-rejected`
 *   event whose reason carries the exchange's message. ccxt errors map into the `BotError` family
 *   ({@link mapVenueError}).
 * - **Precision and limits** are applied before sending: quantities are truncated to the market's amount precision
 *   (an `order-amended` event tells the kernel the sent quantity), limit prices rounded to the tick in the
 *   conservative direction (buys down, sells up), then checked against the market's amount, price and cost limits;
 *   a violation is an `order-rejected` event naming the limit — `submitOrder` never throws.
 * - **Events** are delivered asynchronously (never inside `submitOrder`). Every order gets `order-accepted` before
 *   any fill; fills come from executions (create response, `watchMyTrades`, `fetchMyTrades`) and are de-duplicated
 *   by trade id; a terminal `order-canceled`/`order-expired` is held back until every executed quantity the venue
 *   reported has been delivered as fills, so the kernel never sees a fill after a terminal status.
 * - **Amend** uses the exchange's `editOrder` (Binance cancel-replace). The replacement leg gets the client id
 *   `<id>.<n>`; its events are mapped back to the original id. Its quantity is the new total minus what already
 *   executed.
 * - **Streams**: `watchOrders` and `watchMyTrades` run while connected (the venue also polls from `connect()` until
 *   the stream has delivered once, so nothing between the start-up reconciliation and the subscription is lost); when they fail the venue polls
 *   (`fetchOpenOrders`, `fetchMyTrades`, `fetchOrder`) every `pollIntervalMs` and re-opens the stream after
 *   `streamRetryMs`; polling stops once the stream delivers again.
 * - **Reconciliation** ({@link CcxtVenue.reconcile}) at `connect()` and every `reconcileIntervalMs`: replays
 *   missed fills, replays missed terminal statuses, applies the {@link UnknownOrderPolicy} to unknown venue orders,
 *   compares balances, and reports every difference to `onReconcileDifference` and the audit trail (actor
 *   `reconciler`).
 * - **Breakers**: every REST venue call reports `onVenueError(error, operation)` or `onVenueSuccess(operation)` (a
 *   dropped stream goes to `onProblem` instead: polling covers it and reports its own calls); wire
 *   them to `gate.breakers.recordVenueError(venue.id)` / `recordVenueSuccess(venue.id)` of `@bot/risk`.
 *
 * @example
 * ```ts
 * const exchange = new ccxt.pro.binance({ apiKey: process.env.BINANCE_KEY, secret: process.env.BINANCE_SECRET });
 * const venue = new CcxtVenue({
 *   exchange, instruments, clock: new SystemClock(),
 *   onVenueError: () => gate.breakers.recordVenueError(venue.id),
 *   onVenueSuccess: () => gate.breakers.recordVenueSuccess(venue.id),
 * });
 * const kernel = new TradingKernel({ clock, venue, instruments, account, strategies, riskGate: gate });
 * await venue.connect();           // loads markets, reconciles, starts the streams and the schedule
 * // ... kernel.onMarketEvent(e) for every live event ...
 * await venue.close();
 * ```
 */
export class CcxtVenue implements ExecutionVenue {
  /** Venue id (default: the ccxt exchange id). */
  readonly id: VenueId;
  readonly simulated = false;
  /** Counters of what arrived through which path. */
  readonly stats: CcxtVenueStats = {
    fillsFromResponse: 0,
    fillsFromStream: 0,
    fillsFromPolling: 0,
    fillsFromReconcile: 0,
    duplicateFillsIgnored: 0,
    createAttempts: 0,
    lookupsAfterAmbiguousFailure: 0,
    streamDrops: 0,
    polls: 0,
  };
  private readonly ex: Exchange;
  private readonly clock: Clock;
  private readonly retry: RetryPolicy;
  private readonly options: CcxtVenueOptions;
  private readonly instruments = new Map<Symbol, Instrument>();
  private handler: (event: VenueEvent) => void = () => undefined;
  private readonly tracked = new Map<ClientOrderId, Tracked>();
  private readonly byVenueCid = new Map<string, Tracked>();
  private readonly byVenueOrderId = new Map<string, Tracked>();
  private readonly seenFills = new Set<string>();
  private readonly lastPrices = new Map<Symbol, Decimal>();
  private readonly timers = new Set<TimerHandle>();
  private readonly sleepers = new Set<() => void>();
  private readonly streaming: boolean;
  private readonly unknownPolicy: UnknownOrderPolicy;
  private readonly ambiguityWindowMs: number;
  private running = false;
  private closed = false;
  private streamUp = false;
  private pollTimer: TimerHandle | undefined;
  private reconcileTimer: TimerHandle | undefined;
  private pollInFlight: Promise<void> | undefined;
  private reconciling: Promise<ReconcileReport> | undefined;

  constructor(options: CcxtVenueOptions) {
    this.options = options;
    this.ex = options.exchange;
    this.clock = options.clock;
    this.id = options.id ?? this.ex.id;
    this.retry = retryPolicy(options.retry);
    for (const i of options.instruments) this.instruments.set(i.symbol, i);
    const has = this.ex.has as Record<string, unknown>;
    this.streaming = options.streaming ?? (has['watchOrders'] === true && has['watchMyTrades'] === true);
    this.unknownPolicy = options.unknownOrderPolicy ?? 'cancel';
    this.ambiguityWindowMs = options.ambiguityWindowMs ?? 15_000;
  }

  /** True while the order/fill stream is delivering (false while polling). */
  get isStreaming(): boolean {
    return this.streamUp;
  }

  /** Registers the single receiver of venue events (the kernel). Events are delivered asynchronously. */
  setEventHandler(handler: (event: VenueEvent) => void): void {
    this.handler = handler;
  }

  // ------------------------------------------------------------------ lifecycle

  /**
   * Loads the markets, reconciles once, then starts the order/fill streams (or polling) and the reconciliation
   * schedule. Call {@link restore} before it after a restart.
   * @throws BotError when the markets cannot be loaded (mapped ccxt error) after the retries.
   */
  async connect(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.call('loadMarkets', () => this.ex.loadMarkets());
    await this.reconcile();
    if (this.streaming) {
      void this.watchLoop('orders');
      void this.watchLoop('trades');
    }
    // poll until the stream has delivered once: events between the reconciliation and the subscription are not lost
    this.schedulePoll();
    const every = this.options.reconcileIntervalMs ?? 60_000;
    if (every > 0) this.scheduleReconcile(every);
  }

  /** Stops streams, polling and the schedule, and closes the exchange's connections. Idempotent. */
  async close(): Promise<void> {
    this.running = false;
    this.closed = true;
    for (const t of this.timers) this.clock.clearTimer(t);
    this.timers.clear();
    for (const wake of [...this.sleepers]) wake();
    this.pollTimer = undefined;
    this.reconcileTimer = undefined;
    // closing a socket that is still connecting or subscribing rejects ccxt-internal futures nobody listens to
    // (e.g. its `authenticate:signature:spot` single-flight future): mark them handled
    type Internal = { connected?: Promise<unknown>; futures?: Record<string, Promise<unknown>> };
    const clients = (this.ex as unknown as { clients?: Record<string, Internal> }).clients ?? {};
    for (const c of Object.values(clients)) {
      c.connected?.catch(() => undefined);
      for (const f of Object.values(c.futures ?? {})) f.catch(() => undefined);
    }
    await this.ex.close();
  }

  /**
   * Re-tracks the open orders of a restarted engine and marks the fills it already booked, so that reconciliation
   * replays only what is really missing. Call before {@link connect}.
   */
  restore(input: RestoreInput): void {
    for (const id of input.fillIds) this.seenFills.add(id);
    for (const o of input.orders) {
      if (this.tracked.has(o.clientOrderId)) continue;
      const open = o.status === 'submitted' || o.status === 'accepted' || o.status === 'partially-filled';
      const t = this.track(o.clientOrderId, o.request, o.createdAt);
      t.filled = o.filledQuantity.value;
      t.accepted = o.status !== 'submitted';
      t.terminal = !open;
      t.restored = true;
      if (o.venueOrderId !== undefined) {
        t.venueOrderId = o.venueOrderId;
        this.byVenueOrderId.set(o.venueOrderId, t);
      }
    }
  }

  // ------------------------------------------------------------------ commands

  /**
   * Sends a new order under its client order id (fire-and-forget; outcomes arrive as events). Never throws and never
   * creates a second order under one id: a live duplicate is ignored, a reused id of a finished order is refused.
   */
  submitOrder(clientOrderId: ClientOrderId, request: OrderRequest): void {
    const known = this.tracked.get(clientOrderId);
    if (known !== undefined) {
      // never a second order under one id: a live one is the same order (ignored); a finished one means the id was
      // reused (e.g. an order sequence restarted without restoring it): refuse the new order
      if (known.terminal) {
        void Promise.resolve().then(() =>
          this.emit({ type: 'order-rejected', clientOrderId, reason: `client order id ${clientOrderId} was already used for a finished order at ${this.id}`, time: this.clock.now() }),
        );
      } else this.problem(new BotError('INVALID_ARGUMENT', `${this.id}: duplicate submit of live order ${clientOrderId} ignored (never a second order)`));
      return;
    }
    const t = this.track(clientOrderId, request, this.clock.now());
    this.enqueue(t, async () => {
      let prepared: Prepared | string;
      try {
        if (this.ex.markets === undefined) await this.call('loadMarkets', () => this.ex.loadMarkets());
        prepared = this.prepare(t, request);
      } catch (e) {
        prepared = `${this.id}: cannot prepare the order: ${mapVenueError(e, 'prepare').message}`;
      }
      if (typeof prepared === 'string') {
        this.finish(t, { type: 'order-rejected', clientOrderId, reason: prepared, time: this.clock.now() });
        return;
      }
      await this.create(t, prepared);
    });
  }

  /** Cancels an order (after its create, if still in flight); `order-canceled` or `cancel-rejected` follows. */
  cancelOrder(clientOrderId: ClientOrderId): void {
    const t = this.tracked.get(clientOrderId);
    if (t === undefined) {
      void Promise.resolve().then(() => this.emit({ type: 'cancel-rejected', clientOrderId, reason: 'unknown client order id', time: this.clock.now() }));
      return;
    }
    this.enqueue(t, () => this.cancelTracked(t));
  }

  /** Amends a resting limit order (new total quantity and/or limit price); `order-amended` or `cancel-rejected`. */
  amendOrder(clientOrderId: ClientOrderId, amendment: OrderAmendment): void {
    const t = this.tracked.get(clientOrderId);
    if (t === undefined) {
      void Promise.resolve().then(() => this.emit({ type: 'cancel-rejected', clientOrderId, reason: 'amend: unknown client order id', time: this.clock.now() }));
      return;
    }
    this.enqueue(t, () => this.amendTracked(t, amendment));
  }

  /** Live venues do not match orders; the last trade/bar price is kept for the cost check of market orders. */
  onMarketEvent(event: MarketEvent): void {
    if (event.type === 'bar') this.lastPrices.set(event.symbol, new Decimal(event.close));
    else if (event.type === 'trade') this.lastPrices.set(event.symbol, new Decimal(event.price));
  }

  // ------------------------------------------------------------------ queries

  /** Venue balances by currency (exact decimals). @throws BotError (mapped ccxt error) after the retries. */
  async fetchBalances(): Promise<AccountBalances> {
    const b = await this.call('fetchBalance', () => this.ex.fetchBalance());
    const out = new Map<string, Balance>();
    const free = (b['free'] ?? {}) as unknown as Record<string, number | undefined>;
    const used = (b['used'] ?? {}) as unknown as Record<string, number | undefined>;
    const total = (b['total'] ?? {}) as unknown as Record<string, number | undefined>;
    for (const currency of Object.keys(total)) {
      const f = dec(free[currency] ?? 0);
      const l = dec(used[currency] ?? 0);
      const tt = total[currency] === undefined ? f.plus(l) : dec(total[currency]);
      out.set(currency, { currency, free: f, locked: l, total: tt });
    }
    return out;
  }

  /** Open venue orders (of one symbol, or of every instrument), client ids mapped back. @throws BotError. */
  async fetchOpenOrders(symbol?: Symbol): Promise<readonly VenueOrderReport[]> {
    const symbols = symbol === undefined ? [...this.instruments.keys()] : [symbol];
    const out: VenueOrderReport[] = [];
    for (const s of symbols) {
      const orders = await this.call('fetchOpenOrders', () => this.ex.fetchOpenOrders(s));
      for (const o of orders) out.push(this.report(o));
    }
    return out;
  }

  /** Looks an order up by client id (its live leg after amends); undefined when the venue does not know it. */
  async fetchOrder(clientOrderId: ClientOrderId, symbol: Symbol): Promise<VenueOrderReport | undefined> {
    const venueCid = this.tracked.get(clientOrderId)?.venueCid ?? clientOrderId;
    const o = await this.lookup(venueCid, symbol);
    return o === undefined ? undefined : this.report(o);
  }

  /** Executions of tracked orders since `since` (epoch ms), as fills (ids as delivered by the event stream). */
  async fetchFills(since: number, symbol?: Symbol): Promise<readonly Fill[]> {
    const symbols = symbol === undefined ? [...this.instruments.keys()] : [symbol];
    const out: Fill[] = [];
    for (const s of symbols) {
      const trades = await this.call('fetchMyTrades', () => this.ex.fetchMyTrades(s, since));
      for (const tr of trades) {
        const t = this.trackedForTrade(tr);
        if (t === undefined) continue; // executions of orders this venue does not track (see reconcile)
        const f = this.toFill(tr, t.cid);
        if (f !== undefined) out.push(f);
      }
    }
    return out;
  }

  /** Positions: the exchange's own for derivatives; for spot, the base-currency balances of the instruments. */
  async fetchPositions(): Promise<readonly VenuePosition[]> {
    const has = this.ex.has as Record<string, unknown>;
    const spot = [...this.instruments.keys()].every((s) => (this.ex.markets?.[s] as { spot?: boolean } | undefined)?.spot !== false);
    if (!spot && has['fetchPositions'] === true) {
      const ps = await this.call('fetchPositions', () => this.ex.fetchPositions([...this.instruments.keys()]));
      return ps.map((p) => {
        const contracts = dec(p.contracts ?? 0);
        return {
          symbol: p.symbol ?? '',
          quantity: p.side === 'short' ? contracts.neg() : contracts,
          ...(p.entryPrice === undefined ? {} : { averageEntryPrice: dec(p.entryPrice) }),
        };
      });
    }
    const balances = await this.fetchBalances();
    return [...this.instruments.values()].map((i) => ({ symbol: i.symbol, quantity: balances.get(i.base)?.total ?? new Decimal(0) }));
  }

  // ------------------------------------------------------------------ reconciliation

  /**
   * Compares local orders, fills and balances with the venue and repairs what it can: missed fills are replayed
   * (de-duplicated by trade id), missed terminal statuses replayed, unknown open venue orders handled by the
   * {@link UnknownOrderPolicy}, balances compared with `options.expectedBalances`. Every difference goes to
   * `onReconcileDifference` and the audit sink (type `recovery`, or `order-event` for status replays; actor
   * `reconciler`). Concurrent calls share one pass.
   * @throws BotError (mapped) when the venue cannot be queried after the retries; nothing is half-applied.
   */
  reconcile(options: ReconcileOptions = {}): Promise<ReconcileReport> {
    this.reconciling ??= this.reconcileOnce(options).finally(() => {
      this.reconciling = undefined;
    });
    return this.reconciling;
  }

  private async reconcileOnce(options: ReconcileOptions): Promise<ReconcileReport> {
    const time = this.clock.now();
    const differences: ReconcileDifference[] = [];
    const note = (d: Omit<ReconcileDifference, 'time'>) => {
      const full = { ...d, time: this.clock.now() };
      differences.push(full);
      this.options.onReconcileDifference?.(full);
      this.options.auditSink?.record({
        type: d.kind === 'status-mismatch' ? 'order-event' : 'recovery',
        actor: 'reconciler',
        payload: { venue: this.id, ...full },
        ...(d.clientOrderId === undefined ? {} : { clientOrderId: d.clientOrderId }),
        ...(d.symbol === undefined ? {} : { symbol: d.symbol }),
      });
    };
    const symbols = new Set<Symbol>(this.instruments.keys());
    for (const t of this.tracked.values()) symbols.add(t.symbol);
    const since = options.since ?? this.oldestLiveOrder() - 60_000;
    const openReports: VenueOrderReport[] = [];
    for (const symbol of symbols) {
      const open = await this.call('fetchOpenOrders', () => this.ex.fetchOpenOrders(symbol));
      const trades = await this.call('fetchMyTrades', () => this.ex.fetchMyTrades(symbol, Number.isFinite(since) ? since : undefined));
      const openIds = new Set<string>();
      for (const o of open) {
        openIds.add(String(o.id));
        const t = this.trackedForOrder(o);
        if (t === undefined || t.abandoned) {
          await this.unknownOrder(o, t, note);
          continue;
        }
        this.followLiveLeg(t, o);
        this.bindVenueOrder(t, o);
        openReports.push(this.report(o));
      }
      for (const tr of trades) {
        const t = this.trackedForTrade(tr);
        const fid = this.fillId(tr);
        if (this.seenFills.has(fid)) continue;
        if (t === undefined) {
          note({ kind: 'unknown-fill', action: 'reported', symbol, venueOrderId: String(tr.order), detail: `venue trade ${String(tr.id)} of an order we do not track: ${tr.side} ${String(tr.amount)} @ ${String(tr.price)}` });
          this.seenFills.add(fid);
          continue;
        }
        if (this.onTrade(tr, 'reconcile')) {
          note({ kind: 'missed-fill', action: 'replayed', symbol, clientOrderId: t.cid, venueOrderId: String(tr.order), detail: `fill ${fid}: ${tr.side} ${String(tr.amount)} @ ${String(tr.price)} replayed` });
        }
      }
      // local live orders the venue no longer lists as open
      for (const t of [...this.tracked.values()]) {
        if (t.symbol !== symbol || t.terminal || t.abandoned) continue;
        if (t.venueOrderId !== undefined && openIds.has(t.venueOrderId)) continue;
        const o = await this.lookup(t.venueCid, symbol);
        if (o === undefined) {
          if (t.accepted) {
            note({ kind: 'missing-order', action: 'replayed', symbol, clientOrderId: t.cid, detail: `the venue has no order ${t.venueCid}; marked canceled` });
            this.finish(t, { type: 'order-canceled', clientOrderId: t.cid, reason: 'reconciliation: unknown at the venue', time: this.clock.now() });
          } else if (t.restored && this.clock.now() >= t.createdAt + this.ambiguityWindowMs) {
            // Sent (or about to be) when the previous run died, and still unknown after the window in which the
            // exchange could have applied it: it never reached the venue. Rejected locally, never re-sent.
            note({
              kind: 'missing-order',
              action: 'replayed',
              symbol,
              clientOrderId: t.cid,
              detail: `order ${t.venueCid} never reached the venue before the restart (unknown ${this.ambiguityWindowMs} ms after it was created); rejected, not re-sent`,
            });
            this.finish(t, { type: 'order-rejected', clientOrderId: t.cid, reason: 'never reached the venue before the restart; not re-sent', time: this.clock.now() });
          }
          continue;
        }
        const before = t.pendingTerminal;
        this.onOrder(o, 'reconcile');
        if (t.terminal || t.pendingTerminal !== before) {
          note({ kind: 'status-mismatch', action: 'replayed', symbol, clientOrderId: t.cid, venueOrderId: String(o.id), detail: `venue status ${String(o.status)} (filled ${String(o.filled)}) replayed` });
        }
      }
    }
    const balances = await this.fetchBalances();
    if (options.expectedBalances !== undefined) {
      const tol = options.balanceTolerance ?? new Decimal(0);
      for (const [currency, expected] of options.expectedBalances) {
        const actual = balances.get(currency)?.total ?? new Decimal(0);
        if (actual.minus(expected).abs().gt(tol)) {
          note({ kind: 'balance-mismatch', action: 'reported', detail: `${currency}: venue ${actual.toString()} vs expected ${expected.toString()} (tolerance ${tol.toString()})` });
        }
      }
    }
    return { time, differences, balances, openOrders: openReports };
  }

  private async unknownOrder(o: CcxtOrder, t: Tracked | undefined, note: (d: Omit<ReconcileDifference, 'time'>) => void): Promise<void> {
    const report = this.report(o);
    const symbol = report.symbol;
    const base = { kind: 'unknown-order' as const, symbol, clientOrderId: report.clientOrderId, venueOrderId: String(o.id) };
    const desc = `${String(o.side)} ${String(o.amount)} ${o.symbol} @ ${String(o.price)} (client id ${String(o.clientOrderId)})`;
    const policy = t?.abandoned === true ? 'cancel' : this.unknownPolicy;
    if (policy === 'cancel') {
      try {
        await this.call('cancelOrder', () => this.ex.cancelOrder(String(o.id), symbol));
        note({ ...base, action: 'canceled', detail: `unknown venue order ${desc} canceled${t?.abandoned === true ? ' (its create had been given up)' : ''}` });
      } catch (e) {
        note({ ...base, action: 'cancel-failed', detail: `unknown venue order ${desc}: cancel failed: ${(e as Error).message}` });
      }
    } else if (policy === 'adopt') {
      const side = o.side === 'sell' ? 'sell' : 'buy';
      const request: OrderRequest =
        o.price === undefined || o.type === 'market'
          ? { symbol, side, type: 'market', quantity: Quantity.of(String(o.amount)), timeInForce: 'GTC', postOnly: false, reduceOnly: false }
          : { symbol, side, type: 'limit', limitPrice: Price.of(String(o.price)), quantity: Quantity.of(String(o.amount)), timeInForce: 'GTC', postOnly: false, reduceOnly: false };
      const nt = this.track(report.clientOrderId, request, o.timestamp ?? this.clock.now());
      note({ ...base, action: 'adopted', detail: `unknown venue order ${desc} adopted` });
      this.options.onAdopt?.(report); // the engine registers it first, then hears order-accepted and its fills
      this.bindVenueOrder(nt, o);
      this.onOrder(o, 'reconcile');
    } else {
      note({ ...base, action: 'ignored', detail: `unknown venue order ${desc} left alone` });
    }
  }

  private oldestLiveOrder(): number {
    let t = Infinity;
    for (const o of this.tracked.values()) if (!o.terminal && o.createdAt < t) t = o.createdAt;
    return t === Infinity ? this.clock.now() - 24 * 3_600_000 : t;
  }

  // ------------------------------------------------------------------ order flow

  private track(cid: ClientOrderId, request: OrderRequest, time: number): Tracked {
    const t: Tracked = {
      cid,
      symbol: request.symbol,
      side: request.side,
      type: request.type,
      timeInForce: request.timeInForce,
      limitPrice: 'limitPrice' in request ? request.limitPrice.value : undefined,
      total: request.quantity.value,
      filled: new Decimal(0),
      legExecuted: new Map(),
      venueCid: cid,
      venueOrderId: undefined,
      accepted: false,
      terminal: false,
      pendingTerminal: undefined,
      chain: Promise.resolve(),
      aliasSeq: 0,
      createdAt: time,
      abandoned: false,
      restored: false,
      replacedLegs: new Set(),
    };
    this.tracked.set(cid, t);
    this.byVenueCid.set(cid, t);
    return t;
  }

  private enqueue(t: Tracked, op: () => Promise<void>): void {
    t.chain = t.chain
      .then(op)
      .catch((e: unknown) => this.problem(mapVenueError(e, `${this.id} order ${t.cid}`)));
  }

  /**
   * Rounds and checks a request against the market; a string is a rejection reason. Emits `order-amended` when
   * rounding changed the quantity or the limit price (called from the order's queue, so before any outcome).
   */
  private prepare(t: Tracked, request: OrderRequest): Prepared | string {
    const market = this.ex.markets?.[request.symbol] as
      | { precision?: { amount?: number; price?: number }; limits?: Record<string, { min?: number; max?: number } | undefined> }
      | undefined;
    if (market === undefined) return `${this.id} has no market ${request.symbol} (markets loaded: ${this.ex.markets === undefined ? 'no' : 'yes'})`;
    if (request.type === 'stop' || request.type === 'stop-limit' || request.type === 'trailing-stop') {
      return `${request.type} orders are not sent natively to ${this.id}: use the emulating execution algorithms`;
    }
    if (request.timeInForce === 'GTD' || request.timeInForce === 'DAY') {
      return `timeInForce ${request.timeInForce} is not supported on ${this.id} (use GTC, IOC or FOK)`;
    }
    const stepN = market.precision?.amount;
    const tickN = market.precision?.price;
    const inst = this.instruments.get(request.symbol);
    const step = stepN !== undefined ? dec(stepN) : inst?.lotSize;
    const tick = tickN !== undefined ? dec(tickN) : inst?.tickSize;
    let qty = request.quantity.value;
    if (step !== undefined && step.gt(0)) qty = roundToIncrement(qty, step, 'toward-zero');
    let price: Decimal | undefined;
    if (request.type === 'limit') {
      price = request.limitPrice.value;
      if (tick !== undefined && tick.gt(0)) price = roundToIncrement(price, tick, request.side === 'buy' ? 'down' : 'up');
    }
    const lim = market.limits ?? {};
    const where = `${this.id} ${request.symbol}`;
    if (qty.lte(0)) return `quantity ${request.quantity.toString()} rounds to 0 at the amount precision ${String(step)} of ${where}`;
    const amin = lim['amount']?.min;
    const amax = lim['amount']?.max;
    if (amin !== undefined && qty.lt(dec(amin))) return `quantity ${qty.toString()} is below the minimum amount ${String(amin)} of ${where}`;
    if (amax !== undefined && qty.gt(dec(amax))) return `quantity ${qty.toString()} is above the maximum amount ${String(amax)} of ${where}`;
    if (price !== undefined) {
      const pmin = lim['price']?.min;
      const pmax = lim['price']?.max;
      if (price.lte(0)) return `limit price ${request.type === 'limit' ? request.limitPrice.toString() : ''} rounds to 0 at the tick ${String(tick)} of ${where}`;
      if (pmin !== undefined && price.lt(dec(pmin))) return `limit price ${price.toString()} is below the minimum price ${String(pmin)} of ${where}`;
      if (pmax !== undefined && price.gt(dec(pmax))) return `limit price ${price.toString()} is above the maximum price ${String(pmax)} of ${where}`;
    }
    const ref = price ?? this.lastPrices.get(request.symbol);
    const cmin = lim['cost']?.min;
    if (ref !== undefined && cmin !== undefined && qty.times(ref).lt(dec(cmin))) {
      return `notional ${qty.times(ref).toString()} (${qty.toString()} x ${ref.toString()}) is below the minimum cost ${String(cmin)} of ${where}`;
    }
    const changedQty = !qty.eq(request.quantity.value);
    const changedPrice = price !== undefined && request.type === 'limit' && !price.eq(request.limitPrice.value);
    if (changedQty || changedPrice) {
      t.total = qty;
      if (price !== undefined) t.limitPrice = price;
      const amendment: OrderAmendment = {
        ...(changedQty ? { quantity: Quantity.of(qty) } : {}),
        ...(changedPrice ? { limitPrice: Price.of(price!) } : {}),
      };
      this.emit({ type: 'order-amended', clientOrderId: t.cid, time: this.clock.now(), ...amendment });
    }
    const params: Record<string, unknown> = { clientOrderId: t.venueCid };
    if (request.type === 'limit') {
      if (request.postOnly) params['postOnly'] = true;
      else params['timeInForce'] = request.timeInForce;
    }
    return {
      type: request.type,
      amount: this.ex.amountToPrecision(request.symbol, qty.toNumber()) ?? qty.toString(),
      price: price === undefined ? undefined : this.ex.priceToPrecision(request.symbol, price.toNumber()),
      params,
    };
  }

  private async create(t: Tracked, p: Prepared): Promise<void> {
    let attempt = 0;
    let mustLookUp = false;
    let sentAt = this.clock.now();
    let lastError: BotError | undefined;
    for (;;) {
      if (this.closed) break;
      if (mustLookUp) {
        this.stats.lookupsAfterAmbiguousFailure++;
        let found: CcxtOrder | undefined;
        try {
          found = await this.lookupOnce(t.venueCid, t.symbol);
        } catch (e) {
          lastError = mapVenueError(e, `${this.id} fetchOrder ${t.venueCid}`);
          if (++attempt >= this.retry.maxAttempts) break;
          await this.sleep(backoffDelay(this.retry, attempt - 1));
          continue; // still unknown: look up again, never re-send blindly
        }
        if (found !== undefined) {
          this.onOrder(found, 'response');
          return;
        }
        // absent now; a request still in flight can only be applied within the exchange's validity window
        const settledAt = sentAt + this.ambiguityWindowMs;
        if (this.clock.now() < settledAt) {
          await this.sleep(settledAt - this.clock.now());
          continue; // look up once more after the window, then it is safe to send again
        }
      }
      if (attempt >= this.retry.maxAttempts) break;
      this.stats.createAttempts++;
      sentAt = this.clock.now();
      try {
        const o = await this.ex.createOrder(t.symbol, p.type, t.side, Number(p.amount), p.price === undefined ? undefined : Number(p.price), p.params);
        this.options.onVenueSuccess?.('createOrder');
        this.onOrder(o, 'response');
        return;
      } catch (e) {
        const err = mapVenueError(e, `${this.id} createOrder ${t.symbol} ${t.venueCid}`);
        this.options.onVenueError?.(err, 'createOrder');
        lastError = err;
        const duplicate = /Duplicate order/i.test(String(err.details?.['exchangeMessage'] ?? err.message));
        if (!err.retryable && !duplicate) {
          const msg = err.details?.['exchangeMessage'];
          this.finish(t, { type: 'order-rejected', clientOrderId: t.cid, reason: `${this.id} rejected the order: ${typeof msg === 'string' ? msg : err.message} [${err.code}]`, time: this.clock.now() });
          return;
        }
        mustLookUp = duplicate || isAmbiguousFailure(err);
        attempt++;
        if (attempt >= this.retry.maxAttempts && !mustLookUp) break;
        await this.sleep(backoffDelay(this.retry, attempt - 1));
      }
    }
    t.abandoned = true;
    this.finish(t, {
      type: 'order-rejected',
      clientOrderId: t.cid,
      reason: `${this.id}: gave up after ${attempt} attempts (${lastError?.message ?? 'unknown error'}); if the order reached the venue, reconciliation cancels it`,
      time: this.clock.now(),
    });
  }

  private async cancelTracked(t: Tracked): Promise<void> {
    if (t.terminal || t.pendingTerminal !== undefined) {
      this.emit({ type: 'cancel-rejected', clientOrderId: t.cid, reason: 'the order is no longer open', time: this.clock.now() });
      return;
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const o = await this.ex.cancelOrder(t.venueOrderId ?? '', t.symbol, t.venueOrderId === undefined ? { clientOrderId: t.venueCid } : {});
        this.options.onVenueSuccess?.('cancelOrder');
        this.onOrder({ ...o, status: o.status ?? 'canceled' } as CcxtOrder, 'response');
        return;
      } catch (e) {
        const err = mapVenueError(e, `${this.id} cancelOrder ${t.venueCid}`);
        this.options.onVenueError?.(err, 'cancelOrder');
        if (err.retryable && attempt + 1 < this.retry.maxAttempts) {
          await this.sleep(backoffDelay(this.retry, attempt));
          continue;
        }
        // the order may have filled or been canceled meanwhile: learn its real state
        const o = await this.lookup(t.venueCid, t.symbol).catch(() => undefined);
        if (o !== undefined) this.onOrder(o, 'polling');
        if (!t.terminal && t.pendingTerminal === undefined) {
          const msg = err.details?.['exchangeMessage'];
          this.emit({ type: 'cancel-rejected', clientOrderId: t.cid, reason: `${this.id}: ${typeof msg === 'string' ? msg : err.message}`, time: this.clock.now() });
        }
        return;
      }
    }
  }

  private async amendTracked(t: Tracked, a: OrderAmendment): Promise<void> {
    const reject = (reason: string) => this.emit({ type: 'cancel-rejected', clientOrderId: t.cid, reason: `amend: ${reason}`, time: this.clock.now() });
    if (t.terminal || t.pendingTerminal !== undefined) return reject('the order is no longer open');
    if (t.type !== 'limit' || t.venueOrderId === undefined) return reject(`only accepted limit orders can be amended on ${this.id}`);
    if (a.stopPrice !== undefined) return reject('limit orders have no stop price');
    const market = this.ex.markets?.[t.symbol] as { precision?: { amount?: number; price?: number } } | undefined;
    const step = market?.precision?.amount;
    const tick = market?.precision?.price;
    let total = a.quantity?.value ?? t.total;
    if (step !== undefined) total = roundToIncrement(total, dec(step), 'toward-zero');
    let price = a.limitPrice?.value ?? t.limitPrice!;
    if (tick !== undefined) price = roundToIncrement(price, dec(tick), t.side === 'buy' ? 'down' : 'up');
    const executed = this.venueExecuted(t);
    const remaining = total.minus(executed);
    if (remaining.lte(0)) return reject(`new quantity ${total.toString()} is not above the executed ${executed.toString()}`);
    const alias = this.nextAlias(t);
    const oldLeg = t.venueOrderId;
    t.replacedLegs.add(oldLeg);
    const applied = (o: CcxtOrder) => {
      t.venueCid = alias;
      this.byVenueCid.set(alias, t);
      t.venueOrderId = String(o.id);
      this.byVenueOrderId.set(t.venueOrderId, t);
      const changedQty = !total.eq(t.total);
      const changedPrice = !price.eq(t.limitPrice!);
      t.total = total;
      t.limitPrice = price;
      this.emit({
        type: 'order-amended',
        clientOrderId: t.cid,
        time: this.clock.now(),
        ...(changedQty ? { quantity: Quantity.of(total) } : {}),
        ...(changedPrice ? { limitPrice: Price.of(price) } : {}),
      });
      this.onOrder(o, 'response');
    };
    const sentAt = this.clock.now();
    try {
      const o = await this.ex.editOrder(oldLeg, t.symbol, 'limit', t.side, remaining.toNumber(), price.toNumber(), {
        clientOrderId: alias,
        timeInForce: t.timeInForce,
      });
      this.options.onVenueSuccess?.('editOrder');
      applied(o);
    } catch (e) {
      const err = mapVenueError(e, `${this.id} editOrder ${t.venueCid}`);
      this.options.onVenueError?.(err, 'editOrder');
      // an ambiguous failure may have placed the replacement: look for it now and again once the exchange's
      // validity window has passed (meanwhile the old leg's cancel is not taken as the order's)
      if (isAmbiguousFailure(err)) {
        let replacement = await this.lookup(alias, t.symbol).catch(() => undefined);
        const settledAt = sentAt + this.ambiguityWindowMs;
        if (replacement === undefined && this.clock.now() < settledAt) {
          await this.sleep(settledAt - this.clock.now());
          replacement = await this.lookup(alias, t.symbol).catch(() => undefined);
        }
        if (replacement !== undefined) {
          applied(replacement);
          return;
        }
      }
      t.replacedLegs.delete(oldLeg);
      // cancel-replace may have canceled the old leg before failing to place the new one: learn the real state
      const o = await this.lookup(t.venueCid, t.symbol).catch(() => undefined);
      if (o !== undefined) this.onOrder(o, 'polling');
      if (!t.terminal && t.pendingTerminal === undefined) reject(`${this.id}: ${exchangeMessageOf(err.message) ?? err.message}`);
    }
  }

  private nextAlias(t: Tracked): string {
    return this.aliasOf(t, ++t.aliasSeq);
  }

  /** Looks an order up by exchange client id, with retries; undefined when the venue does not know it. */
  private async lookup(venueCid: string, symbol: Symbol): Promise<CcxtOrder | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.lookupOnce(venueCid, symbol);
      } catch (e) {
        const err = mapVenueError(e, `${this.id} fetchOrder ${venueCid}`);
        if (!err.retryable || attempt + 1 >= this.retry.maxAttempts) throw err;
        await this.sleep(backoffDelay(this.retry, attempt));
      }
    }
  }

  private async lookupOnce(venueCid: string, symbol: Symbol): Promise<CcxtOrder | undefined> {
    try {
      const o = await this.ex.fetchOrder(undefined as unknown as string, symbol, { clientOrderId: venueCid });
      this.options.onVenueSuccess?.('fetchOrder');
      return o;
    } catch (e) {
      const err = mapVenueError(e, `${this.id} fetchOrder ${venueCid}`);
      if (err.code === 'ORDER_NOT_FOUND') {
        this.options.onVenueSuccess?.('fetchOrder');
        return undefined;
      }
      this.options.onVenueError?.(err, 'fetchOrder');
      throw err;
    }
  }

  // ------------------------------------------------------------------ translating venue reports

  private trackedForOrder(o: CcxtOrder): Tracked | undefined {
    const byId = this.byVenueOrderId.get(String(o.id));
    if (byId !== undefined) return byId;
    const cid = o.clientOrderId;
    if (cid === undefined) return undefined;
    const t = this.byVenueCid.get(cid) ?? this.tracked.get(cid as ClientOrderId);
    if (t !== undefined) return t;
    const m = /^(.*)\.\d+$/.exec(cid);
    return m === null ? undefined : this.tracked.get(m[1] as ClientOrderId);
  }

  private trackedForTrade(tr: CcxtTrade): Tracked | undefined {
    if (tr.order !== undefined) {
      const t = this.byVenueOrderId.get(String(tr.order));
      if (t !== undefined) return t;
    }
    const cid = (tr as { clientOrderId?: string }).clientOrderId ?? (tr.info as Record<string, unknown> | undefined)?.['c'];
    return typeof cid === 'string' ? this.byVenueCid.get(cid) : undefined;
  }

  private bindVenueOrder(t: Tracked, o: CcxtOrder): void {
    const vid = String(o.id);
    if (!this.byVenueOrderId.has(vid)) this.byVenueOrderId.set(vid, t);
    if (t.venueOrderId === undefined) t.venueOrderId = vid;
    if (!t.accepted && !t.terminal) {
      t.accepted = true;
      this.emit({ type: 'order-accepted', clientOrderId: t.cid, venueOrderId: t.venueOrderId, time: this.clock.now() });
    }
  }

  /**
   * An open venue order under a later amend leg id (`<id>.<n>`) of a tracked order is its live leg (after a restart
   * the engine only knows the first leg's venue id): switch to it, so the replaced leg's cancel is not the order's.
   */
  private followLiveLeg(t: Tracked, o: CcxtOrder): void {
    const vid = String(o.id);
    if (t.venueOrderId === undefined || t.venueOrderId === vid || t.replacedLegs.has(vid)) return;
    const cid = o.clientOrderId ?? '';
    const m = /\.(\d+)$/.exec(cid);
    if (m === null || cid === t.venueCid || !cid.startsWith(t.cid.slice(0, ID_MAX - m[0].length))) return;
    const n = Number(m[1]);
    if (n <= t.aliasSeq && cid !== this.aliasOf(t, n)) return;
    t.replacedLegs.add(t.venueOrderId);
    t.venueOrderId = vid;
    t.venueCid = cid;
    t.aliasSeq = Math.max(t.aliasSeq, n);
    this.byVenueOrderId.set(vid, t);
    this.byVenueCid.set(cid, t);
  }

  private aliasOf(t: Tracked, n: number): string {
    const suffix = `.${n}`;
    return `${t.cid.slice(0, ID_MAX - suffix.length)}${suffix}`;
  }

  private venueExecuted(t: Tracked): Decimal {
    let s = new Decimal(0);
    for (const v of t.legExecuted.values()) s = s.plus(v);
    return s;
  }

  /** Applies one venue order report (create/cancel/edit response, stream, poll, look-up). */
  private onOrder(o: CcxtOrder, source: FillSource): void {
    const t = this.trackedForOrder(o);
    if (t === undefined || t.abandoned) return;
    const vid = String(o.id);
    this.bindVenueOrder(t, o);
    if (o.filled !== undefined) {
      const prev = t.legExecuted.get(vid);
      const now = dec(o.filled);
      if (prev === undefined || now.gt(prev)) t.legExecuted.set(vid, now);
    }
    for (const tr of o.trades ?? []) {
      if (tr.id === undefined) continue;
      this.onTrade({ ...tr, order: vid, symbol: o.symbol, side: o.side } as CcxtTrade, source);
    }
    const isLiveLeg = vid === t.venueOrderId && !t.replacedLegs.has(vid);
    if (isLiveLeg && t.pendingTerminal === undefined && !t.terminal) {
      const time = this.clock.now();
      if (o.status === 'canceled') t.pendingTerminal = { type: 'order-canceled', clientOrderId: t.cid, reason: `canceled at ${this.id}`, time };
      else if (o.status === 'expired') t.pendingTerminal = { type: 'order-expired', clientOrderId: t.cid, time };
      else if (o.status === 'rejected') t.pendingTerminal = { type: 'order-rejected', clientOrderId: t.cid, reason: `${this.id} rejected the order`, time };
    }
    this.settle(t);
    if (!t.terminal && this.venueExecuted(t).gt(t.filled)) this.catchUpFills(t);
  }

  /** Delivers a held terminal event once every executed quantity has been delivered as fills; closes filled orders. */
  private settle(t: Tracked): void {
    if (t.terminal) return;
    const executed = this.venueExecuted(t);
    if (t.pendingTerminal !== undefined && t.filled.gte(executed)) {
      this.finish(t, t.pendingTerminal);
      return;
    }
    if (t.filled.gte(t.total)) t.terminal = true;
  }

  private catchUpFills(t: Tracked): void {
    if (this.streamUp && t.pendingTerminal === undefined) return; // the stream will bring them
    void this.call('fetchMyTrades', () => this.ex.fetchMyTrades(t.symbol, t.createdAt - 60_000))
      .then((trades) => {
        for (const tr of trades) this.onTrade(tr, 'polling');
      })
      .catch(() => undefined);
  }

  private fillId(tr: CcxtTrade): string {
    return `${this.id}:${tr.symbol}:${String(tr.id)}`;
  }

  private toFill(tr: CcxtTrade, cid: ClientOrderId): Fill | undefined {
    if (tr.amount === undefined || tr.price === undefined || tr.symbol === undefined) return undefined;
    const feeCost = tr.fee?.cost;
    const feeCurrency = tr.fee?.currency ?? this.instruments.get(tr.symbol)?.quote ?? 'USD';
    return {
      fillId: this.fillId(tr),
      clientOrderId: cid,
      ...(tr.order === undefined ? {} : { venueOrderId: String(tr.order) }),
      symbol: tr.symbol,
      side: tr.side === 'sell' ? 'sell' : 'buy',
      quantity: Quantity.of(dec(tr.amount)),
      price: Price.of(dec(tr.price)),
      fee: Money.of(dec(feeCost ?? 0), feeCurrency),
      liquidity: tr.takerOrMaker === 'maker' ? 'maker' : 'taker',
      time: tr.timestamp ?? this.clock.now(),
    };
  }

  /** Delivers one execution as a fill (de-duplicated by trade id). Returns true when it was delivered. */
  private onTrade(tr: CcxtTrade, source: FillSource): boolean {
    const fid = this.fillId(tr);
    if (this.seenFills.has(fid)) {
      this.stats.duplicateFillsIgnored++;
      return false;
    }
    const t = this.trackedForTrade(tr);
    if (t === undefined || t.abandoned) return false;
    const fill = this.toFill(tr, t.cid);
    if (fill === undefined) return false;
    if (t.terminal && t.pendingTerminal === undefined && !t.filled.lt(t.total)) {
      this.problem(new BotError('DATA', `${this.id}: fill ${fid} for ${t.cid} arrived after it was complete; ignored`));
      this.seenFills.add(fid);
      return false;
    }
    const after = t.filled.plus(fill.quantity.value);
    if (after.gt(t.total)) {
      this.problem(new BotError('DATA', `${this.id}: fill ${fid} would overfill ${t.cid} (${after.toString()} > ${t.total.toString()}); not delivered`));
      return false;
    }
    this.seenFills.add(fid);
    if (tr.order !== undefined) this.bindVenueOrder(t, { id: String(tr.order) } as CcxtOrder);
    t.filled = after;
    const vid = tr.order === undefined ? t.venueOrderId : String(tr.order);
    if (vid !== undefined) {
      // a fill proves at least this much executed on its leg
      const executed = this.venueExecuted(t);
      if (after.gt(executed)) t.legExecuted.set(vid, (t.legExecuted.get(vid) ?? new Decimal(0)).plus(after.minus(executed)));
    }
    if (source === 'response') this.stats.fillsFromResponse++;
    else if (source === 'stream') this.stats.fillsFromStream++;
    else if (source === 'polling') this.stats.fillsFromPolling++;
    else this.stats.fillsFromReconcile++;
    this.emit({ type: 'fill', fill });
    this.settle(t);
    return true;
  }

  private report(o: CcxtOrder): VenueOrderReport {
    const t = this.trackedForOrder(o);
    const filled = t === undefined ? dec(o.filled ?? 0) : Decimal.max(t.filled, this.venueExecuted(t));
    const status: OrderStatus =
      o.status === 'open'
        ? filled.gt(0)
          ? 'partially-filled'
          : 'accepted'
        : o.status === 'closed'
          ? 'filled'
          : o.status === 'canceled'
            ? 'canceled'
            : o.status === 'expired'
              ? 'expired'
              : o.status === 'rejected'
                ? 'rejected'
                : 'accepted';
    return {
      clientOrderId: t?.cid ?? ((o.clientOrderId ?? String(o.id)) as ClientOrderId),
      venueOrderId: String(o.id),
      symbol: o.symbol ?? t?.symbol ?? '',
      side: o.side === 'sell' ? 'sell' : 'buy',
      status,
      quantity: Quantity.of(t?.total ?? dec(o.amount ?? 0)),
      filledQuantity: Quantity.of(filled),
      ...(o.average === undefined || o.average === 0 ? {} : { averagePrice: Price.of(dec(o.average)) }),
      ...(o.price === undefined || o.price === 0 ? {} : { limitPrice: Price.of(dec(o.price)) }),
    };
  }

  private finish(t: Tracked, event: VenueEvent): void {
    if (t.terminal) return;
    t.terminal = true;
    t.pendingTerminal = undefined;
    this.emit(event);
  }

  private emit(event: VenueEvent): void {
    try {
      this.handler(event);
    } catch (e) {
      this.problem(new BotError('INTERNAL', `${this.id}: the venue event handler threw on ${event.type}: ${(e as Error).message}`, { cause: e }));
    }
  }

  private problem(error: BotError): void {
    this.options.onProblem?.(error);
  }

  // ------------------------------------------------------------------ streams, polling, schedule

  private async watchLoop(kind: 'orders' | 'trades'): Promise<void> {
    while (this.running) {
      try {
        if (kind === 'orders') {
          const orders = await this.ex.watchOrders();
          this.markStreamUp();
          for (const o of orders) this.onOrder(o, 'stream');
        } else {
          const trades = await this.ex.watchMyTrades();
          this.markStreamUp();
          for (const tr of trades) this.onTrade(tr, 'stream');
        }
      } catch (e) {
        if (!this.running) return;
        // not fed to the breakers: polling covers a dead stream, and its REST calls report their own outcomes
        const err = mapVenueError(e, `${this.id} watch ${kind}`);
        if (this.streamUp || this.pollTimer === undefined) {
          this.stats.streamDrops++;
          this.problem(new BotError(err.code, `${this.id}: ${kind} stream down, polling every ${this.options.pollIntervalMs ?? 2000} ms: ${err.message}`, { cause: err }));
        }
        this.streamUp = false;
        this.schedulePoll();
        await this.sleep(this.options.streamRetryMs ?? 5000);
      }
    }
  }

  private markStreamUp(): void {
    if (this.streamUp) return;
    this.streamUp = true;
    if (this.pollTimer !== undefined) {
      this.clock.clearTimer(this.pollTimer);
      this.timers.delete(this.pollTimer);
      this.pollTimer = undefined;
    }
  }

  private schedulePoll(): void {
    if (this.pollTimer !== undefined || !this.running) return;
    const handle = this.clock.setTimer(() => {
      this.timers.delete(handle);
      this.pollTimer = undefined;
      if (!this.running || (this.streaming && this.streamUp)) return;
      this.pollInFlight ??= this.pollOnce().finally(() => {
        this.pollInFlight = undefined;
        if (!this.streaming || !this.streamUp) this.schedulePoll();
      });
    }, this.options.pollIntervalMs ?? 2000);
    this.pollTimer = handle;
    this.timers.add(handle);
  }

  /**
   * One polling pass (what runs on the timer while the stream is down): new executions and order states of every
   * symbol with a live order. Exposed for engines that drive polling themselves.
   */
  async pollOnce(): Promise<void> {
    this.stats.polls++;
    const live = [...this.tracked.values()].filter((t) => !t.terminal && !t.abandoned);
    const symbols = new Set(live.map((t) => t.symbol));
    for (const symbol of symbols) {
      try {
        const since = Math.min(...live.filter((t) => t.symbol === symbol).map((t) => t.createdAt)) - 60_000;
        const trades = await this.call('fetchMyTrades', () => this.ex.fetchMyTrades(symbol, since));
        for (const tr of trades) this.onTrade(tr, 'polling');
        const open = await this.call('fetchOpenOrders', () => this.ex.fetchOpenOrders(symbol));
        const openIds = new Set(open.map((o) => String(o.id)));
        for (const o of open) {
          const t = this.trackedForOrder(o);
          if (t !== undefined) this.followLiveLeg(t, o);
          this.onOrder(o, 'polling');
        }
        for (const t of live) {
          if (t.symbol !== symbol || t.terminal || t.venueOrderId === undefined || openIds.has(t.venueOrderId)) continue;
          const o = await this.lookup(t.venueCid, symbol);
          if (o !== undefined) this.onOrder(o, 'polling');
        }
      } catch (e) {
        this.problem(mapVenueError(e, `${this.id} poll ${symbol}`));
      }
    }
  }

  private scheduleReconcile(every: number): void {
    const handle = this.clock.setTimer(() => {
      this.timers.delete(handle);
      if (!this.running) return;
      void this.reconcile()
        .catch((e: unknown) => this.problem(mapVenueError(e, `${this.id} scheduled reconciliation`)))
        .finally(() => {
          if (this.running) this.scheduleReconcile(every);
        });
    }, every);
    this.reconcileTimer = handle;
    this.timers.add(handle);
  }

  /** Runs a venue call with retries on retryable errors, reporting each outcome to the breaker hooks. */
  private async call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await fn();
        this.options.onVenueSuccess?.(operation);
        return r;
      } catch (e) {
        const err = mapVenueError(e, `${this.id} ${operation}`);
        this.options.onVenueError?.(err, operation);
        if (!err.retryable || attempt + 1 >= this.retry.maxAttempts) throw err;
        await this.sleep(backoffDelay(this.retry, attempt));
      }
    }
  }

  /** Waits on the injected clock (returns early when the venue closes). */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.sleepers.delete(wake);
        this.timers.delete(handle);
        resolve();
      };
      const handle = this.clock.setTimer(wake, ms);
      this.timers.add(handle);
      this.sleepers.add(wake);
    });
  }
}

function dec(x: number | string | Decimal): Decimal {
  return x instanceof Decimal ? x : new Decimal(typeof x === 'number' ? String(x) : x);
}
