import { beforeAll, describe, expect, it } from 'vitest';
import type { Bar, BarHistory, BarSeries, Forecast, Forecaster, Signal, StrategyContext } from '@bot/core-types';
import { barAt, resolveParams, TradingMode } from '@bot/core-types';
import { initBackend, neuralStrategy, syntheticSeries, trainForecaster } from '../src/index.js';

/** A minimal context exposing the closed bars so far and recording target weights (the kernel is not needed here). */
function makeContext(series: BarSeries): { ctx: StrategyContext; weights: number[]; signals: Signal[]; advance: (i: number) => void } {
  let last = -1;
  const weights: number[] = [];
  const signals: Signal[] = [];
  const history: BarHistory = {
    symbol: series.symbol,
    get length() {
      return last + 1;
    },
    at: (ago) => (ago >= 0 && ago <= last ? barAt(series, last - ago) : undefined),
    close: (ago = 0) => series.close[last - ago] ?? Number.NaN,
    open: (ago = 0) => series.open[last - ago] ?? Number.NaN,
    high: (ago = 0) => series.high[last - ago] ?? Number.NaN,
    low: (ago = 0) => series.low[last - ago] ?? Number.NaN,
    volume: (ago = 0) => series.volume[last - ago] ?? Number.NaN,
    openTime: (ago = 0) => series.openTime[last - ago] ?? Number.NaN,
    closes: (count) => series.close.slice(Math.max(0, last + 1 - count), last + 1),
  };
  const unsupported = (): never => {
    throw new Error('not used by the neural strategy');
  };
  const ctx = {
    strategyId: 'neural',
    now: () => series.openTime[last] ?? 0,
    mode: TradingMode.Normal,
    instrument: unsupported,
    bars: () => history,
    position: unsupported,
    openOrders: () => [],
    equity: () => 0,
    cash: () => 0,
    submitOrder: unsupported,
    cancelOrder: unsupported,
    amendOrder: unsupported,
    setTargetPosition: unsupported,
    setTargetWeight: (_symbol: string, w: number) => weights.push(w),
    emitSignal: (s: Signal) => signals.push(s),
  } as unknown as StrategyContext;
  return { ctx, weights, signals, advance: (i) => (last = i) };
}

function run(series: BarSeries, services: Record<string, unknown>, params: Record<string, unknown>): { weights: number[]; decisions: (number | undefined)[] } {
  const strategy = neuralStrategy.create(resolveParams(neuralStrategy.params, params), { symbols: [series.symbol], services });
  const { ctx, weights, advance } = makeContext(series);
  const decisions: (number | undefined)[] = [];
  for (let i = 0; i < series.length; i++) {
    advance(i);
    const before = weights.length;
    strategy.onBar!(barAt(series, i), ctx);
    decisions.push(weights.length > before ? weights[weights.length - 1] : undefined);
  }
  return { weights, decisions };
}

class ScriptedForecaster implements Forecaster {
  readonly name = 'scripted';
  readonly lookback = 3;
  readonly horizon = 1;
  constructor(private readonly values: Map<number, Forecast>) {}
  forecast(window: readonly Bar[]): Forecast | undefined {
    return this.values.get(window[window.length - 1]!.openTime);
  }
}

describe('neuralStrategy', () => {
  beforeAll(async () => {
    await initBackend();
  });
  const series = syntheticSeries({ length: 12, seed: 1 });

  it('refuses to start without a forecaster service and says how to provide one', () => {
    expect(() => neuralStrategy.create(resolveParams(neuralStrategy.params, { model: 'm' }), { symbols: ['SYN/USD'] })).toThrow(/needs a loaded forecaster.*load m/);
  });

  it('goes long above entry, flat below exit, short only when allowed, and skips low-confidence forecasts', () => {
    const v = [0, 0, 0.01, 0.002, -0.001, -0.02, 0.03, 0.03, -0.03, 0.001];
    const conf = [1, 1, 1, 1, 1, 1, 0.1, 1, 1, 1];
    const script = new Map<number, Forecast>();
    for (let i = 2; i < v.length; i++) {
      script.set(series.openTime[i]!, { value: v[i]!, horizon: 1, direction: Math.sign(v[i]!) as -1 | 0 | 1, confidence: conf[i]! });
    }
    const forecaster = new ScriptedForecaster(script);
    const longOnly = run(series, { forecaster }, { entry: '0.005', exit: '0' });
    // bar 2: 0.01 > entry -> long; bar 3: 0.002 in the hysteresis band -> hold; bar 4: below exit -> flat;
    // bar 6: 0.03 -> long; bar 8: -0.03 -> flat.
    expect(longOnly.decisions.slice(0, 10)).toEqual([undefined, undefined, 1, undefined, 0, undefined, 1, undefined, 0, undefined]);
    const withShorts = run(series, { forecaster }, { entry: '0.005', exit: '0', allowShort: 'true', minConfidence: '0.5' });
    // bar 5: -0.02 -> short; bar 6 (0.03) has confidence 0.1 < 0.5 -> ignored; bar 7: long; bar 8: short;
    // bar 9: 0.001 is above the mirrored exit (-exit = 0) -> flat.
    expect(withShorts.decisions.slice(0, 10)).toEqual([undefined, undefined, 1, undefined, 0, -1, undefined, 1, -1, 0]);
  });

  it('the batched forecastSeries path and the per-bar forecast path take the same decisions', async () => {
    const s = syntheticSeries({ length: 220, phi: [0.5], seed: 3 });
    const { forecaster } = await trainForecaster(s, {
      model: { kind: 'gru', layers: 1, units: 4, heads: 1, feedForward: 4, dropout: 0 },
      window: 6,
      features: { features: ['logReturn', 'volatility'], volatilityPeriod: 5, smaPeriod: 20, emaPeriod: 20, rsiPeriod: 14, atrPeriod: 14, bollingerPeriod: 20 },
      training: { epochs: 2 },
      testFraction: 0,
    });
    const batched = run(s, { forecaster, series: s }, { entry: '0.0005', exit: '-0.0005', allowShort: 'true' });
    const perBar = run(s, { forecaster }, { entry: '0.0005', exit: '-0.0005', allowShort: 'true' });
    expect(batched.weights.length).toBeGreaterThan(2);
    expect(batched.decisions).toEqual(perBar.decisions);
    // No decision before the model's lookback is available.
    expect(batched.decisions.slice(0, forecaster.lookback - 1).every((d) => d === undefined)).toBe(true);
    forecaster.dispose();
  });
});
