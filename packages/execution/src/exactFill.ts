import { Money, Price, Quantity } from '@bot/core-types';
import type { ClientOrderId, Currency, Fill, Liquidity, OrderSide, Symbol } from '@bot/core-types';
import type { Fx } from './fx.js';
import { fxMul, fxToDecimal } from './fx.js';

/**
 * @internal A `Fill` whose exact amounts are kept as {@link Fx} and turned into core-types `Quantity`/`Price`/
 * `Money` only when read (then cached). The kernel books it from the `Fx` fields directly, so a backtest pays
 * for decimal.js objects only for the fills somebody looks at.
 */
export class ExactFill implements Fill {
  #quantity: Quantity | undefined;
  #price: Price | undefined;
  #fee: Money | undefined;

  #fillId: string | undefined;
  readonly #idPrefix: string;
  readonly #idSeq: number;
  readonly #rate: Fx;
  readonly #feeInBase: boolean;

  /** `fillId` is `${idPrefix}${idSeq}`, built on first read. */
  constructor(
    idPrefix: string,
    idSeq: number,
    readonly clientOrderId: ClientOrderId,
    readonly venueOrderId: string,
    readonly symbol: Symbol,
    readonly side: OrderSide,
    readonly qtyFx: Fx,
    readonly priceFx: Fx,
    /** Fee rate (a fraction; shared, not per fill). */
    rateFx: Fx,
    /** Fee = quantity * rate (charged in the base currency) instead of notional * rate. */
    feeInBase: boolean,
    readonly feeCurrency: Currency,
    readonly liquidity: Liquidity,
    readonly time: number,
    quantity: Quantity | undefined,
  ) {
    this.#quantity = quantity;
    this.#idPrefix = idPrefix;
    this.#idSeq = idSeq;
    this.#rate = rateFx;
    this.#feeInBase = feeInBase;
  }

  /**
   * Exact `price * quantity`. Computed on each read (not stored): a backtest keeps every fill, and two fewer
   * retained objects per fill is less work for the garbage collector than one bigint product per read.
   */
  get notionalFx(): Fx {
    return fxMul(this.priceFx, this.qtyFx);
  }

  /** Exact fee: `notional * rate`, or `quantity * rate` for base-currency fees. Computed on each read. */
  get feeFx(): Fx {
    return this.feeOf(this.notionalFx);
  }

  /** @internal The exact fee given this fill's own {@link ExactFill.notionalFx} (saves recomputing it). */
  feeOf(notional: Fx): Fx {
    return fxMul(this.#feeInBase ? this.qtyFx : notional, this.#rate);
  }

  get fillId(): string {
    return (this.#fillId ??= `${this.#idPrefix}${this.#idSeq}`);
  }

  get quantity(): Quantity {
    return (this.#quantity ??= Quantity.of(fxToDecimal(this.qtyFx)));
  }

  get price(): Price {
    return (this.#price ??= Price.unsafe(fxToDecimal(this.priceFx)));
  }

  get fee(): Money {
    return (this.#fee ??= Money.of(fxToDecimal(this.feeFx), this.feeCurrency));
  }

  /** Plain-object form (what `JSON.stringify` and spreads see). */
  toJSON(): Record<string, unknown> {
    return {
      fillId: this.fillId,
      clientOrderId: this.clientOrderId,
      venueOrderId: this.venueOrderId,
      symbol: this.symbol,
      side: this.side,
      quantity: this.quantity.toJSON(),
      price: this.price.toJSON(),
      fee: this.fee.toJSON(),
      liquidity: this.liquidity,
      time: this.time,
    };
  }
}
