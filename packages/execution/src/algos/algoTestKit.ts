/**
 * @internal Test fixtures for the execution-algorithm tests (not exported from the package): a recording risk gate
 * and a kernel + simulated venue + host set-up on a ManualClock.
 */
import { ManualClock, Quantity, TradingMode, barSeriesFromBars, createInstrument } from '@bot/core-types';
import type {
  Bar,
  Instrument,
  InstrumentSpec,
  ModeChangeRequest,
  OrderIntent,
  RiskContext,
  RiskDecision,
  RiskGate,
  Strategy,
  Subscribable,
} from '@bot/core-types';
import { Subject } from 'rxjs/internal/Subject';
import { SimulatedVenue } from '../simulatedVenue.js';
import type { SimulatedVenueOptions } from '../simulatedVenue.js';
import { TradingKernel } from '../tradingKernel.js';
import { AlgoHost } from './algoHost.js';
import type { AlgoHostOptions } from './algoHost.js';
import type { ParentProgress } from './parentRuntime.js';

export const T0 = Date.UTC(2024, 0, 1);
export const MIN = 60_000;

/** One verdict as the recording gate saw it. */
export interface GateRecord {
  readonly intent: OrderIntent;
  readonly mode: TradingMode;
  /** Signed position when the intent was checked. */
  readonly position: number;
  readonly decision: RiskDecision;
}

/** A gate that records every intent with the mode and position, and decides by `rule` (approve by default). It does NOT enforce the mode. */
export class RecordingGate implements RiskGate {
  mode: TradingMode = TradingMode.Normal;
  readonly seen: GateRecord[] = [];
  private readonly subject = new Subject<ModeChangeRequest>();
  readonly modeChanges: Subscribable<ModeChangeRequest> = this.subject;
  constructor(private readonly rule: (intent: OrderIntent, n: number) => RiskDecision | undefined = () => undefined) {}
  check(intent: OrderIntent, context: RiskContext): RiskDecision {
    const decision = this.rule(intent, this.seen.length + 1) ?? { kind: 'approve', reasons: [] };
    this.seen.push({ intent, mode: this.mode, position: context.portfolio.positionQuantity(intent.request.symbol), decision });
    return decision;
  }
  requestMode(r: ModeChangeRequest): void {
    if (r.mode === this.mode) return;
    this.mode = r.mode;
    this.subject.next(r);
  }
  setMode(mode: TradingMode, time: number): void {
    this.requestMode({ mode, source: 'test', reason: 'test', time });
  }
}

/** Resize decision helper. */
export function resizeTo(q: string): RiskDecision {
  return { kind: 'resize', quantity: Quantity.of(q), reasons: [{ code: 'test-resize', message: 'test' }] };
}
/** Reject decision helper. */
export const REJECT: RiskDecision = { kind: 'reject', reasons: [{ code: 'test-reject', message: 'test' }] };

export function inst(spec: Partial<InstrumentSpec> = {}): Instrument {
  return createInstrument({ symbol: 'ABC/USD', tickSize: '0.01', lotSize: '0.001', ...spec });
}

/** A 1m bar at index i (openTime T0 + i minutes). */
export function bar(i: number, o: number, h: number, l: number, c: number, v = 1_000): Bar {
  return { type: 'bar', symbol: 'ABC/USD', timeframe: '1m', openTime: T0 + i * MIN, open: o, high: h, low: l, close: c, volume: v };
}

/** A series of 1m bars from [o, h, l, c, v?] rows starting at T0. */
export function rows(r: readonly (readonly number[])[]) {
  return barSeriesFromBars(r.map((x, i) => bar(i, x[0]!, x[1]!, x[2]!, x[3]!, x[4] ?? 1_000)), 'ABC/USD', '1m');
}

/** Flat bars at price p. */
export function flat(n: number, p = 100, v = 1_000): number[][] {
  return Array.from({ length: n }, () => [p, p + 0.5, p - 0.5, p, v]);
}

/** Kernel + SimulatedVenue + AlgoHost on a ManualClock at T0 - 1 min; the kernel is started. */
export function algoSetup(opts: {
  gate?: RiskGate;
  instrument?: Instrument;
  venue?: Partial<SimulatedVenueOptions>;
  host?: Partial<AlgoHostOptions>;
  strategies?: Strategy[];
  cash?: number;
  allowShort?: boolean;
} = {}) {
  const instrument = opts.instrument ?? inst();
  const clock = new ManualClock(T0 - MIN);
  const venue = new SimulatedVenue({ clock, instruments: [instrument], ...opts.venue });
  const updates: ParentProgress[] = [];
  const host = new AlgoHost({ clock, onParentUpdate: (p) => updates.push(p), ...opts.host });
  const kernel = new TradingKernel({
    clock,
    venue,
    instruments: [instrument],
    account: { currency: 'USD', initialCash: opts.cash ?? 1_000_000, ...(opts.allowShort === undefined ? {} : { allowShort: opts.allowShort }) },
    strategies: [host, ...(opts.strategies ?? [])],
    ...(opts.gate === undefined ? {} : { riskGate: opts.gate }),
  });
  kernel.start();
  const children = () => kernel.orders().filter((o) => o.request.strategyId === host.id);
  return { clock, venue, kernel, host, instrument, updates, children };
}
