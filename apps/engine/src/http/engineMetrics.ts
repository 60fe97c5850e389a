import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { TRADING_MODES } from '@bot/core-types';
import type { EngineStatus } from '../engineStatus.js';

/**
 * Prometheus metrics of the engine (`/metrics`). Gauges are refreshed from a status snapshot on every scrape;
 * counters and the decision-latency histogram are fed by the engine as events happen.
 */
export class EngineMetrics {
  readonly registry = new Registry();
  readonly marketEvents = new Counter({ name: 'bot_market_events_total', help: 'Market events processed', registers: [this.registry] });
  readonly ordersSubmitted = new Counter({ name: 'bot_orders_submitted_total', help: 'Orders sent to the venue', registers: [this.registry] });
  readonly fills = new Counter({ name: 'bot_fills_total', help: 'Fills received', registers: [this.registry] });
  readonly riskDecisions = new Counter({
    name: 'bot_risk_decisions_total',
    help: 'Risk gate decisions by kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly decisionLatency = new Histogram({
    name: 'bot_decision_latency_seconds',
    help: 'From market event to order intent',
    buckets: [5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 1e-3, 1e-2],
    registers: [this.registry],
  });
  private readonly equity = new Gauge({ name: 'bot_equity', help: 'Marked equity, account currency', registers: [this.registry] });
  private readonly cash = new Gauge({ name: 'bot_cash', help: 'Cash, account currency', registers: [this.registry] });
  private readonly drawdown = new Gauge({ name: 'bot_drawdown_ratio', help: 'Drawdown from peak equity (fraction)', registers: [this.registry] });
  private readonly openOrders = new Gauge({ name: 'bot_open_orders', help: 'Open orders', registers: [this.registry] });
  private readonly positions = new Gauge({ name: 'bot_positions', help: 'Non-flat positions', registers: [this.registry] });
  private readonly tradingMode = new Gauge({
    name: 'bot_trading_mode',
    help: '1 for the current trading mode',
    labelNames: ['mode'] as const,
    registers: [this.registry],
  });
  private readonly killSwitch = new Gauge({ name: 'bot_kill_switch_triggered', help: '1 when the kill switch is latched', registers: [this.registry] });
  private readonly feedHealthy = new Gauge({ name: 'bot_feed_healthy', help: '1 when the market data feed is healthy', registers: [this.registry] });

  private readonly venueCounts = new Gauge({
    name: 'bot_venue_stat',
    help: 'Live venue counters (fills by path, create attempts, look-ups after ambiguous failures, stream drops, polls)',
    labelNames: ['stat'] as const,
    registers: [this.registry],
  });
  private readonly venueStreaming = new Gauge({ name: 'bot_venue_streaming', help: '1 while the live venue order stream delivers (0: polling)', registers: [this.registry] });

  /** Copies a status snapshot into the gauges. */
  refresh(status: EngineStatus): void {
    this.equity.set(status.equity);
    this.cash.set(status.cash);
    this.drawdown.set(status.risk.drawdown);
    this.openOrders.set(status.openOrders.length);
    this.positions.set(status.positions.length);
    for (const mode of TRADING_MODES) this.tradingMode.set({ mode }, mode === status.tradingMode ? 1 : 0);
    this.killSwitch.set(status.killSwitch.state === 'triggered' ? 1 : 0);
    this.feedHealthy.set(status.feed.healthy ? 1 : 0);
    if (status.venue !== undefined) {
      for (const [stat, value] of Object.entries(status.venue.stats)) this.venueCounts.set({ stat }, value);
      this.venueStreaming.set(status.venue.streaming ? 1 : 0);
    }
  }
}
