/**
 * How much trading is allowed right now. Enforced by the risk gate on every order:
 * - `Normal`: everything the limits allow.
 * - `Pause`: no new orders; existing orders stay.
 * - `Reduce`: only orders that reduce exposure.
 * - `Emergency`: cancel everything and flatten; only flattening orders pass.
 */
export const TradingMode = {
  Normal: 'normal',
  Pause: 'pause',
  Reduce: 'reduce',
  Emergency: 'emergency',
} as const;
/** One of {@link TradingMode}'s values. */
export type TradingMode = (typeof TradingMode)[keyof typeof TradingMode];

/** Modes from least to most restrictive. */
export const TRADING_MODES: readonly TradingMode[] = ['normal', 'pause', 'reduce', 'emergency'];

/** Severity rank: normal 0, pause 1, reduce 2, emergency 3. */
export function tradingModeSeverity(mode: TradingMode): number {
  return TRADING_MODES.indexOf(mode);
}

/** A request to change the trading mode (from a breaker, the kill switch, an operator). */
export interface ModeChangeRequest {
  readonly mode: TradingMode;
  /** Who asks: `killswitch`, `breaker:venue-errors`, `operator:alice`, ... */
  readonly source: string;
  readonly reason: string;
  /** Clock time, epoch ms. */
  readonly time: number;
}
