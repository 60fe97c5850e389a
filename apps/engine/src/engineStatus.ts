import type { TradingMode } from '@bot/core-types';

/** One position as shown on the dashboard. */
export interface PositionStatus {
  readonly symbol: string;
  readonly quantity: number;
  readonly averageEntryPrice: number;
  readonly markPrice: number;
  readonly unrealizedPnl: number;
}

/** One open order as shown on the dashboard. */
export interface OrderStatusView {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly type: string;
  readonly quantity: number;
  readonly filledQuantity: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  readonly status: string;
}

/** One fill as shown on the dashboard. */
export interface FillView {
  readonly time: number;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly quantity: number;
  readonly price: number;
  readonly fee: number;
}

/**
 * A read-only snapshot of the running engine: what the dashboard, `/api/status` and `bot status` show.
 * Numbers are for display; the exact accounting lives in the kernel's portfolio.
 */
export interface EngineStatus {
  readonly runMode: 'paper' | 'live';
  readonly tradingMode: TradingMode;
  readonly currency: string;
  /** Engine clock time, epoch ms. */
  readonly now: number;
  readonly startedAt: number;
  readonly equity: number;
  readonly cash: number;
  readonly initialEquity: number;
  readonly realizedPnl: number;
  readonly unrealizedPnl: number;
  readonly fees: number;
  /** Recent close-marked equity points (oldest first). */
  readonly equityCurve: { readonly time: readonly number[]; readonly equity: readonly number[] };
  readonly positions: readonly PositionStatus[];
  readonly openOrders: readonly OrderStatusView[];
  readonly recentFills: readonly FillView[];
  readonly risk: {
    readonly peakEquity: number;
    /** Current drawdown from peak, fraction. */
    readonly drawdown: number;
    readonly approved: number;
    readonly resized: number;
    readonly rejected: number;
    readonly lastRejection?: string;
  };
  readonly killSwitch: { readonly state: 'armed' | 'triggered'; readonly reason?: string; readonly backend: string };
  readonly feed: {
    readonly name: string;
    readonly healthy: boolean;
    readonly stale: boolean;
    readonly eventsProcessed: number;
    readonly lastEventTime?: number;
    readonly finished: boolean;
  };
  /** The live venue (live mode only): whether its order stream is up and what arrived through which path. */
  readonly venue?: {
    readonly id: string;
    readonly streaming: boolean;
    readonly stats: Readonly<Record<string, number>>;
  };
}
