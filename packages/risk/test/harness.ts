/** Plain in-memory PortfolioView / MarketView for tests and benchmarks of the gate (not exported by the package). */
import {
  type ClientOrderId,
  type Instrument,
  type MarketView,
  type Order,
  type OrderIntent,
  type OrderInput,
  type PortfolioView,
  type RiskContext,
  clientOrderId,
  createInstrument,
  createOrderRequest,
} from '@bot/core-types';

export class TestPortfolio implements PortfolioView {
  readonly currency = 'USD';
  readonly positions = new Map<string, number>();
  constructor(
    public equityValue = 100_000,
    public peak = 100_000,
    public startOfDay = 100_000,
  ) {}
  equity(): number {
    return this.equityValue;
  }
  cash(): number {
    return this.equityValue;
  }
  positionQuantity(symbol: string): number {
    return this.positions.get(symbol) ?? 0;
  }
  positionSymbols(): Iterable<string> {
    return this.positions.keys();
  }
  openOrders(): readonly Order[] {
    return [];
  }
  peakEquity(): number {
    return this.peak;
  }
  startOfDayEquity(): number {
    return this.startOfDay;
  }
  set(symbol: string, quantity: number): this {
    if (quantity === 0) this.positions.delete(symbol);
    else this.positions.set(symbol, quantity);
    return this;
  }
}

export class TestMarket implements MarketView {
  readonly prices = new Map<string, number>();
  readonly times = new Map<string, number>();
  readonly instruments = new Map<string, Instrument>();
  lastPrice(symbol: string): number | undefined {
    return this.prices.get(symbol);
  }
  lastUpdateTime(symbol: string): number | undefined {
    return this.times.get(symbol);
  }
  instrument(symbol: string): Instrument | undefined {
    return this.instruments.get(symbol);
  }
  set(symbol: string, price: number, time = 0, spec: { lotSize?: string; minQuantity?: string; minNotional?: string } = {}): this {
    this.prices.set(symbol, price);
    this.times.set(symbol, time);
    if (!this.instruments.has(symbol)) {
      this.instruments.set(
        symbol,
        createInstrument({
          symbol,
          tickSize: '0.01',
          lotSize: spec.lotSize ?? '0.001',
          minQuantity: spec.minQuantity ?? '0',
          minNotional: spec.minNotional ?? '0',
        }),
      );
    }
    return this;
  }
}

let seq = 0;
export function intent(input: Partial<OrderInput> & Pick<OrderInput, 'symbol' | 'side' | 'quantity'>, time = 0): OrderIntent {
  const request = createOrderRequest({ type: 'market', ...input } as OrderInput);
  return { clientOrderId: clientOrderId(`t-${++seq}`) as ClientOrderId, request, time };
}

export function context(portfolio: PortfolioView, market: MarketView, now = 0): RiskContext {
  return { now, portfolio, market };
}
