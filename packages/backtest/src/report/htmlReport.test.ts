import { describe, expect, it } from 'vitest';
import { barSeriesFromBars } from '@bot/core-types';
import { runBacktest } from '../runBacktest.js';
import { htmlReport } from './htmlReport.js';

const DAY = 86_400_000;
const start = Date.UTC(2024, 0, 1);

/** The JSON the page's charts are drawn from. */
function chartData(page: string): { equity: [number[], number[], number[] | null] } {
  return JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(page)![1]!) as { equity: [number[], number[], number[] | null] };
}

describe('htmlReport buy-and-hold line', () => {
  it('is the close-marked value of holding from the first bar, on the same time stamps as the equity', () => {
    // open, close per day
    const rows: [number, number][] = [[100, 105], [105, 121], [121, 99], [99, 110]];
    const series = barSeriesFromBars(
      rows.map(([open, close], i) => ({ type: 'bar' as const, symbol: 'X/USD', timeframe: '1d' as const, openTime: start + i * DAY, open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 1 })),
    );
    const r = runBacktest({ data: series, strategies: [], initialCash: 1000 });
    const [time, equity, bench] = chartData(htmlReport(r, { data: [series] })).equity;
    // equity points: the first bar's open, then each bar's close
    expect(time).toEqual([0, 1, 2, 3, 4].map((i) => (start + i * DAY) / 1000));
    expect(equity).toEqual([1000, 1000, 1000, 1000, 1000]);
    // 1000 cash in at the first open (100): 10 units, marked at each close: 105, 121, 99, 110
    expect(bench).toEqual([1000, 1050, 1210, 990, 1100]);
  });
});
