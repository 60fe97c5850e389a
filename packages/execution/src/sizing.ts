import type { Instrument } from '@bot/core-types';

/** Number views of an instrument's decimal rules, cached per instrument (sizing runs once per decision). */
export interface InstrumentNumbers {
  readonly lotSize: number;
  readonly tickSize: number;
  readonly minQuantity: number;
  readonly minNotional: number;
  readonly makerFee: number;
  readonly takerFee: number;
}

const numbersCache = new WeakMap<Instrument, InstrumentNumbers>();
/** The last answer: sizing asks about the same instrument order after order (no WeakMap lookup then). */
let lastInstrument: Instrument | undefined;
let lastNumbers: InstrumentNumbers | undefined;

/** The instrument's sizes and fees as numbers (cached). */
export function instrumentNumbers(instrument: Instrument): InstrumentNumbers {
  if (instrument === lastInstrument) return lastNumbers!;
  let n = numbersCache.get(instrument);
  if (n === undefined) {
    n = Object.freeze({
      lotSize: instrument.lotSize.toNumber(),
      tickSize: instrument.tickSize.toNumber(),
      minQuantity: instrument.minQuantity.toNumber(),
      minNotional: instrument.minNotional.toNumber(),
      makerFee: instrument.makerFee.toNumber(),
      takerFee: instrument.takerFee.toNumber(),
    });
    numbersCache.set(instrument, n);
  }
  lastInstrument = instrument;
  lastNumbers = n;
  return n;
}

/**
 * Rounds a signed quantity toward zero to the instrument's lot size (numbers; sizing is a decision, the order
 * quantity is then made exact). Tiny float noise (`0.30000000000000004`) is absorbed before flooring.
 */
export function roundToLotTowardZero(quantity: number, instrument: Instrument): number {
  if (!Number.isFinite(quantity) || quantity === 0) return 0;
  const lot = instrumentNumbers(instrument).lotSize;
  const units = Math.abs(quantity) / lot;
  const whole = Math.floor(units * (1 + 1e-12));
  const q = whole * lot;
  return quantity < 0 ? -q : q;
}

/**
 * Keeps `current` when the change to `target` would be below the instrument's minimum quantity or notional (or
 * smaller than one lot), so sizers never emit dust orders.
 */
export function respectMinimums(target: number, current: number, price: number, instrument: Instrument): number {
  const delta = Math.abs(target - current);
  if (delta === 0) return current;
  const n = instrumentNumbers(instrument);
  if (delta < n.lotSize * (1 - 1e-12)) return current;
  if (delta < n.minQuantity) return current;
  if (delta * price < n.minNotional) return current;
  return target;
}
