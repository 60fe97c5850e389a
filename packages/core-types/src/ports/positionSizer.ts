import type { Instrument } from '../instrument.js';
import type { Bar } from '../marketEvents.js';

/** Everything a sizer needs to turn a target weight into a quantity. Numbers: sizing is a decision, not accounting. */
export interface SizingRequest {
  readonly instrument: Instrument;
  /** Desired exposure in [-1, 1]: 1 = fully long as the sizing policy defines it, -1 fully short, 0 flat. */
  readonly weight: number;
  /** Price the decision is made at (the close of the bar that triggered it), quote per base. */
  readonly price: number;
  /** Marked equity, account currency. */
  readonly equity: number;
  /** Free cash, account currency. */
  readonly cash: number;
  /** Current signed position quantity. */
  readonly currentQuantity: number;
  /** Clock time of the decision, epoch ms. */
  readonly time: number;
}

/**
 * Port: the run's sizing policy (all-in, fixed quantity, fixed fraction, volatility target, Kelly, ...). Turns a
 * strategy's target weight into a signed target quantity in base units. Implementations round to the instrument's
 * lot size and respect its minimums (returning the current quantity or 0 when a trade would be below them).
 */
export interface PositionSizer {
  readonly name: string;
  targetQuantity(request: SizingRequest): number;
  /**
   * Optional: called with every closed bar before strategies see it, so policies that need history (volatility
   * target, ATR) can track it. Runners that support history-aware sizers call it; others may ignore it.
   */
  onBar?(bar: Bar): void;
}
