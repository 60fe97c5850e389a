import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { monorepoRoot } from '@bot/vitest-config';
import { loadBarsCsv } from '@bot/market-data';
import { builtInStrategies } from '@bot/strategies';
import { computeMetrics } from './metrics.js';
import { inferPeriodsPerYear } from './periodsPerYear.js';
import { runBacktest } from './runBacktest.js';
import { type StrategyRegistryLike, findStrategy } from './strategyRegistry.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const dataDir = resolve(monorepoRoot, '..', 'shared', 'data');
const orclFile = join(dataDir, 'ORCL_1d.csv');
const shift = (t: ArrayLike<number>, ms: number) => Array.from(t, (x) => x + ms);

describe.skipIf(!existsSync(orclFile))('inferPeriodsPerYear on ORCL_1d.csv (weekday-only daily bars; needs ../shared/data)', () => {
  const orcl = existsSync(orclFile) ? loadBarsCsv(orclFile, { symbol: 'ORCL/USD' }).series : undefined;

  it('252 from the open times, from the close times and from stamps shifted across midnight', () => {
    expect(inferPeriodsPerYear(orcl!.openTime)).toBe(252);
    // close-stamped: Tue..Sat 00:00Z (a Saturday stamp on every week)
    expect(inferPeriodsPerYear(shift(orcl!.openTime, DAY))).toBe(252);
    // an exchange that stamps its trading dates at 23:00Z of the day before: Sun..Thu
    expect(inferPeriodsPerYear(shift(orcl!.openTime, -HOUR))).toBe(252);
    expect(inferPeriodsPerYear(shift(orcl!.openTime, 13 * HOUR))).toBe(252);
  });

  it('computeMetrics without periodsPerYear on the close-marked equity of a run reports 252', () => {
    const smaCross = findStrategy(builtInStrategies as unknown as StrategyRegistryLike, 'sma-cross');
    const r = runBacktest({ data: orcl!, strategies: [{ definition: smaCross, params: { fast: 10, slow: 30 } }] });
    expect(r.settings.periodsPerYear).toBe(252);
    // r.equity: the first bar's open, then every bar's close (Tue..Sat)
    const m = computeMetrics({ equity: r.equity, trades: r.trades, openTrades: r.openTrades });
    expect(m.periodsPerYear).toBe(252);
    expect(m.sharpe).toBe(r.metrics.sharpe);
  });
});

describe('inferPeriodsPerYear: open- and close-stamped hand-made calendars', () => {
  // Mon 2024-01-01 00:00Z
  const monday = Date.UTC(2024, 0, 1);

  it('daily bars every day of the week -> 365, open- or close-stamped', () => {
    const opens = Array.from({ length: 60 }, (_, i) => monday + i * DAY);
    expect(inferPeriodsPerYear(opens)).toBe(365);
    expect(inferPeriodsPerYear(shift(opens, DAY))).toBe(365);
    expect(inferPeriodsPerYear(shift(opens, -HOUR))).toBe(365);
  });

  it('weekday-only daily bars -> 252 whatever the stamp, including the run-style curve (first open, then closes)', () => {
    const opens: number[] = [];
    for (let d = 0; d < 8 * 7; d++) if (d % 7 < 5) opens.push(monday + d * DAY); // Mon..Fri
    expect(inferPeriodsPerYear(opens)).toBe(252);
    expect(inferPeriodsPerYear(shift(opens, DAY))).toBe(252); // Tue..Sat
    expect(inferPeriodsPerYear([opens[0]!, ...shift(opens, DAY)])).toBe(252);
    expect(inferPeriodsPerYear(shift(opens, 2 * DAY))).toBe(252); // Wed..Sun: still two weekdays never trade
  });

  it('hourly 24/7 -> 8760, close-stamped too', () => {
    const opens = Array.from({ length: 24 * 15 }, (_, i) => monday + i * HOUR);
    expect(inferPeriodsPerYear(opens)).toBe(8760);
    expect(inferPeriodsPerYear([opens[0]!, ...shift(opens, HOUR)])).toBe(8760);
  });

  it('a weekday session that crosses midnight UTC (22:00-04:00Z, 6 hourly bars) -> 252 x 6', () => {
    const opens: number[] = [];
    for (let d = 0; d < 21; d++) {
      if (d % 7 >= 5) continue; // sessions open Mon..Fri evening local = Sun..Thu 22:00Z
      const start = monday - 2 * HOUR + d * DAY; // Sun 22:00Z for the Monday session
      for (let k = 0; k < 6; k++) opens.push(start + k * HOUR);
    }
    expect(inferPeriodsPerYear(opens)).toBe(252 * 6);
    expect(inferPeriodsPerYear([opens[0]!, ...shift(opens, HOUR)])).toBe(252 * 6);
  });

  it('US-equity hours (14:30-21:00Z, 7 hourly bars), close-stamped -> 252 x 7', () => {
    const opens: number[] = [];
    for (let d = 0; d < 21; d++) if (d % 7 < 5) for (let k = 0; k < 7; k++) opens.push(monday + d * DAY + 14.5 * HOUR + k * HOUR);
    expect(inferPeriodsPerYear([opens[0]!, ...shift(opens, HOUR)])).toBe(252 * 7);
  });

  it('a market open round the clock on weekdays (Sun 22:00Z to Fri 22:00Z, hourly) -> 252 x 24', () => {
    const opens: number[] = [];
    for (let w = 0; w < 3; w++) {
      const start = monday - 2 * HOUR + w * 7 * DAY;
      for (let k = 0; k < 5 * 24; k++) opens.push(start + k * HOUR);
    }
    expect(inferPeriodsPerYear(opens)).toBe(252 * 24);
  });
});
