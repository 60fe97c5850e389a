import type { Bar, BarSeries } from '../marketEvents.js';

/** A model's prediction for `horizon` bars ahead. */
export interface Forecast {
  /** Predicted return over the horizon (regression), or probability of an up move minus 0.5 times 2 (direction). */
  readonly value: number;
  /** Bars ahead. */
  readonly horizon: number;
  /** Sign of the prediction. */
  readonly direction: -1 | 0 | 1;
  /** In [0, 1] when the model provides one. */
  readonly confidence?: number;
}

/**
 * Port: a forecasting model. Implemented by `@bot/neural`; strategies depend on the port, so a backtest does not
 * need to import the model's package.
 */
export interface Forecaster {
  readonly name: string;
  /** Closed bars needed for one forecast. */
  readonly lookback: number;
  readonly horizon: number;
  /** Forecast from the last `lookback` closed bars (oldest first); undefined when `window` is too short. */
  forecast(window: readonly Bar[]): Forecast | undefined;
  /**
   * Forecasts for every index of a series at once (fast path for backtests): element `i` uses bars `..i` only,
   * `NaN` where fewer than `lookback` bars are available.
   */
  forecastSeries?(series: BarSeries): Float64Array;
}
