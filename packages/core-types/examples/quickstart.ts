/**
 * A tour of @bot/core-types: an instrument, untrusted bars parsed at the edge, an order validated and walked through
 * its state machine, fills applied to a position with exact P&L, and time from a ManualClock.
 *
 * Run it: `pnpm exec tsx examples/quickstart.ts` (from packages/core-types).
 */
import {
  ManualClock,
  Money,
  Price,
  Quantity,
  ValidationError,
  applyFillToPosition,
  createInstrument,
  createOrderRequest,
  flatPosition,
  orderSizeProblem,
  parseBar,
  roundPrice,
  roundQuantity,
  transitionOrder,
  unrealizedPnl,
  type Bar,
  type OrderStatus,
} from '@bot/core-types';

export interface QuickstartResult {
  readonly bars: readonly Bar[];
  readonly rejectedRow: string;
  readonly limitPrice: string;
  readonly quantity: string;
  readonly statuses: readonly OrderStatus[];
  readonly realizedPnl: string;
  readonly unrealizedPnl: string;
  readonly fees: string;
  readonly timerFiredAt: number;
}

export function main(log: (line: string) => void = console.log): QuickstartResult {
  // 1. An instrument with the venue's rules: tick 0.01, lot 0.0001, min notional 10 USDT, 0.1% taker fee.
  const btc = createInstrument({ symbol: 'BTC/USDT', venue: 'binance', tickSize: '0.01', lotSize: '0.0001', minNotional: '10', takerFee: '0.001' });

  // 2. Untrusted rows become typed bars, or errors that say file:line, field, value and expectation.
  const rows = [
    { timestamp: '2024-03-01T00:00:00Z', open: '61000', high: '61550.5', low: '60800', close: '61420.25', volume: '12.5' },
    { timestamp: '2024-03-01T01:00:00Z', open: '61420.25', high: '61300', low: '61010', close: '61200', volume: '8' },
  ];
  const bars: Bar[] = [];
  let rejectedRow = '';
  rows.forEach((row, i) => {
    try {
      bars.push(parseBar(row, { symbol: btc.symbol, timeframe: '1h', location: { source: 'btc.csv', line: i + 2 } }));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      rejectedRow = e.message;
      log(`skipped: ${e.message}`);
    }
  });

  // 3. An order sized and priced on the instrument's grid with explicit rounding modes, then validated.
  const last = bars[bars.length - 1]!;
  const limitPrice = roundPrice(btc, last.close * 0.999, 'down'); // buy a little below the close
  const quantity = roundQuantity(btc, Money.of(1000, 'USDT').amount.div(limitPrice.value), 'down'); // ~1000 USDT worth
  const problem = orderSizeProblem(btc, quantity, limitPrice);
  if (problem !== undefined) throw new Error(problem);
  const order = createOrderRequest({ symbol: btc.symbol, side: 'buy', type: 'limit', quantity, limitPrice, postOnly: true, clientOrderId: 'demo-1' });
  log(`order: ${order.side} ${order.quantity.toString()} ${order.symbol} @ ${limitPrice.toString()} ${order.timeInForce}`);

  // 4. Its lifecycle: the state machine refuses anything illegal.
  const statuses: OrderStatus[] = ['new'];
  for (const next of ['submitted', 'accepted', 'partially-filled', 'filled'] as const) statuses.push(transitionOrder(statuses[statuses.length - 1]!, next));

  // 5. Fills move the position; P&L and fees are exact decimals.
  let position = flatPosition(btc.symbol);
  let fees = Money.zero('USDT');
  const fills = [
    { side: 'buy', qty: quantity.value.div(2), price: limitPrice.value },
    { side: 'buy', qty: quantity.value.div(2), price: limitPrice.value },
    { side: 'sell', qty: quantity.value.div(2), price: limitPrice.value.plus(150) },
  ] as const;
  for (const f of fills) {
    const q = Quantity.of(f.qty);
    const p = Price.of(f.price);
    position = applyFillToPosition(position, f.side, q, p).position;
    fees = fees.plus(Money.notional(p, q, 'USDT').times(btc.takerFee));
  }
  const mark = Price.of('61500');
  log(`position ${position.quantity.toString()} @ ${position.averageEntryPrice.toString()}, realized ${position.realizedPnl.toString()}, unrealized ${unrealizedPnl(position, mark).toString()}, fees ${fees.toString()}`);

  // 6. Time is injected: a ManualClock fires timers only when told.
  const clock = new ManualClock(Date.UTC(2024, 2, 1, 2));
  let timerFiredAt = -1;
  clock.setTimer(() => (timerFiredAt = clock.now()), 60_000);
  clock.advanceBy(90_000);

  return {
    bars,
    rejectedRow,
    limitPrice: limitPrice.toString(),
    quantity: quantity.toString(),
    statuses,
    realizedPnl: position.realizedPnl.toString(),
    unrealizedPnl: unrealizedPnl(position, mark).toString(),
    fees: fees.toString(),
    timerFiredAt,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) main();
