import type { Decimal } from './decimal.js';
import type { Currency } from './money.js';

/** Holdings of one currency in an account. `total = free + locked`, exact. */
export interface Balance {
  readonly currency: Currency;
  /** Available for new orders. */
  readonly free: Decimal;
  /** Reserved by open orders. */
  readonly locked: Decimal;
  readonly total: Decimal;
}

/** An account's balances by currency. */
export type AccountBalances = ReadonlyMap<Currency, Balance>;
