import { Quantity } from '@bot/core-types';
import type { Decimal } from '@bot/core-types';
import type { Fx } from './fx.js';
import { fxToDecimal } from './fx.js';

/**
 * @internal A core-types `Quantity` (it is `instanceof Quantity` and has all its methods) whose decimal.js
 * `value` is built from an exact {@link Fx} only when first read, then cached. The kernel puts it in the order
 * requests it builds itself (`setTargetWeight` / `setTargetPosition`), so a backtest pays for no decimal.js object
 * per order unless somebody (an audit sink, a strategy reading its orders) looks at the quantity.
 */
class LazyQuantity {
  readonly #fx: Fx;
  #value: Decimal | undefined;

  constructor(fx: Fx) {
    this.#fx = fx;
  }

  get value(): Decimal {
    return (this.#value ??= fxToDecimal(this.#fx));
  }
}
Object.setPrototypeOf(LazyQuantity.prototype, Quantity.prototype);

/** @internal A `Quantity` of the exact value `fx` (which must be >= 0), materialised lazily. */
export function lazyQuantity(fx: Fx): Quantity {
  return new LazyQuantity(fx) as unknown as Quantity;
}
