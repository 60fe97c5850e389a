import { type Decimal, type PositionSizer, type SizingRequest, toDecimal } from '@bot/core-types';
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
 * parity reference) need. Decimal arithmetic runs only when the float result is within a few ulps of a lot boundary,
 * once per sizing decision, never per bar. Quantities above ~1e15 lots cannot be exact in a double (the port returns
 * numbers).
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
    const fee = takerFeeOf(r.instrument);
    const cash = r.cash + cur * r.price;
    if (!(cash > 0)) return 0;
    const raw = (Math.abs(w) * cash) / (r.price * (1 + fee));
    if (!Number.isFinite(raw) || raw <= 0) return 0;
    const qty = floorToLot(raw, r.instrument.lotSize);
    return respectMinimums(w > 0 ? qty : -qty, cur, r.price, r.instrument);
  }
}

const takerFees = new WeakMap<object, number>();
/** The last answer: order after order asks about the same instrument (no WeakMap lookup then). */
let lastFeeInstrument: object | undefined;
let lastFee = 0;

/** The instrument's taker fee as a number, converted from its decimal once per instrument (not once per order). */
function takerFeeOf(instrument: SizingRequest['instrument']): number {
  if (instrument === lastFeeInstrument) return lastFee;
  let fee = takerFees.get(instrument);
  if (fee === undefined) {
    fee = instrument.takerFee.toNumber();
    takerFees.set(instrument, fee);
  }
  lastFeeInstrument = instrument;
  lastFee = fee;
  return fee;
}

const lotScale = new WeakMap<object, number>();
/** The last lot and its scale (one-entry cache in front of the WeakMap, as for the fee). */
let lastLot: Decimal | undefined;
let lastScale = 0;

/**
 * `floor(raw / lot) * lot` exactly, for the decimal value of `raw` (its shortest representation). Fast path for
 * lots that are powers of ten: scale in floats and floor, falling back to decimals when the scaled value is within a
 * few ulps of an integer (where float rounding could decide the floor).
 */
function floorToLot(raw: number, lot: Decimal): number {
  let scale = lot === lastLot ? lastScale : lotScale.get(lot);
  if (scale === undefined) {
    const inv = toDecimal(1).div(lot);
    scale = inv.isInteger() && /^10*$/.test(inv.toFixed()) && inv.lte(1e15) ? inv.toNumber() : 0;
    lotScale.set(lot, scale);
  }
  lastLot = lot;
  lastScale = scale;
  if (scale > 0) {
    const units = raw * scale;
    const k = Math.floor(units);
    const guard = units * 8e-16 + 1e-9;
    if (units - k > guard && k + 1 - units > guard && units < 2 ** 52) return k / scale; // correctly rounded: prints short
  }
  return toDecimal(raw).div(lot).floor().times(lot).toNumber();
}
