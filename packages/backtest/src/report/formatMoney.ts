/**
 * Formats an amount of money for people (tables, reports): amounts of at least 1 (and 0) with thousands separators
 * and 2 decimals, like a statement (`41,390.83`); smaller amounts with 4 significant digits, so an account kept in
 * BTC still shows its average win (`0.001645`, not `0.00`). `n/a` for NaN, `∞`/`-∞` for infinities. The number is a
 * report figure (a `number` from the metrics), not the exact book value.
 *
 * @example `formatMoney(41390.834)` -> `'41,390.83'`; `formatMoney(-0.00164471)` -> `'-0.001645'`; `formatMoney(0.632)` -> `'0.6320'`
 */
export function formatMoney(x: number): string {
  if (Number.isNaN(x)) return 'n/a';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  if (x === 0 || Math.abs(x) >= 1) return x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return x.toLocaleString('en-US', { minimumSignificantDigits: 4, maximumSignificantDigits: 4 });
}
