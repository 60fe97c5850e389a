import { ManualClock, createInstrument } from '@bot/core-types';
import type { ExecutionVenue } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { SimulatedVenue } from '../simulatedVenue.js';
import { NO_NATIVE_ORDERS, SIMULATED_VENUE_CAPABILITIES, venueCapabilities } from './venueCapabilities.js';

describe('venueCapabilities', () => {
  const sim = new SimulatedVenue({ clock: new ManualClock(0), instruments: [createInstrument({ symbol: 'A/B', tickSize: '0.01', lotSize: '1' })] });
  it('simulated venues do everything natively; a live venue that does not say gets everything emulated', () => {
    expect(venueCapabilities(sim)).toEqual(SIMULATED_VENUE_CAPABILITIES);
    const live = { ...sim, id: 'x', simulated: false } as unknown as ExecutionVenue;
    expect(venueCapabilities(live)).toEqual(NO_NATIVE_ORDERS);
  });
  it("a venue's own partial capabilities win, missing flags are false", () => {
    const live = Object.assign(Object.create(null) as object, { id: 'x', simulated: false, capabilities: { stopOrders: true } }) as ExecutionVenue & {
      capabilities: { stopOrders: boolean };
    };
    expect(venueCapabilities(live)).toEqual({ stopOrders: true, trailingStop: false, oco: false, bracket: false });
  });
});
