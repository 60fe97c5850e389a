import { ValidationError } from '@bot/core-types';
import type { OrderSide } from '@bot/core-types';

/** What a slippage model sees about one taker fill. Numbers: slippage is a model, the fill price is then exact. */
export interface SlippageRequest {
  readonly side: OrderSide;
  /** The undisturbed fill price (open, stop level, ...), quote per base. */
  readonly price: number;
  /** Fill quantity in base units. */
  readonly quantity: number;
  /** The bar the fill happens in (for trades: a one-print bar). */
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Bar volume in base units (0 when unknown). */
  readonly volume: number;
  /** Last known best bid/ask, when the venue has seen quotes (NaN otherwise). */
  readonly bid: number;
  readonly ask: number;
}

/**
 * A slippage model: returns the price a taker fill actually gets (worse than or equal to `price` for every built-in
 * model). The simulated venue applies it to market, stop and trailing-stop fills and to limit orders that take
 * liquidity (never beyond the limit); resting (maker) fills get their limit price. The venue then rounds an
 * adjusted price to the instrument's tick, away from the trader (buys up, sells down), and, for a fill against a
 * bar, moves it into that bar's `[low, high]` (no fill lies outside its bar: a buy slipped above the high fills at
 * the high). Trade events have no range: a fill on a trade keeps the slipped price.
 */
export interface SlippageModel {
  readonly name: string;
  fillPrice(request: SlippageRequest): number;
}

const none: SlippageModel = Object.freeze({ name: 'none', fillPrice: (r: SlippageRequest) => r.price });

function nonNegative(field: string, v: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new ValidationError(field, v, 'a finite number >= 0');
  return v;
}

/**
 * Built-in slippage models.
 *
 * - `none`: fills at the undisturbed price.
 * - `fixedBps(bps)`: `price * (1 + bps / 10_000)` for buys, `(1 - bps / 10_000)` for sells (`bps` in basis points).
 * - `halfSpread({ spreadBps })`: pays half an assumed bid/ask spread: `price * (1 ± spreadBps / 20_000)`.
 *   `halfSpread('quotes')`: pays half the last quoted spread `(ask - bid) / 2` (no slippage before any quote).
 * - `volumeParticipation({ impactCoefficient, sigma? })`: square-root market impact
 *   `price * (1 ± k * sigma * sqrt(quantity / volume))`, with `k = impactCoefficient` (dimensionless, ~0.1-1 in
 *   the literature), `sigma` the per-bar volatility as a fraction (default: the fill bar's Parkinson estimate
 *   `ln(high / low) / (2 * sqrt(ln 2))`) and `volume` the fill bar's volume (a participation ratio above 1, or a
 *   bar with no volume, is taken as 1).
 *
 * @example
 * ```ts
 * new SimulatedVenue({ clock, instruments, slippage: slippage.fixedBps(5) });
 * slippage.volumeParticipation({ impactCoefficient: 0.5 });
 * ```
 * @throws ValidationError for negative or non-finite parameters.
 */
export const slippage = Object.freeze({
  none: (): SlippageModel => none,
  fixedBps(bps: number): SlippageModel {
    const f = nonNegative('bps', bps) / 10_000;
    return { name: `fixed-bps(${bps})`, fillPrice: (r) => (r.side === 'buy' ? r.price * (1 + f) : r.price * (1 - f)) };
  },
  halfSpread(spec: { readonly spreadBps: number } | 'quotes'): SlippageModel {
    if (spec === 'quotes') {
      return {
        name: 'half-spread(quotes)',
        fillPrice: (r) => {
          const half = (r.ask - r.bid) / 2;
          if (!(half > 0)) return r.price;
          return r.side === 'buy' ? r.price + half : r.price - half;
        },
      };
    }
    const f = nonNegative('spreadBps', spec.spreadBps) / 20_000;
    return {
      name: `half-spread(${spec.spreadBps}bps)`,
      fillPrice: (r) => (r.side === 'buy' ? r.price * (1 + f) : r.price * (1 - f)),
    };
  },
  volumeParticipation(spec: { readonly impactCoefficient: number; readonly sigma?: number }): SlippageModel {
    const k = nonNegative('impactCoefficient', spec.impactCoefficient);
    const fixedSigma = spec.sigma === undefined ? undefined : nonNegative('sigma', spec.sigma);
    const parkinson = 1 / (2 * Math.sqrt(Math.LN2));
    return {
      name: `volume-participation(k=${k})`,
      fillPrice: (r) => {
        const sigma = fixedSigma ?? (r.low > 0 && r.high > 0 ? Math.log(r.high / r.low) * parkinson : 0);
        const ratio = r.volume > 0 ? Math.min(1, r.quantity / r.volume) : 1;
        const impact = k * sigma * Math.sqrt(ratio);
        return r.side === 'buy' ? r.price * (1 + impact) : r.price * (1 - impact);
      },
    };
  },
});
