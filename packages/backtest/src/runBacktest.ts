import {
  type AuditSink,
  type BarSeries,
  BotError,
  type Clock,
  type Currency,
  type DecimalLike,
  type Fill,
  type Instrument,
  ManualClock,
  type PositionSizer,
  type RiskGate,
  type Strategy,
  type StrategyDefinition,
  type Symbol,
  createInstrument,
  resolveParams,
  timeframeToMs,
  toDecimal,
} from '@bot/core-types';
import { SimulatedVenue, type SlippageModel, TradingKernel, fillAmounts } from '@bot/execution';
import type { BacktestResult, BacktestSettings, FillRecord, RiskDecisionRecord } from './backtestResult.js';
import { checkBarSpacing } from './barSpacing.js';
import { type RoundTripFill, roundTrips } from './closedTrades.js';
import { ExactAllInSizer } from './exactAllInSizer.js';
import { checkRiskFreeRate, computeMetrics } from './metrics.js';
import type { ParamSet } from './paramSpace.js';
import { inferPeriodsPerYear } from './periodsPerYear.js';

/** A strategy given by definition and parameters (what optimisers and the CLI use). */
export interface StrategySpec {
  readonly definition: StrategyDefinition;
  /** Raw parameter values (strings from a command line are fine); validated with `resolveParams`. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Symbols it trades (default: every symbol of the data). */
  readonly symbols?: readonly Symbol[];
  /** Instance id (default: the definition name, suffixed `#2`, `#3`... when repeated). */
  readonly id?: string;
  /** Services by port name (e.g. a `Forecaster`). */
  readonly services?: Readonly<Record<string, unknown>>;
}

/** Everything a backtest needs. Only `data` and `strategies` are required. */
export interface BacktestConfig {
  /** Bar series, one per symbol (each must have a `BASE/QUOTE` symbol unless `instruments` are given). */
  readonly data: BarSeries | readonly BarSeries[];
  /** Strategy specs or ready strategy instances, all sharing one account. */
  readonly strategies: readonly (StrategySpec | Strategy)[];
  /** Instruments traded (default: one per series from `fee`, `tickSize`, `lotSize`). */
  readonly instruments?: readonly Instrument[];
  /** Starting cash in the account currency (default 10000). */
  readonly initialCash?: DecimalLike;
  /** Let positions go short (default false: sells beyond the position are rejected by the kernel). */
  readonly allowShort?: boolean;
  /** Account currency (default: the first instrument's quote currency). */
  readonly currency?: Currency;
  /** Maker and taker fee of the default instruments, fraction of notional (default 0.001 = 0.1% = 10 bps). */
  readonly fee?: DecimalLike;
  /** Lot size of the default instruments (default 0.00000001: fractional quantities). */
  readonly lotSize?: DecimalLike;
  /** Tick size of the default instruments (default 0.00000001). */
  readonly tickSize?: DecimalLike;
  /** `next-open` (default) or `close` (look-ahead-prone: fills at the close the strategy has just seen). */
  readonly fill?: 'next-open' | 'close';
  /** Slippage model of the simulated venue (default none). */
  readonly slippage?: SlippageModel;
  /** Cap of fills per bar as a fraction (0-1] of the bar's volume (default none). */
  readonly maxVolumeParticipation?: number;
  /** Order activation latency, ms (default 0). */
  readonly latencyMs?: number;
  /** Sizing policy for `setTargetWeight` (default {@link ExactAllInSizer}: all-in, floored exactly to the lot). */
  readonly sizer?: PositionSizer;
  /**
   * Pre-trade risk gate (default: the kernel's permissive gate), or a factory given the run's simulated clock
   * (gates that track time, such as daily loss limits and cooldowns, must use it).
   */
  readonly riskGate?: RiskGate | ((clock: Clock) => RiskGate);
  /** Name of the risk gate for reports (default `custom` when a gate is given, else `permissive`). */
  readonly riskGateName?: string;
  readonly auditSink?: AuditSink;
  /** Annualisation factor (default: inferred from the bar spacing, see `inferPeriodsPerYear`). */
  readonly periodsPerYear?: number;
  /** Annual risk-free rate, a fraction greater than -1 (default 0). */
  readonly riskFreeRate?: number;
  /** Seed recorded in the manifest and passed to seeded components (default 0). */
  readonly seed?: number;
  /** Progress callback (bars done, total). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Wall-clock source for `run.runMs` only (default `performance.now`); never affects results. */
  readonly stopwatch?: () => number;
}

function isSpec(s: StrategySpec | Strategy): s is StrategySpec {
  return typeof (s as StrategySpec).definition === 'object' && (s as StrategySpec).definition !== null;
}

/** Instantiates strategy specs (validating parameters) and returns them with their reported settings. */
export function instantiateStrategies(
  entries: readonly (StrategySpec | Strategy)[],
  symbols: readonly Symbol[],
): { strategies: Strategy[]; settings: { id: string; name: string; params: ParamSet }[] } {
  const used = new Map<string, number>();
  const strategies: Strategy[] = [];
  const settings: { id: string; name: string; params: ParamSet }[] = [];
  for (const e of entries) {
    if (!isSpec(e)) {
      strategies.push(e);
      settings.push({ id: e.id, name: e.id, params: {} });
      continue;
    }
    const def = e.definition;
    const params = resolveParams(def.params, e.params ?? {}) as ParamSet;
    const n = (used.get(def.name) ?? 0) + 1;
    used.set(def.name, n);
    const id = e.id ?? (n === 1 ? def.name : `${def.name}#${n}`);
    const s = def.create(params as never, { symbols: e.symbols ?? symbols, id, ...(e.services === undefined ? {} : { services: e.services }) });
    strategies.push(s);
    settings.push({ id: s.id, name: def.name, params });
  }
  return { strategies, settings };
}

/**
 * Runs a historical simulation on the trading kernel with the simulated venue: the same code path that paper and
 * live trading use, with a manual clock. Deterministic: the same config gives the same result (only `run.runMs`,
 * a wall-clock measurement, varies).
 *
 * Equity is recorded as the initial cash at the first bar's open time followed by the close-marked equity after
 * every bar, stamped with the bar's close time, so there is one periodic return per bar. Fills are stamped with the
 * clock time at which they happened (the open time of the fill bar for `next-open`).
 *
 * @throws BotError `INVALID_ARGUMENT` for no data, a series whose timeframe is longer than the spacing of its bars
 *   (see `checkBarSpacing`), a series without a `BASE/QUOTE` symbol and no instruments, a strategy trading a symbol
 *   without data, or a risk-free rate of -1 or below; ValidationError for bad strategy parameters.
 * @example
 * ```ts
 * const result = runBacktest({ data: series, strategies: [{ definition: smaCross, params: { fast: 10, slow: 30 } }] });
 * console.log(result.metrics.sharpe, result.trades.length);
 * ```
 */
export function runBacktest(config: BacktestConfig): BacktestResult {
  const data: readonly BarSeries[] = Array.isArray(config.data) ? (config.data as readonly BarSeries[]) : [config.data as BarSeries];
  if (data.length === 0 || data.every((s) => s.length === 0)) throw new BotError('INVALID_ARGUMENT', 'runBacktest: no bars in the data');
  for (const s of data) checkBarSpacing(s);
  if (config.riskFreeRate !== undefined) checkRiskFreeRate(config.riskFreeRate, 'runBacktest: ');
  const symbols = data.map((s) => s.symbol);
  const fee = config.fee ?? '0.001';
  const instruments =
    config.instruments ??
    data.map((s) => {
      if (!s.symbol.includes('/')) {
        throw new BotError('INVALID_ARGUMENT', `series symbol "${s.symbol}" is not BASE/QUOTE: relabel the series (e.g. ${s.symbol}/USD) or pass instruments`);
      }
      return createInstrument({ symbol: s.symbol, tickSize: config.tickSize ?? '0.00000001', lotSize: config.lotSize ?? '0.00000001', makerFee: fee, takerFee: fee });
    });
  const currency = config.currency ?? instruments[0]!.quote;
  const initialCash = toDecimal(config.initialCash ?? 10_000);
  let start = Number.POSITIVE_INFINITY;
  for (const s of data) if (s.length > 0 && s.openTime[0]! < start) start = s.openTime[0]!;
  const clock = new ManualClock(start);
  const fillMode = config.fill ?? 'next-open';
  const venue = new SimulatedVenue({
    clock,
    instruments,
    fill: fillMode,
    ...(config.slippage === undefined ? {} : { slippage: config.slippage }),
    ...(config.maxVolumeParticipation === undefined ? {} : { maxVolumeParticipation: config.maxVolumeParticipation }),
    ...(config.latencyMs === undefined ? {} : { latencyMs: config.latencyMs }),
  });
  const { strategies, settings: strategySettings } = instantiateStrategies(config.strategies, symbols);
  const sizer = config.sizer ?? new ExactAllInSizer();
  const kernel = new TradingKernel({
    clock,
    venue,
    instruments,
    account: { currency, initialCash: initialCash.toString(), ...(config.allowShort === true ? { allowShort: true } : {}) },
    strategies,
    sizer,
    ...(config.riskGate === undefined ? {} : { riskGate: typeof config.riskGate === 'function' ? config.riskGate(clock) : config.riskGate }),
    ...(config.auditSink === undefined ? {} : { auditSink: config.auditSink }),
    // the result reports no signals (an audit sink still gets every one): keeping them would only give the GC work
    retention: { signals: 1 },
  });
  const watch = config.stopwatch ?? (() => performance.now());
  const t0 = watch();
  kernel.runBarSeries([...data], config.onProgress === undefined ? {} : { onProgress: config.onProgress });
  const runMs = watch() - t0;

  const fills = kernel.fills();
  const curve = kernel.equityCurve();
  const n = curve.time.length;
  const time = new Float64Array(n + 1);
  const equity = new Float64Array(n + 1);
  time[0] = start;
  equity[0] = initialCash.toNumber();
  // The kernel stamps each mark with its bar's open time; the mark is taken at the close, so report it there.
  const barMs = timeframeToMs(data[0]!.timeframe);
  for (let i = 0; i < n; i++) time[i + 1] = curve.time[i]! + barMs;
  equity.set(curve.equity, 1);

  let feesPaid = 0;
  let notional = 0;
  const fillRecords: FillRecord[] = new Array<FillRecord>(fills.length);
  const tradeFills: RoundTripFill[] = new Array<RoundTripFill>(fills.length);
  for (let i = 0; i < fills.length; i++) {
    // The simulated venue's fills convert from their exact values without decimal.js (which would dominate the
    // cost of reporting 10^4+ fills); the numbers are the same.
    const f: Fill = fills[i]!;
    const a = fillAmounts(f);
    const qty = a.quantity;
    const price = a.price;
    const feeAmt = a.fee;
    feesPaid += feeAmt;
    notional += qty * price;
    fillRecords[i] = { time: f.time, symbol: f.symbol, side: f.side, qty, price, fee: feeAmt, liquidity: f.liquidity, clientOrderId: f.clientOrderId };
    tradeFills[i] = { symbol: f.symbol, side: f.side, time: f.time, qty, price, fee: feeAmt, qtyUnits: a.quantityUnits, qtyExponent: a.quantityExponent };
  }
  const { closed, open } = roundTrips(tradeFills);
  const barTimes = data.reduce((a, s) => (s.length > a.length ? s : a), data[0]!).openTime;
  const periodsPerYear = config.periodsPerYear ?? (barTimes.length >= 2 ? inferPeriodsPerYear(barTimes) : 252);
  const metrics = computeMetrics({
    equity: { time, equity },
    trades: closed,
    openTrades: open,
    feesPaid,
    tradedNotional: notional,
    periodsPerYear,
    ...(config.riskFreeRate === undefined ? {} : { riskFreeRate: config.riskFreeRate }),
  });

  const { decisions: riskDecisions, approvals } = collectRiskDecisions(kernel);
  const { summary: orderSummary, rejectedBy } = summariseOrders(kernel);
  const warnings: string[] = [];
  const unpaid = Object.entries(orderSummary.reasons).filter(([r]) => /insufficient funds/i.test(r)).reduce((a, [, c]) => a + c, 0);
  if (unpaid > 0) {
    warnings.push(
      `${unpaid} order(s) canceled for insufficient funds: the cash at the fill did not cover them (a gap up after a decision sized on the close, slippage, fees, or cash already held in other positions). backtrader cancels them too; a smaller sizing (e.g. fraction:0.95) leaves room`,
    );
  }
  const rejectedWarning = rejectionWarning(orderSummary.total, rejectedBy);
  if (rejectedWarning !== undefined) warnings.push(rejectedWarning);
  if (fillMode === 'close') {
    warnings.push('fill mode "close" is look-ahead-prone: orders filled at the close of the bar the strategy had just seen');
  }
  if (open.length > 0) warnings.push(`${open.length} position(s) still open at the end, marked to the last close and not counted as trades`);
  const bars = data.reduce((a, s) => a + s.length, 0);
  const settings: BacktestSettings = {
    symbols,
    timeframe: data[0]!.timeframe,
    strategies: strategySettings,
    initialCash: initialCash.toString(),
    currency,
    fill: fillMode,
    slippage: config.slippage?.name ?? 'none',
    fees: Object.fromEntries(instruments.map((i) => [i.symbol, { maker: i.makerFee.toString(), taker: i.takerFee.toString() }])),
    sizing: sizer.name,
    riskGate: config.riskGateName ?? (config.riskGate === undefined ? 'permissive' : 'custom'),
    seed: config.seed ?? 0,
    periodsPerYear,
    riskFreeRate: config.riskFreeRate ?? 0,
  };
  return {
    metrics,
    fills: fillRecords,
    trades: closed,
    openTrades: open,
    equity: { time, equity },
    riskDecisions,
    riskApprovals: approvals,
    orders: orderSummary,
    settings,
    warnings,
    run: { bars, runMs },
  };
}

/**
 * Counts of the run's orders by final status, and of the canceled/expired/rejected ones by the leading phrase of
 * their reason; `rejectedBy` counts the rejected ones alone by that phrase (for {@link rejectionWarning}).
 */
function summariseOrders(kernel: TradingKernel): { summary: BacktestResult['orders']; rejectedBy: Map<string, number> } {
  let filled = 0;
  let canceled = 0;
  let rejected = 0;
  let total = 0;
  const reasons: Record<string, number> = {};
  const rejectedBy = new Map<string, number>();
  // statuses and reasons only: no Order snapshot per order
  kernel.orderManager.forEachStatus((status, reason) => {
    total++;
    if (status === 'filled') filled++;
    else if (status === 'canceled' || status === 'expired') canceled++;
    else if (status === 'rejected') rejected++;
    if ((status === 'canceled' || status === 'rejected' || status === 'expired') && reason !== undefined) {
      // Group by the reason's leading phrase ("insufficient funds: needs ..." -> "insufficient funds").
      const colon = reason.indexOf(':');
      const key = (colon < 0 ? reason : reason.slice(0, colon)).trim();
      reasons[key] = (reasons[key] ?? 0) + 1;
      if (status === 'rejected') rejectedBy.set(key, (rejectedBy.get(key) ?? 0) + 1);
    }
  });
  return { summary: { total, filled, canceled, rejected, reasons }, rejectedBy };
}

/**
 * The warning for orders the venue or the kernel refused (post-only that would take liquidity, a sell beyond the
 * position without short selling, reduce-only with nothing to reduce, ...), most frequent reason first: without
 * it a run whose orders were nearly all refused reports only "0 trades". The risk gate's refusals are left out:
 * they are listed, order by order, in `riskDecisions`.
 */
function rejectionWarning(total: number, rejectedBy: ReadonlyMap<string, number>): string | undefined {
  const byCount = [...rejectedBy].filter(([reason]) => reason !== 'risk').sort((a, b) => b[1] - a[1]);
  if (byCount.length === 0) return undefined;
  const count = byCount.reduce((a, [, c]) => a + c, 0);
  const fmt = (n: number): string => n.toLocaleString('en-US');
  const listed = byCount.slice(0, 3).map(([reason, c]) => `${reason} (${fmt(c)})`);
  if (byCount.length > 3) listed.push(`${byCount.length - 3} more reason(s)`);
  return `${fmt(count)} of ${fmt(total)} order(s) rejected: ${listed.join(', ')}`;
}

function collectRiskDecisions(kernel: TradingKernel): { decisions: RiskDecisionRecord[]; approvals: number } {
  const decisions: RiskDecisionRecord[] = [];
  let approvals = 0;
  for (const d of kernel.riskDecisions()) {
    if (d.decision.kind === 'approve') {
      approvals++;
      continue;
    }
    const req = d.intent.request;
    decisions.push({
      time: d.intent.time,
      clientOrderId: d.intent.clientOrderId,
      symbol: req.symbol,
      side: req.side,
      requestedQty: req.quantity.toNumber(),
      decision: d.decision.kind,
      ...(d.decision.kind === 'resize' ? { qty: d.decision.quantity.toNumber() } : {}),
      reasons: d.decision.reasons.map((r) => ({ code: r.code, message: r.message })),
    });
  }
  return { decisions, approvals };
}
