import { describe, expect, it } from 'vitest';
import { formatMoney } from './formatMoney.js';

describe('formatMoney', () => {
  it('shows amounts of 1 and more like a statement: separators, 2 decimals', () => {
    expect(formatMoney(41390.834)).toBe('41,390.83');
    expect(formatMoney(-1234.5)).toBe('-1,234.50');
    expect(formatMoney(1)).toBe('1.00');
    expect(formatMoney(0)).toBe('0.00');
  });

  it('keeps 4 significant digits below 1, so small accounts (BTC) do not read 0.00', () => {
    expect(formatMoney(0.632)).toBe('0.6320');
    expect(formatMoney(-0.00164471)).toBe('-0.001645');
    expect(formatMoney(1.2432485756e-7)).toBe('0.0000001243');
    // rounding to 4 digits just below 1 stays below the switch (no "1.000")
    expect(formatMoney(0.99994)).toBe('0.9999');
  });

  it('names what is not a number', () => {
    expect(formatMoney(Number.NaN)).toBe('n/a');
    expect(formatMoney(Number.POSITIVE_INFINITY)).toBe('∞');
    expect(formatMoney(Number.NEGATIVE_INFINITY)).toBe('-∞');
  });
});
