import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditRecord } from '@bot/audit';
import { type EngineTrail, openEngineTrail } from './audit/engineTrail.js';
import type { EngineLogger } from './engineLogger.js';
import { findStrategy, instantiateStrategies, ExactAllInSizer } from '@bot/backtest';
import {
  BotError,
  type ClientOrderId,
  createInstrument,
  type BarSeries,
  type Clock,
  type Instrument,
  type OrderRequest,
  type StrategyDefinition,
  type VenueOrderReport,
  type MarketEvent,
  ManualClock,
  type JsonValue,
  type ModeChangeRequest,
  type PositionSizer,
  resolveParams,
  SystemClock,
  TradingMode,
  timeframeToMs,
  toDecimal,
  type Unsubscribable,
} from '@bot/core-types';
import { CcxtVenue, FixedQuantitySizer, FractionOfEquitySizer, SimulatedVenue, slippage, TradingKernel } from '@bot/execution';
import { loadBarsCsv, loadBarsJsonl } from '@bot/market-data';
import { createRiskGate, FileModeStore, type ModeStore, type PersistedModeState, parseRiskGateConfig, type PreTradeRiskGate } from '@bot/risk';
import { builtInStrategies } from '@bot/strategies';
import { type GpioBackend, KillSwitch, OnoffGpio, SimulatedGpio } from '@bot/killswitch-gpio';
import type { EngineConfig } from './config/engineConfigSchema.js';
import { credentialsFromEnv } from './config/loadEngineConfig.js';
import { CcxtBarFeed } from './feeds/ccxtBarFeed.js';
import { fetchWarmupBars } from './feeds/warmupBars.js';
import { openExchange } from './live/openExchange.js';
import { highestOrderSequence } from './recovery/highestOrderSequence.js';
import { restoreLiveState } from './recovery/restoreLiveState.js';
import { type ControlCommand, type ControlReply, ControlSocket, controlSocketPath } from './control/controlSocket.js';
import type { EngineStatus, FillView } from './engineStatus.js';
import { ReplayFeed } from './feeds/replayFeed.js';
import { EngineMetrics } from './http/engineMetrics.js';
import { StatusServer } from './http/statusServer.js';
import { CatchUpAuditSink } from './recovery/catchUpAuditSink.js';
import { ReplayAuditClock } from './replayAuditClock.js';
import { configFingerprint } from './recovery/configFingerprint.js';
import { planRecovery, type RecordedOperatorAction, type RecoveryPlan } from './recovery/recoveryPlan.js';

export type { EngineLogger } from './engineLogger.js';

/** Options of {@link TradingEngine.start}. */
export interface EngineStartOptions {
  readonly config: EngineConfig;
  readonly logger: EngineLogger;
  /** Serve HTTP (default true). */
  readonly http?: boolean;
  /** Environment for credentials (`BOT_<EXCHANGE>_API_KEY`...) and the test-only URL override (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Tuning of the live venue (tests use short windows); defaults suit real exchanges. */
  readonly liveVenue?: { readonly timeoutMs?: number; readonly ambiguityWindowMs?: number; readonly pollIntervalMs?: number; readonly reconcileIntervalMs?: number; readonly retry?: { baseDelayMs?: number; maxDelayMs?: number; maxAttempts?: number } };
  /** Strategy definitions available by name in addition to the built-ins of `@bot/strategies` (same name wins here). */
  readonly extraStrategies?: ReadonlyMap<string, StrategyDefinition<never>>;
  /** How long a graceful shutdown waits for the live venue to acknowledge the cancels (ms, default 10 000). */
  readonly cancelTimeoutMs?: number;
}

/** What drives the engine: a replayed file on a ManualClock, or live bars on the system clock. */
type Source =
  | { readonly kind: 'replay'; readonly series: BarSeries; readonly dataSha256: string; readonly clock: ManualClock }
  | { readonly kind: 'live'; readonly clock: Clock; readonly wall: SystemClock };

const RECENT_FILLS = 50;
const LATENCY_SAMPLES = 1 << 16;
const CURVE_POINTS = 2000;

/**
 * The trading engine (paper on a replay or on live data, or live through `CcxtVenue` — see {@link TradingEngine.start}
 * and the README's "Live mode"). In paper replay: config -> audit trail + risk gate (persistent trading modes) + simulated venue +
 * kernel + strategies, fed by a replay of a bar file, observable through a read-only HTTP dashboard and controlled
 * only through the local control socket (`bot kill`, `bot reset`) and the kill switch.
 *
 * It runs the same kernel, instruments, sizing and venue settings as `bot backtest`, so a replay gives the
 * backtest's fills.
 *
 * Crash recovery (even after SIGKILL) uses the audit trail as the log of everything that happened: the run is
 * deterministic in its inputs (the data and the operator actions, both in the trail), so a restart re-runs the
 * replay from the start, re-applies recorded operator actions at their times, and drops every audit record the
 * trail already holds (all records before the trail's last time and as many at that time as it has). The portfolio,
 * orders and trading mode are rebuilt exactly, nothing is recorded or sent twice, and a `recovery` record marks the
 * point where the engine went on. A trail produced from other data is refused.
 */
export class TradingEngine {
  readonly metrics = new EngineMetrics();
  /** Resolves when the feed is exhausted (replay) or the engine was stopped. */
  readonly done: Promise<void>;
  private resolveDone!: () => void;
  private readonly clock: Clock;
  private readonly kernel: TradingKernel;
  private readonly gate: PreTradeRiskGate;
  private readonly audit: CatchUpAuditSink;
  private readonly modeStore: GatedModeStore;
  private pendingActions: RecordedOperatorAction[] = [];
  private recovering = false;
  private readonly feed: ReplayFeed | CcxtBarFeed;
  private readonly venue: SimulatedVenue | CcxtVenue;
  private readonly control: ControlSocket;
  private server: StatusServer | undefined;
  private subscription: Unsubscribable | undefined;
  private readonly startedAt: number;
  private readonly initialEquity: number;
  private eventsProcessed = 0;
  /** Open time of the newest warm-up bar per symbol: live bars not newer than it are skipped. */
  private readonly warmedUntil = new Map<string, number>();
  private eventStart = 0n;
  private readonly latencies = new Float64Array(LATENCY_SAMPLES);
  private latencyCount = 0;
  private lastEventTime = Number.NaN;
  private finished = false;
  private stopping = false;
  private killState: { state: 'armed' | 'triggered'; reason?: string } = { state: 'armed' };
  private killSwitch: KillSwitch | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  /** The simulated pins, when the kill switch runs without GPIO (drive them to press the button in tests). */
  simulatedPins: SimulatedGpio | undefined;
  private readonly dataSha256: string | undefined;
  private readonly configSha256: string;
  private readonly closeExchanges: () => Promise<void>;
  private readonly cancelTimeoutMs: number;
  url: string | undefined;

  private constructor(
    private readonly config: EngineConfig,
    private readonly logger: EngineLogger,
    parts: {
      clock: Clock;
      kernel: TradingKernel;
      gate: PreTradeRiskGate;
      audit: CatchUpAuditSink;
      modeStore: GatedModeStore;
      feed: ReplayFeed | CcxtBarFeed;
      venue: SimulatedVenue | CcxtVenue;
      dataSha256: string | undefined;
      configSha256: string;
      control: ControlSocket;
      closeExchanges: () => Promise<void>;
      cancelTimeoutMs: number;
    },
  ) {
    this.clock = parts.clock;
    this.kernel = parts.kernel;
    this.gate = parts.gate;
    this.audit = parts.audit;
    this.feed = parts.feed;
    this.venue = parts.venue;
    this.dataSha256 = parts.dataSha256;
    this.configSha256 = parts.configSha256;
    this.modeStore = parts.modeStore;
    this.closeExchanges = parts.closeExchanges;
    this.cancelTimeoutMs = parts.cancelTimeoutMs;
    this.startedAt = this.clock.now() === 0 ? new SystemClock().now() : this.clock.now();
    this.initialEquity = toDecimal(config.account.initialCash).toNumber();
    this.control = parts.control;
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    // Decision latency: from the market event entering the kernel to each order intent it causes.
    this.audit.observer = (event) => {
      // fills are counted as they are recorded: a live venue delivers them between market events
      if (event.type === 'fill') this.metrics.fills.inc();
      if (event.type !== 'order-intent' || this.eventStart === 0n) return;
      const micros = Number(process.hrtime.bigint() - this.eventStart) / 1000;
      this.latencies[this.latencyCount++ & (LATENCY_SAMPLES - 1)] = micros;
      this.metrics.decisionLatency.observe(micros / 1e6);
    };
  }

  /** The most recent decision latencies (event -> order intent), microseconds, up to 65 536 samples. */
  decisionLatencyMicros(): Float64Array {
    return this.latencies.slice(0, Math.min(this.latencyCount, LATENCY_SAMPLES));
  }

  /**
   * Builds and starts the engine. Paper mode with a replay feed runs fully offline; a ccxt feed streams live bars;
   * live mode trades through `CcxtVenue` (reconciled with the exchange before any strategy runs).
   * @throws BotError `CONFIG` for live mode without a ccxt feed, missing credentials (`BOT_<EXCHANGE>_API_KEY`/
   *   `_SECRET`), an unknown strategy or exchange, a state directory already used by a running engine or holding
   *   another run's trail; `DATA`/`VALIDATION` for a bad data file; a mapped venue error when the exchange cannot be
   *   reached at start.
   */
  static async start(options: EngineStartOptions): Promise<TradingEngine> {
    const { config, logger } = options;
    if (config.mode === 'live' && config.feed.type !== 'ccxt') {
      throw new BotError('CONFIG', 'live mode trades on live data: use feed: { type: ccxt, exchange, symbols, timeframe } (a replay feed runs in paper mode only)');
    }
    if (config.mode === 'live' && config.live === undefined) throw new BotError('CONFIG', 'live mode needs a live section with the exchange id');
    // fail before anything is opened when the credentials are missing
    if (config.mode === 'live') credentialsFromEnv(config.live!.exchange, options.env ?? process.env);
    mkdirSync(config.stateDir, { recursive: true });
    let source: Source;
    if (config.feed.type === 'replay') {
      const feedFile = config.feed.file;
      const bytes = readFileSync(feedFile);
      const dataSha256 = createHash('sha256').update(bytes).digest('hex');
      const load = feedFile.endsWith('.jsonl') ? loadBarsJsonl : loadBarsCsv;
      const { series } = load(feedFile, { symbol: config.feed.symbol, ...(config.feed.timeframe ? { timeframe: config.feed.timeframe as never } : {}) });
      if (series.length === 0) throw new BotError('DATA', `${feedFile}: no bars to replay`);
      source = { kind: 'replay', series, dataSha256, clock: new ManualClock(series.openTime[0]!) };
    } else {
      // Live venue: everything on the system clock. Paper on live data: the kernel and the simulated venue run on the
      // bars' time (a ManualClock moved to each bar's close, as in a replay and a backtest), so an order decided on a
      // bar fills at the next bar's open exactly as the backtest fills it; staleness and the trail use wall time.
      const wall = new SystemClock();
      source = { kind: 'live', clock: config.mode === 'live' ? wall : new ManualClock(0), wall };
    }
    const instruments: Instrument[] = config.instruments.map((spec, i) =>
      createInstrument(
        {
          symbol: spec.symbol,
          tickSize: spec.tickSize,
          lotSize: spec.lotSize,
          ...(spec.minQuantity === undefined ? {} : { minQuantity: spec.minQuantity }),
          ...(spec.minNotional === undefined ? {} : { minNotional: spec.minNotional }),
          ...(spec.makerFee === undefined ? {} : { makerFee: spec.makerFee }),
          ...(spec.takerFee === undefined ? {} : { takerFee: spec.takerFee }),
        },
        { source: 'config', line: i + 1 },
      ),
    );
    // The control socket is the engine's lock on its state directory: taken before anything in it is opened.
    let engineRef: TradingEngine | undefined;
    const control = new ControlSocket(controlSocketPath(config.stateDir), (c) =>
      engineRef === undefined ? { ok: false, message: 'engine is starting' } : engineRef.onControl(c),
    );
    await control.listen();
    try {
      return await TradingEngine.build(config, logger, options, source, instruments, control, (e) => (engineRef = e));
    } catch (error) {
      await control.close();
      throw error;
    }
  }

  private static async build(
    config: EngineConfig,
    logger: EngineLogger,
    options: EngineStartOptions,
    source: Source,
    instruments: Instrument[],
    control: ControlSocket,
    publish: (engine: TradingEngine) => void,
  ): Promise<TradingEngine> {
    const trail = await openEngineTrail(
      config,
      join(config.stateDir, 'audit.jsonl'),
      source.kind === 'replay' ? new ReplayAuditClock(source.clock) : source.wall,
      logger,
      options.env ?? process.env,
    );
    let engine: TradingEngine | undefined;
    try {
      engine = await TradingEngine.compose(config, logger, options, source, instruments, control, trail, publish);
      return engine;
    } catch (error) {
      // Nothing half-started stays behind: timers, pins, HTTP and the trail's lock are released.
      engine?.killSwitch?.stop();
      if (engine?.heartbeatTimer !== undefined) clearInterval(engine.heartbeatTimer);
      await engine?.server?.close();
      await engine?.closeExchanges().catch(() => undefined);
      await trail.sink.close().catch(() => undefined);
      throw error;
    }
  }

  private static async compose(
    config: EngineConfig,
    logger: EngineLogger,
    options: EngineStartOptions,
    source: Source,
    instruments: Instrument[],
    control: ControlSocket,
    trail: EngineTrail,
    publish: (engine: TradingEngine) => void,
  ): Promise<TradingEngine> {
    const clock = source.clock;
    const env = options.env ?? process.env;
    const audit = new CatchUpAuditSink(trail.sink, clock);
    const auditPath = trail.location;
    // a live restart reads the trail's records (to rebuild the book); a replay catch-up streams it
    const recorded = await trail.readRecords();
    const records = source.kind === 'live' ? [...recorded] : [];
    const plan = planRecovery(source.kind === 'live' ? records : recorded);
    const dataSha256 = source.kind === 'replay' ? source.dataSha256 : undefined;
    if (source.kind === 'replay' && plan?.dataSha256 !== undefined && plan.dataSha256 !== source.dataSha256) {
      throw new BotError('CONFIG', `${auditPath}: this state directory holds the trail of other data (sha256 ${plan.dataSha256.slice(0, 12)}…); use a fresh stateDir`);
    }
    if (source.kind === 'live' && plan?.dataSha256 !== undefined) {
      throw new BotError('CONFIG', `${auditPath}: this state directory holds the trail of a replay; use a fresh stateDir for a live feed`);
    }
    const riskRaw = typeof config.risk === 'string' ? (JSON.parse(readFileSync(config.risk, 'utf8')) as unknown) : (config.risk ?? {});
    const configSha256 = configFingerprint(config, riskRaw);
    if (plan?.configSha256 !== undefined && plan.configSha256 !== configSha256) {
      throw new BotError(
        'CONFIG',
        `${auditPath}: this state directory holds the trail of another trading configuration (account, instruments, strategies, sizing, venue, risk or feed changed); restore that configuration, or use a fresh stateDir`,
      );
    }
    const riskConfig = parseRiskGateConfig(riskRaw, typeof config.risk === 'string' ? config.risk : 'config.risk');
    const modeStore = new GatedModeStore(new FileModeStore(join(config.stateDir, 'trading-mode.json')));
    // Catch-up runs from a clean mode; the persisted mode is re-applied once the engine is back at the live edge.
    const gate = createRiskGate(riskConfig, { clock, modeStore });
    const exchanges: { close(): Promise<unknown> }[] = [];
    const closeExchanges = async (): Promise<void> => {
      for (const ex of exchanges.splice(0)) await ex.close().catch(() => undefined);
    };
    let kernelRef: TradingKernel | undefined;
    let venue: SimulatedVenue | CcxtVenue;
    if (config.mode === 'live') {
      const live = config.live!;
      const tuning = options.liveVenue ?? {};
      const exchange = openExchange(live.exchange, {
        credentials: credentialsFromEnv(live.exchange, env),
        sandbox: live.sandbox,
        env,
        ...(tuning.timeoutMs === undefined ? {} : { timeoutMs: tuning.timeoutMs }),
      });
      const ccxtVenue: CcxtVenue = new CcxtVenue({
        exchange,
        instruments,
        clock,
        auditSink: audit,
        unknownOrderPolicy: live.unknownOrders,
        reconcileIntervalMs: live.reconcileIntervalMs,
        ...(tuning.ambiguityWindowMs === undefined ? {} : { ambiguityWindowMs: tuning.ambiguityWindowMs }),
        ...(tuning.pollIntervalMs === undefined ? {} : { pollIntervalMs: tuning.pollIntervalMs }),
        ...(tuning.reconcileIntervalMs === undefined ? {} : { reconcileIntervalMs: tuning.reconcileIntervalMs }),
        ...(tuning.retry === undefined ? {} : { retry: tuning.retry }),
        onVenueError: (error, operation) => {
          logger.warn({ code: error.code, operation, message: error.message }, 'venue call failed');
          gate.breakers.recordVenueError(ccxtVenue.id);
        },
        onVenueSuccess: () => gate.breakers.recordVenueSuccess(ccxtVenue.id),
        onReconcileDifference: (d) => logger.warn({ difference: d }, 'reconciliation difference'),
        onProblem: (error) => logger.warn({ code: error.code, message: error.message }, 'venue stream problem (polling covers it)'),
        onAdopt: (report) => adoptOrder(kernelRef!, report, clock.now()),
      });
      exchanges.push(ccxtVenue);
      venue = ccxtVenue;
    } else {
      venue = new SimulatedVenue({
        clock,
        instruments,
        fill: config.venue.fill,
        ...(config.venue.slippageBps > 0 ? { slippage: slippage.fixedBps(config.venue.slippageBps) } : {}),
        ...(config.venue.latencyMs > 0 ? { latencyMs: config.venue.latencyMs } : {}),
        ...(config.venue.maxVolumeParticipation === undefined ? {} : { maxVolumeParticipation: config.venue.maxVolumeParticipation }),
      });
    }
    try {
      const registry = options.extraStrategies === undefined ? builtInStrategies : new Map([...builtInStrategies, ...options.extraStrategies]);
      const specs = config.strategies.map((s) => ({
        definition: findStrategy(registry, s.name),
        params: s.params,
        symbols: s.symbols,
        ...(s.id === undefined ? {} : { id: s.id }),
      }));
      const { strategies } = instantiateStrategies(specs, instruments.map((i) => i.symbol));
      const kernel = new TradingKernel({
        clock,
        venue,
        instruments,
        account: { currency: config.account.currency, initialCash: config.account.initialCash },
        strategies,
        riskGate: gate,
        auditSink: audit,
        sizer: sizerFor(config),
        retention: { bars: 10_000, equityPoints: 10_000, fills: 10_000, orders: 10_000, decisions: 10_000, signals: 10_000 },
      });
      kernelRef = kernel;
      let feed: ReplayFeed | CcxtBarFeed;
      let warmupExchange: ReturnType<typeof openExchange> | undefined;
      if (source.kind === 'replay') {
        const replay = config.feed as Extract<EngineConfig['feed'], { type: 'replay' }>;
        feed = new ReplayFeed({ name: `replay:${replay.file.split('/').pop()}`, series: [source.series], speed: replay.speed });
      } else {
        const cf = config.feed as Extract<EngineConfig['feed'], { type: 'ccxt' }>;
        const marketData = openExchange(cf.exchange, { env });
        exchanges.push(marketData);
        warmupExchange = marketData;
        feed = new CcxtBarFeed({
          exchange: marketData,
          symbols: cf.symbols,
          timeframe: cf.timeframe as never,
          clock: source.wall,
          staleAfterMs: cf.staleAfterMs,
          onStatus: (symbol, status) =>
            status.kind === 'reconnecting'
              ? logger.warn({ symbol, attempt: status.attempt, message: status.error.message }, 'feed reconnecting')
              : logger.info({ symbol, status: status.kind }, 'feed status'),
        });
      }
      const engine = new TradingEngine(config, logger, {
        clock,
        kernel,
        gate,
        audit,
        modeStore,
        feed,
        venue,
        dataSha256,
        configSha256,
        control,
        closeExchanges,
        cancelTimeoutMs: options.cancelTimeoutMs ?? 10_000,
      });
      publish(engine);
      if (source.kind === 'replay') engine.begin(plan);
      else {
        await engine.beginLive(records, plan);
        const cf = config.feed as Extract<EngineConfig['feed'], { type: 'ccxt' }>;
        const bars = cf.warmupBars ?? Math.max(0, ...specs.map((s) => s.definition.warmupBars?.(resolveParams(s.definition.params, s.params) as never) ?? 0));
        if (bars > 0) await engine.warmUp(warmupExchange!, source.wall, bars);
      }
      await engine.startKillSwitch();
      if (options.http !== false) {
        engine.server = new StatusServer({ host: config.http.host, port: config.http.port, status: () => engine.status(), metrics: engine.metrics });
        engine.url = await engine.server.listen();
      }
      engine.subscribe();
      logger.info({ url: engine.url, stateDir: config.stateDir, feed: feed.name, venue: venue.id, mode: config.mode }, `engine started (${config.mode})`);
      return engine;
    } catch (error) {
      await closeExchanges();
      throw error;
    }
  }

  /**
   * Live start (live data, simulated or ccxt venue). The venue is the source of truth: the kernel's order sequence
   * continues after the highest client order id in the trail (ids are never reused), then the ccxt venue reconciles
   * with the exchange before any strategy runs: it adopts the open orders it finds (registered in the kernel's order
   * manager, so their fills book into the portfolio) and replays fills it has not delivered.
   */
  private async beginLive(trail: readonly AuditRecord[], plan: RecoveryPlan | undefined): Promise<void> {
    const highest = plan === undefined ? 0 : highestOrderSequence(trail);
    for (let i = 0; i < highest; i++) this.kernel.orderManager.nextId(undefined);
    const live = this.venue instanceof CcxtVenue ? this.venue : undefined;
    const restored = plan === undefined ? undefined : restoreLiveState(this.kernel, trail, { reopenOrders: live !== undefined });
    if (live !== undefined) {
      if (restored !== undefined) live.restore({ orders: restored.openOrders, fillIds: restored.fillIds });
      await live.connect();
    }
    this.kernel.start();
    this.modeStore.open = true;
    this.audit.record(
      restored === undefined
        ? { type: 'config-change', actor: 'engine', payload: { configSha256: this.configSha256, feed: this.feed.name, venue: this.venue.id, config: JSON.parse(JSON.stringify(this.config)) as JsonValue } }
        : {
            type: 'recovery',
            actor: 'engine',
            payload: {
              resumedAt: this.clock.now(),
              previousRecords: plan!.records,
              orderSequenceFrom: highest,
              fillsRebooked: restored.fills,
              ordersReopened: restored.openOrders.map((o) => o.clientOrderId),
              openOrdersAfterReconcile: this.kernel.portfolio.openOrders().map((o) => o.clientOrderId),
            },
          },
    );
    if (restored !== undefined) {
      this.logger.warn({ previousRecords: plan!.records, orderSequenceFrom: highest, fillsRebooked: restored.fills, ordersReopened: restored.openOrders.length }, 'restart: book restored from the audit trail, venue reconciled');
    }
  }

  /**
   * Live warm-up, before the first live bar: fetches the last `bars` closed bars of every feed symbol over REST and
   * replays them to the strategies through `TradingKernel.warmUp` (their orders are rejected as `warm-up`; nothing
   * reaches the venue). Live bars not newer than the warm-up are skipped. Recorded as a `warm-up` audit record and
   * logged. A failed download is logged and the engine starts cold (the strategies then warm up on live bars).
   */
  async warmUp(exchange: ReturnType<typeof openExchange>, wall: Clock, bars: number): Promise<void> {
    const cf = this.config.feed as Extract<EngineConfig['feed'], { type: 'ccxt' }>;
    let history;
    try {
      history = await fetchWarmupBars({ exchange, symbols: cf.symbols, timeframe: cf.timeframe as never, bars, clock: wall });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn({ bars, message }, 'warm-up download failed: strategies start without history');
      this.audit.record({ type: 'warm-up', actor: 'engine', payload: { requestedBars: bars, bars: 0, error: message } });
      return;
    }
    for (const b of history) this.warmedUntil.set(b.symbol, Math.max(this.warmedUntil.get(b.symbol) ?? -Infinity, b.openTime));
    const result = this.kernel.warmUp(history);
    const perSymbol = Object.fromEntries(cf.symbols.map((sym) => [sym, history.filter((b) => b.symbol === sym).length]));
    const payload = {
      requestedBars: bars,
      bars: result.bars,
      perSymbol,
      from: history.length === 0 ? null : history[0]!.openTime,
      to: history.length === 0 ? null : history[history.length - 1]!.openTime,
      ordersRejected: result.ordersRejected,
    };
    this.audit.record({ type: 'warm-up', actor: 'engine', payload });
    this.logger.info(payload, `warm-up: ${result.bars} bars replayed to the strategies`);
  }

  /** Starts the kernel; after a crash, arms the catch-up that re-runs what the trail already holds. */
  private begin(plan: RecoveryPlan | undefined): void {
    this.kernel.start();
    if (plan === undefined) {
      this.modeStore.open = true;
      this.audit.record({
        type: 'config-change',
        actor: 'engine',
        payload: { dataSha256: this.dataSha256 ?? null, configSha256: this.configSha256, feed: this.feed.name, config: JSON.parse(JSON.stringify(this.config)) as JsonValue },
      });
      return;
    }
    this.recovering = true;
    this.audit.beginCatchUp(plan.lastTime, plan.recordsAtLastTime);
    this.pendingActions = [...plan.actions];
    this.logger.warn({ records: plan.records, lastTime: plan.lastTime, operatorActions: plan.actions.length }, 'restart: catching up from the audit trail');
    this.applyRecordedActions();
  }

  /** Re-applies operator actions recorded at or before the current clock time (catch-up only). */
  private applyRecordedActions(): void {
    const now = this.clock.now();
    while (this.pendingActions.length > 0 && this.pendingActions[0]!.time <= now) {
      const action = this.pendingActions.shift()!;
      if (action.command === 'shutdown') this.cancelOpenOrders();
      else this.applyModeRequest({ mode: action.mode, source: action.source, reason: action.reason, time: action.time });
    }
  }

  /** Leaves catch-up once the clock has passed the trail: from here on everything is new. */
  private checkCaughtUp(): void {
    if (!this.recovering || this.audit.isCatchingUp) return;
    this.recovering = false;
    this.modeStore.open = true;
    this.audit.record({
      type: 'recovery',
      actor: 'engine',
      payload: { resumedAt: this.clock.now(), eventsReplayed: this.eventsProcessed, fillsRebuilt: this.kernel.fillCount, duplicateRecordsDropped: this.audit.dropped },
    });
    this.logger.warn({ events: this.eventsProcessed, fills: this.kernel.fillCount }, 'caught up after restart; continuing');
  }

  /**
   * Starts the kill switch (GPIO through onoff on a Raspberry Pi, simulated pins elsewhere): its mode requests go to
   * the risk gate (recorded first as inputs, so a crash recovery can replay them), the gate's mode drives its LEDs,
   * and the engine sends it heartbeats on wall time (the dead man's switch fires if the event loop stalls).
   */
  private async startKillSwitch(): Promise<void> {
    const cfg = this.config.killSwitch;
    const gpio: GpioBackend = cfg.backend === 'gpio' ? await OnoffGpio.load() : (this.simulatedPins = new SimulatedGpio());
    const p = cfg.pins;
    const pins = p === undefined
      ? { button: 17, tamper: 27, green: 22, yellow: 23, red: 24, buzzer: 25 }
      : Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as { button: number };
    const wall = new SystemClock();
    const ks = new KillSwitch({
      gpio,
      clock: wall,
      audit: this.audit,
      pins,
      buttonMode: cfg.action === 'pause' ? TradingMode.Pause : TradingMode.Emergency,
      cooldownMs: cfg.cooldownMs,
      heartbeatTimeoutMs: cfg.heartbeatTimeoutMs,
    });
    ks.modeRequests.subscribe((request) => this.applyModeRequest(request));
    this.gate.modeChanges.subscribe((t) => ks.showMode(t.mode));
    ks.start();
    ks.showMode(this.gate.mode);
    this.killSwitch = ks;
    this.heartbeatTimer = setInterval(() => ks.heartbeat(), Math.max(50, Math.floor(cfg.heartbeatTimeoutMs / 4)));
    this.heartbeatTimer.unref();
    if (this.gate.mode === TradingMode.Emergency || this.gate.mode === TradingMode.Pause) {
      // A latched state rebuilt by a catch-up: latch the fresh switch too (LEDs, deliberate reset needed).
      ks.trigger('engine', `state restored after restart (${this.gate.mode})`, this.gate.mode);
    }
  }

  /** A mode request from outside the deterministic run: recorded as an input, then given to the risk gate. */
  private applyModeRequest(request: ModeChangeRequest): void {
    this.audit.record({
      type: 'operator-action',
      actor: request.source,
      payload: { command: 'mode-request', mode: request.mode, source: request.source, reason: request.reason },
    });
    this.gate.requestMode({ ...request, time: this.clock.now() });
    this.killState =
      request.mode === TradingMode.Normal ? { state: 'armed' } : { state: 'triggered', reason: request.reason };
  }

  private subscribe(): void {
    this.subscription = this.feed.events().subscribe({
      next: (event) => {
        if (this.stopping) return;
        this.route(event);
        if (this.recovering) {
          this.applyRecordedActions();
          this.checkCaughtUp();
        }
      },
      error: (error: unknown) => {
        this.logger.error({ err: error }, 'feed failed');
        void this.stop('feed error');
      },
      complete: () => {
        if (this.stopping) return;
        this.finished = true;
        this.logger.info({ events: this.eventsProcessed, fills: this.kernel.fillCount }, 'replay finished');
        void this.audit.flush().then(() => this.resolveDone());
      },
    });
  }

  private route(event: MarketEvent): void {
    if (event.type === 'bar' && event.openTime <= (this.warmedUntil.get(event.symbol) ?? -Infinity)) return; // seen in the warm-up
    if (event.type === 'bar' && this.clock instanceof ManualClock) this.clock.advanceTo(Math.max(this.clock.now(), event.openTime + timeframeToMs(event.timeframe)));
    this.eventStart = process.hrtime.bigint();
    this.kernel.onMarketEvent(event);
    this.eventStart = 0n;
    this.eventsProcessed++;
    this.lastEventTime = event.type === 'bar' ? event.openTime : event.time;
    this.metrics.marketEvents.inc();
  }

  private onControl(command: ControlCommand): ControlReply {
    switch (command.command) {
      case 'status':
        return { ok: true, message: `${this.gate.mode}`, data: this.status() };
      case 'kill': {
        // The cause is recorded before its effects (switch latch, mode change, cancels, flattening orders).
        this.audit.record({ type: 'operator-action', actor: `operator:${command.operator}`, payload: { command: 'kill', reason: command.reason } });
        this.killSwitch!.trigger(`operator:${command.operator}`, command.reason || 'bot kill');
        return { ok: true, message: `trading mode is now ${this.gate.mode}: open orders canceled, positions flattened` };
      }
      case 'reset': {
        this.audit.record({ type: 'operator-action', actor: `operator:${command.operator}`, payload: { command: 'reset', reason: command.reason } });
        const outcome = this.killSwitch!.reset(`operator:${command.operator}`);
        if (!outcome.ok) return { ok: false, message: `reset refused: ${outcome.reason}` };
        if (this.gate.mode !== TradingMode.Normal) {
          return { ok: false, message: `kill switch reset, but the risk gate keeps ${this.gate.mode}: ${this.gate.modeState.reason}` };
        }
        return { ok: true, message: 'trading mode is now normal' };
      }
    }
  }

  /**
   * Graceful shutdown: stop taking events, cancel or keep open orders by policy, flush and close the
   * audit trail, close HTTP and the control socket. Idempotent.
   */
  async stop(reason: string): Promise<void> {
    if (this.stopping) return this.done;
    this.stopping = true;
    this.subscription?.unsubscribe();
    const open = this.kernel.portfolio.openOrders().length;
    const cancel = this.config.shutdown.openOrders === 'cancel';
    if (cancel) this.cancelOpenOrders();
    this.audit.record({ type: 'operator-action', actor: 'engine', payload: { command: cancel ? 'shutdown' : 'shutdown-keep', reason, openOrders: open, policy: this.config.shutdown.openOrders } });
    if (cancel && this.venue instanceof CcxtVenue && open > 0) {
      // the exchange acknowledges cancels asynchronously: wait for them (bounded), then report what is still open
      const deadline = this.clock.now() + this.cancelTimeoutMs;
      while (this.kernel.portfolio.openOrders().length > 0 && this.clock.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const left = this.kernel.portfolio.openOrders().map((o) => o.clientOrderId);
      if (left.length > 0) this.logger.error({ openOrders: left, timeoutMs: this.cancelTimeoutMs }, 'shutdown: cancels not acknowledged in time; these orders may still be open on the exchange');
    }
    this.kernel.stop();
    await this.closeExchanges();
    if (this.heartbeatTimer !== undefined) clearInterval(this.heartbeatTimer);
    this.killSwitch?.stop();
    await this.audit.flush();
    await this.audit.close();
    await this.server?.close();
    await this.control.close();
    this.logger.info({ reason, events: this.eventsProcessed }, 'engine stopped');
    this.resolveDone();
  }

  /** Cancels need no risk approval: the venue reports each cancel back to the kernel's order manager. */
  private cancelOpenOrders(): void {
    const ids: ClientOrderId[] = this.kernel.portfolio.openOrders().map((o) => o.clientOrderId);
    for (const id of ids) this.venue.cancelOrder(id);
  }

  /** Everything the dashboard shows. */
  status(): EngineStatus {
    const portfolio = this.kernel.portfolio;
    const curve = this.kernel.equityCurve();
    const from = Math.max(0, curve.time.length - CURVE_POINTS);
    const fills = this.kernel.fills();
    const recent: FillView[] = fills.slice(-RECENT_FILLS).map((f) => ({
      time: f.time,
      symbol: f.symbol,
      side: f.side,
      quantity: f.quantity.toNumber(),
      price: f.price.toNumber(),
      fee: f.fee.amount.toNumber(),
    }));
    const positions = portfolio
      .positions()
      .filter((p) => !p.quantity.isZero())
      .map((p) => {
        const mark = portfolio.lastPrice(p.symbol) ?? p.averageEntryPrice.toNumber();
        return {
          symbol: p.symbol,
          quantity: p.quantity.toNumber(),
          averageEntryPrice: p.averageEntryPrice.toNumber(),
          markPrice: mark,
          unrealizedPnl: (mark - p.averageEntryPrice.toNumber()) * p.quantity.toNumber(),
        };
      });
    let realized = 0;
    let unrealized = 0;
    for (const p of portfolio.positions()) realized += p.realizedPnl.toNumber();
    for (const p of positions) unrealized += p.unrealizedPnl;
    let fees = 0;
    for (const v of portfolio.fees().values()) fees += v.toNumber();
    const decisions = this.kernel.riskDecisions();
    let approved = 0;
    let resized = 0;
    let rejected = 0;
    let lastRejection: string | undefined;
    for (const d of decisions) {
      if (d.decision.kind === 'approve') approved++;
      else if (d.decision.kind === 'resize') resized++;
      else {
        rejected++;
        lastRejection = d.decision.reasons.map((r) => r.code).join(', ');
      }
    }
    const equity = portfolio.equity();
    const peak = Math.max(portfolio.peakEquity(), this.initialEquity);
    return {
      runMode: this.config.mode,
      tradingMode: this.gate.mode,
      currency: this.config.account.currency,
      now: this.clock.now(),
      startedAt: this.startedAt,
      equity,
      cash: portfolio.cash(),
      initialEquity: this.initialEquity,
      realizedPnl: realized,
      unrealizedPnl: unrealized,
      fees,
      equityCurve: { time: Array.from(curve.time.subarray(from)), equity: Array.from(curve.equity.subarray(from)) },
      positions,
      openOrders: portfolio.openOrders().map((o) => ({
        clientOrderId: o.clientOrderId,
        symbol: o.request.symbol,
        side: o.request.side,
        type: o.request.type,
        quantity: o.request.quantity.toNumber(),
        filledQuantity: o.filledQuantity.toNumber(),
        ...('limitPrice' in o.request ? { limitPrice: o.request.limitPrice.toNumber() } : {}),
        ...('stopPrice' in o.request ? { stopPrice: o.request.stopPrice.toNumber() } : {}),
        status: o.status,
      })),
      recentFills: recent,
      risk: { peakEquity: peak, drawdown: peak > 0 ? Math.max(0, 1 - equity / peak) : 0, approved, resized, rejected, ...(lastRejection ? { lastRejection } : {}) },
      killSwitch: { ...this.killState, backend: this.config.killSwitch.backend },
      ...(this.venue instanceof CcxtVenue ? { venue: { id: this.venue.id, streaming: this.venue.isStreaming, stats: { ...this.venue.stats } } } : {}),
      feed: { name: this.feed.name, ...this.feedHealth(), eventsProcessed: this.eventsProcessed, finished: this.finished, ...(Number.isNaN(this.lastEventTime) ? {} : { lastEventTime: this.lastEventTime }) },
    };
  }

  private feedHealth(): { healthy: boolean; stale: boolean } {
    if (!(this.feed instanceof CcxtBarFeed)) return { healthy: true, stale: false };
    const h = this.feed.health();
    return { healthy: !h.stale, stale: h.stale };
  }

  /** The live venue's counters (fills by path, create attempts, look-ups after ambiguous failures...), when live. */
  get venueStats(): CcxtVenue['stats'] | undefined {
    return this.venue instanceof CcxtVenue ? this.venue.stats : undefined;
  }

  /** The current trading mode of the risk gate. */
  get tradingMode(): TradingMode {
    return this.gate.mode;
  }

  /** Fills since the start of the run (the fill list itself keeps only the newest `retention.fills`). */
  get fillCount(): number {
    return this.kernel.fillCount;
  }

  /** The retained fills (newest 10 000), for parity checks and the dashboard. */
  fills(): ReturnType<TradingKernel['fills']> {
    return this.kernel.fills();
  }
}

/**
 * The file mode store (readable by operators and `bot status`), written only from the live edge: the gate always
 * starts from `normal` because the mode is rebuilt by re-running the trail's inputs, and nothing is saved while a
 * catch-up re-runs the past.
 */
class GatedModeStore implements ModeStore {
  open = false;
  constructor(private readonly file: FileModeStore) {}
  load(): PersistedModeState | undefined {
    return undefined;
  }
  save(state: PersistedModeState): void {
    if (this.open) this.file.save(state);
  }
}

/**
 * Registers an order the venue found on the exchange and adopts (reconciliation, `unknownOrderPolicy: 'adopt'`) in
 * the kernel's order manager, before the venue reports it accepted, so its fills book into the portfolio.
 */
function adoptOrder(kernel: TradingKernel, report: VenueOrderReport, time: number): void {
  const om = kernel.orderManager;
  if (om.get(report.clientOrderId) !== undefined) return;
  const base = { symbol: report.symbol, side: report.side, quantity: report.quantity, timeInForce: 'GTC' as const, postOnly: false, reduceOnly: false };
  const request: OrderRequest = report.limitPrice === undefined ? { ...base, type: 'market' } : { ...base, type: 'limit', limitPrice: report.limitPrice };
  om.create(report.clientOrderId, request, undefined, time);
  om.markSubmitted(report.clientOrderId, time);
}

function sizerFor(config: EngineConfig): PositionSizer {
  const sizing = config.sizing;
  if (sizing === 'all-in') return new ExactAllInSizer();
  if (sizing.type === 'fixed') return new FixedQuantitySizer(Number(sizing.quantity));
  return new FractionOfEquitySizer(sizing.fraction as never);
}
