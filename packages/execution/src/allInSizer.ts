import type { PositionSizer, SizingRequest } from '@bot/core-types';
import { instrumentNumbers, respectMinimums, roundToLotTowardZero } from './sizing.js';

/**
 * All-in sizing: a positive weight `w` on a flat (or short) position buys `w * cash / (price * (1 + takerFee))`
 * (after covering a short, the cash it frees included), rounded down to the instrument's lot - fractional units
 * are allowed unless the lot size says otherwise. A weight with the same sign as the position keeps the position
 * (all-in entries do not rebalance), weight 0 is flat, and a negative weight mirrors the rule for shorts
 * (notional = `|w| * cash`, needs a short-enabled account).
 *
 * `price` is the decision bar's close (the fill is at the next open, so the fill can cost a little more than
 * cash when the market gaps up; the simulated venue's `insufficientFunds` policy decides what happens then).
 *
 * @example
 * ```ts
 * new AllInSizer().targetQuantity({ instrument, weight: 1, price: 100, cash: 10_000, equity: 10_000, currentQuantity: 0, time })
 * // 10_000 / (100 * 1.001) = 99.9000999... rounded down to the lot
 * ```
 */
export class AllInSizer implements PositionSizer {
  readonly name = 'all-in';

  targetQuantity(r: SizingRequest): number {
    const w = r.weight;
    const cur = r.currentQuantity;
    if (w === 0 || !Number.isFinite(w)) return 0;
    if ((w > 0 && cur > 0) || (w < 0 && cur < 0)) return cur;
    if (!(r.price > 0)) return cur;
    const fee = instrumentNumbers(r.instrument).takerFee;
    // cash after closing the current (opposite) position at the decision price
    const cash = r.cash + cur * r.price;
    if (!(cash > 0)) return 0;
    const qty = (Math.abs(w) * cash) / (r.price * (1 + fee));
    const target = roundToLotTowardZero(w > 0 ? qty : -qty, r.instrument);
    return respectMinimums(target, cur, r.price, r.instrument);
  }
}
