import { type PositionSizer, type SizingRequest, toDecimal } from '@bot/core-types';
import { respectMinimums } from '@bot/execution';

/**
 * All-in sizing with an exact round-down to the lot: a positive weight `w` on a flat (or short) position buys
 * `w * cash / (price * (1 + takerFee))` (cash after covering a short at `price`), floored to the instrument's lot
 * size in decimal arithmetic, so the order never costs more than the cash at `price`. A weight with the sign of the
 * position keeps it; 0 is flat; negative weights mirror the rule for shorts. `price` is the decision bar's close.
 *
 * Why not `@bot/execution`'s `AllInSizer`: its float floor absorbs "noise" of up to 1e-12 x the lot count, which for
 * large lot counts (10,000 units of 1e-8 lots = 1e12 lots) rounds *up* by one lot about 1% of the time; the order
 * then costs more than the cash and the venue rejects it. This sizer is what backtrader's semantics (and the
 * parity reference) need. Decimal arithmetic runs once per sizing decision, never per bar.
 *
 * @example `runBacktest({ data, strategies, sizer: new ExactAllInSizer() })`
 */
export class ExactAllInSizer implements PositionSizer {
  readonly name = 'all-in';

  targetQuantity(r: SizingRequest): number {
    const w = r.weight;
    const cur = r.currentQuantity;
    if (w === 0 || !Number.isFinite(w)) return 0;
    if ((w > 0 && cur > 0) || (w < 0 && cur < 0)) return cur;
    if (!(r.price > 0)) return cur;
    const fee = r.instrument.takerFee.toNumber();
    const cash = r.cash + cur * r.price;
    if (!(cash > 0)) return 0;
    const raw = (Math.abs(w) * cash) / (r.price * (1 + fee));
    if (!Number.isFinite(raw) || raw <= 0) return 0;
    const lot = r.instrument.lotSize;
    const qty = toDecimal(raw).div(lot).floor().times(lot).toNumber();
    return respectMinimums(w > 0 ? qty : -qty, cur, r.price, r.instrument);
  }
}
