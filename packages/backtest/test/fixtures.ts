import { type BarSeries, type Strategy, barSeriesFromBars } from '@bot/core-types';

const DAY = 86_400_000;

/** Daily bars (weekends included) from open/close pairs; high/low bracket them by 1. */
export function dailySeries(symbol: string, rows: readonly (readonly [open: number, close: number])[], start = Date.UTC(2024, 0, 1)): BarSeries {
  return barSeriesFromBars(
    rows.map(([open, close], i) => ({
      type: 'bar' as const,
      symbol,
      timeframe: '1d' as const,
      openTime: start + i * DAY,
      open,
      high: Math.max(open, close) + 1,
      low: Math.min(open, close) - 1,
      close,
      volume: 1000,
    })),
  );
}

/** Submits market orders `{ barIndex: [side, qty] }` on the close of the given bars. */
export function scriptedStrategy(id: string, symbol: string, script: Readonly<Record<number, readonly [side: 'buy' | 'sell', qty: string]>>): Strategy {
  let i = -1;
  return {
    id,
    onBar(bar, ctx) {
      if (bar.symbol !== symbol) return;
      i++;
      const step = script[i];
      if (step !== undefined) ctx.submitOrder({ symbol, side: step[0], type: 'market', quantity: step[1] });
    },
  };
}
