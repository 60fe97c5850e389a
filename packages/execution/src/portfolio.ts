import { BotError, Decimal, ValidationError, toDecimal } from '@bot/core-types';
import type {
  Currency,
  DecimalLike,
  Fill,
  Instrument,
  Order,
  PortfolioView,
  Position,
  Symbol,
} from '@bot/core-types';

/** Options of {@link Portfolio}. */
export interface PortfolioOptions {
  /** Account (reporting) currency, e.g. `USD`. */
  readonly currency: Currency;
  /** Starting cash in the account currency (exact). */
  readonly initialCash: DecimalLike;
  /** Instruments that may be traded or used for currency conversion. */
  readonly instruments: readonly Instrument[];
  /** Allow negative (short) positions. Default `false` (spot accounts). */
  readonly allowShort?: boolean;
}

import { packedCopy } from './elementsKind.js';
import { ExactFill } from './exactFill.js';
import type { Fx } from './fx.js';
import {
  FX_ZERO,
  fxAbs,
  fxAdd,
  fxFromDecimal,
  fxFromNumber,
  fxIsZero,
  fxMul,
  fxNeg,
  fxSign,
  fxSub,
  fxToDecimal,
  fxToNumber,
  fxToNumberApprox,
} from './fx.js';

const DAY_MS = 86_400_000;

/** Exact position state of one slot (bigint decimals); the core-types `Position` is built from it on demand. */
interface SlotState {
  qty: Fx;
  /** Average entry price (as core-types `applyFillToPosition` computes it: a division, 50 significant digits). */
  avg: Fx;
  /**
   * Exact cost basis: what the open position cost (long) or brought in (short), in quote currency, >= 0. Realized
   * and unrealized P&L come from it, not from `avg`, so that a round trip realizes exactly proceeds - costs.
   */
  cost: Fx;
  realized: Fx;
  view: Position | undefined;
}

/** A core-types `Position` whose decimals are materialised on first read. */
class PositionView implements Position {
  #s: { qty: Fx; avg: Fx; realized: Fx };
  #q: Decimal | undefined;
  #a: Decimal | undefined;
  #r: Decimal | undefined;
  constructor(
    readonly symbol: Symbol,
    state: SlotState,
  ) {
    this.#s = { qty: state.qty, avg: state.avg, realized: state.realized };
  }
  get quantity(): Decimal {
    return (this.#q ??= fxToDecimal(this.#s.qty));
  }
  get averageEntryPrice(): Decimal {
    return (this.#a ??= fxToDecimal(this.#s.avg));
  }
  get realizedPnl(): Decimal {
    return (this.#r ??= fxToDecimal(this.#s.realized));
  }
  toJSON(): Record<string, string> {
    return {
      symbol: this.symbol,
      quantity: this.quantity.toString(),
      averageEntryPrice: this.averageEntryPrice.toString(),
      realizedPnl: this.realizedPnl.toString(),
    };
  }
}

interface Conversion {
  /** Instrument slot whose last price converts this currency into the account currency; -1 = account currency. */
  readonly slot: number;
  /** True when the instrument is `ACCOUNT/CCY` (divide instead of multiply). */
  readonly inverse: boolean;
}

/**
 * Exact account bookkeeping: cash per currency, positions (average-cost, via core-types `applyFillToPosition`),
 * realized P&L and fees, with cheap `number` marking for every bar.
 *
 * Conventions:
 * - Cash is kept **per currency** exactly (`Decimal`). A fill moves `price * quantity` of the instrument's quote
 *   currency and charges the fee in `fill.fee.currency`. Equity is reported in the account currency: a currency
 *   `C` other than the account currency `A` is converted at the last price of an instrument `C/A` (or `1 / price`
 *   of `A/C`); the constructor throws when an instrument's quote currency cannot be converted that way.
 * - Marking to market ({@link Portfolio.mark}) only writes a `number` last price; {@link Portfolio.equity} is a
 *   `number` sum over `number` mirrors of cash and quantities that are refreshed once per fill (ARCHITECTURE rule 5).
 *   {@link Portfolio.exactEquity} recomputes the same value with `Decimal` on demand.
 * - Realized P&L is gross (before fees); fees are tracked separately per currency in {@link Portfolio.fees}. It
 *   comes from the position's exact cost basis (total entry cost, reduced in proportion on a partial close and
 *   released whole when the position closes or flips), not from the rounded average entry price: a round trip
 *   realizes exactly its sell proceeds minus its buy costs, e.g. 2.98 for buys at 100, 100.01, 100.01 and a sale
 *   of the three at 101 (the average 100.00666... would give 2.97999...). Unrealized P&L is the mark value minus
 *   the same cost basis, so realized + unrealized - fees is exactly the change in equity.
 * - Shorting is off by default: {@link Portfolio.applyFill} never refuses a fill (fills are facts), but the kernel
 *   and the simulated venue consult {@link Portfolio.allowShort} before sending or filling a sell.
 *
 * It implements the core-types `PortfolioView` for risk gates.
 *
 * @example
 * ```ts
 * const p = new Portfolio({ currency: 'USD', initialCash: 10_000, instruments: [orcl] });
 * p.applyFill(fill);          // exact
 * p.mark(0, 101.5, time);     // number, per bar
 * p.equity();                 // number
 * p.exactEquity().toString(); // Decimal
 * ```
 * @throws ValidationError when an instrument's quote currency has no conversion path to the account currency.
 */
export class Portfolio implements PortfolioView {
  readonly currency: Currency;
  readonly allowShort: boolean;
  readonly initialCash: Decimal;
  private readonly instrumentList: readonly Instrument[];
  private readonly slotBySymbol = new Map<Symbol, number>();
  private readonly slots: SlotState[];
  /** Signed quantity per slot as number (updated once per fill). */
  private readonly qtyNum: Float64Array;
  /** Number of instrument slots (`qtyNum.length`). */
  private readonly slotCount: number;
  /**
   * One currency and every instrument quoted in it: equity is cash plus quantity * price, no conversion (the
   * usual backtest; see {@link Portfolio.equity}).
   */
  private singleCurrency = false;
  /** Last mark price per slot (NaN until known). */
  private readonly lastPriceNum: Float64Array;
  private readonly lastTimeNum: Float64Array;
  /** Conversion of each slot's quote currency. */
  private readonly quoteConv: Conversion[];
  /** Currency index of each slot's quote currency. */
  private readonly quoteIndex: number[];
  private readonly currencies: Currency[] = [];
  private readonly currencyIndex = new Map<Currency, number>();
  private readonly cashFx: Fx[] = [];
  private cashNum = new Float64Array(4);
  private readonly conv: Conversion[] = [];
  private readonly feeFx: Fx[] = [];
  private readonly openSymbols = new Set<Symbol>();
  private peak: number;
  private dayStart: number;
  /** The UTC day of the last mark, as the range [dayFrom, dayTo) of epoch ms (NaN before the first mark). */
  private dayFrom = Number.NaN;
  private dayTo = Number.NaN;
  private lastSymbol: Symbol | undefined;
  private lastSlot = -1;
  private openOrdersProvider: () => readonly Order[] = () => [];

  constructor(options: PortfolioOptions) {
    this.currency = options.currency;
    this.allowShort = options.allowShort ?? false;
    this.initialCash = toDecimal(options.initialCash);
    this.instrumentList = packedCopy(options.instruments);
    const n = options.instruments.length;
    this.slots = new Array<SlotState>(n);
    this.qtyNum = new Float64Array(n);
    this.slotCount = n;
    this.lastPriceNum = new Float64Array(n).fill(Number.NaN);
    this.lastTimeNum = new Float64Array(n).fill(Number.NaN);
    options.instruments.forEach((inst, i) => {
      if (this.slotBySymbol.has(inst.symbol)) throw new ValidationError('instruments', inst.symbol, 'each symbol once');
      this.slotBySymbol.set(inst.symbol, i);
      this.slots[i] = { qty: FX_ZERO, avg: FX_ZERO, cost: FX_ZERO, realized: FX_ZERO, view: undefined };
    });
    this.addCurrency(this.currency);
    this.cashFx[0] = fxFromDecimal(this.initialCash);
    this.cashNum[0] = this.initialCash.toNumber();
    this.quoteConv = options.instruments.map((inst) => this.conversionFor(inst.quote));
    this.quoteIndex = options.instruments.map((inst) => this.addCurrency(inst.quote));
    this.peak = this.cashNum[0]!;
    this.dayStart = this.peak;
    this.singleCurrency = this.currencies.length === 1 && this.quoteConv.every((c) => c.slot < 0);
  }

  private conversionFor(ccy: Currency): Conversion {
    if (ccy === this.currency) return { slot: -1, inverse: false };
    const direct = this.slotBySymbol.get(`${ccy}/${this.currency}`);
    if (direct !== undefined) return { slot: direct, inverse: false };
    const inverse = this.slotBySymbol.get(`${this.currency}/${ccy}`);
    if (inverse !== undefined) return { slot: inverse, inverse: true };
    throw new ValidationError(
      'instruments',
      ccy,
      `an instrument ${ccy}/${this.currency} or ${this.currency}/${ccy} to convert ${ccy} into the account currency`,
    );
  }

  private addCurrency(ccy: Currency): number {
    const known = this.currencyIndex.get(ccy);
    if (known !== undefined) return known;
    const idx = this.currencies.length;
    if (idx > 0) this.singleCurrency = false;
    this.currencies.push(ccy);
    this.currencyIndex.set(ccy, idx);
    this.cashFx.push(FX_ZERO);
    this.feeFx.push(FX_ZERO);
    if (idx >= this.cashNum.length) {
      const grown = new Float64Array(this.cashNum.length * 2);
      grown.set(this.cashNum);
      this.cashNum = grown;
    }
    this.conv.push(this.conversionFor(ccy));
    return idx;
  }

  /** Slot (index in the constructor's instrument list) of a symbol, or -1. */
  slotOf(symbol: Symbol): number {
    if (symbol === this.lastSymbol) return this.lastSlot;
    const slot = this.slotBySymbol.get(symbol) ?? -1;
    this.lastSymbol = symbol;
    this.lastSlot = slot;
    return slot;
  }

  /** Last mark price of a slot (NaN before the first). */
  lastPriceAt(slot: number): number {
    return this.lastPriceNum[slot]!;
  }

  /** Instruments in slot order. */
  instruments(): readonly Instrument[] {
    return this.instrumentList;
  }

  /** Lets the kernel expose its open orders through `PortfolioView.openOrders`. */
  setOpenOrdersProvider(provider: () => readonly Order[]): void {
    this.openOrdersProvider = provider;
  }

  /**
   * Books a fill exactly: moves quote cash, charges the fee in its currency, updates the position (average entry
   * price as core-types `applyFillToPosition` computes it; exact cost basis) and the `number` mirrors. Returns the
   * gross P&L the fill realized (quote currency): closing value minus the closed share of the cost basis.
   * @throws BotError `BAD_SYMBOL` for an instrument the portfolio does not know; `INVALID_ARGUMENT` for a fee
   *   currency with no conversion path.
   */
  applyFill(fill: Fill): Decimal {
    return fxToDecimal(this.bookFill(fill));
  }

  /** @internal {@link Portfolio.applyFill} without materialising the realized P&L. */
  bookFill(fill: Fill): Fx {
    const slot = this.slotOf(fill.symbol);
    if (slot < 0) throw new BotError('BAD_SYMBOL', `portfolio does not trade ${fill.symbol}`);
    const inst = this.instrumentList[slot]!;
    let q: Fx;
    let p: Fx;
    let fee: Fx;
    let feeCcy: Currency;
    let notional: Fx;
    if (fill instanceof ExactFill) {
      q = fill.qtyFx;
      p = fill.priceFx;
      notional = fill.notionalFx;
      fee = fill.feeOf(notional);
      feeCcy = fill.feeCurrency;
    } else {
      q = fxFromDecimal(fill.quantity.value);
      p = fxFromDecimal(fill.price.value);
      fee = fxFromDecimal(fill.fee.amount);
      feeCcy = fill.fee.currency;
      notional = fxMul(q, p);
    }
    const qi = this.quoteIndex[slot]!;
    let fi = qi;
    if (feeCcy !== inst.quote) {
      try {
        fi = this.addCurrency(feeCcy);
      } catch (cause) {
        throw new BotError('INVALID_ARGUMENT', `fee currency ${feeCcy} cannot be converted to ${this.currency}`, { cause });
      }
    }
    const buy = fill.side === 'buy';
    if (fi === qi) {
      this.cashFx[qi] = buy ? fxSub(this.cashFx[qi]!, fxAdd(notional, fee)) : fxAdd(this.cashFx[qi]!, fxSub(notional, fee));
    } else {
      this.cashFx[qi] = buy ? fxSub(this.cashFx[qi]!, notional) : fxAdd(this.cashFx[qi]!, notional);
      this.cashFx[fi] = fxSub(this.cashFx[fi]!, fee);
      this.cashNum[fi] = fxToNumberApprox(this.cashFx[fi]!);
    }
    this.cashNum[qi] = fxToNumberApprox(this.cashFx[qi]!);
    if (!fxIsZero(fee)) this.feeFx[fi] = fxAdd(this.feeFx[fi]!, fee);
    const st = this.slots[slot]!;
    const signed = buy ? q : fxNeg(q);
    const q0 = st.qty;
    const s0 = fxSign(q0);
    let realized = FX_ZERO;
    if (s0 === 0) {
      st.qty = signed;
      st.avg = p;
      st.cost = notional;
    } else if (s0 === fxSign(signed)) {
      // increasing: re-weight the average entry (a division: done in decimal.js exactly as applyFillToPosition)
      const q1 = fxAdd(q0, signed);
      const avg = fxToDecimal(st.avg)
        .times(fxToDecimal(fxAbs(q0)))
        .plus(fxToDecimal(p).times(fxToDecimal(q)))
        .div(fxToDecimal(fxAbs(q1)));
      st.qty = q1;
      st.avg = fxFromDecimal(avg);
      st.cost = fxAdd(st.cost, notional);
    } else {
      const q1 = fxAdd(q0, signed);
      const s1 = fxSign(q1);
      const partial = s1 === s0;
      // the closed part's share of the cost basis; all of it when the position closes (or flips), so that the
      // realized parts of a round trip add up to exactly proceeds - costs whatever the rounding of a partial share
      const closedCost = partial ? fxFromDecimal(fxToDecimal(st.cost).times(fxToDecimal(q)).div(fxToDecimal(fxAbs(q0)))) : st.cost;
      realized = fxSub(partial ? notional : fxMul(p, fxAbs(q0)), closedCost);
      if (s0 < 0) realized = fxNeg(realized);
      st.qty = q1;
      st.avg = s1 === 0 ? FX_ZERO : partial ? st.avg : p;
      st.cost = s1 === 0 ? FX_ZERO : partial ? fxSub(st.cost, closedCost) : fxMul(p, fxAbs(q1));
      st.realized = fxAdd(st.realized, realized);
    }
    st.view = undefined;
    this.qtyNum[slot] = fxToNumber(st.qty);
    if (fxIsZero(st.qty)) {
      if (s0 !== 0) this.openSymbols.delete(fill.symbol);
    } else if (s0 === 0) this.openSymbols.add(fill.symbol);
    if (Number.isNaN(this.lastPriceNum[slot]!)) this.lastPriceNum[slot] = fxToNumber(p);
    return realized;
  }

  /** @internal Exact signed quantity of a slot. */
  quantityFx(slot: number): Fx {
    return this.slots[slot]!.qty;
  }

  /** @internal Exact cash of a currency. */
  cashFxOf(currency: Currency): Fx {
    const i = this.currencyIndex.get(currency);
    return i === undefined ? FX_ZERO : this.cashFx[i]!;
  }

  /**
   * Records the last price of a slot (number only, no decimal work). Call once per bar/trade with the close or
   * trade price. Also tracks the peak and start-of-UTC-day equity for risk views.
   */
  mark(slot: number, price: number, time: number): void {
    this.lastPriceNum[slot] = price;
    this.lastTimeNum[slot] = time;
    // a range test instead of a division per bar; a NaN time fails it like a new day every time, as before
    if (!(time >= this.dayFrom && time < this.dayTo)) this.startDay(time);
  }

  /** Moves the day window to the UTC day of `time` and records its start-of-day equity. */
  private startDay(time: number): void {
    const day = Math.floor(time / DAY_MS);
    this.dayFrom = day * DAY_MS;
    this.dayTo = this.dayFrom + DAY_MS;
    this.dayStart = this.equity();
  }

  /** Updates the peak equity with the current marked equity and returns the equity (call once per time step). */
  updatePeak(): number {
    const e = this.equity();
    if (e > this.peak) this.peak = e;
    return e;
  }

  private rate(c: Conversion): number {
    if (c.slot < 0) return 1;
    const p = this.lastPriceNum[c.slot]!;
    return c.inverse ? 1 / p : p;
  }

  /**
   * Marked equity in the account currency as a `number` (cash + positions at the last price).
   *
   * Called once per bar by the kernel. The single-currency case has its own small loop: this function is inlined
   * into the kernel's bar loop, and the compiler's inlining budget left over goes to the strategy's code.
   */
  equity(): number {
    return this.singleCurrency ? this.plainEquity() : this.convertedEquity();
  }

  /** Cash plus quantity * price (one currency: the same sum as {@link Portfolio.convertedEquity}, term by term). */
  private plainEquity(): number {
    let e = this.cashNum[0]!;
    const q = this.qtyNum;
    const px = this.lastPriceNum;
    for (let s = 0, n = this.slotCount; s < n; s++) {
      const qty = q[s]!;
      if (qty !== 0) e += qty * px[s]!;
    }
    return e;
  }

  /** Equity with every currency converted at the last price of its conversion instrument. */
  private convertedEquity(): number {
    let e = this.cashNum[0]!;
    const nc = this.currencies.length;
    for (let i = 1; i < nc; i++) {
      const cash = this.cashNum[i]!;
      if (cash !== 0) e += cash * this.rate(this.conv[i]!);
    }
    const q = this.qtyNum;
    const px = this.lastPriceNum;
    for (let s = 0, n = this.slotCount; s < n; s++) {
      const qty = q[s]!;
      if (qty !== 0) {
        const c = this.quoteConv[s]!;
        e += c.slot < 0 ? qty * px[s]! : qty * px[s]! * this.rate(c);
      }
    }
    return e;
  }

  /**
   * Exact marked equity in the account currency: `sum(cash_c * rate_c) + sum(quantity * mark * rate_quote)`,
   * with every mark and rate taken as the exact decimal of the last `number` price.
   * @param marks optional exact marks by symbol overriding the last prices.
   */
  exactEquity(marks?: ReadonlyMap<Symbol, DecimalLike>): Decimal {
    const markOf = (slot: number): Decimal => {
      const sym = this.instrumentList[slot]!.symbol;
      const m = marks?.get(sym);
      if (m !== undefined) return toDecimal(m);
      const p = this.lastPriceNum[slot]!;
      if (Number.isNaN(p)) throw new BotError('INVALID_ARGUMENT', `no mark price for ${sym}`);
      return fxToDecimal(fxFromNumber(p));
    };
    const rateOf = (c: Conversion): Decimal => {
      if (c.slot < 0) return new Decimal(1);
      const m = markOf(c.slot);
      return c.inverse ? new Decimal(1).div(m) : m;
    };
    let e = new Decimal(0);
    this.currencies.forEach((_, i) => {
      const cash = this.cashFx[i]!;
      if (!fxIsZero(cash)) e = e.plus(fxToDecimal(cash).times(rateOf(this.conv[i]!)));
    });
    this.slots.forEach((st, s) => {
      if (!fxIsZero(st.qty)) e = e.plus(fxToDecimal(st.qty).times(markOf(s)).times(rateOf(this.quoteConv[s]!)));
    });
    return e;
  }

  /** Exact cash of a currency (account currency by default). */
  cashOf(currency: Currency = this.currency): Decimal {
    const i = this.currencyIndex.get(currency);
    return i === undefined ? new Decimal(0) : fxToDecimal(this.cashFx[i]!);
  }

  /** Cash balances per currency (exact). */
  balances(): ReadonlyMap<Currency, Decimal> {
    const m = new Map<Currency, Decimal>();
    this.currencies.forEach((c, i) => m.set(c, fxToDecimal(this.cashFx[i]!)));
    return m;
  }

  /** Cash of the account currency as a number (`PortfolioView`). Other currencies: see {@link Portfolio.balances}. */
  cash(): number {
    return this.cashNum[0]!;
  }

  /** Position of a symbol (flat when never traded). @throws BotError `BAD_SYMBOL` for an unknown symbol. */
  position(symbol: Symbol): Position {
    const slot = this.slotBySymbol.get(symbol);
    if (slot === undefined) throw new BotError('BAD_SYMBOL', `portfolio does not trade ${symbol}`);
    return this.positionAt(slot);
  }

  private positionAt(slot: number): Position {
    const st = this.slots[slot]!;
    return (st.view ??= new PositionView(this.instrumentList[slot]!.symbol, st));
  }

  /** All positions, in instrument order (flat ones included). */
  positions(): readonly Position[] {
    return this.slots.map((_, i) => this.positionAt(i));
  }

  /** Signed position quantity as a number (`PortfolioView`). */
  positionQuantity(symbol: Symbol): number {
    const slot = this.slotBySymbol.get(symbol);
    return slot === undefined ? 0 : this.qtyNum[slot]!;
  }

  /** Signed quantity of a slot (number). */
  quantityAt(slot: number): number {
    return this.qtyNum[slot]!;
  }

  /** Symbols with a non-zero position. */
  positionSymbols(): Iterable<Symbol> {
    return this.openSymbols;
  }

  /** Last mark price of a symbol (number), undefined before the first mark. */
  lastPrice(symbol: Symbol): number | undefined {
    const slot = this.slotBySymbol.get(symbol);
    if (slot === undefined) return undefined;
    const p = this.lastPriceNum[slot]!;
    return Number.isNaN(p) ? undefined : p;
  }

  /** Time of the last mark of a symbol. */
  lastUpdateTime(symbol: Symbol): number | undefined {
    const slot = this.slotBySymbol.get(symbol);
    if (slot === undefined) return undefined;
    const t = this.lastTimeNum[slot]!;
    return Number.isNaN(t) ? undefined : t;
  }

  /** Gross realized P&L of a symbol in its quote currency (exact, before fees). */
  realizedPnl(symbol: Symbol): Decimal {
    return this.position(symbol).realizedPnl;
  }

  /**
   * Unrealized P&L of a symbol at its last mark, in quote currency (exact decimal of the number mark): the
   * position's value at the mark minus its exact cost basis, so realized + unrealized - fees = equity change exactly.
   */
  unrealizedPnl(symbol: Symbol): Decimal {
    const slot = this.slotBySymbol.get(symbol);
    if (slot === undefined) throw new BotError('BAD_SYMBOL', `portfolio does not trade ${symbol}`);
    const st = this.slots[slot]!;
    const p = this.lastPriceNum[slot]!;
    if (fxIsZero(st.qty) || Number.isNaN(p)) return new Decimal(0);
    const value = fxMul(st.qty, fxFromNumber(p));
    return fxToDecimal(fxSign(st.qty) > 0 ? fxSub(value, st.cost) : fxAdd(value, st.cost));
  }

  /** Fees paid per currency (exact; negative for net rebates). */
  fees(): ReadonlyMap<Currency, Decimal> {
    const m = new Map<Currency, Decimal>();
    this.currencies.forEach((c, i) => m.set(c, fxToDecimal(this.feeFx[i]!)));
    return m;
  }

  /** Orders not yet terminal (provided by the kernel). */
  openOrders(): readonly Order[] {
    return this.openOrdersProvider();
  }

  /** Highest equity seen at {@link Portfolio.updatePeak}. */
  peakEquity(): number {
    return this.peak;
  }

  /** Equity at the first mark of the current UTC day. */
  startOfDayEquity(): number {
    return this.dayStart;
  }
}
