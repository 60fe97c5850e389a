import { Money, Price, Quantity } from '@bot/core-types';
import type { ClientOrderId, Currency, Fill, Liquidity, OrderSide, Symbol } from '@bot/core-types';
import type { Fx } from './fx.js';
import { fxMul, fxToDecimal } from './fx.js';

/**
 * @internal What the fills of one venue slot at one liquidity have in common: built once per slot and liquidity
 * and shared by those fills, so that a backtest that keeps every fill keeps these six values once, not per fill.
 */
export interface FillTerms {
  /** `fillId` is `${idPrefix}${sequence}`. */
  readonly idPrefix: string;
  readonly symbol: Symbol;
  /** Fee rate (a fraction). */
  readonly rateFx: Fx;
  /** Fee = quantity * rate (charged in the base currency) instead of notional * rate. */
  readonly feeInBase: boolean;
  readonly feeCurrency: Currency;
  readonly liquidity: Liquidity;
}

/**
 * @internal A `Fill` of the simulated venue whose exact amounts are kept as {@link Fx} and turned into core-types
 * `Quantity`/`Price`/`Money` only when read (then cached). The kernel books it from the `Fx` fields directly, so a
 * backtest pays for decimal.js objects only for the fills somebody looks at. Per-slot constants live in a shared
 * {@link FillTerms} and are read through getters, like the lazy amounts (`toJSON` lists every field).
 */
export class ExactFill implements Fill {
  #quantity: Quantity | undefined;
  #price: Price | undefined;
  #fee: Money | undefined;
  #fillId: string | undefined;
  readonly #terms: FillTerms;
  readonly #idSeq: number;

  /** `fillId` is `${terms.idPrefix}${idSeq}`, built on first read. */
  constructor(
    terms: FillTerms,
    idSeq: number,
    readonly clientOrderId: ClientOrderId,
    readonly side: OrderSide,
    readonly qtyFx: Fx,
    readonly priceFx: Fx,
    readonly time: number,
    quantity: Quantity | undefined,
  ) {
    this.#quantity = quantity;
    this.#terms = terms;
    this.#idSeq = idSeq;
  }

  /** The simulated venue uses the client order id as its own order id. */
  get venueOrderId(): string {
    return this.clientOrderId;
  }

  get symbol(): Symbol {
    return this.#terms.symbol;
  }

  get feeCurrency(): Currency {
    return this.#terms.feeCurrency;
  }

  get liquidity(): Liquidity {
    return this.#terms.liquidity;
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
    const terms = this.#terms;
    return fxMul(terms.feeInBase ? this.qtyFx : notional, terms.rateFx);
  }

  get fillId(): string {
    return (this.#fillId ??= `${this.#terms.idPrefix}${this.#idSeq}`);
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
