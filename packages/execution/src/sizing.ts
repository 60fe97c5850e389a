import type { Instrument } from '@bot/core-types';

/**
 * Rounds a signed quantity toward zero to the instrument's lot size (numbers; sizing is a decision, the order
 * quantity is then made exact). Tiny float noise (`0.30000000000000004`) is absorbed before flooring.
 */
export function roundToLotTowardZero(quantity: number, instrument: Instrument): number {
  if (!Number.isFinite(quantity) || quantity === 0) return 0;
  const lot = instrument.lotSize.toNumber();
  const units = Math.abs(quantity) / lot;
  const whole = Math.floor(units + 1e-9 * Math.max(1, units) * 1e-3);
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
  if (delta < instrument.lotSize.toNumber() * (1 - 1e-12)) return current;
  if (delta < instrument.minQuantity.toNumber()) return current;
  if (delta * price < instrument.minNotional.toNumber()) return current;
  return target;
}
