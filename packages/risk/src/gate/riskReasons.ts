/**
 * Stable reason codes of the pre-trade risk gate (`RiskReason.code`). Codes never change meaning once published.
 * - `mode-pause`, `mode-reduce`, `mode-emergency`: the trading mode forbids (part of) the order.
 * - `max-order-notional`, `max-position-quantity`, `max-position-notional`, `max-concentration`,
 *   `max-gross-leverage`, `max-net-leverage`, `max-correlated-exposure`, `max-var`: a limit caps the size.
 * - `daily-loss-limit`, `drawdown-soft-limit`, `drawdown-hard-limit`: account-level loss limits.
 * - `order-rate`, `price-collar`, `stale-market-data`, `no-market-price`, `non-positive-equity`: the order
 *   cannot be sent now.
 * - `below-instrument-minimum`, `unknown-instrument`: a resize would fall below the instrument's minimums / the
 *   instrument is unknown so a size cannot be rounded.
 */
export const RISK_REASON_CODES = [
  'mode-pause',
  'mode-reduce',
  'mode-emergency',
  'max-order-notional',
  'max-position-quantity',
  'max-position-notional',
  'max-concentration',
  'max-gross-leverage',
  'max-net-leverage',
  'max-correlated-exposure',
  'max-var',
  'daily-loss-limit',
  'drawdown-soft-limit',
  'drawdown-hard-limit',
  'order-rate',
  'price-collar',
  'stale-market-data',
  'no-market-price',
  'non-positive-equity',
  'below-instrument-minimum',
  'unknown-instrument',
] as const;

/** One of {@link RISK_REASON_CODES}. */
export type RiskReasonCode = (typeof RISK_REASON_CODES)[number];
