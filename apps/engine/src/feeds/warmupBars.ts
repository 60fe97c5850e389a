import type { Bar, Clock, Symbol, Timeframe } from '@bot/core-types';
import { timeframeToMs } from '@bot/core-types';
import { fetchOhlcvHistory } from '@bot/market-data';
import type { Exchange } from 'ccxt';

/** Options of {@link fetchWarmupBars}. */
export interface WarmupFetchOptions {
  readonly exchange: Exchange;
  readonly symbols: readonly Symbol[];
  readonly timeframe: Timeframe;
  /** Closed bars per symbol. */
  readonly bars: number;
  readonly clock: Clock;
}

/**
 * The last `bars` closed bars of every symbol over REST (ccxt `fetchOHLCV`, paged, retried; see market-data's
 * `fetchOhlcvHistory`), merged into one stream in open-time order (symbols in the given order within a time), for
 * the strategies' warm-up before the first live bar. A symbol with a shorter history gives what there is.
 */
export async function fetchWarmupBars(options: WarmupFetchOptions): Promise<Bar[]> {
  const { exchange, symbols, timeframe, bars, clock } = options;
  if (bars <= 0) return [];
  const tf = timeframeToMs(timeframe);
  // Twice the span (and two spare bars: the newest may still be open): exchanges may lag or miss a few bars.
  const since = Math.floor(clock.now() / tf) * tf - (2 * bars + 2) * tf;
  const perSymbol: Bar[][] = [];
  for (const symbol of symbols) {
    const { data } = await fetchOhlcvHistory(exchange, { symbol, timeframe, since, clock });
    const from = Math.max(0, data.length - bars);
    const list: Bar[] = [];
    for (let i = from; i < data.length; i++) {
      list.push({ type: 'bar', symbol, timeframe, openTime: data.openTime[i]!, open: data.open[i]!, high: data.high[i]!, low: data.low[i]!, close: data.close[i]!, volume: data.volume[i]! });
    }
    perSymbol.push(list);
  }
  return perSymbol.flat().sort((a, b) => a.openTime - b.openTime || symbols.indexOf(a.symbol) - symbols.indexOf(b.symbol));
}
