import type { Clock, ModeChangeRequest, OrderSide, Symbol, TradingMode } from '@bot/core-types';
import type { Observable } from 'rxjs';
import { Subject } from 'rxjs/internal/Subject';
import type { BreakersConfig, EscalationMode } from '../gate/riskGateConfig.js';

/** Names of the circuit breakers. */
export type BreakerName = 'venue-errors' | 'quote-staleness' | 'spread' | 'slippage' | 'divergence';

/** A breaker trip: which breaker, the mode it requests, the figures that tripped it. */
export interface BreakerTrip {
  readonly breaker: BreakerName;
  readonly mode: EscalationMode;
  readonly reason: string;
  /** The measured value (count, ms, bps). */
  readonly value: number;
  /** The configured threshold, same unit. */
  readonly threshold: number;
  readonly time: number;
}

/** A sliding window of event times (ring buffer). */
class TimeWindow {
  private readonly times: number[] = [];
  constructor(private readonly windowMs: number) {}
  add(time: number): number {
    this.times.push(time);
    return this.count(time);
  }
  count(now: number): number {
    const cutoff = now - this.windowMs;
    let drop = 0;
    while (drop < this.times.length && this.times[drop]! <= cutoff) drop++;
    if (drop > 0) this.times.splice(0, drop);
    return this.times.length;
  }
}

/**
 * Circuit breakers that turn venue and market misbehaviour into mode-change requests. Each breaker is configured
 * in {@link BreakersConfig} (absent = off). A trip latches: the breaker requests its mode once, stays tripped, and
 * holds the trading mode at that severity (the gate refuses to step below it) until {@link CircuitBreakers.reset}.
 * Feed it from the kernel: venue call outcomes, quotes (per venue), fills with their expected price, and call
 * {@link CircuitBreakers.checkStaleness} periodically (or {@link CircuitBreakers.start} to use clock timers).
 *
 * @example
 * ```ts
 * gate.breakers.recordVenueError('binance');
 * gate.breakers.onQuote('binance', 'BTC/USDT', 64000, 64010, clock.now());
 * ```
 */
export class CircuitBreakers {
  private readonly tripped = new Map<BreakerName, BreakerTrip>();
  private readonly tripSubject = new Subject<BreakerTrip>();
  private consecutiveErrors = new Map<string, number>();
  private readonly errorWindows = new Map<string, TimeWindow>();
  private readonly lastQuote = new Map<Symbol, number>();
  private readonly wideSpreads = new Map<Symbol, number>();
  private readonly mids = new Map<Symbol, Map<string, { mid: number; time: number }>>();
  private slippageWindow: TimeWindow | undefined;
  private timer: ReturnType<Clock['setTimer']> | undefined;

  /** Every trip, as it happens. */
  readonly trips: Observable<BreakerTrip> = this.tripSubject.asObservable();

  constructor(
    private readonly config: BreakersConfig,
    private readonly clock: Clock,
    private readonly requestMode: (request: ModeChangeRequest) => void,
  ) {
    if (config.slippage) this.slippageWindow = new TimeWindow(config.slippage.windowMs);
  }

  /** Tripped breakers (latched until reset). */
  active(): readonly BreakerTrip[] {
    return [...this.tripped.values()];
  }
  /** True when `name` is tripped. */
  isTripped(name: BreakerName): boolean {
    return this.tripped.has(name);
  }
  /** Clears a tripped breaker and its counters (an operator act); the mode itself is changed separately. */
  reset(name: BreakerName): void {
    this.tripped.delete(name);
    if (name === 'venue-errors') {
      this.consecutiveErrors = new Map();
      this.errorWindows.clear();
    }
    if (name === 'spread') this.wideSpreads.clear();
    if (name === 'slippage' && this.config.slippage) this.slippageWindow = new TimeWindow(this.config.slippage.windowMs);
  }

  private trip(breaker: BreakerName, mode: EscalationMode, reason: string, value: number, threshold: number, time: number): void {
    if (this.tripped.has(breaker)) return;
    const t: BreakerTrip = { breaker, mode, reason, value, threshold, time };
    this.tripped.set(breaker, t);
    this.tripSubject.next(t);
    this.requestMode({ mode, source: `breaker:${breaker}`, reason, time });
  }

  /** Records a failed venue call (network error, rejected request, timeout). */
  recordVenueError(venue: string, time: number = this.clock.now()): void {
    const c = this.config.venueErrors;
    if (!c) return;
    const consecutive = (this.consecutiveErrors.get(venue) ?? 0) + 1;
    this.consecutiveErrors.set(venue, consecutive);
    if (c.maxConsecutive !== undefined && consecutive >= c.maxConsecutive) {
      this.trip('venue-errors', c.mode, `${consecutive} consecutive errors from ${venue}`, consecutive, c.maxConsecutive, time);
    }
    if (c.maxInWindow !== undefined) {
      let w = this.errorWindows.get(venue);
      if (!w) this.errorWindows.set(venue, (w = new TimeWindow(c.windowMs)));
      const n = w.add(time);
      if (n >= c.maxInWindow) {
        this.trip('venue-errors', c.mode, `${n} errors from ${venue} within ${c.windowMs} ms`, n, c.maxInWindow, time);
      }
    }
  }

  /** Records a successful venue call (resets the consecutive-error count for the venue). */
  recordVenueSuccess(venue: string): void {
    this.consecutiveErrors.set(venue, 0);
  }

  /** Feeds a quote (best bid/ask) from one venue: drives the spread, staleness and divergence breakers. */
  onQuote(venue: string, symbol: Symbol, bid: number, ask: number, time: number = this.clock.now()): void {
    this.lastQuote.set(symbol, time);
    const mid = (bid + ask) / 2;
    const s = this.config.spread;
    if (s && mid > 0) {
      const spreadBps = ((ask - bid) / mid) * 1e4;
      if (spreadBps > s.maxSpreadBps) {
        const n = (this.wideSpreads.get(symbol) ?? 0) + 1;
        this.wideSpreads.set(symbol, n);
        if (n >= s.consecutive) {
          this.trip('spread', s.mode, `${symbol} spread ${spreadBps.toFixed(1)} bps above ${s.maxSpreadBps} bps for ${n} quotes`, spreadBps, s.maxSpreadBps, time);
        }
      } else {
        this.wideSpreads.set(symbol, 0);
      }
    }
    const d = this.config.divergence;
    if (d && mid > 0) {
      let perVenue = this.mids.get(symbol);
      if (!perVenue) this.mids.set(symbol, (perVenue = new Map()));
      perVenue.set(venue, { mid, time });
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      let fresh = 0;
      for (const q of perVenue.values()) {
        if (time - q.time > d.maxAgeMs) continue;
        fresh++;
        lo = Math.min(lo, q.mid);
        hi = Math.max(hi, q.mid);
      }
      if (fresh >= 2) {
        const bps = ((hi - lo) / lo) * 1e4;
        if (bps > d.maxDivergenceBps) {
          this.trip('divergence', d.mode, `${symbol} mids differ by ${bps.toFixed(1)} bps across venues`, bps, d.maxDivergenceBps, time);
        }
      }
    }
  }

  /** Checks every symbol that has quoted at least once for staleness; trips when one is older than `maxAgeMs`. */
  checkStaleness(now: number = this.clock.now()): void {
    const c = this.config.quoteStaleness;
    if (!c) return;
    for (const [symbol, t] of this.lastQuote) {
      const age = now - t;
      if (age > c.maxAgeMs) {
        this.trip('quote-staleness', c.mode, `${symbol} last quote ${age} ms old (max ${c.maxAgeMs} ms)`, age, c.maxAgeMs, now);
        return;
      }
    }
  }

  /** Schedules {@link checkStaleness} every `intervalMs` on the clock until {@link stop}. */
  start(intervalMs: number): void {
    this.stop();
    const tick = () => {
      this.checkStaleness();
      this.timer = this.clock.setTimer(tick, intervalMs);
    };
    this.timer = this.clock.setTimer(tick, intervalMs);
  }
  /** Stops the staleness timer. */
  stop(): void {
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  /**
   * Feeds a fill with the price expected when the order was approved. Adverse slippage in bps
   * (buy: (fill - expected) / expected; sell: (expected - fill) / expected) above the threshold counts as an outlier.
   * @returns the slippage in bps (positive = adverse)
   */
  onFill(side: OrderSide, expectedPrice: number, fillPrice: number, time: number = this.clock.now(), symbol = ''): number {
    const bps = ((side === 'buy' ? fillPrice - expectedPrice : expectedPrice - fillPrice) / expectedPrice) * 1e4;
    const c = this.config.slippage;
    if (c && this.slippageWindow && bps > c.maxSlippageBps) {
      const n = this.slippageWindow.add(time);
      if (n >= c.count) {
        this.trip('slippage', c.mode, `${n} fills with slippage above ${c.maxSlippageBps} bps within ${c.windowMs} ms (last ${symbol} ${bps.toFixed(1)} bps)`, bps, c.maxSlippageBps, time);
      }
    }
    return bps;
  }

  /** The most severe mode among tripped breakers, or undefined. */
  holdMode(): TradingMode | undefined {
    let worst: TradingMode | undefined;
    const rank = { normal: 0, pause: 1, reduce: 2, emergency: 3 } as const;
    for (const t of this.tripped.values()) if (worst === undefined || rank[t.mode] > rank[worst]) worst = t.mode;
    return worst;
  }
}
