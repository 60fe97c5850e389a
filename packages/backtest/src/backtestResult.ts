import type { ParamSet } from './paramSpace.js';
import type { ClosedTrade, OpenTrade } from './closedTrades.js';
import type { BacktestMetrics } from './metrics.js';

/** One fill as reported (numbers; the kernel keeps the exact decimals). */
export interface FillRecord {
  /** Execution time, epoch ms. */
  readonly time: number;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  /** Executed quantity, base units. */
  readonly qty: number;
  /** Execution price, quote per base. */
  readonly price: number;
  /** Fee charged (negative = rebate), fee currency. */
  readonly fee: number;
  readonly liquidity: 'maker' | 'taker';
  readonly clientOrderId: string;
}

/** A risk gate verdict that changed an order (resize or reject), with its reasons. Approvals are counted only. */
export interface RiskDecisionRecord {
  /** Decision time, epoch ms. */
  readonly time: number;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  /** Quantity the strategy asked for. */
  readonly requestedQty: number;
  readonly decision: 'resize' | 'reject';
  /** Quantity after a resize. */
  readonly qty?: number;
  readonly reasons: readonly { readonly code: string; readonly message: string }[];
}

/** What a run was configured with (reported in JSON, the HTML report and the manifest). */
export interface BacktestSettings {
  readonly symbols: readonly string[];
  readonly timeframe: string;
  readonly strategies: readonly { readonly id: string; readonly name: string; readonly params: ParamSet }[];
  readonly initialCash: string;
  readonly currency: string;
  /** `next-open` or `close` (look-ahead-prone). */
  readonly fill: 'next-open' | 'close';
  /** Slippage model name, e.g. `none`, `fixed-bps(5)`. */
  readonly slippage: string;
  /** Taker fee as a fraction of notional per instrument symbol. */
  readonly fees: Readonly<Record<string, { readonly maker: string; readonly taker: string }>>;
  /** Sizer name (`all-in`, `fixed-quantity(1)`, ...). */
  readonly sizing: string;
  /** Risk gate in use (`permissive` when none was given). */
  readonly riskGate: string;
  readonly seed: number;
  readonly periodsPerYear: number;
  readonly riskFreeRate: number;
}

/** Everything a backtest produced. */
export interface BacktestResult {
  readonly metrics: BacktestMetrics;
  readonly fills: readonly FillRecord[];
  readonly trades: readonly ClosedTrade[];
  readonly openTrades: readonly OpenTrade[];
  /** Close-marked equity, one point per bar time. */
  readonly equity: { readonly time: Float64Array; readonly equity: Float64Array };
  readonly riskDecisions: readonly RiskDecisionRecord[];
  /** How many orders the gate approved unchanged. */
  readonly riskApprovals: number;
  /** Order outcomes: counts by final status and the reasons of canceled/rejected/expired orders (by leading phrase). */
  readonly orders: {
    readonly total: number;
    readonly filled: number;
    readonly canceled: number;
    readonly rejected: number;
    readonly reasons: Readonly<Record<string, number>>;
  };
  readonly settings: BacktestSettings;
  /** Human-readable cautions (look-ahead-prone fill mode, open positions at the end, ...). */
  readonly warnings: readonly string[];
  /** Run statistics: bars processed and the event-loop wall time (`runMs`, excluded from determinism). */
  readonly run: { readonly bars: number; readonly runMs: number };
}
