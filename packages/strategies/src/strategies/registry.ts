import type { StrategyDefinition } from '@bot/core-types';
import { arbitrage } from './arbitrage.js';
import { marketMaking } from './avellanedaStoikov.js';
import { donchianBreakout } from './donchianBreakout.js';
import { makeEnsembleDefinition } from './ensemble.js';
import { bollingerReversion, rsiReversion } from './meanReversion.js';
import { mirrorTrading } from './mirrorTrading.js';
import { momentum } from './momentum.js';
import { newsSentiment } from './newsSentiment.js';
import { pairsTrading } from './pairsTrading.js';
import { smaCross } from './smaCross.js';

const entries = new Map<string, StrategyDefinition>();
for (const def of [smaCross, momentum, bollingerReversion, rsiReversion, donchianBreakout, pairsTrading, marketMaking, arbitrage, mirrorTrading, newsSentiment] as StrategyDefinition[]) {
  entries.set(def.name, def);
}
entries.set('ensemble', makeEnsembleDefinition((name) => entries.get(name)) as StrategyDefinition);

/**
 * The built-in strategies by registry name (`sma-cross`, `momentum`, `bollinger-reversion`, `rsi-reversion`,
 * `donchian-breakout`, `pairs-trading`, `market-making`, `arbitrage`, `mirror-trading`, `news-sentiment`,
 * `ensemble`). The CLI resolves `--strategy <name>` here.
 *
 * @example
 * ```ts
 * const def = builtInStrategies.get('sma-cross')!;
 * const strategy = def.create(resolveParams(def.params, { fast: '10' }), { symbols: ['BTC/USD'] });
 * ```
 */
export const builtInStrategies: ReadonlyMap<string, StrategyDefinition> = entries;
