import type { ExecutionVenue } from '@bot/core-types';

/**
 * Which order kinds a venue handles natively. The {@link AlgoHost} consults it: what the venue supports is sent as
 * a native order, the rest is emulated (watched by the host, which sends a market or limit child when triggered
 * and cancels the siblings). Every flag defaults to `false` (emulate) when unknown.
 */
export interface VenueCapabilities {
  /** Resting stop and stop-limit orders. */
  readonly stopOrders: boolean;
  /** Resting trailing-stop orders. */
  readonly trailingStop: boolean;
  /** Linked one-cancels-other orders (kernel `submitOco`). */
  readonly oco: boolean;
  /** Entry + take-profit + stop-loss brackets (kernel `submitBracket`). */
  readonly bracket: boolean;
}

/** Nothing native: the host emulates stops, trailing stops, OCO and brackets. */
export const NO_NATIVE_ORDERS: VenueCapabilities = Object.freeze({ stopOrders: false, trailingStop: false, oco: false, bracket: false });

/** What the kernel + `SimulatedVenue` support natively (everything). */
export const SIMULATED_VENUE_CAPABILITIES: VenueCapabilities = Object.freeze({ stopOrders: true, trailingStop: true, oco: true, bracket: true });

/**
 * The capabilities of a venue: its own `capabilities` property when it has one (partial; missing flags are
 * `false`), everything for a simulated venue, nothing otherwise (a live venue that does not say is emulated).
 *
 * @example
 * ```ts
 * const host = new AlgoHost({ clock, capabilities: venueCapabilities(venue) });
 * ```
 */
export function venueCapabilities(venue: ExecutionVenue & { readonly capabilities?: Partial<VenueCapabilities> }): VenueCapabilities {
  if (venue.capabilities !== undefined) return { ...NO_NATIVE_ORDERS, ...venue.capabilities };
  return venue.simulated ? SIMULATED_VENUE_CAPABILITIES : NO_NATIVE_ORDERS;
}
