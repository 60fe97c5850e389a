import { BotError, type PositionSizer } from '@bot/core-types';
import { ExactAllInSizer } from './exactAllInSizer.js';
import { FixedNotionalSizer, FixedQuantitySizer, FractionOfEquitySizer, type SlippageModel, slippage } from '@bot/execution';

/**
 * Parses a sizing policy from text (command lines, worker messages):
 * `all-in` (buy `cash / (price * (1 + fee))`), `fixed:<qty>` (base units), `notional:<amount>` (quote currency),
 * `fraction:<f>` (fraction of equity, 0 < f <= 1).
 *
 * @throws BotError `INVALID_ARGUMENT` naming the text and the accepted forms.
 * @example `parseSizingSpec('fraction:0.5')`
 */
export function parseSizingSpec(text: string): PositionSizer {
  const [kind, arg] = text.split(':', 2) as [string, string | undefined];
  const num = (): number => {
    const v = Number(arg);
    if (arg === undefined || arg.trim() === '' || !Number.isFinite(v) || v <= 0) {
      throw new BotError('INVALID_ARGUMENT', `sizing "${text}": ${kind} needs a number > 0 after the colon, e.g. ${kind}:1`);
    }
    return v;
  };
  switch (kind) {
    case 'all-in':
      if (arg !== undefined) break;
      return new ExactAllInSizer();
    case 'fixed':
      return new FixedQuantitySizer(num());
    case 'notional':
      return new FixedNotionalSizer(num());
    case 'fraction': {
      const f = num();
      if (f > 1) throw new BotError('INVALID_ARGUMENT', `sizing "${text}": fraction must be in (0, 1]`);
      return new FractionOfEquitySizer(f);
    }
  }
  throw new BotError('INVALID_ARGUMENT', `sizing "${text}": expected all-in, fixed:<qty>, notional:<amount> or fraction:<f>`);
}

/**
 * Parses a slippage model from text: `none`, `bps:<n>` (fixed basis points), `spread:<bps>` (half of an assumed
 * spread), `impact:<k>` (volume participation, square-root impact with coefficient k).
 *
 * @throws BotError `INVALID_ARGUMENT` naming the text and the accepted forms.
 * @example `parseSlippageSpec('bps:5').name` -> `fixed-bps(5)`
 */
export function parseSlippageSpec(text: string): SlippageModel {
  const [kind, arg] = text.split(':', 2) as [string, string | undefined];
  const v = Number(arg);
  const needNumber = (): number => {
    if (arg === undefined || arg.trim() === '' || !Number.isFinite(v) || v < 0) {
      throw new BotError('INVALID_ARGUMENT', `slippage "${text}": ${kind} needs a number >= 0 after the colon`);
    }
    return v;
  };
  switch (kind) {
    case 'none':
      if (arg === undefined) return slippage.none();
      break;
    case 'bps':
      return slippage.fixedBps(needNumber());
    case 'spread':
      return slippage.halfSpread({ spreadBps: needNumber() });
    case 'impact':
      return slippage.volumeParticipation({ impactCoefficient: needNumber() });
  }
  throw new BotError('INVALID_ARGUMENT', `slippage "${text}": expected none, bps:<n>, spread:<bps> or impact:<k>`);
}
