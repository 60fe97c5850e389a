import { describe, expect, it } from 'vitest';
import type { BarSeries, Strategy } from '@bot/core-types';
import { checkLookAhead } from '../src/index.js';
import { dailySeries } from './fixtures.js';

// A wavy price path: the next close is not predictable from the past closes alone.
const rows: [number, number][] = Array.from({ length: 120 }, (_, i) => {
  const c = 100 + 10 * Math.sin(i * 0.7) + 5 * Math.cos(i * 1.9);
  const o = 100 + 10 * Math.sin((i - 1) * 0.7) + 5 * Math.cos((i - 1) * 1.9);
  return [o, c];
});

/** Honest: holds 1 unit while the last close is above the one before (closed bars only). */
function honest(): Strategy {
  return {
    id: 'honest',
    onBar(bar, ctx) {
      const h = ctx.bars(bar.symbol);
      if (h.length < 2) return;
      ctx.setTargetPosition(bar.symbol, h.close(0) > h.close(1) ? 1 : 0);
    },
  };
}

/** Cheater: reads tomorrow's close through a closure over the data array it was built from. */
function cheater(data: readonly BarSeries[]): Strategy {
  const closes = data[0]!.close;
  let i = -1;
  return {
    id: 'cheater',
    onBar(bar, ctx) {
      i++;
      const tomorrow = closes[i + 1];
      ctx.setTargetPosition(bar.symbol, tomorrow !== undefined && tomorrow > bar.close ? 1 : 0);
    },
  };
}

describe('checkLookAhead', () => {
  const data = [dailySeries('X/USD', rows)];

  it('passes an honest strategy: its decisions never change when the future is removed', () => {
    const report = checkLookAhead({ data, strategies: () => [honest()], cuts: 6, fee: 0 });
    expect(report.passed).toBe(true);
    expect(report.cutsChecked).toBe(6);
    expect(report.decisionsCompared).toBeGreaterThan(100);
    expect(report.violations).toEqual([]);
  });

  it('flags a strategy that peeks at the next bar through a side channel', () => {
    const report = checkLookAhead({ data, strategies: (d) => [cheater(d)], cuts: 6, fee: 0 });
    expect(report.passed).toBe(false);
    expect(report.violations.length).toBeGreaterThan(0);
    const v = report.violations[0]!;
    expect(v.strategyId).toBe('cheater');
    // the difference is at the last bar before the cut: the full run knew the next close, the truncated one did not
    expect(v.tag).toBe(v.cutBars - 1);
    expect(v.full).not.toEqual(v.truncated);
  });

  it('the same cheater looks great in a plain backtest (why the check exists)', async () => {
    const { runBacktest } = await import('../src/index.js');
    const r = runBacktest({ data, strategies: [cheater(data)], fee: 0, fill: 'close' });
    expect(r.metrics.winRate).toBeGreaterThan(0.9);
  });
});
