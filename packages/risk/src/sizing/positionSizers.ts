import { type Bar, type PositionSizer, type SizingRequest, ValidationError } from '@bot/core-types';
import { EwmaVolatility } from '../volatility/ewma.js';
import { fractionalKelly } from './kelly.js';
import { roundOrderQuantity, sizeRules, volatilityTargetLeverage } from './quantitySizing.js';

function target(request: SizingRequest, notional: number): number {
  const { instrument, price, currentQuantity } = request;
  const raw = (notional * Math.abs(request.weight)) / price;
  const q = roundOrderQuantity(raw, price, sizeRules(instrument));
  const signed = request.weight < 0 ? -q : q;
  // A change below the instrument minimums is not tradable: keep the current position.
  const delta = Math.abs(signed - currentQuantity);
  if (delta > 0 && signed !== 0 && roundOrderQuantity(delta, price, sizeRules(instrument)) === 0) return currentQuantity;
  return signed;
}

/**
 * `PositionSizer` committing a fixed fraction of equity at full weight: target notional = equity · fraction · |weight|.
 * Rounded down to the lot size; 0 when below the instrument minimums.
 *
 * @example
 * ```ts
 * createFixedFractionSizer(0.1).targetQuantity(request);
 * ```
 */
export function createFixedFractionSizer(fraction: number): PositionSizer {
  if (!(fraction > 0)) throw new RangeError(`fixed-fraction sizer: fraction must be > 0, got ${fraction}`);
  return { name: `fixed-fraction(${fraction})`, targetQuantity: (r) => (r.equity > 0 ? target(r, r.equity * fraction) : 0) };
}

/**
 * `PositionSizer` sizing by fractional Kelly: target notional = equity · fractionalKelly(p, b) · |weight|.
 *
 * @example
 * ```ts
 * createKellySizer({ winProbability: 0.55, winLossRatio: 1.5, fraction: 0.25, cap: 0.5 });
 * ```
 */
export function createKellySizer(args: { winProbability: number; winLossRatio: number; fraction?: number; cap?: number }): PositionSizer {
  const f = fractionalKelly(args.winProbability, args.winLossRatio, {
    ...(args.fraction === undefined ? {} : { fraction: args.fraction }),
    ...(args.cap === undefined ? {} : { cap: args.cap }),
  });
  return { name: `kelly(p=${args.winProbability},b=${args.winLossRatio},f=${f.toFixed(4)})`, targetQuantity: (r) => (r.equity > 0 ? target(r, r.equity * f) : 0) };
}

/**
 * `PositionSizer` targeting an annualised volatility: leverage = min(maxLeverage, target / forecast), forecast =
 * EWMA volatility of close-to-close log returns per symbol (fed by `onBar`) × sqrt(periodsPerYear). Before
 * `minObservations` returns have been seen the target is 0 (no forecast, no position).
 *
 * @example
 * ```ts
 * const sizer = createVolatilityTargetSizer({ targetVolatility: 0.15, periodsPerYear: 252 });
 * sizer.onBar?.(bar); sizer.targetQuantity(request);
 * ```
 */
export function createVolatilityTargetSizer(args: {
  targetVolatility: number;
  periodsPerYear: number;
  lambda?: number;
  maxLeverage?: number;
  minObservations?: number;
}): PositionSizer {
  const lambda = args.lambda ?? 0.94;
  const maxLeverage = args.maxLeverage ?? 1;
  const minObs = args.minObservations ?? 20;
  const state = new Map<string, { vol: EwmaVolatility; lastClose: number }>();
  return {
    name: `vol-target(${args.targetVolatility})`,
    onBar(bar: Bar) {
      const s = state.get(bar.symbol);
      if (!s) {
        state.set(bar.symbol, { vol: new EwmaVolatility(lambda), lastClose: bar.close });
        return;
      }
      if (s.lastClose > 0 && bar.close > 0) s.vol.update(Math.log(bar.close / s.lastClose));
      s.lastClose = bar.close;
    },
    targetQuantity(r) {
      const s = state.get(r.instrument.symbol);
      if (!s || s.vol.count < minObs || !(r.equity > 0)) return 0;
      const lev = volatilityTargetLeverage(args.targetVolatility, s.vol.volatility * Math.sqrt(args.periodsPerYear), maxLeverage);
      return target(r, r.equity * lev);
    },
  };
}

/**
 * Builds a `PositionSizer` from a command-line spec (for `bot backtest --sizing ...`):
 * - `fixed-fraction:0.1`
 * - `kelly:p=0.55,b=1.5[,fraction=0.25][,cap=0.5]`
 * - `vol-target:target=0.15[,periodsPerYear=252][,lambda=0.94][,maxLeverage=1][,minObservations=20]`
 *
 * @throws ValidationError (field `sizing`) naming the bad part of the spec
 * @example
 * ```ts
 * const sizer = parsePositionSizerSpec('kelly:p=0.55,b=1.5,fraction=0.25');
 * ```
 */
export function parsePositionSizerSpec(spec: string): PositionSizer {
  const [kind, rest = ''] = spec.split(':', 2) as [string, string?];
  const kv = new Map<string, number>();
  let bare: number | undefined;
  for (const part of rest.split(',').filter((p) => p.length > 0)) {
    const [k, v] = part.split('=', 2);
    if (v === undefined) {
      bare = Number(k);
      if (!Number.isFinite(bare)) throw new ValidationError('sizing', spec, `a number in "${part}"`);
      continue;
    }
    const n = Number(v);
    if (!Number.isFinite(n)) throw new ValidationError('sizing', spec, `a number for ${k} (got "${v}")`);
    kv.set(k!, n);
  }
  const need = (k: string): number => {
    const v = kv.get(k);
    if (v === undefined) throw new ValidationError('sizing', spec, `${k}=<number> in the ${kind} spec`);
    return v;
  };
  const opt = (k: string): Record<string, number> => (kv.has(k) ? { [k]: kv.get(k)! } : {});
  try {
    switch (kind) {
      case 'fixed-fraction':
        return createFixedFractionSizer(bare ?? need('fraction'));
      case 'kelly':
        return createKellySizer({ winProbability: need('p'), winLossRatio: need('b'), ...opt('fraction'), ...opt('cap') });
      case 'vol-target':
        return createVolatilityTargetSizer({
          targetVolatility: bare ?? need('target'),
          periodsPerYear: kv.get('periodsPerYear') ?? 252,
          ...opt('lambda'),
          ...opt('maxLeverage'),
          ...opt('minObservations'),
        });
      default:
        throw new ValidationError('sizing', spec, 'fixed-fraction:<f>, kelly:p=..,b=.. or vol-target:target=..');
    }
  } catch (cause) {
    if (cause instanceof ValidationError) throw cause;
    throw new ValidationError('sizing', spec, (cause as Error).message, { cause });
  }
}
